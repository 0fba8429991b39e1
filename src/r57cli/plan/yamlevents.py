"""Plain Python values, and the position of every key and value, from libyaml's events.

Values are built from the event stream with an explicit stack rather than by composing a node
tree: the C composer recurses and crashes the interpreter on deeply nested input, and events
let us refuse anchors, aliases and tags *before* anything is built, so an alias bomb costs
nothing. Plain scalars are resolved with YAML 1.2 core rules (only true/false are booleans),
because YAML 1.1's yes/no/on/off booleans silently turn "no" into False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic, Related

MAX_DEPTH = 32
# A file with thousands of aliases would otherwise produce thousands of identical reports;
# past this many problems in one file the rest add nothing.
MAX_PROBLEMS_PER_FILE = 50

PathKey = tuple[str | int, ...]
Span = tuple[int, int, int]  # 1-based line, 1-based column, length in characters

_NUMBERISH = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


def resolve_plain(text: str) -> Any:
    """Turn a plain (unquoted) scalar into a Python value using YAML 1.2 core rules.

    An impossible date such as 2025-02-30 stays a string so that the schema check can say
    exactly what is wrong with it.
    """
    if not text:
        return None
    first = text[0]
    if first in _NUMBERISH:
        m = _DATE.match(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return text
        try:
            if _INT.match(text):
                return int(text)
            if _FLOAT.match(text):
                return float(text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return text
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


@dataclass(slots=True)
class LoadedFile:
    """The result of reading one file: its data (None when unusable), positions and problems."""

    path: str
    data: Any = None
    first_line: str = ""
    values: dict[PathKey, Span] = field(default_factory=dict)
    keys: dict[PathKey, Span] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def where(self, loc: PathKey, *, key: bool = False) -> Span:
        """Best position for `loc`: the key or value itself, else its nearest parent."""
        probe = loc
        while probe:
            # A list item has no key of its own: its place is where the item starts.
            table = self.keys if key and not isinstance(probe[-1], int) else self.values
            span = table.get(probe) or self.keys.get(probe)
            if span is not None:
                return span
            probe = probe[:-1]
        return (1, 1, 1)


def _span(ev: Any) -> Span:  # a libyaml event; its stub types marks as optional
    start, end = ev.start_mark, ev.end_mark
    length = end.column - start.column if end.line == start.line else 1
    return (start.line + 1, start.column + 1, max(length, 1))


class _Frame:
    __slots__ = ("container", "is_map", "path", "pending", "discard", "key_lines")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.pending: str | None = None  # a mapping key waiting for its value
        self.discard = False  # the pending key was a duplicate: drop its value
        self.key_lines: dict[str, int] = {}

    @property
    def wants_key(self) -> bool:
        return isinstance(self.container, dict) and self.pending is None

    def next_loc(self) -> PathKey:
        if isinstance(self.container, dict):
            return (*self.path, self.pending or "")
        return (*self.path, len(self.container))


class _Builder:
    """Turns the event stream of one document into values, positions and diagnostics."""

    def __init__(self, out: LoadedFile) -> None:
        self.out = out
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.have_root = False
        self.usable = True

    def error(self, code: str, span: Span, args: dict[str, Any] | None = None) -> None:
        self.out.diagnostics.append(
            Diagnostic(code, self.out.path, span[0], span[1], args or {}, length=span[2])
        )
        self.usable = False

    def check_node(self, ev: Any, span: Span) -> None:
        if ev.anchor is not None:
            self.error("R57E009", span, {"what": phrase("anchor"), "name": f"&{ev.anchor}"})
        if ev.tag is not None:
            # libyaml expands !!str to its full name; show it the way it was written.
            shown = ev.tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.error("R57E011", span, {"tag": shown})

    def key(self, frame: _Frame, name: str, span: Span) -> None:
        first = frame.key_lines.get(name)
        loc = (*frame.path, name)
        if first is not None:
            first_span = self.out.keys[loc]
            self.out.diagnostics.append(
                Diagnostic(
                    "R57E008",
                    self.out.path,
                    span[0],
                    span[1],
                    {"key": name, "first_line": first},
                    length=span[2],
                    related=(Related(self.out.path, first, first_span[1], "first-occurrence"),),
                )
            )
            self.usable = False
            frame.discard = True
        else:
            frame.key_lines[name] = span[0]
            self.out.keys[loc] = span
        frame.pending = name

    def place(self, value: Any, span: Span) -> None:
        """Attach a finished value to its parent container (or make it the root)."""
        if not self.stack:
            self.root, self.have_root = value, True
            self.out.values[()] = span
            return
        frame = self.stack[-1]
        loc = frame.next_loc()
        if isinstance(frame.container, list):
            frame.container.append(value)
            self.out.values[loc] = span
            return
        assert frame.pending is not None
        if not frame.discard:
            frame.container[frame.pending] = value
            self.out.values[loc] = span
        frame.pending, frame.discard = None, False

    def run(self, text: str) -> None:
        documents = 0
        stack = self.stack
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        # get_event() straight from the C parser: the yaml.parse() generator around it costs
        # a third of the loop.
        parser: Any = yaml.CSafeLoader(text)  # its stubs type events too loosely to use
        ev: Any
        while (ev := parser.get_event()) is not None:
            cls = ev.__class__
            if cls is scalar_event:
                start, end = ev.start_mark, ev.end_mark
                span = (
                    start.line + 1,
                    start.column + 1,
                    max(end.column - start.column, 1) if end.line == start.line else 1,
                )
                if ev.anchor is not None or ev.tag is not None:
                    if len(self.out.diagnostics) >= MAX_PROBLEMS_PER_FILE:
                        return
                    self.check_node(ev, span)
                raw = ev.value
                plain = not ev.style
                top = stack[-1] if stack else None
                if top is not None and top.pending is None and top.is_map:
                    if len(self.out.diagnostics) >= MAX_PROBLEMS_PER_FILE:
                        return
                    if plain and raw == "<<":
                        self.error("R57E010", span)
                    # Keys stay as written: "2025" is the key "2025", not a number.
                    self.key(top, raw, span)
                    continue
                self.place(resolve_plain(raw) if plain else raw, span)
            elif cls is mapping_start or cls is sequence_start:
                span = _span(ev)
                self.check_node(ev, span)
                if len(stack) >= MAX_DEPTH:
                    self.error("R57E006", span, {"problem": phrase("too-deep", depth=MAX_DEPTH)})
                    return
                if stack and stack[-1].wants_key:
                    self.error("R57E006", span, {"problem": phrase("key-not-scalar")})
                    return
                loc = stack[-1].next_loc() if stack else ()
                container: dict[str, Any] | list[Any] = {} if cls is mapping_start else []
                stack.append(_Frame(container, loc))
                self.out.values[loc] = span
            elif cls in ends:
                frame = stack.pop()
                self.place(frame.container, self.out.values[frame.path])
            elif cls is alias_event:
                if len(self.out.diagnostics) >= MAX_PROBLEMS_PER_FILE:
                    return
                span = _span(ev)
                self.error("R57E009", span, {"what": phrase("alias"), "name": f"*{ev.anchor}"})
                if stack and stack[-1].wants_key:
                    return  # an alias as a key: nothing after it can be placed reliably
                self.place(None, span)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = ev.start_mark.line + 1
                    self.error("R57E012", (line, 1, 3), {"found": phrase("several-documents")})
                    return
            elif cls is yaml.StreamEndEvent:
                return

    def finish(self) -> None:
        if not self.usable:
            return
        root = self.root
        if not self.have_root or root is None:
            self.error("R57E005", (1, 1, 1))
        elif isinstance(root, list):
            self.error("R57E012", (1, 1, 1), {"found": phrase("a-list")})
        elif not isinstance(root, dict):
            self.error("R57E012", (1, 1, 1), {"found": phrase("a-single-value")})
        else:
            self.out.data = root


def build(out: LoadedFile, text: str) -> None:
    """Fill `out` from `text`; libyaml syntax errors propagate as yaml.YAMLError."""
    builder = _Builder(out)
    builder.run(text)
    builder.finish()
