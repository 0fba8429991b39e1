"""The plan as of any instant: the first-parent chain and when each commit landed, the
period reads, periods and calendars, and the history cache.

May import: r57cli.plan and below.
"""
