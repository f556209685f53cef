"""Outcomes of mediation: results, agreements and their signatures, surveys, follow-up visits."""
