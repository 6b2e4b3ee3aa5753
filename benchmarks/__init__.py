"""Benchmarks of sakip-check: a synthetic plan generator, a reference implementation, a runner.

Not part of the installed package; ``python benchmarks/run.py`` is the entry point and
``tests/test_benchmark_smoke.py`` keeps the generator and the ground truth honest.
"""
