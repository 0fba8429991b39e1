"""The task rows of the period shown, kept in the history cache from one run to the next
(report/taskrow.py says what a row's key holds): after one new commit, the next report
computes only the rows of the tasks that commit touched."""

from __future__ import annotations

from datetime import date

from r57cli.history.cache import SUFFIX, Store
from r57cli.report.period import PeriodInput, PeriodReport, TaskRow

# The rows kept of the main period's last run: by task, the key and the row without its
# reports (history/cache.py decodes this shape; another one, or a damaged file, is a miss).
RowFile = dict[str, tuple[str, TaskRow]]
_FORM = "2"  # in the file's name: rows of another form are not read
_KEEP = 4  # a few periods, languages aside: the week and the month, the day before
# The file is written again only when more than one row in REWRITE_SHARE was computed:
# after a commit or two, the few rows not in it cost less to compute again next time
# than writing 10,000 rows does (~0.05 s at national size).
REWRITE_SHARE = 50


def cache_name(inp: PeriodInput, ref: date) -> str:
    """The file of the rows of `inp`'s period as computed on `inp.today`: everything a row
    depends on besides its key (r57's code is in the file's version stamp)."""
    from hashlib import sha256

    p = inp.period
    parts = [
        _FORM,
        p.kind,
        p.id,
        p.start.isoformat(),
        p.end.isoformat(),
        inp.today.isoformat(),
        ref.isoformat(),
        inp.base_day.isoformat(),
        inp.history_from.isoformat(),
        str(inp.zone),
        str(inp.sections),
        repr(sorted(inp.people.items())),
    ]
    return f"rows-{sha256(chr(0).join(parts).encode()).hexdigest()[:32]}"


def worth_keeping(report: PeriodReport, reused: RowFile | None) -> bool:
    """Whether the rows the report computed are worth writing: none from the file (it was
    missing, damaged or of another day), or more than one in REWRITE_SHARE computed."""
    computed = report.rows_computed
    if not computed or report.row_memo is None:
        return False
    return not reused or computed * REWRITE_SHARE > len(report.row_memo)


def keep(store: Store, name: str, memo: RowFile) -> None:
    """Write the rows, without their reports (this run's are given to them when taken)."""
    rows = [row for _, row in memo.values()]
    held = [(row.reports, row.last_report) for row in rows]
    for row in rows:
        row.reports, row.last_report = [], None
    try:
        store.write(f"{name}{SUFFIX}", memo)
        store.prune(f"rows-*{SUFFIX}", _KEEP)
    finally:
        for row, (reports, last) in zip(rows, held, strict=True):
            row.reports, row.last_report = reports, last


def kept(store: Store, name: str) -> RowFile:
    found: RowFile | None = store.read(f"{name}{SUFFIX}", RowFile)
    return found or {}
