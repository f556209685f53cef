"""The county's indicators: dashboard, screening and hotline logs, yearly targets."""
