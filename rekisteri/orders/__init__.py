"""Orders, deliveries and returns."""
