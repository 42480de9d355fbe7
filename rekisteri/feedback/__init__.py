"""Feedback: visitors send it, staff read and answer it (seed S2)."""
