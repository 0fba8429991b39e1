"""The diagnostic record every check produces, independent of language and output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from r57cli.locale.messages import CATALOGUE, Category, Severity


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains a diagnostic (the first of two duplicate keys, say)."""

    path: str
    line: int
    column: int
    note: str  # a catalogue key, rendered in the user's language


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. `args` fill the catalogue template for `code`.

    Lines and columns are 1-based, as editors and hledger count them. `path` is relative to
    the plan folder's parent so it is stable whatever the working directory is; renderers
    re-base it for display.
    """

    code: str
    path: str
    line: int
    column: int
    args: dict[str, Any] = field(default_factory=dict)
    length: int = 1
    related: tuple[Related, ...] = ()
    # The commit whose version of the file the place refers to (the pull-request gate);
    # "" for the working tree. Not cached: only the validator's diagnostics are.
    commit: str = ""

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def category(self) -> Category:
        return CATALOGUE[self.code].category

    @property
    def source_key(self) -> str:
        """The key of the quoted file's bytes in a result's `sources`."""
        return f"{self.commit}:{self.path}" if self.commit else self.path

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_cache(self) -> list[Any]:
        rel = [[r.path, r.line, r.column, r.note] for r in self.related]
        return [self.code, self.path, self.line, self.column, self.args, self.length, rel]

    @classmethod
    def from_cache(cls, raw: list[Any]) -> Diagnostic:
        code, path, line, column, args, length, rel = raw
        related = tuple(Related(p, ln, col, note) for p, ln, col, note in rel)
        return cls(code, path, line, column, args, length, related)
