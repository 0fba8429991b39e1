"""The HTML report's charts as inline SVG: generic stacked bars and line charts, and the
report's three charts built from its JSON document (status overview, plan-vs-actual burn-up
per unit, trend). Plain markup with one element per line and numbers rounded to one decimal,
so the same data always gives the same bytes. No scripts and no external references; colours
are given as attributes so a chart keeps them when copied out."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from r57cli.locale.reportwords import CLASSES, rsay
from r57cli.render.memberwords import uword
from r57cli.render.periodname import period_name
from r57cli.render.report_text import pct

# (fill, text on it): one colour per status class, shared by badges, legend and charts.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("#b42318", "#ffffff"),
    "blocked": ("#6d28d9", "#ffffff"),
    "behind_plan": ("#c2410c", "#ffffff"),
    "at_risk": ("#f59e0b", "#1f2937"),
    "stale": ("#78716c", "#ffffff"),
    "not_started": ("#cbd5e1", "#1f2937"),
    "on_track": ("#1d4ed8", "#ffffff"),
    "done_early": ("#065f46", "#ffffff"),
    "done_on_time": ("#15803d", "#ffffff"),
    "done_late": ("#a3c76b", "#1f2937"),
    "cancelled": ("#e5e7eb", "#374151"),
}
ACTUAL, PLANNED, ON_TIME, REPORTED = "#1d4ed8", "#6b7280", "#047857", "#b45309"


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def n(x: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _open(chart_id: str, title: str, desc: str, width: int, height: int, cls: str) -> list[str]:
    i = esc(chart_id)
    return [
        f'<svg id="{i}" class="chart {cls}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{i}-t {i}-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{i}-t">{esc(title)}</title>',
        f'<desc id="{i}-d">{esc(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    c = f' class="{cls}"' if cls else ""
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{n(x)}" y="{n(y)}"{a}{c}>{esc(text)}</text>'


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------- stacked bars


@dataclass(frozen=True)
class Bar:
    label: str
    counts: Sequence[tuple[str, str, int]]  # (class, its name, count), in legend order
    strong: bool = False


def stacked_bars(
    chart_id: str, title: str, desc: str, bars: Sequence[Bar], colours: dict[str, tuple[str, str]]
) -> str:
    """One 100% bar per row, a segment per class with its count inside when it fits, and the
    row's total at the right end."""
    width, label_w, x0, bar_w, row, bar_h = 720, 150, 158, 512, 28, 20
    height = row * len(bars) + 8
    lines = _open(chart_id, title, desc, width, height, "wide")
    for k, bar in enumerate(bars):
        y = 4 + k * row
        total = sum(c for _, _, c in bar.counts)
        lines.append(
            _text(
                label_w, y + 14.5, _cut(bar.label, 20), "lbl strong" if bar.strong else "lbl", "end"
            )
        )
        if not total:
            lines.append(
                f'<rect x="{x0}" y="{y}" width="{bar_w}" height="{bar_h}" fill="none" '
                f'stroke="#cbd5e1"/>'
            )
        done = 0
        for cls, name, count in bar.counts:
            if not count:
                continue
            left = x0 + bar_w * done / total
            done += count
            right = x0 + bar_w * done / total
            fill, ink = colours.get(cls, ("#9ca3af", "#111827"))
            lines.append(
                f'<rect x="{n(left)}" y="{y}" width="{n(right - left)}" height="{bar_h}" '
                f'fill="{fill}" stroke="#ffffff" stroke-width="1">'
                f"<title>{esc(bar.label)}: {esc(name)} {count}</title></rect>"
            )
            if right - left >= 8 + 7 * len(str(count)):
                lines.append(
                    f'<text x="{n((left + right) / 2)}" y="{n(y + 14.5)}" text-anchor="middle" '
                    f'class="seg" fill="{ink}">{count}</text>'
                )
        lines.append(
            _text(x0 + bar_w + 8, y + 14.5, str(total), "lbl strong" if bar.strong else "lbl")
        )
    lines.append("</svg>")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- line charts


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str
    dash: str = ""  # a stroke-dasharray, e.g. "6 4"
    markers: bool = True


