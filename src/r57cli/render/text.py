"""The human format: `path:line:col: error CODE: message`, a source snippet with a caret
marker and a fix, grouped by category, then a one-line summary. Editors parse the first line
of each entry, so its shape is an API and stays stable."""

from __future__ import annotations

import re
import textwrap
from collections import Counter

from r57cli.locale.messages import (
    CATEGORY_SHORT,
    CATEGORY_TITLES,
    Category,
    Severity,
    related_note,
    render,
)
from r57cli.plan.diagnostics import Diagnostic
from r57cli.render import RenderOptions
from r57cli.validate.engine import ValidationResult

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
    "and": {"en": "and", "vi": "và"},
    "commits": {"en": "commit(s)", "vi": "commit"},
    "strict": {"en": "--strict: warnings count as errors", "vi": "--strict: cảnh báo tính là lỗi"},
}


class _Style:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SNIPPET_WIDTH = 120
# One visible character per control character keeps the ^ marker aligned.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_PICTURES.update({0x09: " ", 0x7F: "\u2421"})
_PICTURES.update({c: "\ufffd" for c in (*range(0x80, 0xA0), 0x2028, 0x2029)})


class _Sources:
    """Source lines of the files that have diagnostics, split once each, from the very bytes
    that were checked (the result carries them; nothing is read again)."""

    def __init__(self, sources: dict[str, bytes]) -> None:
        self.sources = sources
        self.lines: dict[str, list[str]] = {}

    def line(self, relpath: str, number: int) -> str | None:
        if relpath not in self.lines:
            raw = self.sources.get(relpath)
            text = raw.decode("utf-8", errors="replace") if raw is not None else ""
            self.lines[relpath] = _LINE_BREAK.split(text.removeprefix("\ufeff")) if text else []
        lines = self.lines[relpath]
        if 1 <= number <= len(lines):
            return lines[number - 1].translate(_PICTURES)
        return None


def snippet(line: str, column: int, length: int, window: int = _SNIPPET_WIDTH) -> tuple[str, str]:
    """The source line, cut to a window around `column`, and its ^ marker line."""
    start = 0
    if len(line) > window:
        start = max(0, min(column - 1 - window // 3, len(line) - window))
    shown = line[start : start + window]
    offset = column - 1 - start
    marks = max(1, min(length, len(shown) - offset))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + window < len(line) else ""
    return prefix + shown + suffix, " " * (offset + len(prefix)) + "^" * marks


def _label(key: str, lang: str) -> str:
    return _LABELS[key].get(lang, _LABELS[key]["en"])


def _entry(d: Diagnostic, opts: RenderOptions, sources: _Sources, style: _Style) -> list[str]:
    message, hint = render(d.code, d.args, opts.lang)
    sev = d.severity.value
    sev_shown = style(sev, "1;31" if d.severity is Severity.ERROR else "1;33")
    where = style(f"{opts.shown(d.path)}:{d.line}:{d.column}:", "1")
    head = f"{where} {sev_shown} {d.code}: {message}"
    out = [head]
    src = sources.line(d.source_key, d.line)
    if src is not None:
        gutter = str(d.line)
        pad = " " * len(gutter)
        # Narrow, the window fits the terminal beside the gutter and the two … marks.
        window = min(_SNIPPET_WIDTH, max(opts.width - len(gutter) - 6, 20) if opts.width else 10**9)
        shown, caret = snippet(src, d.column, d.length, window)
        out.append(f" {style(gutter, '34')} | {shown}")
        out.append(f" {pad} | {style(caret, '1;31' if d.severity is Severity.ERROR else '1;33')}")
        prefix = f" {pad} = "
    else:
        prefix = "   = "
    out += _wrap(f"{prefix}{_label('fix', opts.lang)}: {hint}", opts.width, len(prefix))
    for r in d.related:
        note = related_note(r.note, opts.lang)
        place = f"{opts.shown(r.path)}:{r.line}:{r.column}"
        out += _wrap(
            f"{prefix}{_label('note', opts.lang)}: {note}: {place}", opts.width, len(prefix)
        )
    return out


def _wrap(text: str, width: int, indent: int) -> list[str]:
    """A line wrapped to the terminal, its continuation under the text after "= " (a
    path or a command is never broken)."""
    if not width or len(text) <= width:
        return [text]
    return textwrap.wrap(
        text,
        max(width, 20),
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def render_text(result: ValidationResult, opts: RenderOptions) -> str:
    style = _Style(opts.color)
    sources = _Sources(result.sources)
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


def _fitted(verdict: str, rest: str, opts: RenderOptions, style: _Style, code: str) -> str:
    """The summary wrapped to the terminal, measured without colour, then coloured."""
    lines = _wrap(verdict + rest, opts.width, 2)
    return style(verdict, code) + "\n".join(lines)[len(verdict) :]


def summary(result: ValidationResult, opts: RenderOptions, style: _Style | None = None) -> str:
    style = style or _Style(False)
    lang = opts.lang
    counts = f"{result.files} {_label('files', lang)}"
    if result.commits is not None:
        counts += f" {_label('and', lang)} {result.commits} {_label('commits', lang)}"
    where = opts.display_prefix.rstrip("/") or "."
    if result.failed(opts.strict):
        parts = [f"{result.errors} {_label('errors', lang)}"]
        if result.warnings:
            parts.append(f"{result.warnings} {_label('warnings', lang)}")
        failing = Counter(
            d.category.value
            for d in result.diagnostics
            if opts.strict or d.severity is Severity.ERROR
        )
        by_cat = ", ".join(
            f"{CATEGORY_SHORT[c].get(lang, c.value)}: {failing[c.value]}"
            for c in Category
            if failing[c.value]
        )
        verdict = f"✗ {_label('invalid', lang)}"
        strict = "" if result.errors else f" ({_label('strict', lang)})"
        rest = f"{strict}: {where}: {', '.join(parts)} ({by_cat}) {_label('in', lang)} {counts}"
        return _fitted(verdict, rest, opts, style, "1;31")
    tail = f", {result.warnings} {_label('warnings', lang)}" if result.warnings else ""
    rest = f": {where}: {counts}, {_label('ok', lang)}{tail}"
    return _fitted(f"✓ {_label('valid', lang)}", rest, opts, style, "1;32")
