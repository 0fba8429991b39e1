"""The HTML report's picture of slip: for each task whose schedule moved, its current bar
(start to due) with the baseline bar drawn under it, Gantt-style, the days it slipped
past the baseline in red. Inline SVG with fixed coordinates: the same document gives the
same bytes. And the products delivered, their http(s) evidence as links."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.locale.reportwords import enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.svg import esc, n

MOST = 60  # tasks drawn at most, the most slipped first
WIDTH, LABEL, ROW = 400, 92, 34
CURRENT, BASELINE, SLIP, UNAPPROVED = "#1d4ed8", "#9ca3af", "#b91c1c", "#b45309"


def moved(doc: dict[str, Any]) -> list[dict[str, Any]]:
    tasks = [
        t
        for t in doc["tasks"]
        if t.get("slip_days") or t.get("reschedules") or t.get("moved_without_approval")
    ]
    tasks.sort(key=lambda t: (-abs(t.get("slip_days") or 0), t["id"]))
    return tasks[:MOST]


def baseline_bars(doc: dict[str, Any]) -> list[str]:
    tasks = moved(doc)
    if not tasks:
        return []
    days = [
        date.fromisoformat(t[k])
        for t in tasks
        for k in ("start", "due", "baseline_start", "baseline_due")
        if t.get(k)
    ]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    inner = WIDTH - LABEL - 12

    def x(day: str) -> float:
        return LABEL + inner * (date.fromisoformat(day) - first).days / span

    height = 24 + ROW * len(tasks)
    title, desc = rsay("baseline-bars"), rsay("baseline-bars-desc", count=len(tasks))
    out = [
        f'<svg id="baseline" class="chart gantt" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-labelledby="baseline-t baseline-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="baseline-t">{esc(title)}</title>',
        f'<desc id="baseline-d">{esc(desc)}</desc>',
        f'<text x="{LABEL}" y="12" font-size="10" fill="#5b6472">{esc(fmt_date(first.isoformat()))}'
        "</text>",
        f'<text x="{WIDTH - 12}" y="12" font-size="10" fill="#5b6472" text-anchor="end">'
        f"{esc(fmt_date(last.isoformat()))}</text>",
    ]
    for i, t in enumerate(tasks):
        top = 20 + ROW * i
        start, due = x(t["start"]), x(t["due"])
        b_start = x(t.get("baseline_start") or t["start"])
        b_due = x(t.get("baseline_due") or t["due"])
        colour = UNAPPROVED if t.get("moved_without_approval") else CURRENT
        label = f"{t['id']} {(t.get('slip_days') or 0):+d}d"
        out.append(f'<g class="task" data-task="{esc(t["id"])}">')
        out.append(f'<text x="0" y="{n(top + 14)}" font-size="12">{esc(label)}</text>')
        out.append(
            f'<rect class="current" x="{n(start)}" y="{n(top + 2)}" '
            f'width="{n(max(due - start, 1))}" height="13" fill="{colour}">'
            f"<title>{esc(fmt_date(t['start']))} → {esc(fmt_date(t['due']))}</title></rect>"
        )
        if due > b_due:
            out.append(
                f'<rect class="slip" x="{n(max(b_due, start))}" y="{n(top + 2)}" '
                f'width="{n(due - max(b_due, start))}" height="13" fill="{SLIP}"/>'
            )
        out.append(
            f'<rect class="baseline" x="{n(b_start)}" y="{n(top + 17)}" '
            f'width="{n(max(b_due - b_start, 1))}" height="8" fill="{BASELINE}">'
            f"<title>{esc(fmt_date(t.get('baseline_start') or t['start']))} → "
            f"{esc(fmt_date(t.get('baseline_due') or t['due']))}</title></rect>"
        )
        out.append("</g>")
    out.append("</svg>")
    caption = f"<figcaption>{esc(title)}. {esc(rsay('baseline-bars-legend'))}</figcaption>"
    return ['<figure class="gantt">', *out, caption, "</figure>"]


def delivered_table(doc: dict[str, Any]) -> list[str]:
    """The products delivered, each piece of evidence a link when it is an http(s) URL."""
    lang = doc["language"]
    heads = ("col-task", "col-unit", "col-deliverable", "col-completed", "col-evidence")
    out = ['<div class="wrap">', "<table>", "<thead><tr>"]
    out += [f'<th scope="col">{esc(rsay(h))}</th>' for h in heads]
    out += ["</tr></thead>", "<tbody>"]
    unit, kind, day, proof = (f' data-label="{esc(rsay(h))}"' for h in heads[1:])
    for d in doc["delivered"]:
        completed = fmt_date(d["completed"])
        if d["recorded"]:
            completed += " " + rsay("claimed-short", date=fmt_date(d["recorded"]))
        evidence = "<br>".join(_evidence(e) for e in d["evidence"]) or esc(rsay("no-evidence"))
        out.append(
            f'<tr><td class="free"><strong>{esc(d["task"])}</strong>'
            f'<span class="ttl">{esc(d["title"][lang])}</span></td>'
            f"<td{unit}>{esc(d['unit'])}</td><td{kind}>{esc(_deliverable(d))}</td>"
            f"<td{day}>{esc(completed)}</td><td{proof}>{evidence}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _evidence(text: str) -> str:
    lower = text.lower()
    if (lower.startswith("https://") or lower.startswith("http://")) and " " not in text:
        return f'<a href="{esc(text)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def _deliverable(d: dict[str, Any]) -> str:
    return enum_word("deliverable", d["deliverable"]) if d["deliverable"] else ""
