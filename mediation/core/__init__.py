"""Mechanisms shared by every domain: database base and types, errors, auth, audit."""
