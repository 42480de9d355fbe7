"""Rekisteri: a customer register that keeps every promise of its register description."""
