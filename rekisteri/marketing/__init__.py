"""Marketing: aggregate figures, the direct-marketing export, and email campaigns sent by
the register itself."""
