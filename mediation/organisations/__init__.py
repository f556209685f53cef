"""The county's mediation organisations as a tree."""
