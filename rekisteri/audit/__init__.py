"""The audit log: an append-only, hash-chained record of every write and every staff read."""
