"""learnmeta's benchmarks: ``python -m benchmarks`` (add ``--json`` for one JSON object).

Speed is measured here, never asserted by the test suite (which runs ``--quick`` once, to prove
the benchmarks work). docs/performance.md explains each figure and holds the latest results.
"""
