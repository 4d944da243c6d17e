"""Benchmarks: `python -m bench [name ...]` runs bench/bench_*.py and prints one table."""
