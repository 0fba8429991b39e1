"""The base of the per-file checkers: placing diagnostics, reading positions, and the
type-guarded readers that let rules work on raw YAML values that failed the schema."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeGuard

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic, Related
from r57cli.plan.yamlevents import LoadedFile, PathKey

Ref = list[Any]  # [value, line, column, length]: a value and where it is, as JSON


class Checker:
    """Adds located diagnostics for one loaded file to a shared list."""

    def __init__(self, loaded: LoadedFile, out: list[Diagnostic]) -> None:
        self.loaded = loaded
        self.out = out

    def at(self, loc: PathKey, *, key: bool = False) -> tuple[int, int, int]:
        return self.loaded.where(loc, key=key)

    def ref(self, value: Any, loc: PathKey) -> Ref:
        return [value, *self.at(loc)]

    def add(
        self,
        code: str,
        loc: PathKey,
        args: dict[str, Any] | None = None,
        related: tuple[Related, ...] = (),
    ) -> None:
        line, col, length = self.at(loc)
        plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in (args or {}).items()}
        self.out.append(Diagnostic(code, self.loaded.path, line, col, plain, length, related))

    def duplicates(
        self,
        items: Iterable[tuple[str, PathKey]],
        what: str,
        fold: Callable[[str], str] = str,
    ) -> None:
        """Report each value seen before (compared after `fold`), pointing at the first."""
        seen: dict[str, PathKey] = {}
        for value, loc in items:
            key = fold(value)
            if key in seen:
                first = self.at(seen[key])
                self.add(
                    "R57E203",
                    loc,
                    {"what": phrase(what), "value": value},
                    (Related(self.loaded.path, first[0], first[1], "first-definition"),),
                )
            else:
                seen[key] = loc

    # ------------------------------------------------------------------------- tasks


def is_date(value: Any) -> TypeGuard[date]:
    return isinstance(value, date) and not isinstance(value, datetime)


def dict_items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) for the mapping items of a list; anything else yields nothing."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def str_field(mapping: dict[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    return value if isinstance(value, str) else None
