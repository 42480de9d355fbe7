"""The demo: demo data, demo staff accounts, and the data generator for benchmarks."""
