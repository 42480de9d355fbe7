"""Invoice purchases on the shop's own credit."""
