"""The data-subject request queue: requests, due dates, extensions and their execution."""
