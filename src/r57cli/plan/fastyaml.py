"""A fast reader for the plain YAML that task files are written in, for reports that read
tens of thousands of file versions. It gives exactly what `yaml.safe_load` gives, or None
when a file uses anything beyond the plain subset, and the caller then uses PyYAML.

The subset: block mappings and block sequences indented with spaces, one-line flow
sequences of scalars, plain, single- and double-quoted (no escapes) scalars, literal and
folded block scalars (|, |-, >, >-) whose lines share one indentation, comments. Anything
else (anchors, tags, other block scalars, flow mappings, escapes, multi-line plain or
quoted scalars, YAML 1.1's octal, sexagesimal and yes/no values, timestamps) falls back.

Measured on 10,000 generated task files: PyYAML's C loader 2.5 s, this 0.4 s. A
differential test (tests/test_fastyaml.py) checks it against PyYAML on every corpus file
and on generated ones.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+|$)")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Plain scalars that YAML 1.1 reads as something other than a string or a simple int:
# floats, octal/hex/binary/sexagesimal ints, booleans, nulls, timestamps, merge keys.
_SPECIAL = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\Z"
    r"|[-+]?[0-9][0-9_:]*\Z"
    r"|[-+]?0[xob][0-9a-fA-F_]+\Z"
    r"|(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~|<<|=)\Z"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]|\Z)"
)
# The plain scalars that open with a letter and are not strings in YAML 1.1 (_SPECIAL's).
_WORDS = frozenset(
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF"  # noqa: SIM905
    " null Null NULL".split()
)
_INDICATORS = frozenset("&*!|>%@`{[]}#,?:\"'")
# Characters YAML does not allow in a document, or reads as line breaks (NEL, LS, PS).
_UNUSUAL = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


class _Fallback(Exception):
    pass


def load(text: str) -> Any:
    """The document, or None when PyYAML must read it (which may then raise)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _UNUSUAL.search(text) or "\t" in text or "\r" in text:
        return None
    try:
        raw = text.split("\n")
        lines = _lines(raw)
        if not lines:
            return None
        _RAW.append(raw)
        try:
            value, end = _block(lines, 0, lines[0][0])
        finally:
            _RAW.pop()
        if end != len(lines):
            return None
        return value
    except _Fallback:
        return None


