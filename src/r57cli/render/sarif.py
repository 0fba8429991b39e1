"""SARIF 2.1.0, the format GitHub code scanning uploads accept."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from r57cli.locale.messages import CATALOGUE, Severity, related_note, render
from r57cli.render import RenderOptions
from r57cli.validate.engine import ValidationResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(path: str, line: int, column: int, end: int | None = None) -> dict[str, Any]:
    # A SARIF uri is a URI reference: spaces, '%' and non-ASCII letters must be escaped.
    path = quote(path, safe="/")
    region: dict[str, Any] = {"startLine": line, "startColumn": column}
    if end is not None:
        region["endColumn"] = end
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


def render_sarif(result: ValidationResult, opts: RenderOptions) -> str:
    codes = sorted(CATALOGUE)
    rules = [
        {
            "id": code,
            "name": CATALOGUE[code].title,
            "shortDescription": {"text": CATALOGUE[code].title.replace("-", " ")},
            "defaultConfiguration": {
                "level": "error" if CATALOGUE[code].severity is Severity.ERROR else "warning",
            },
            "properties": {"category": CATALOGUE[code].category.value},
        }
        for code in codes
    ]
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in result.diagnostics:
        message, hint = render(d.code, d.args, opts.lang)
        entry: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error" if d.severity is Severity.ERROR else "warning",
            "message": {"text": f"{message}. {opts.fix_label()}: {hint}"},
            "locations": [_location(opts.shown(d.path), d.line, d.column, d.column + d.length)],
        }
        if d.commit:
            entry["properties"] = {"commit": d.commit}
        if d.related:
            entry["relatedLocations"] = [
                {
                    "id": i,
                    **_location(opts.shown(r.path), r.line, r.column),
                    "message": {"text": related_note(r.note, opts.lang)},
                }
                for i, r in enumerate(d.related)
            ]
        results.append(entry)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "r57",
                        "version": opts.tool_version,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
