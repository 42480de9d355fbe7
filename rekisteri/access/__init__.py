"""Roles and the access policy: who may read and write which personal data."""
