"""Change a few values of a YAML file and leave every other byte where it was.

ruamel.yaml's round-trip mode re-emits the whole document: on real files it re-indents
sequences, re-flows long strings and moves comments, so a one-value update becomes a
many-line diff (see tests/test_yamledit.py::test_ruamel_would_rewrite). Here the parser is
used only to find *where* each value is (libyaml's marks), and the text is edited there:
a scalar is replaced in place, a new key goes on its own line after the key that precedes
it in the model's order, with the indentation its neighbours use, and a removed key takes
exactly its own lines with it. Every edit is then proved: the result is parsed again with
r57's own loader and must equal the intended data, or nothing is returned.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import yaml

from r57cli.record.yamltext import (
    EditError,
    flow_mapping,
    item_lines,
    quote_style,
    render_scalar,
    show_path,
    value_lines,
)

Path = tuple[str | int, ...]

_BLANK_BEFORE_KEY = re.compile(r"\n[ \t]*\r?\n[^\s#-]")
_LONE_CR = re.compile(r"\r(?!\n)")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
_GAP_BEFORE_COMMENT = re.compile(r" +(?=#)")
# After a flow entry that has its own line: its comma, a comment, the line break.
_REST_OF_ENTRY_LINE = re.compile(r"[ \t]*,?[ \t]*(?:#[^\r\n]*)?\r?\n")


class YamlEditor:
    """Edits one YAML document in place. Each operation re-reads the positions, so they may
    be chained; `result()` proves the whole change before returning the new text."""

    def __init__(self, text: str, data: Any) -> None:
        self.original = text
        self.text = text
        self.expected = copy.deepcopy(data)
        self.newline = "\r\n" if "\r\n" in text else "\n"

    # ------------------------------------------------------------------ operations

    def set(self, path: Path, value: Any, order: Sequence[str] = ()) -> None:
        """Set the scalar at `path`, adding the key if the mapping lacks it."""
        *parent_path, key = path
        parent = self._node(tuple(parent_path))
        if not isinstance(parent, yaml.MappingNode) or not isinstance(key, str):
            raise EditError(f"{show_path(path)}: the parent is not a mapping")
        pair = _pair(parent, key)
        if pair is None:
            self._add_key(parent, key, value, order)
        else:
            node = pair[1]
            if not isinstance(node, yaml.ScalarNode):
                raise EditError(f"{show_path(path)} holds a list or mapping, not a value")
            start, end = self._offset(node.start_mark), self._scalar_end(node)
            new = render_scalar(value, flow=self._in_flow(path), style=quote_style(node))
            if node.style in ("|", ">"):
                # A block scalar runs to the start of the next line; keep that line break.
                new += self.newline if self.text[start:end].endswith("\n") else ""
            else:
                if start == end:
                    new = " " + new  # `key:` and nothing after it (null): add the space too
                gap = _GAP_BEFORE_COMMENT.match(self.text, end)
                if gap and node.start_mark.line == node.end_mark.line:
                    # The spaces before a trailing comment take up the change in length,
                    # down to one, so that aligned comments stay aligned.
                    grown = len(new) - (end - start)
                    new += " " * max(1, len(gap[0]) - grown)
                    end = gap.end()
            self._splice(start, end, new)
        _container(self.expected, tuple(parent_path))[key] = value

    def delete(self, path: Path) -> None:
        """Remove the key at `path` with its value and the lines they took."""
        *parent_path, key = path
        parent = self._node(tuple(parent_path))
        pair = _pair(parent, key) if isinstance(parent, yaml.MappingNode) else None
        if pair is None or not isinstance(key, str):
            return
        k, v = pair
        assert isinstance(parent, yaml.MappingNode)
        if parent.flow_style:
            start, end = self._offset(k.start_mark), self._offset(v.end_mark)
            line_start = self._line_begin(start)
            rest = _REST_OF_ENTRY_LINE.match(self.text, end)
            after = re.compile(r"\s*,\s*").match(self.text, end)
            if rest and not self.text[line_start:start].strip():
                start, end = line_start, rest.end()  # one entry a line: the line goes
            elif after:
                end = after.end()
            else:
                before = re.compile(r",\s*\Z").search(self.text, 0, start)
                start = before.start() if before else start
            self._splice(start, end, "")
        else:
            start = self._offset(k.start_mark)
            line_start = self.text.rfind("\n", 0, start) + 1
            if self.text[line_start:start].strip():
                raise EditError(f"{show_path(path)} shares its line with another item")
            end = self._line_end(self._end(v))
            if end == len(self.text) and not self.text.endswith("\n") and line_start > 0:
                # The last line has no line break: the one before it goes instead, so the
                # file still ends without one.
                line_start -= 2 if self.text[line_start - 2 : line_start] == "\r\n" else 1
            self._splice(line_start, end, "")
        del _container(self.expected, tuple(parent_path))[key]

    def append(self, path: Path, item: dict[str, Any], order: Sequence[str] = ()) -> None:
        """Append the mapping `item` to the list at `path`, adding the key if missing."""
        *parent_path, key = path
        parent = self._node(tuple(parent_path))
        if not isinstance(parent, yaml.MappingNode) or not isinstance(key, str):
            raise EditError(f"{show_path(path)}: the parent is not a mapping")
        pair = _pair(parent, key)
        if pair is None:
            self._add_key(parent, key, [item], order)
            _container(self.expected, tuple(parent_path))[key] = [copy.deepcopy(item)]
            return
        k, seq = pair
        if not isinstance(seq, yaml.SequenceNode):
            raise EditError(f"{show_path(path)} is not a list")
        if seq.flow_style and seq.value:
            close = self._offset(seq.end_mark) - 1
            if self.text[close] != "]":
                raise EditError(f"{show_path(path)}: cannot find the end of the list")
            last = seq.value[-1]
            start = self._offset(last.start_mark)
            self._flow_add(close, start, self._end(last), flow_mapping(item))
        elif seq.flow_style:
            # `key: []` becomes a block list under the key, in the file's own style; a comment
            # after the `[]` stays on the key's line.
            start, end = self._offset(seq.start_mark), self._offset(seq.end_mark)
            start = len(self.text[:start].rstrip(" "))
            indents = _, dash, gap = self._indents()
            column = k.start_mark.column + dash
            self._splice(start, end, "")
            lines = item_lines(item, column, column + gap, indents)
            self._insert_lines(self._line_end(start), lines)
        else:
            last = seq.value[-1]
            item_start = self._offset(last.start_mark)
            line_start = self.text.rfind("\n", 0, item_start) + 1
            prefix = self.text[line_start:item_start]
            dash = prefix.rfind("-")
            if dash < 0 or prefix[:dash].strip():
                raise EditError(f"{show_path(path)}: unusual list layout")
            column = len(prefix[:dash])
            inner = column + len(prefix) - dash if isinstance(last, yaml.MappingNode) else None
            at = self._after_comments(self._line_end(self._end(last)), column)
            if inner is not None and isinstance(last, yaml.MappingNode) and last.flow_style:
                # `- {id: B-1, ...}`: the new item is written the same way
                lines = [" " * column + "-" + " " * (inner - column - 1) + flow_mapping(item)]
            else:
                indents = self._indents()
                lines = item_lines(item, column, inner or column + indents[2], indents)
            self._insert_lines(at, lines)
        _container(self.expected, path).append(copy.deepcopy(item))

    def result(self) -> str:
        """The edited text, after proving it reads back as the intended data."""
        from r57cli.plan.planfile import load

        loaded = load("edit", self.text.encode("utf-8"))
        if loaded.data != self.expected or any(
            d.code.startswith("R57E0") for d in loaded.diagnostics
        ):
            raise EditError("the edited file would not read back as intended")
        return self.text

    # ------------------------------------------------------------------ positions

    def _root(self) -> yaml.Node:
        if _LONE_CR.search(self.text):
            # Offsets here count lines by "\n"; a file that breaks lines with "\r" alone is
            # left as it is rather than edited at the wrong places.
            raise EditError("the file ends its lines with CR alone; save it with LF or CRLF")
        try:
            node = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise EditError(f"the file does not parse: {exc}") from None
        if node is None:
            raise EditError("the file is empty")
        return node

    def _node(self, path: Path) -> yaml.Node:
        node = self._root()
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = _pair(node, part)
                if pair is None:
                    raise EditError(f"{show_path(path)}: no such key")
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    raise EditError(f"{show_path(path)}: no such item")
                node = node.value[part]
            else:
                raise EditError(f"{show_path(path)}: unexpected structure")
        return node

    def _in_flow(self, path: Path) -> bool:
        node = self._root()
        for part in path[:-1]:
            if isinstance(node, yaml.CollectionNode) and node.flow_style:
                return True
            node = _child(node, part)
        return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)

    def _offset(self, mark: Any) -> int:
        """Character offset of a libyaml mark, from its line and column (both in
        characters, whatever the C reader's index counts)."""
        line_start = 0
        for _ in range(mark.line):
            line_start = self.text.index("\n", line_start) + 1
        return line_start + int(mark.column)

    def _end(self, node: yaml.Node) -> int:
        """Where the node's own text ends: the last scalar of a block collection (a block
        collection's end mark is the next token, past blank lines and comments)."""
        while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, yaml.MappingNode) else last
        if isinstance(node, yaml.ScalarNode):
            return self._scalar_end(node)
        return self._offset(node.end_mark)

    def _scalar_end(self, node: yaml.ScalarNode) -> int:
        """Where the scalar's text ends. libyaml ends a block scalar (`|`, `>-`) at the next
        token, past the blank lines after it; unless it keeps them (`|+`), they are not its
        text but the file's spacing, and it ends with its last line that is not blank."""
        end = self._offset(node.end_mark)
        if node.style not in ("|", ">"):
            return end
        start = self._offset(node.start_mark)
        header = _BLOCK_HEADER.match(self.text, start)
        if header is None or "+" in header[0]:
            return end
        body = self.text[start:end].rstrip(" \t\r\n")
        return self._line_end(start + len(body))

    def _line_end(self, offset: int) -> int:
        """The start of the line after `offset` (a block scalar already ends there)."""
        if offset > 0 and self.text[offset - 1] == "\n":
            return offset
        nl = self.text.find("\n", offset)
        return len(self.text) if nl < 0 else nl + 1

    def _line_begin(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _after_comments(self, at: int, column: int) -> int:
        """Past the comment lines right after `at` that are indented deeper than `column`:
        they belong to what ends at `at` (a list item, a key's value), not to what comes
        after it, so whatever is added at `column` goes below them."""
        while at < len(self.text):
            end = self.text.find("\n", at) + 1 or len(self.text)
            line = self.text[at:end]
            body = line.lstrip(" ")
            if not body.startswith("#") or len(line) - len(body) <= column:
                break
            at = end
        return at

    def _indents(self) -> tuple[int, int, int]:
        """The file's mapping indent, how far a list's dash sits right of its key, and how far
        a list item's first key sits right of its dash (`- id:` 2, `-   id:` 4), from the first
        nested block mapping, block list and block list of mappings in the file (else 2)."""
        steps: list[int] = []
        dashes: list[int] = []
        gaps: list[int] = []
        queue: list[yaml.Node] = [self._root()]
        while queue and not (steps and dashes and gaps):
            node = queue.pop(0)
            if isinstance(node, yaml.SequenceNode):
                queue.extend(node.value)
            if not isinstance(node, yaml.MappingNode) or node.flow_style:
                continue
            for k, v in node.value:
                queue.append(v)
                if not isinstance(v, yaml.CollectionNode) or v.flow_style or not v.value:
                    continue
                if isinstance(v, yaml.MappingNode):
                    steps.append(v.value[0][0].start_mark.column - k.start_mark.column)
                else:
                    first = v.value[0]
                    dash_at = self.text.rfind("-", 0, self._offset(first.start_mark))
                    dash_column = dash_at - self._line_begin(dash_at)
                    dashes.append(dash_column - k.start_mark.column)
                    if isinstance(first, yaml.MappingNode) and not first.flow_style:
                        gaps.append(first.start_mark.column - dash_column)
        step = steps[0] if steps and steps[0] > 0 else 2
        dash = dashes[0] if dashes and dashes[0] >= 0 else 2
        gap = gaps[0] if gaps and gaps[0] >= 2 else 2
        return step, dash, gap

    # ------------------------------------------------------------------ text

    def _splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        block = self.newline.join(lines) + self.newline
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            # At the end of a file whose last line has no line break: still none after ours.
            block = self.newline + block[: -len(self.newline)]
        self._splice(at, at, block)

    def _flow_add(self, close: int, last_start: int | None, last_end: int, entry: str) -> None:
        """Add `entry` after the last entry of the flow collection closed at `close`; the
        last entry starts at `last_start` and ends at `last_end` (None: it is empty). One
        entry a line (the bracket on its own line) gets a line of its own; a trailing comma
        stays trailing."""
        if last_start is None:
            at = len(self.text[:close].rstrip())
            self._splice(at, at, entry)
            return
        comma = re.compile(r"\s*,").match(self.text, last_end)
        line = self._line_begin(last_start)
        if not self.text[self._line_begin(close) : close].strip() and not (
            self.text[line:last_start].strip()
        ):
            indent = self.text[line:last_start]
            new = indent + entry + ("," if comma else "")
            at = self._line_begin(close)
            self._splice(at, at, new + self.newline)
            if not comma:
                self._splice(last_end, last_end, ",")
        elif comma:
            self._splice(comma.end(), comma.end(), f" {entry},")
        else:
            self._splice(last_end, last_end, f", {entry}")

    def _add_key(
        self, mapping: yaml.MappingNode, key: str, value: Any, order: Sequence[str]
    ) -> None:
        if mapping.flow_style:
            if isinstance(value, list):
                raise EditError(f"cannot add the list '{key}' to a one-line mapping")
            close = self._offset(mapping.end_mark) - 1
            if self.text[close] != "}":
                raise EditError("cannot find the end of a one-line mapping")
            entry = f"{key}: {render_scalar(value, flow=True)}"
            if not mapping.value:
                self._flow_add(close, None, close, entry)
            else:
                k, v = mapping.value[-1]
                self._flow_add(close, self._offset(k.start_mark), self._end(v), entry)
            return
        if not mapping.value:
            raise EditError(f"cannot add '{key}' to an empty mapping")
        column = mapping.value[0][0].start_mark.column
        rank = {name: i for i, name in enumerate(order)}
        mine = rank.get(key, len(rank))
        before = [pair for pair in mapping.value if rank.get(pair[0].value, len(rank)) <= mine]
        if before:
            # After the key that comes last before it in `order`, wherever the file has it.
            last = max(reversed(before), key=lambda pair: rank.get(pair[0].value, len(rank)))
            at = self._after_comments(self._line_end(self._end(last[1])), column)
        else:
            at = self._line_begin(self._offset(mapping.value[0][0].start_mark))
        lines = value_lines(key, value, column, self._indents())
        if column == 0 and isinstance(value, list | dict) and _BLANK_BEFORE_KEY.search(self.text):
            lines.insert(0, "")  # the file separates its top-level sections with blank lines
        self._insert_lines(at, lines)


def _pair(mapping: yaml.MappingNode, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _child(node: yaml.Node, part: str | int) -> yaml.Node:
    if isinstance(node, yaml.MappingNode):
        pair = _pair(node, part)
        if pair is not None:
            return pair[1]
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        child: yaml.Node = node.value[part]
        return child
    raise EditError(f"no '{part}' here")


def _container(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data
