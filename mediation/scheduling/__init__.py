"""Scheduling: availability, slot search, booking sessions, invitations and reminders."""
