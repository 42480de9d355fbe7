"""Marketing permissions (consents), the direct-marketing prohibition and restriction of
processing."""
