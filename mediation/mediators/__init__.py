"""Mediator profiles and brand studios."""
