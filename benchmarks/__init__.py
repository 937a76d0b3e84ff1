"""Benchmarks of segur at scale (tooling, not product): see README.md."""
