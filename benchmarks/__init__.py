"""The benchmark suite behind `make bench` and BENCHMARKS.md.

`python -m benchmarks.run` generates its own data under a work folder, measures each scenario
(the generator, the full refresh at three sizes, the no-change refresh, one new snapshot in a
national warehouse, growth with data size, the loader against a raw DuckDB scan, and the app's
response times), and writes the figures with the machine they were measured on to
BENCHMARKS.md. See benchmarks/README.md.
"""
