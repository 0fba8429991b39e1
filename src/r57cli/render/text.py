"""The human format: `path:line:col: error CODE: message`, a source snippet with a caret
marker and a fix, grouped by category, then a one-line summary. Editors parse the first line
of each entry, so its shape is an API and stays stable."""

from __future__ import annotations

from pathlib import Path

from r57cli.diagnostics import Diagnostic
from r57cli.messages import CATEGORY_TITLES, RELATED_NOTES, Category, Severity, render
from r57cli.render import RenderOptions
from r57cli.validate import ValidationResult

_LABELS = {
    "fix": {"en": "fix", "vi": "cách sửa"},
    "note": {"en": "note", "vi": "ghi chú"},
    "ok": {"en": "no errors", "vi": "không có lỗi"},
    "files": {"en": "files", "vi": "tệp"},
    "errors": {"en": "error(s)", "vi": "lỗi"},
    "warnings": {"en": "warning(s)", "vi": "cảnh báo"},
    "invalid": {"en": "plan is invalid", "vi": "kế hoạch không hợp lệ"},
    "valid": {"en": "plan is valid", "vi": "kế hoạch hợp lệ"},
    "in": {"en": "in", "vi": "trong"},
}


class _Style:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text


class _Sources:
    """Source lines of the files that have diagnostics, read once each."""

    def __init__(self, plan_dir: Path) -> None:
        self.plan_dir = plan_dir
        self.lines: dict[str, list[str]] = {}

    def line(self, relpath: str, number: int) -> str | None:
        if relpath not in self.lines:
            try:
                raw = (self.plan_dir / relpath).read_bytes()
                self.lines[relpath] = raw.decode("utf-8", errors="replace").split("\n")
            except OSError:
                self.lines[relpath] = []
        lines = self.lines[relpath]
        if 1 <= number <= len(lines):
            return lines[number - 1].rstrip("\r").replace("\x00", "\\0")
        return None


def _label(key: str, lang: str) -> str:
    return _LABELS[key].get(lang, _LABELS[key]["en"])


def _entry(d: Diagnostic, opts: RenderOptions, sources: _Sources, style: _Style) -> list[str]:
    message, hint = render(d.code, d.args, opts.lang)
    sev = d.severity.value
    sev_shown = style(sev, "1;31" if d.severity is Severity.ERROR else "1;33")
    where = style(f"{opts.shown(d.path)}:{d.line}:{d.column}:", "1")
    head = f"{where} {sev_shown} {d.code}: {message}"
    out = [head]
    src = sources.line(d.path, d.line)
    if src is not None:
        gutter = str(d.line)
        pad = " " * len(gutter)
        shown = src.replace("\t", " ")
        out.append(f" {style(gutter, '34')} | {shown}")
        caret = " " * (d.column - 1) + "^" * max(
            1, min(d.length, max(1, len(shown) - d.column + 1))
        )
        out.append(f" {pad} | {style(caret, '1;31' if d.severity is Severity.ERROR else '1;33')}")
        prefix = f" {pad} = "
    else:
        prefix = "   = "
    out.append(f"{prefix}{_label('fix', opts.lang)}: {hint}")
    for r in d.related:
        note = RELATED_NOTES[r.note].get(opts.lang, RELATED_NOTES[r.note]["en"])
        out.append(
            f"{prefix}{_label('note', opts.lang)}: {note}: {opts.shown(r.path)}:{r.line}:{r.column}"
        )
    return out


def render_text(result: ValidationResult, opts: RenderOptions) -> str:
    style = _Style(opts.color)
    sources = _Sources(result.plan_dir)
    lines: list[str] = []
    for category in Category:
        group = [d for d in result.diagnostics if d.category is category]
        if not group:
            continue
        title = CATEGORY_TITLES[category].get(opts.lang, CATEGORY_TITLES[category]["en"])
        lines.append(style(f"== {title} ({len(group)})", "1"))
        for d in group:
            lines.extend(_entry(d, opts, sources, style))
        lines.append("")
    lines.append(summary(result, opts, style))
    return "\n".join(lines) + "\n"


def summary(result: ValidationResult, opts: RenderOptions, style: _Style | None = None) -> str:
    style = style or _Style(False)
    lang = opts.lang
    counts = f"{result.files} {_label('files', lang)}"
    where = opts.display_prefix.rstrip("/") or "."
    if result.errors:
        parts = [f"{result.errors} {_label('errors', lang)}"]
        if result.warnings:
            parts.append(f"{result.warnings} {_label('warnings', lang)}")
        by_cat = ", ".join(
            f"{c.value}: {n}"
            for c in Category
            if (
                n := sum(
                    1
                    for d in result.diagnostics
                    if d.category is c and d.severity is Severity.ERROR
                )
            )
        )
        verdict = style(f"✗ {_label('invalid', lang)}", "1;31")
        return f"{verdict}: {where}: {', '.join(parts)} ({by_cat}) {_label('in', lang)} {counts}"
    tail = f", {result.warnings} {_label('warnings', lang)}" if result.warnings else ""
    verdict = style(f"✓ {_label('valid', lang)}", "1;32")
    return f"{verdict}: {where}: {counts}, {_label('ok', lang)}{tail}"
