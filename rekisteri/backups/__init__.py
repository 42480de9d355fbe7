"""Encrypted backups, their check, and a restore after which erased people stay erased
(issue 6): ``rekisteri backup``, ``rekisteri backup_verify FILE``, ``rekisteri restore FILE``."""
