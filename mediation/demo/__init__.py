"""Deterministic demo data: a county like Lezhi, with people and disputes."""
