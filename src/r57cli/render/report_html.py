"""The report as one self-contained HTML page to send up the chain: key figures, charts as
inline SVG, and the same sections as the table and Markdown formats (report_text.blocks).

No scripts and nothing fetched: the file reads the same offline, on a phone and on paper.
Output is deterministic and line-oriented (a table row or an SVG element per line) so two
weeks' pages diff well. Every text goes through html.escape: titles and notes are user text."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.render import report_gantt, svg
from r57cli.render.memberwords import uword
from r57cli.render.report_cells import generated
from r57cli.render.report_htmlprint import PRINT_CSS
from r57cli.render.report_text import (
    Block,
    R,
    blocks,
    decimal,
    heading,
    pct,
    ratio,
    signed,
    status_text,
)
from r57cli.render.svg import esc

SECTIONS = (
    "sec-summary",
    "sec-changes",
    "sec-changes-status",
    "sec-changes-completed",
    "sec-changes-blockers",
    "sec-changes-requests",
    "sec-changes-moves",
    "sec-changes-units",
    "sec-units",
    "sec-trend",
    "sec-tasks",
    "sec-blockers",
    "sec-requests",
    "sec-waiting",
    "sec-co",
    "sec-moved",
    "sec-extensions",
    "sec-unapproved",
    "sec-delivered",
    "sec-early",
    "sec-overdue",
    "sec-silent",
    "sec-late",
    "sec-late-after",
    "sec-notes",
    "sec-removed",
)

CSS = """\
:root{--ink:#1f2937;--muted:#5b6472;--line:#e2e6ec;--bg:#f3f5f8;--accent:#0b4f8a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",\
"Liberation Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:var(--accent);color:#fff;padding:20px 24px}
header.top>*{max-width:1400px;margin-left:auto;margin-right:auto}
.plan{margin:0 0 6px;font-size:.9rem;opacity:.92}
h1{margin:0;font-size:1.55rem;line-height:1.25}
.span{margin:4px 0 0;font-size:1rem}
nav{max-width:1400px;margin:12px auto 0;padding:0 16px;font-size:.85rem}
nav a{display:inline-block;margin:0 12px 4px 0}
main{max-width:1400px;margin:0 auto;padding:12px 16px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;\
margin:0 0 16px;box-shadow:0 1px 3px rgba(15,23,42,.06)}
h2{font-size:1.15rem;margin:0 0 12px;line-height:1.3}
h3{font-size:1rem;margin:0 0 8px}
a{color:var(--accent)}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;\
margin:0 0 18px}
.figure{border:1px solid var(--line);border-top:4px solid var(--c,var(--accent));\
border-radius:6px;padding:10px 12px}
.figure .value{font-size:1.9rem;font-weight:700;line-height:1.15;\
font-variant-numeric:tabular-nums}
.figure .label{display:block;color:var(--muted);font-size:.85rem}
.figure .label::first-letter{text-transform:uppercase}
.figure .sub{display:block;color:var(--muted);font-size:.8rem}
.figure.alert .value{color:var(--c)}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{padding:6px;border-bottom:1px solid var(--line);text-align:left;\
vertical-align:top;white-space:nowrap}
th{background:#eef2f7;font-weight:600;vertical-align:bottom;white-space:normal}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
td.free{white-space:normal;min-width:13em;max-width:30em}
.ttl{display:block;color:var(--muted);font-size:.8rem;line-height:1.35}
td.note{white-space:pre-line;min-width:20em}
tbody tr:nth-child(even){background:#f9fafb}
tr:target{outline:2px solid var(--accent)}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;background:var(--c);\
color:var(--t);font-size:.8rem;font-weight:600}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:8px 0;\
font-size:.85rem}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;background:var(--c);\
margin-right:6px;vertical-align:-1px}
.ln{display:inline-block;width:24px;height:0;border-top:3px solid;margin-right:6px;\
vertical-align:middle}
.ln.dashed{border-top-style:dashed}
.ln.dotted{border-top-style:dotted}
.chart{display:block;width:100%;height:auto}
.chart text{font-size:12px}
.chart text.lbl{fill:#374151}
.chart text.axis{font-size:11px;fill:#5b6472}
.chart text.strong{font-weight:700}
.chart.wide text.lbl{font-size:14px}
.chart text.end{font-size:11px;font-weight:700}
.chart text.seg{font-size:11px;font-weight:600}
.chart.wide{min-width:560px;max-width:960px}
.chart.trend{min-width:520px;max-width:960px}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
figure{margin:0}
.multiple{border:1px solid var(--line);border-radius:6px;padding:8px 8px 4px}
figcaption{font-size:.85rem;line-height:1.35;margin-bottom:4px;min-height:3.5em}
figcaption .now{display:block;color:var(--muted)}
.behind{color:#b42318;font-weight:600}
.none{color:var(--muted);font-style:italic;margin:0}
section p{margin:0 0 6px}
footer{max-width:1400px;margin:0 auto;padding:0 16px 24px;color:var(--muted);font-size:.8rem}
footer p{margin:0 0 6px}
@media (max-width:600px){
body{font-size:14px}
header.top{padding:14px 16px}
h1{font-size:1.2rem}
nav,main{padding-left:8px;padding-right:8px}
nav{display:flex;flex-wrap:wrap;gap:2px 12px}
nav a{margin:0}
section{padding:12px;border-radius:6px}
.figures{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
.figure .value{font-size:1.5rem}
.chart.wide,.chart.trend{min-width:0}
.chart.wide text.lbl,.chart.wide text.seg,.chart.wide text.end{font-size:16px}
.chart.wide text.axis,.chart.trend text.axis{font-size:17px}
.wrap{overflow-x:visible}
.wrap table,.wrap tbody,.wrap tr,.wrap td{display:block;width:100%}
.wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.wrap tr{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;padding:4px 8px}
.wrap td{display:flex;justify-content:space-between;gap:12px;border:0;padding:3px 0;\
white-space:normal;text-align:right;min-width:0;max-width:none;overflow-wrap:anywhere}
.wrap td::before{content:attr(data-label);color:var(--muted);font-weight:600;\
text-align:left;flex:0 0 40%}
.wrap td.free,.wrap td.note{display:block;text-align:left}
.wrap td.free::before,.wrap td.note::before{display:block}
}
@media screen and (prefers-color-scheme:dark){
:root{--ink:#e5e7eb;--muted:#a3acb9;--line:#334155;--bg:#0f172a;--accent:#7cb7f5}
header.top{background:#0b3a66}
section,.figure,.multiple{background:#111c2f}
th{background:#1c2a40}
tbody tr:nth-child(even){background:#15233a}
.chart text.lbl,.chart text.axis{fill:#cbd5e1}
.behind{color:#ff8a80}
}
"""


def render_html(doc: dict[str, Any]) -> str:
    lang = doc["language"]
    title, span = heading(doc)
    plan = doc["plan"]
    plan_title = plan["title"].get(lang) or plan["title"].get("en") or ""
    plan_line = " · ".join(x for x in (str(plan.get("symbol") or ""), plan_title) if x)
    keys = {rsay(k): k for k in SECTIONS}
    found = [(b.key or keys.get(b.title, "sec-other"), b) for b in blocks(doc)]
    body: list[str] = []
    for key, b in found:
        body += _section(doc, key, b)
    page_head = _css_string(f"{plan.get('symbol') or plan_title} · {title} · {span}")
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{"vi" if lang == "vi" else "en"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            f'<meta name="generator" content="r57 report {esc(doc["r57_report"])}">',
            f"<title>{esc(title)} · {esc(plan.get('symbol') or plan_title)}</title>",
            "<style>",
            CSS + PRINT_CSS + _status_css(),
            "@page{@top-left{content:" + page_head + ";font-size:8pt;color:#555}",
            '@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt;color:#555}}',
            "</style>",
            "</head>",
            "<body>",
            '<header class="top">',
            f'<p class="plan">{esc(plan_line)}</p>',
            f"<h1>{esc(title)}</h1>",
            f'<p class="span">{esc(span)}</p>',
            "</header>",
            "<nav>",
            *(f'<a href="#{k[4:]}">{esc(t)}</a>' for k, t in _nav(doc, found)),
            "</nav>",
            "<main>",
            *body,
            "</main>",
            *_footer(doc),
            "</body>",
            "</html>",
            "",
        ]
    )


def _nav(doc: dict[str, Any], found: list[tuple[str, Block]]) -> list[tuple[str, str]]:
    out = []
    for key, b in found:
        out.append((key, b.title))
        if key == "sec-units":
            out.append(("sec-burnup", uword(doc, "sec-burnup")))
    return out


def _status_css() -> str:
    return "".join(f".s-{c}{{--c:{f};--t:{t}}}\n" for c, (f, t) in svg.STATUS_COLOURS.items())


def _css_string(text: str) -> str:
    """A CSS string literal that no text can break out of: all but letters, digits and
    spaces as hexadecimal escapes."""
    return (
        '"'
        + "".join(
            ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} " for ch in text
        )
        + '"'
    )


def _section(doc: dict[str, Any], key: str, b: Block) -> list[str]:
    out = [f'<section id="{key[4:]}">', f"<h2>{esc(b.title)}</h2>"]
    if key == "sec-summary":
        out += _figures(doc) + svg.status_chart(doc)
    elif key == "sec-units":
        out += _table(doc, b)
        out.append("</section>")
        out += [
            '<section id="burnup">',
            f"<h2>{esc(uword(doc, 'sec-burnup'))}</h2>",
            *svg.burnup(doc),
        ]
    elif key == "sec-trend":
        out += svg.trend(doc) + _table(doc, b)
    elif key == "sec-moved":
        out += report_gantt.baseline_bars(doc) + (_table(doc, b) if b.rows else [])
    elif key == "sec-delivered":
        out += report_gantt.delivered_table(doc)
    elif b.text:
        out += [f"<p>{esc(line)}</p>" for line in b.text.split("\n")]
    elif b.rows:
        out += _table(doc, b)
    else:
        out.append(f'<p class="none">{esc(rsay("none"))}</p>')
    out.append("</section>")
    return out


def _table(doc: dict[str, Any], b: Block) -> list[str]:
    """A block as a table; in the task table each title goes under its task ID, and the
    status is a coloured badge."""
    tasks = {t["id"]: t for t in doc["tasks"]}
    names = [h for h, _ in b.headers]
    task_col = names.index(rsay("col-task")) if rsay("col-task") in names else -1
    main = b.title == rsay("sec-tasks")
    badge_col = names.index(rsay("col-status")) if main else -1
    classes = [
        "note" if j == b.free and b.wrap else "free" if j == b.free else "num" if a == R else ""
        for j, (_, a) in enumerate(b.headers)
    ]
    keep = [j for j in range(len(names)) if not (main and j == b.free)]
    head = "".join(
        f'<th scope="col"{_cls("num" if classes[j] == "num" else "")}>{esc(names[j])}</th>'
        for j in keep
    )
    out = ['<div class="wrap">', "<table>"]
    if any(names):
        out.append(f"<thead><tr>{head}</tr></thead>")
    out.append("<tbody>")
    for row in b.rows:
        cells = []
        for j in keep:
            cell, cls = row[j], classes[j]
            text = esc(cell)
            if main and j == task_col:
                text = f'<strong>{text}</strong><span class="ttl">{esc(row[b.free])}</span>'
                cls = "free"
            elif j == task_col and cell in tasks:
                text = f'<a href="#task-{esc(cell)}">{text}</a>'
            if j == badge_col and row[0] in tasks:
                text = _badge(tasks[row[0]]["status"], status_text(tasks[row[0]]))
            label = f' data-label="{esc(names[j])}"' if names[j] else ""
            cells.append(f"<td{_cls(cls)}{label}>{text}</td>")
        anchor = f' id="task-{esc(row[0])}"' if main else ""
        out.append(f"<tr{anchor}>{''.join(cells)}</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _cls(name: str) -> str:
    return f' class="{name}"' if name else ""


def _badge(status: str, text: str) -> str:
    cls = status if status in svg.STATUS_COLOURS else "none"
    return f'<span class="badge s-{cls}">{esc(text)}</span>'


def _figures(doc: dict[str, Any]) -> list[str]:
    t = doc["totals"]
    delay = t["avg_delay_days"]
    items = [
        ("tasks", rsay("col-tasks"), str(t["tasks"]), f"{rsay('col-done')}: {t['done']}", ""),
        (
            "avg_pct_end",
            rsay("col-avg-pct"),
            pct(t["avg_pct_end"]),
            f"{rsay('planned')} {pct(t['avg_planned_pct_end'])} · {signed(t['avg_pct_change'])}",
            "",
        ),
        (
            "on_time_rate",
            rsay("col-on-time"),
            ratio(t["on_time_rate"]) or "–",
            f"{t['on_time']}/{t['due_or_done']}",
            "",
        ),
        (
            "reported_share",
            rsay("col-reported"),
            ratio(t["reported_share"]) or "–",
            f"{t['reported']}/{t['active']}",
            "",
        ),
        ("no_report", rsay("col-no-report"), str(t.get("no_report", 0)), "", "stale"),
        ("overdue", rsay("overdue"), str(t["counts"]["overdue"]), "", "overdue"),
        ("blocked", rsay("blocked"), str(t["counts"]["blocked"]), "", "blocked"),
        (
            "avg_delay_days",
            rsay("col-delay-days"),
            "–" if delay is None else decimal(delay),
            "",
            "",
        ),
    ]
    out = ['<div class="figures">']
    for key, label, value, sub, cls in items:
        alert = " alert" if cls and value != "0" else ""
        out.append(
            f'<div class="figure{f" s-{cls}" if cls else ""}{alert}" data-key="{key}">'
            f'<span class="value">{esc(value)}</span><span class="label">{esc(label)}</span>'
            + (f'<span class="sub">{esc(sub)}</span>' if sub else "")
            + "</div>"
        )
    out.append("</div>")
    return out


def _footer(doc: dict[str, Any]) -> list[str]:
    rules = doc["rules"]
    lines = [
        rsay("legend", behind=rules["behind_plan_points"], early=rules["early_days"]),
        rsay("legend-no-report"),
        rsay("legend-ranking", min=rules["rank_min_judged"], top=rules["changes_top"]),
        generated(doc),
    ]
    if any("new" in t["flags"] for t in doc["tasks"]):
        lines.insert(1, rsay("legend-new"))
    if doc["unreadable_files"]:
        from r57cli.render.report_cells import unreadable_line

        lines.append(unreadable_line(doc))
    from r57cli.render.report_cells import config_line

    lines += [x for x in (config_line(doc),) if x]
    return ["<footer>", *(f"<p>{esc(x)}</p>" for x in lines), "</footer>"]
