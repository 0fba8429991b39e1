"""The seeded demonstration: the simulation, the per-task script, the words of its
reports (data, not UI), the run that replays it through `record`, and the generator of
national-size plans for the benchmarks.

May import: r57cli.record, r57cli.validate, r57cli.gate, r57cli.history, r57cli.plan and
below.
"""
