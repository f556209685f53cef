"""The roster: mediators and brand studios, below the disputes that name them."""
