"""YAML text for new values: one scalar, or the lines of a new key or list item, which
record/yamledit.py writes where it replaces or adds a value. The text must read back as
exactly that value under YAML 1.2 (r57's loader) and under YAML 1.1 readers too, so other
tools see what r57 sees; a replaced string keeps its quoting when that can carry the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import yaml

from r57cli.plan.yamlevents import resolve_plain

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = frozenset(",[]{}")
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
# Never written raw, even inside double quotes: r57 refuses a file holding them, or YAML
# readers take them for something else. JSON escapes only the C0 controls; these become \uXXXX.
_ESCAPE_IN_QUOTES = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Plain text other YAML readers take for a number: YAML 1.2 core's hex and octal forms (the
# YAML 1.1 forms are in PyYAML's resolver).
_CORE_NUMBER = re.compile(r"[-+]?0(?:x[0-9a-fA-F]+|o[0-7]+)\Z")
_resolve_yaml11: Callable[..., str] = yaml.resolver.Resolver().resolve
_STR_TAG = "tag:yaml.org,2002:str"


class EditError(Exception):
    """The file's layout is one this editor does not change safely; nothing was changed."""


def render_scalar(value: Any, *, flow: bool = False, style: str | None = None) -> str:
    """YAML text for one scalar that reads back as exactly `value` under YAML 1.2 rules.
    Strings keep `style` (the quoting the replaced value had) when it can carry them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise EditError(f"cannot write a {type(value).__name__} value")
    if _SURROGATE.search(value):
        raise EditError("the text is not valid Unicode (it holds a lone surrogate)")
    if style == "'" and not _UNSAFE_CHARS.search(value):
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_ok(value, flow):
        return value
    # A JSON string is a YAML double-quoted one.
    quoted = json.dumps(value, ensure_ascii=False)
    return _ESCAPE_IN_QUOTES.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or _UNSAFE_CHARS.search(text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in _FLOW_UNSAFE for c in text):
        return False
    if not isinstance(resolve_plain(text), str) or _CORE_NUMBER.match(text):
        return False
    # Quote what YAML 1.1 readers would take for something else (yes, 012, 1_000, 12:30, ...)
    # so that every tool reads the file as r57 does.
    return _resolve_yaml11(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def quote_style(node: yaml.ScalarNode) -> str | None:
    return node.style if node.style in ("'", '"') else None


def flow_mapping(item: dict[str, Any]) -> str:
    body = ", ".join(f"{k}: {_flow_value(v)}" for k, v in item.items())
    return "{" + body + "}"


def _flow_value(value: Any) -> str:
    """A value inside a one-line mapping: a scalar, or a nested mapping or list (a
    reschedule's before: and after:) written one-line too."""
    if isinstance(value, dict):
        return flow_mapping(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    return render_scalar(value, flow=True)


def item_lines(
    item: Any, column: int, inner: int, indents: tuple[int, int, int] = (2, 2, 2)
) -> list[str]:
    """A new block-sequence item: its dash at `column`; a mapping's keys at `inner`, nested
    mappings and lists below them with the file's (step, dash, gap)."""
    dash = " " * column + "-" + " " * (inner - column - 1)
    if not isinstance(item, dict):
        return [dash + render_scalar(item)]
    lines = []
    for i, (key, value) in enumerate(item.items()):
        block = value_lines(key, value, inner, indents)
        if i == 0:
            block[0] = dash + block[0][inner:]
        lines += block
    return lines


def value_lines(key: str, value: Any, column: int, indents: tuple[int, int, int]) -> list[str]:
    """A new key and its value at `column`, nested with the file's (step, dash, gap)."""
    step, dash, gap = indents
    if isinstance(value, dict):
        lines = [" " * column + f"{key}:"]
        for k, v in value.items():
            lines += value_lines(k, v, column + step, indents)
        return lines
    if isinstance(value, list):
        lines = [" " * column + f"{key}:"]
        for item in value:
            lines += item_lines(item, column + dash, column + dash + gap, indents)
        return lines
    return [" " * column + f"{key}: {render_scalar(value)}"]


def show_path(path: tuple[str | int, ...]) -> str:
    """A path into the document as an error names it: `progress.pct`, `blockers.0`."""
    return ".".join(str(p) for p in path) or "(top)"
