"""Plain-text tables for the read-only views. Every column keeps its full width except one
free-text column, which is cut with an ellipsis (or wrapped) to fit the terminal. Widths are
counted in terminal cells (rich.cells), so Vietnamese diacritics keep the columns aligned.
When even the fixed columns do not fit (a 13-column report in an 80-column terminal), each
row becomes a short record instead: its first cell and its free text on one line, then its
other cells as "column: value" pairs, wrapped to the width. Nothing is cut or dropped.

rich's Table was tried first: when a row is wider than the terminal it shrinks fixed
columns to nothing and silently drops them (an ID column vanished at 80 columns).
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

from rich.cells import cell_len, set_cell_size

GAP = "  "
NBSP = "\u00a0"
MIN_FREE = 16  # the free column is never narrower; below that, rows become records


PIPED = 80  # the width when output goes to a pipe or a file and COLUMNS is not set
UNLIMITED = 1_000_000  # --wide, and files written with -o: one line per row, nothing cut


def terminal_width() -> int:
    """COLUMNS when set; else the terminal's width; else (a pipe, a file) 80 columns."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return PIPED


def fit(text: str, width: int | None = None) -> str:
    """A message's paragraphs wrapped to the terminal (80 columns piped; a path or a
    command is never broken)."""
    width = width or terminal_width()
    if width >= UNLIMITED:
        return text
    return "\n".join(
        "\n".join(
            textwrap.wrap(line, max(width, 20), break_long_words=False, break_on_hyphens=False)
        )
        or line
        for line in text.split("\n")
    )


def format_table(
    headers: list[tuple[str, str]],
    rows: list[list[str]],
    *,
    free: int,
    wrap_free: bool = False,
    width: int | None = None,
    lead: dict[str, str] | None = None,
    lead_col: int = 0,
) -> str:
    """`headers` are (title, "left"|"right"); column `free` takes what width is left.
    With `lead` (titles by task ID), a row's record, when the table does not fit, is headed
    by its column `lead_col` (the task) and that task's title, and every other column,
    `free` too, is a field: a task table whose first column is not the task still reads
    task by task."""
    width = width or terminal_width()
    # Each cell's width is measured once: a national report has 10,000 rows.
    cell_widths = [[_widest(cell) for cell in row] for row in rows]
    widths = [
        max([cell_len(title)] + [cw[i] for cw in cell_widths])
        for i, (title, _) in enumerate(headers)
    ]
    fixed = sum(w for i, w in enumerate(widths) if i != free) + len(GAP) * (len(headers) - 1)
    if fixed + MIN_FREE > width and len(headers) > 2:
        if lead is not None:
            return _records(headers, rows, lead_col, width, lead)
        return _records(headers, rows, free, width)
    widths[free] = max(min(widths[free], width - fixed), MIN_FREE)
    lines = [_line([t for t, _ in headers], headers, widths)]
    right = [justify == "right" for _, justify in headers]
    for row, cw in zip(rows, cell_widths, strict=True):
        if cw[free] <= widths[free] and not any("\n" in cell for cell in row):
            # One line, nothing to cut: pad with the widths already measured.
            parts = [
                " " * (w - c) + cell if r else cell + " " * (w - c)
                for cell, c, w, r in zip(row, cw, widths, right, strict=True)
            ]
            lines.append(GAP.join(parts).rstrip())
            continue
        cells = [cell.split("\n") for cell in row]
        if wrap_free:
            cells[free] = [  # never at a hyphen: --accept-rewritten stays one word to copy
                part
                for para in cells[free]
                for part in (textwrap.wrap(para, widths[free], break_on_hyphens=False) or [""])
            ]
        else:
            cells[free] = [_cut(" ".join(cells[free]), widths[free])]
        height = max(len(c) for c in cells)
        for k in range(height):
            lines.append(_line([c[k] if k < len(c) else "" for c in cells], headers, widths))
    return "\n".join(lines) + "\n"


def _records(
    headers: list[tuple[str, str]],
    rows: list[list[str]],
    free: int,
    width: int,
    lead: dict[str, str] | None = None,
) -> str:
    """Each row as a record that fits `width`: "T-001  Roadmap for 2G switch-off" (the
    first cell and the free text, wrapped; with `lead`, column `free` and its title from
    `lead`), then the other cells as "column: value" pairs, indented and wrapped. The
    first line is empty, where a table has its header."""
    width = max(width, 20)
    titles = [t for t, _ in headers]
    lines = [""]
    for row in rows:
        if lead is not None:
            head = " ".join(p for p in (row[free], lead.get(row[free], "")) if p)
        else:
            head = " ".join(p for p in (row[0], row[free] if free != 0 else "") if p)
        lines += _wrap(head.replace("\n", " "), width, "", "  ")
        # A label never parts from the first word of its value (no break spaces while
        # wrapping); the value itself may wrap.
        pairs = [
            (f"{titles[i]}: ".replace(" ", NBSP) + cell.replace("\n", " ").replace(" ", NBSP, 1))
            if titles[i]
            else cell.replace("\n", " ")
            for i, cell in enumerate(row)
            if i not in ((free,) if lead is not None else (0, free)) and cell.strip()
        ]
        text = ("\u00a0· ").join(pairs)
        lines += [line.replace(NBSP, " ") for line in _wrap(text, width, "  ", "  ")]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    if not text:
        return []
    out = textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )
    # textwrap counts characters; a wide character (CJK) could still overflow: cut it.
    return [_cut(line, width) for line in out]


def _line(cells: list[str], headers: list[tuple[str, str]], widths: list[int]) -> str:
    parts = []
    for cell, (_, justify), w in zip(cells, headers, widths, strict=True):
        cell = _cut(cell, w)
        pad = " " * (w - _width(cell))
        parts.append(pad + cell if justify == "right" else cell + pad)
    return GAP.join(parts).rstrip()


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _widest(text: str) -> int:
    if "\n" not in text:
        return _width(text)
    return max((_width(line) for line in text.split("\n")), default=0)
