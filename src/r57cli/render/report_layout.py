"""The report's blocks (report_text.blocks) laid out as a terminal table or as Markdown,
with the heading and the footer (the legend, the commit, what could not be read)."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.render.report_cells import generated
from r57cli.render.report_text import Block, L, R, blocks, heading
from r57cli.render.table import format_table

# Above this many tasks the terminal report leads with what needs attention: the task
# table keeps the exceptions, and no table runs past this many rows (`--all` for every row;
# files, -o .md .csv .html .json, always have them all).
READABLE_ROWS = 200
EXCEPTIONS = ("overdue", "blocked", "behind_plan", "at_risk", "stale")


def render_table(doc: dict[str, Any], width: int | None = None, *, full: bool = True) -> str:
    title, span = heading(doc)
    parts = [f"{title}\n{span}\n"]
    shown = blocks(doc) if full else _readable(doc)
    for b in shown:
        if not b.title:  # a line that belongs to the table above
            parts.append(prose(b.text, width) + "\n")
            continue
        parts.append(f"\n{prose(b.title, width)}\n{'─' * min(len(b.title), 80, width or 80)}\n")
        if b.text:
            parts.append(prose(b.text, width) + "\n")
        elif b.rows:
            headers = b.headers if b.headers[0][0] else [("", L) for _ in b.headers]
            table = format_table(
                headers,
                b.rows,
                free=b.free,
                wrap_free=b.wrap,
                width=width,
                lead=b.lead,
                lead_col=b.lead_col,
            )
            if not b.headers[0][0]:
                table = table.split("\n", 1)[1]
            parts.append(table)
        else:
            parts.append(rsay("none") + "\n")
    parts.append("\n" + prose(_footer(doc), width) + "\n")
    return "".join(parts)


def prose(text: str, width: int | None) -> str:
    """Paragraphs wrapped to the terminal (a file or a pipe keeps them whole)."""
    if not width or width >= 1_000_000:
        return text
    return "\n".join(
        "\n".join(textwrap.wrap(line, max(width, 20), break_on_hyphens=False)) or line
        for line in text.split("\n")
    )


def _readable(doc: dict[str, Any]) -> list[Block]:
    """A national-size report as a person reads it in a terminal: the task table keeps the
    tasks that need attention, and every long table says how many rows it left out. Only
    the task rows shown are formatted (at national size, 200 of 10,000)."""
    tasks = doc["tasks"]
    if len(tasks) <= READABLE_ROWS:
        return blocks(doc)
    # the most serious first: by class in EXCEPTIONS' order, then the most days late
    rank = {
        t["id"]: (EXCEPTIONS.index(t["status"]), -t["days_late"], t["id"])
        for t in tasks
        if t["status"] in EXCEPTIONS
    }
    attention = sorted((t for t in tasks if t["id"] in rank), key=lambda t: rank[t["id"]])
    title = rsay("sec-tasks")
    out = []
    for b in blocks(doc, attention[:READABLE_ROWS]):
        rows, header, count = b.rows, b.title, len(b.rows)
        if header == title:
            count = len(attention)
            header = rsay("sec-tasks-attention", count=count, total=len(tasks))
        left = count - READABLE_ROWS
        if left > 0:
            rows = rows[:READABLE_ROWS]
        out.append(replace(b, title=header, rows=rows))
        if left > 0:
            out.append(Block("", [], [], text=rsay("rows-more", count=left)))
    return out


def _footer(doc: dict[str, Any]) -> str:
    rules = doc["rules"]
    text = rsay("legend", behind=rules["behind_plan_points"], early=rules["early_days"])
    text += "\n" + rsay("legend-no-report")
    if any("new" in t["flags"] for t in doc["tasks"]):
        text += "\n" + rsay("legend-new")
    text += "\n" + rsay("legend-ranking", min=rules["rank_min_judged"], top=rules["changes_top"])
    text += "\n" + generated(doc)
    if doc["unreadable_files"]:
        from r57cli.render.report_cells import unreadable_line

        text += "\n" + unreadable_line(doc)
    from r57cli.render.report_cells import config_line

    config = config_line(doc)
    return text + ("\n" + config if config else "")


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render_markdown(doc: dict[str, Any]) -> str:
    title, span = heading(doc)
    parts = [f"# {_md_cell(title)}\n\n{_md_cell(span)}\n"]
    for b in blocks(doc):
        parts.append(f"\n## {_md_cell(b.title)}\n\n")
        if b.text:
            parts.append("\n\n".join(_md_cell(line) for line in b.text.split("\n")) + "\n")
        elif b.rows:
            names = [h or " " for h, _ in b.headers]
            parts.append("| " + " | ".join(_md_cell(n) for n in names) + " |\n")
            parts.append("|" + "|".join("---:" if j == R else "---" for _, j in b.headers) + "|\n")
            for row in b.rows:
                parts.append("| " + " | ".join(_md_cell(c) for c in row) + " |\n")
        else:
            parts.append(f"_{rsay('none')}_\n")
    parts.append("\n" + "\n\n".join(_md_cell(x) for x in _footer(doc).split("\n")) + "\n")
    return "".join(parts)
