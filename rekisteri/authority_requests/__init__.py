"""Requests from authorities: recorded, approved by a second person, disclosed within
their scope."""
