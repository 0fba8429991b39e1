"""R57W020: a blocker's regulation reference written another way than the canonical one
of the plan's language (plan/regref.py), with the canonical form to copy. A cross-file
check: the plan's language, in plan.yaml, decides which form is canonical."""

from __future__ import annotations

from typing import Any

from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.regref import parse


def ref_warnings(tasks: dict[str, dict[str, Any]], language: Any) -> list[Diagnostic]:
    lang = language if language in ("en", "vi") else "vi"
    out = []
    for path in sorted(tasks):
        for value, line, col, length in tasks[path].get("refs", ()):
            found = parse(value)
            if found is None:
                continue
            canonical = found.canonical(lang)
            if value != canonical:
                out.append(
                    Diagnostic(
                        "R57W020",
                        path,
                        line,
                        col,
                        {"ref": value, "canonical": canonical},
                        length,
                    )
                )
    return out
