"""What a report covers: the scope from --unit, --person and --rollup. Apart from
scoping.py, which groups and keeps tasks by it, so that making a report's cache key
imports nothing of the report's machinery (start-up time: docs/speed.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Scope:
    """Which tasks a report covers and how units are grouped."""

    units: set[str] | None = None  # unit ids, descendants included
    persons: set[str] | None = None
    rollup_under: str | None = None  # group units under the children of this one ("" = roots)
    against: str = "baseline"  # rank units by on-time against the baseline, or "current"

    def key(self) -> str:
        return repr(
            (sorted(self.units or ()), sorted(self.persons or ()), self.rollup_under, self.against)
        )
