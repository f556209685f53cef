"""Video mediation: rooms, join links, signaling, attendance."""