def _lines(raw_lines: list[str]) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    append = out.append
    for number, line in enumerate(raw_lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if line[0] in "-.%" and line.startswith(("---", "...", "%")):
            raise _Fallback
        append((len(line) - len(stripped), stripped.rstrip(" "), number))
    return out


# The raw lines of the document being read, for block scalars (a stack: no shared state
# survives a call, and nested calls cannot happen).
_RAW: list[list[str]] = []


def _block_scalar(
    lines: list[tuple[int, str, int]], i: int, header: str, parent: int
) -> tuple[str, int]:
    """A literal (|) or folded (>) scalar whose lines all share one indentation, with
    clip or strip (-) chomping; anything fancier falls back."""
    if header not in ("|", "|-", ">", ">-"):
        raise _Fallback
    raw = _RAW[-1]
    first = lines[i - 1][2] + 1
    body: list[str] = []
    indent = -1
    number = first
    while number < len(raw):
        line = raw[number].rstrip("\r")
        stripped = line.lstrip(" ")
        if stripped:
            width = len(line) - len(stripped)
            if width <= parent:
                break
            if indent < 0:
                indent = width
            elif width != indent:
                raise _Fallback
            body.append(line[indent:].rstrip(" ") if line.endswith(" ") is False else line[indent:])
        else:
            if line and (indent < 0 or len(line) > indent):
                # Spaces on a blank line before the first content line set the indentation
                # YAML detects (more than that line's is an error); after it, extra spaces
                # are kept. Either way PyYAML decides.
                raise _Fallback
            body.append("")
        number += 1
    # Clip chomping keeps the final line break only if there is one: a file that ends on
    # the scalar's last line, with no newline, gives the text without it.
    last_line_break = bool(body) and (first + len(body) < len(raw) or body[-1] == "")
    while body and body[-1] == "":
        body.pop()
    if not body or any(b != b.rstrip(" ") or b.startswith(" ") for b in body):
        raise _Fallback
    if header[0] == "|":
        text = "\n".join(body)
    else:
        parts: list[str] = []
        for k, b in enumerate(body):
            if b == "":
                parts.append("\n")
            elif k and body[k - 1] != "":
                parts.append(" " + b)
            else:
                parts.append(b)
        text = "".join(parts)
    if not header.endswith("-") and last_line_break:
        text += "\n"
    while i < len(lines) and lines[i][2] < number:
        i += 1
    return text, i


def _block(lines: list[tuple[int, str, int]], i: int, indent: int) -> tuple[Any, int]:
    if lines[i][1] == "-" or lines[i][1].startswith("- "):
        return _sequence(lines, i, indent)
    return _mapping(lines, i, indent)


def _mapping(lines: list[tuple[int, str, int]], i: int, indent: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    count = len(lines)
    plain, seen = _PLAIN, _PLAIN_LINES
    while i < count:
        width, text, _ = lines[i]
        if width != indent or text[0] == "-":
            break
        hit = seen.get(text)
        if hit is not None:  # `status: done` seen before: its key and plain value
            out[hit[0]] = hit[1]
            i += 1
            continue
        key, rest = _key(text)
        i += 1
        if rest:
            first = rest[0]
            if first in "|>":
                out[key], i = _block_scalar(lines, i, rest, indent)
                continue
            if first not in "\"'[" and "#" not in rest:
                # The common case, inlined: a plain scalar seen before in this process.
                found = plain.get((rest, False), plain)
                out[key] = found if found is not plain else _plain(rest, flow=False)
                if len(seen) > 100_000:
                    seen.clear()
                seen[text] = (key, out[key])  # a plain scalar is immutable: shared safely
            else:
                out[key] = _scalar_or_flow(rest)
        elif i < count and (
            lines[i][0] > indent
            or (lines[i][0] == indent and (lines[i][1] == "-" or lines[i][1].startswith("- ")))
        ):
            value, i = _block(lines, i, lines[i][0])
            out[key] = value
        else:
            out[key] = None
    if i < count and lines[i][0] > indent:
        raise _Fallback  # a continuation line: a multi-line scalar
    return out, i


def _sequence(lines: list[tuple[int, str, int]], i: int, indent: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    while (
        i < len(lines)
        and lines[i][0] == indent
        and (lines[i][1] == "-" or lines[i][1].startswith("- "))
    ):
        rest = lines[i][1][1:].lstrip(" ")
        inner = indent + len(lines[i][1]) - len(rest)
        if not rest:
            i += 1
            if i < len(lines) and lines[i][0] > indent:
                value, i = _block(lines, i, lines[i][0])
                out.append(value)
            else:
                out.append(None)
        elif rest.startswith("- ") or rest == "-":
            raise _Fallback  # a sequence nested on the same line
        elif _KEY.match(rest):
            # "- key: value" opens a mapping whose keys sit at the column after "- ".
            lines[i] = (inner, rest, lines[i][2])
            value, i = _mapping(lines, i, inner)
            out.append(value)
        else:
            out.append(_scalar_or_flow(rest))
            i += 1
    return out, i


def _key(text: str) -> tuple[str, str]:
    """The key and the rest of a `key: rest` line. Lines repeat across files (`status:
    done`, `planned_pct: 50`), so each is split once (a quarter of the reading time)."""
    found = _KEY_LINES.get(text)
    if found is not None:
        return found
    match = _KEY.match(text)
    if match is None:
        raise _Fallback
    key = match[1]
    if key not in _GOOD_KEYS:
        if _SPECIAL.match(key) or _INT.match(key):
            raise _Fallback  # `on:` is a boolean key in YAML 1.1, `1:` an integer one
        _GOOD_KEYS.add(key)
    if len(_KEY_LINES) > 100_000:
        _KEY_LINES.clear()
    found = _KEY_LINES[text] = (key, text[match.end() :])
    return found


NOT_PLAIN = object()  # what value() gives for a value beyond the subset


def value(text: str) -> Any:
    """The value of the text after `key: ` or `- ` on one line (no trailing spaces), as
    load reads it there, or NOT_PLAIN when PyYAML must say (plan/taskfast.py's values)."""
    try:
        return _scalar_or_flow(text)
    except _Fallback:
        return NOT_PLAIN


def unusual(text: str) -> bool:
    """Whether `text` has a character YAML does not allow, or reads as a line break."""
    return _UNUSUAL.search(text) is not None


def good_key(key: str) -> bool:
    """Whether a `key:` (of _KEY's form) reads as that string: not YAML 1.1's `on:`,
    `null:` or `y:`, which PyYAML reads as a boolean or null key."""
    if key in _GOOD_KEYS:
        return True
    if _SPECIAL.match(key) or _INT.match(key):
        return False
    _GOOD_KEYS.add(key)
    return True


def _scalar_or_flow(text: str) -> Any:
    return _flow(text) if text.startswith("[") else _scalar(text)


def _flow(text: str) -> list[Any]:
    """A one-line flow sequence of scalars: [a, "b", 'c']."""
    items: list[Any] = []
    i, n = 1, len(text)
    while True:
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            raise _Fallback
        if text[i] == "]" and not items:
            i += 1
            break
        if text[i] in ('"', "'"):
            quote = text[i]
            close = text.find(quote, i + 1)
            while quote == "'" and close > 0 and text[close + 1 : close + 2] == "'":
                close = text.find("'", close + 2)
            if close < 0:
                raise _Fallback
            body = text[i + 1 : close]
            if quote == '"' and "\\" in body:
                raise _Fallback
            items.append(body if quote == '"' else body.replace("''", "'"))
            i = close + 1
            while i < n and text[i] == " ":
                i += 1
        else:
            stop = i
            while stop < n and text[stop] not in ",]":
                stop += 1
            items.append(_plain(text[i:stop].rstrip(" "), flow=True))
            i = stop
        if i >= n:
            raise _Fallback
        if text[i] == "]":
            i += 1
            break
        if text[i] != ",":
            raise _Fallback
        i += 1
    if not _comment_only(text[i:]) or (text[i : i + 1] not in ("", " ")):
        raise _Fallback
    return items


def _comment_only(rest: str) -> bool:
    rest = rest.strip(" ")
    return not rest or rest.startswith("#")


def _scalar(text: str) -> Any:
    first = text[0]
    if first not in ('"', "'") and "#" not in text:
        return _plain(text, flow=False)
    if first in ('"', "'"):
        close = text.find(first, 1)
        while first == "'" and close > 0 and text[close + 1 : close + 2] == "'":
            close = text.find("'", close + 2)
        if close < 0 or not _comment_only(text[close + 1 :]):
            raise _Fallback
        rest = text[close + 1 :]
        if rest and not rest.startswith(" "):
            raise _Fallback
        body = text[1:close]
        if first == '"':
            if "\\" in body:
                raise _Fallback
            return body
        return body.replace("''", "'")
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut].rstrip(" ")
    return _plain(text, flow=False)


def _plain(text: str, *, flow: bool) -> Any:
    """A plain scalar's value; values repeat across files (statuses, dates, unit IDs), so
    each is worked out once."""
    key = (text, flow)
    found = _PLAIN.get(key, _PLAIN)
    if found is not _PLAIN:
        return found
    value = _resolve(text, flow)
    if len(_PLAIN) > 100_000:
        _PLAIN.clear()
    _PLAIN[key] = value
    return value


_PLAIN: dict[tuple[str, bool], Any] = {}
_GOOD_KEYS: set[str] = set()
_KEY_LINES: dict[str, tuple[str, str]] = {}
_PLAIN_LINES: dict[str, tuple[str, Any]] = {}  # a `key: plain scalar` line, read


def _resolve(text: str, flow: bool) -> Any:
    if not text or text[0] in _INDICATORS or (text[0] == "-" and text[1:2] in ("", " ")):
        raise _Fallback
    if ": " in text or text.endswith(":") or " #" in text:
        raise _Fallback
    if flow and any(c in text for c in "[]{},"):
        raise _Fallback
    if text[0].isalpha() and text not in _WORDS:
        return text  # no number, date or timestamp opens with a letter: a string
    if text in ("null", "~"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.match(text):
        if text not in ("0", "-0") and len(text.lstrip("-")) > 1 and text.lstrip("-")[0] == "0":
            raise _Fallback
        return int(text)
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _Fallback from None
    if _SPECIAL.match(text):
        raise _Fallback
    return text
