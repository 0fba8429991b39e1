"""The cap on problems listed per file: the first MAX_PROBLEMS_PER_FILE by position, then one
closing diagnostic per severity that counts the rest and names their codes.

A 255 KB task file with 27,000 unknown keys would otherwise print 27,000 lines (and GitHub
refuses such annotation floods); the first 50 show what is wrong, the count shows how much.
Applied to each file's own result (so the cache stays small) and again to the whole report
(cross-file problems count too); the second pass folds the first pass's counts in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from r57cli.locale.messages import Severity
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.yamlevents import MAX_PROBLEMS_PER_FILE

# The closing diagnostics: more errors, more warnings.
MORE = {Severity.ERROR: "R57E016", Severity.WARNING: "R57W011"}
_CLOSING = frozenset(MORE.values())


def problems(d: Diagnostic) -> int:
    """How many problems a diagnostic stands for: a closing one, all it counts."""
    return int(d.args.get("n", 1)) if d.code in _CLOSING else 1


def cap_per_file(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Every file's diagnostics, at most MAX_PROBLEMS_PER_FILE of them listed, in order."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_path[d.path].append(d)
    out: list[Diagnostic] = []
    for items in by_path.values():
        out.extend(_cap(items))
    return out


def _cap(items: list[Diagnostic]) -> list[Diagnostic]:
    listed = sorted((d for d in items if d.code not in _CLOSING), key=Diagnostic.sort_key)
    closing = [d for d in items if d.code in _CLOSING]
    if len(listed) <= MAX_PROBLEMS_PER_FILE and not closing:
        return items
    kept, extra = listed[:MAX_PROBLEMS_PER_FILE], listed[MAX_PROBLEMS_PER_FILE:]
    counts: dict[str, int] = defaultdict(int)
    codes: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Diagnostic] = {}
    for d in closing:  # counts of problems an earlier pass left out
        counts[d.code] += int(d.args.get("n", 0))
        codes[d.code].update(c for c in str(d.args.get("codes", "")).split(", ") if c)
        first.setdefault(d.code, d)
    for d in extra:
        code = MORE[d.severity]
        counts[code] += 1
        codes[code].add(d.code)
        if code not in first or d.sort_key() < first[code].sort_key():
            first[code] = d
    for code in sorted(counts):
        where = first[code]
        kept.append(
            Diagnostic(
                code,
                where.path,
                where.line,
                where.column,
                {
                    "n": counts[code],
                    "codes": ", ".join(sorted(codes[code])),
                    "max": MAX_PROBLEMS_PER_FILE,
                },
                where.length,
                commit=where.commit,
            )
        )
    return kept
