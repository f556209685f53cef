"""Hand-offs with courts, police stations and the petition bureau, and their deadline clocks."""
