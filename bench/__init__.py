"""Benchmarks that print tables (``python bench/<name>.py``), and mutation testing (``python -m bench.mutants``)."""
