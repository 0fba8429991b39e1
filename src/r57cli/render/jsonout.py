"""Machine-readable results. The shape is versioned: add fields, never rename them."""

from __future__ import annotations

import json
from typing import Any

from r57cli.locale.messages import CATALOGUE, related_note, render
from r57cli.render import RenderOptions
from r57cli.validate.engine import ValidationResult

SCHEMA_VERSION = 1


def as_dicts(result: ValidationResult, opts: RenderOptions) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in result.diagnostics:
        message, hint = render(d.code, d.args, opts.lang)
        out.append(
            {
                "path": opts.shown(d.path),
                "line": d.line,
                "column": d.column,
                "end_column": d.column + d.length,
                "severity": d.severity.value,
                "code": d.code,
                "rule": CATALOGUE[d.code].title,
                "category": d.category.value,
                "message": message,
                "hint": hint,
                "related": [
                    {
                        "path": opts.shown(r.path),
                        "line": r.line,
                        "column": r.column,
                        "message": related_note(r.note, opts.lang),
                    }
                    for r in d.related
                ],
            }
        )
        if d.commit:
            out[-1]["commit"] = d.commit  # r57 check: the commit the place refers to
    return out


def render_json(result: ValidationResult, opts: RenderOptions) -> str:
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "r57", "version": opts.tool_version},
        "plan": opts.display_prefix.rstrip("/") or ".",
        "valid": not result.failed(opts.strict),
        "strict": opts.strict,
        "files": result.files,
        **({"commits": result.commits} if result.commits is not None else {}),
        "errors": result.errors,
        "warnings": result.warnings,
        "diagnostics": as_dicts(result, opts),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