@dataclass(frozen=True)
class Frame:
    """The size and margins of a line chart, in viewBox units."""

    width: int
    height: int
    left: int = 36
    right: int = 44
    top: int = 10
    bottom: int = 24
    grid: tuple[int, ...] = (0, 25, 50, 75, 100)
    max_labels: int = 8
    cls: str = ""


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    xlabels: Sequence[tuple[str, str]],  # (short label on the axis, full label for hover)
    series: Sequence[Series],
    frame: Frame,
    fmt: Callable[[float], str],
) -> str:
    """Lines on a 0-100 scale over the periods, a dot per value with its figure on hover, and
    each line's last value at its right end."""
    f = frame
    plot_w, plot_h = f.width - f.left - f.right, f.height - f.top - f.bottom
    count = len(xlabels)

    def x(i: int) -> float:
        return f.left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y(v: float) -> float:
        return f.top + plot_h * (1 - min(max(v, 0.0), 100.0) / 100)

    lines = _open(chart_id, title, desc, f.width, f.height, f.cls)
    for g in f.grid:
        cls = "base" if g == 0 else "grid"
        lines.append(
            f'<line x1="{f.left}" y1="{n(y(g))}" x2="{f.width - f.right}" y2="{n(y(g))}" '
            f'class="{cls}" stroke="{"#9ca3af" if g == 0 else "#e5e7eb"}" stroke-width="1"/>'
        )
        lines.append(_text(f.left - 5, y(g) + 4, f"{g}%", "axis", "end"))
    for i in _ticks(count, f.max_labels):
        lines.append(_text(x(i), f.height - 6, xlabels[i][0], "axis", "middle"))
    ends: list[tuple[float, float, str, str]] = []
    dot = "3.5" if count <= 12 else "2.5" if count <= 26 else "1.5"
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        for run in _runs(s.values):
            points = " ".join(f"{n(x(i))},{n(y(v))}" for i, v in run)
            lines.append(
                f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
            )
        for i, v in enumerate(s.values):
            if v is not None and (s.markers or count == 1):
                lines.append(
                    f'<circle cx="{n(x(i))}" cy="{n(y(v))}" r="{dot}" fill="{s.colour}">'
                    f"<title>{esc(xlabels[i][1])}, {esc(s.name)}: {esc(fmt(v))}</title></circle>"
                )
        last = next(((i, v) for i, v in reversed(list(enumerate(s.values))) if v is not None), None)
        if last is not None:
            ends.append((y(last[1]) + 4, x(last[0]) + 6, fmt(last[1]), s.colour))
    for ty, tx, label, colour in _spread(ends, 12):
        lines.append(
            f'<text x="{n(tx)}" y="{n(ty)}" class="end" fill="{colour}">{esc(label)}</text>'
        )
    lines.append("</svg>")
    return "\n".join(lines)


def _ticks(count: int, most: int) -> list[int]:
    if count <= most:
        return list(range(count))
    if most <= 2:
        return [0, count - 1]
    step = math.ceil(count / most)
    return sorted(i for i in range(count) if (count - 1 - i) % step == 0)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The unbroken stretches of a series (a missing value breaks the line)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if len(r) > 1]


def _spread(
    labels: list[tuple[float, float, str, str]], gap: float
) -> list[tuple[float, float, str, str]]:
    """End labels moved apart vertically so that none overlaps the one above it."""
    out: list[tuple[float, float, str, str]] = []
    for ty, tx, label, colour in sorted(labels, key=lambda e: (e[0], e[2])):
        if out and ty - out[-1][0] < gap:
            ty = out[-1][0] + gap
        out.append((ty, tx, label, colour))
    return out


# ---------------------------------------------------------------------------- the report's charts


def status_chart(doc: dict[str, Any]) -> list[str]:
    def counts(u: dict[str, Any]) -> list[tuple[str, str, int]]:
        return [(c, rsay(c), int(u["counts"].get(c, 0))) for c in CLASSES]

    bars = [Bar(uword(doc, "col-total"), counts(doc["totals"]), strong=True)]
    bars += [Bar(str(u["id"]), counts(u)) for u in doc["units"]]
    totals = doc["totals"]["counts"]
    desc = ", ".join(f"{rsay(c)}: {totals.get(c, 0)}" for c in CLASSES)
    chart = stacked_bars("chart-status", rsay("sec-status"), desc, bars, STATUS_COLOURS)
    legend = [
        f'<li><span class="sw s-{c}"></span>{esc(rsay(c))} ({totals.get(c, 0)})</li>'
        for c in CLASSES
    ]
    return [
        f"<h3>{esc(rsay('sec-status'))}</h3>",
        '<div class="wrap">',
        chart,
        "</div>",
        '<ul class="legend">',
        *legend,
        "</ul>",
    ]


