"""Customers: the contact data at the centre of the register (seed S7, S9)."""
