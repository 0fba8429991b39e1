"""Period reports from history: building a period's rows and units, classification,
the synthesis over periods and units, and the read-only views of `list`, `show` and `log`.

May import: r57cli.history, r57cli.plan and below.
"""
