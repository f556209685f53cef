"""The staff's day: what needs doing today, for each role, each item linked to where it is done."""
