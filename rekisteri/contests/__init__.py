"""Contests: staff run them, visitors enter them (seed S2)."""
