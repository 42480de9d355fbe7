"""Payments through Paytrail."""
