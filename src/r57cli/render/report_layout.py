"""The report's blocks (report_text.blocks) laid out as a terminal table or as Markdown,
with the heading and the footer (the legend, the commit, what could not be read)."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.render.report_text import L, R, blocks, heading
from r57cli.render.table import format_table


def render_table(doc: dict[str, Any], width: int | None = None) -> str:
    title, span = heading(doc)
    parts = [f"{title}\n{span}\n"]
    for b in blocks(doc):
        parts.append(f"\n{b.title}\n{'─' * min(len(b.title), 80)}\n")
        if b.text:
            parts.append(b.text + "\n")
        elif b.rows:
            headers = b.headers if b.headers[0][0] else [("", L) for _ in b.headers]
            table = format_table(headers, b.rows, free=b.free, wrap_free=b.wrap, width=width)
            if not b.headers[0][0]:
                table = table.split("\n", 1)[1]
            parts.append(table)
        else:
            parts.append(rsay("none") + "\n")
    parts.append("\n" + _footer(doc) + "\n")
    return "".join(parts)


def _footer(doc: dict[str, Any]) -> str:
    rules = doc["rules"]
    text = rsay("legend", behind=rules["behind_plan_points"], early=rules["early_days"])
    text += "\n" + rsay("legend-ranking", min=rules["rank_min_judged"], top=rules["changes_top"])
    text += "\n" + rsay("generated", sha=(doc["period"]["commit_end"] or doc["commit"])[:12])
    if doc["unreadable_files"]:
        text += "\n" + rsay(
            "unreadable",
            count=doc["unreadable_files"],
            commit=(doc["period"]["commit_end"] or "")[:12],
        )
    return text


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
