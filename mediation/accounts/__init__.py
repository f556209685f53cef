"""Users, roles, log-in for pages and bearer tokens for the API."""