def _xlabels(doc: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for p in doc["periods"]:
        pid = str(p["id"])
        short = (
            pid[5:]
            if p["kind"] == "week"
            else pid[5:] + "/" + pid[2:4]
            if p["kind"] == "month"
            else pid
        )
        out.append((short, period_name(p)))
    return out


def burnup(doc: dict[str, Any]) -> list[str]:
    lang = doc["language"]
    periods = doc["periods"]
    behind = doc["rules"]["behind_plan_points"]
    names: dict[str, str] = {}
    for u in [*doc["units"], *(u for p in periods for u in p["units"])]:
        if u["id"] and u["id"] not in names:
            names[u["id"]] = u["name"][lang] if u["name"] else ""
    frame = Frame(260, 160, left=34, right=40, grid=(0, 50, 100), max_labels=2)
    out = [
        '<ul class="legend">',
        f'<li><span class="ln" style="color:{ACTUAL}"></span>{esc(rsay("actual"))}</li>',
        f'<li><span class="ln dashed" style="color:{PLANNED}"></span>{esc(rsay("planned"))}</li>',
        "</ul>",
        '<div class="multiples">',
    ]
    charts: list[tuple[str, str, str, list[dict[str, Any] | None]]] = [
        ("all", uword(doc, "col-total"), "", [p["totals"] for p in periods])
    ]
    for unit, name in names.items():
        rows = [next((u for u in p["units"] if u["id"] == unit), None) for p in periods]
        charts.append((unit, unit, name, rows))
    for key, label, name, rows in charts:
        actual = [r["avg_pct_end"] if r and r["tasks"] else None for r in rows]
        planned = [r["avg_planned_pct_end"] if r and r["tasks"] else None for r in rows]
        title = f"{uword(doc, 'sec-burnup')}: {label}" + (f" ({name})" if name else "")
        desc = _series_desc(doc, [(rsay("actual"), actual), (rsay("planned"), planned)])
        chart = line_chart(
            f"chart-burnup-{key}",
            title,
            desc,
            _xlabels(doc),
            [
                Series(rsay("actual"), actual, ACTUAL),
                Series(rsay("planned"), planned, PLANNED, dash="6 4", markers=False),
            ],
            frame,
            lambda v: pct(round(v)),
        )
        a, p = actual[-1] if actual else None, planned[-1] if planned else None
        late = a is not None and p is not None and p - a >= behind
        now = f"{rsay('actual')} {pct(a)} · {rsay('planned')} {pct(p)}" if a is not None else ""
        out += [
            '<figure class="multiple">',
            f"<figcaption><strong>{esc(label)}</strong>{' ' + esc(name) if name else ''}"
            f'<span class="now{" behind" if late else ""}">{esc(now)}</span></figcaption>',
            chart,
            "</figure>",
        ]
    out.append("</div>")
    return out


def trend(doc: dict[str, Any]) -> list[str]:
    totals = [p["totals"] for p in doc["periods"]]

    def share(key: str) -> list[float | None]:
        return [None if t[key] is None else round(t[key] * 100, 1) for t in totals]

    series = [
        Series(rsay("trend-avg"), [t["avg_pct_end"] for t in totals], ACTUAL),
        Series(
            rsay("trend-planned"),
            [t["avg_planned_pct_end"] for t in totals],
            PLANNED,
            dash="6 4",
            markers=False,
        ),
        Series(rsay("col-on-time"), share("on_time_rate"), ON_TIME, dash="2 3"),
        Series(rsay("col-reported"), share("reported_share"), REPORTED, dash="10 3 2 3"),
    ]
    styles = ("", " dashed", " dotted", " dashed")
    desc = _series_desc(doc, [(s.name, s.values) for s in series])
    frame = Frame(720, 260, cls="trend")
    chart = line_chart(
        "chart-trend", rsay("sec-trend"), desc, _xlabels(doc), series, frame, lambda v: pct(v)
    )
    return [
        '<ul class="legend">',
        *(
            f'<li><span class="ln{st}" style="color:{s.colour}"></span>{esc(s.name)}</li>'
            for s, st in zip(series, styles, strict=True)
        ),
        "</ul>",
        '<div class="wrap">',
        chart,
        "</div>",
    ]


def _series_desc(doc: dict[str, Any], series: list[tuple[str, Sequence[float | None]]]) -> str:
    ids = [period_name(p, short=True) for p in doc["periods"]]
    return "; ".join(
        f"{name}: "
        + ", ".join(f"{i} {pct(v)}" for i, v in zip(ids, values, strict=True) if v is not None)
        for name, values in series
    )
