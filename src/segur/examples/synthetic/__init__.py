"""Synthetic repositories of N candidatures for the benchmarks."""
