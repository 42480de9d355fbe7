"""Privacy: the data map, the processor registry, the register description and records of
processing. Later: access packages, erasure, retention and authority requests."""
