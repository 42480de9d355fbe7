"""The integration API: JSON with an OpenAPI schema, per-client tokens bound to roles."""
