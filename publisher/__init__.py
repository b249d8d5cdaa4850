"""publisher: indicator data to the committee pack members read.

The stages are folders, lowest first: core -> inputs -> benchmarks -> engine -> output -> publish -> cli.
A folder imports only from the folders before it (checked by tests/test_layers.py).
"""
