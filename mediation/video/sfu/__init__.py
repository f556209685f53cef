"""Larger video sessions through Janus's VideoRoom: the server's side (docs/signaling.md)."""
