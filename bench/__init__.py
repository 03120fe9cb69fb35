"""Performance bench: `make bench` (see docs/benchmarks.md)."""
