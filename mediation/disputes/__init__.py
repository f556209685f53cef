"""Disputes: intake, the case code, the lifecycle, who may see what."""
