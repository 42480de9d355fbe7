"""Accounts: sign-in credentials of customers (seed S9) and staff (seed S18)."""
