"""The staff side: sign-in and the back office pages."""
