"""`r57 report` as one self-contained HTML page: built from a real git plan repository with
eight weeks of pinned history, checked structurally (parsed, no network, escaped, same bytes
twice, both languages) and rendered by a real headless Chromium (DOM and screenshots)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from r57cli.locale import texts
from tests.conftest import PLAN, UNITS, Plan, git, task

TODAY = "2025-03-31"  # the Monday after the reported week
WEEK = "2025-W13"  # 2025-03-24 .. 2025-03-30
MALICIOUS = "<script>alert('x')</script> waiting for Legal & the <b>Minister</b>"
TITLE_T004 = 'Decree on data sharing & "open" <data>'

TASKS: list[dict[str, Any]] = [
    task(
        "T-001",
        start="2025-02-03",
        due="2025-06-30",
        milestones=[
            {"date": "2025-03-31", "planned_pct": 40},
            {"date": "2025-06-30", "planned_pct": 100},
        ],
        progress={"pct": 0, "status": "not_started"},
    ),
    task(
        "T-002",
        title={"en": "Review of legal documents", "vi": "Rà soát văn bản pháp luật"},
        unit="legal",
        co_units=[],
        responsible="chi",
        start="2025-02-03",
        due="2025-03-14",
        milestones=[{"date": "2025-03-14", "planned_pct": 100}],
        progress={"pct": 0, "status": "not_started"},
    ),
    task(
        "T-003",
        title={"en": "National data strategy guidelines", "vi": "Hướng dẫn chiến lược dữ liệu"},
        responsible="binh",
        start="2025-02-03",
        due="2025-04-30",
        milestones=[{"date": "2025-04-30", "planned_pct": 100}],
        progress={"pct": 0, "status": "not_started"},
    ),
    task(
        "T-004",
        title={"en": TITLE_T004, "vi": "Nghị định chia sẻ dữ liệu"},
        unit="legal",
        co_units=[],
        responsible="chi",
        start="2025-02-10",
        due="2025-06-30",
        milestones=[{"date": "2025-06-30", "planned_pct": 100}],
        progress={"pct": 0, "status": "not_started"},
    ),
]

STEPS: list[tuple[str, list[str]]] = [
    ("2025-02-10", ["update", "T-001", "--pct", "10"]),
    ("2025-02-10", ["update", "T-002", "--pct", "20"]),
    ("2025-02-17", ["update", "T-003", "--pct", "20"]),
    ("2025-02-24", ["update", "T-001", "--pct", "20"]),
    ("2025-02-24", ["update", "T-002", "--pct", "40"]),
    ("2025-03-03", ["update", "T-003", "--pct", "50"]),
    ("2025-03-03", ["update", "T-004", "--pct", "10"]),
    ("2025-03-10", ["update", "T-001", "--pct", "30"]),
    ("2025-03-10", ["update", "T-002", "--pct", "50"]),
    ("2025-03-17", ["update", "T-003", "--pct", "70"]),
    ("2025-03-17", ["update", "T-004", "--pct", "20"]),
    # The reported week, 2025-W13.
    ("2025-03-24", ["update", "T-001", "--pct", "45", "-m", "Workshop held in Hà Nội"]),
    ("2025-03-24", ["update", "T-002", "--pct", "60", "-m", MALICIOUS]),
    (
        "2025-03-25",
        [
            "block", "T-004", "--kind", "decree", "--ref", "Decree 47/2020/ND-CP",
            "--reason", "No rules for sharing data",
        ],
    ),
    ("2025-03-26", ["done", "T-003", "-m", "Sent to the Minister"]),
    (
        "2025-03-27",
        ["request", "T-004", "--need", "Two IT specialists", "--from", "ndta",
         "--amount", "2 staff"],
    ),
]  # fmt: skip


@dataclass
class Built:
    repo: Path
    en_path: Path
    pages: dict[str, str] = field(default_factory=dict)  # name -> HTML
    doc: dict[str, Any] = field(default_factory=dict)  # the JSON document of the en page


def _cli(mp: pytest.MonkeyPatch, cwd: Path, *args: str) -> str:
    from r57cli.cli import run

    mp.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            run(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    assert code == 0, (args, err.getvalue())
    return out.getvalue()


def _at(mp: pytest.MonkeyPatch, day: str) -> None:
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        mp.setenv(name, f"{day}T09:00:00+07:00")
    mp.setenv("R57_TODAY", day)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The plan repository and its pages, made once for the module (the same isolation as
    conftest.git_env, set up here because that fixture is per test)."""
    root = tmp_path_factory.mktemp("html")
    home = root / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_CEILING_DIRECTORIES", str(root))
        for name in ("AUTHOR", "COMMITTER"):
            mp.setenv(f"GIT_{name}_NAME", "Nguyễn Văn An")
            mp.setenv(f"GIT_{name}_EMAIL", "an@example.gov.vn")
        for name in ("GITHUB_ACTIONS", "NO_COLOR", "R57_LANG", "R57_PLAN", "R57_CACHE_DIR"):
            mp.delenv(name, raising=False)
        mp.setattr(texts, "_language", "")
        repo = root / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        plan = Plan(repo, repo / "plan286")
        plan.dir.mkdir()
        plan.write_plan(PLAN)
        plan.write_units(UNITS)
        for t in TASKS:
            plan.write_task(t)
        _at(mp, "2025-02-03")
        plan.commit("initial plan")
        for day, args in STEPS:
            _at(mp, day)
            _cli(mp, repo, *args)
        _at(mp, TODAY)
        b = Built(repo, root / "en.html")
        for name, extra in (("en", []), ("en-again", []), ("vi", ["--lang", "vi"])):
            out = root / f"{name}.html"
            _cli(mp, repo, "report", "--week", WEEK, "-o", str(out), *extra)
            b.pages[name] = out.read_text(encoding="utf-8")
        weeks = ("--weeks", "8")
        b.doc = json.loads(_cli(mp, repo, "report", "--week", WEEK, *weeks, "--format", "json"))
        yield b


# ---------------------------------------------------------------------------- parsing

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "wbr", "source"}
SVG_VOID = {"rect", "line", "polyline", "circle", "path", "polygon"}


class Page(HTMLParser):
    """Every element with its attributes, checked for proper nesting, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, tag
        assert self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style += data
        elif self.stack and self.stack[-1] not in ("title", "desc"):
            self.text.append(data)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.elements if "id" in a}

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], page.stack
    return page


def figures(html: str) -> dict[str, str]:
    """data-key -> the big figure shown for it."""
    found = re.findall(r'data-key="([a-z_]+)"><span class="value">([^<]*)</span>', html)
    return dict(found)


def task_row(html: str, task_id: str) -> str:
    match = re.search(rf'<tr id="task-{task_id}">.*</tr>', html)
    assert match, task_id
    return match.group(0)


# ---------------------------------------------------------------------------- structure


def test_page_is_well_formed_with_head_and_sections(built: Built) -> None:
    html = built.pages["en"]
    page = parse(html)
    assert html.startswith("<!doctype html>\n")
    assert page.find("html", lang="en")
    assert page.find("meta", charset="utf-8")
    assert page.find("meta", name="viewport", content="width=device-width, initial-scale=1")
    assert "Weekly progress report, week 2025-W13" in html
    assert "2025-03-24 to 2025-03-30" in html
    assert "Plan 286" in html  # the plan's title, in the run's language
    for section in ("summary", "units", "burnup", "trend", "tasks", "blockers", "requests"):
        assert section in page.ids(), section
    for section in ("early", "overdue", "silent", "late", "notes"):
        assert section in page.ids(), section
    # Responsive and printable.
    assert "@media (max-width:600px)" in page.style
    assert "@media print" in page.style
    assert "break-inside:avoid" in page.style
    assert ".wrap{overflow-x:auto" in page.style
    assert '<div class="wrap">\n<table>' in html


def test_three_kinds_of_chart_each_labelled(built: Built) -> None:
    page = parse(built.pages["en"])
    svgs = page.find("svg")
    ids = {a["id"] for a in svgs}
    assert {"chart-status", "chart-trend", "chart-burnup-all"} <= ids
    assert {"chart-burnup-ndta", "chart-burnup-legal"} <= ids
    every_id = page.ids()
    for a in svgs:
        assert a["role"] == "img"
        assert "viewbox" in a  # html.parser lowercases attribute names
        for ref in a["aria-labelledby"].split():
            assert ref in every_id, ref
    assert len(page.find("title")) >= len(svgs) + 1  # one per chart and the page's
    # One colour per status class, the same in the bars and in the badges' classes.
    html = built.pages["en"]
    assert re.search(r'<rect [^>]*fill="#b42318"[^>]*><title>All units: overdue 1</title>', html)
    assert ".s-overdue{--c:#b42318;" in html


def test_nothing_is_fetched(built: Built) -> None:
    for name in ("en", "vi"):
        html = built.pages[name]
        page = parse(html)
        assert not re.search(r"https?:", html), name
        assert "url(" not in page.style
        assert "@import" not in page.style
        for tag, attrs in page.elements:
            assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
            for key in ("src", "href", "xlink:href", "action", "srcset"):
                if key in attrs:
                    assert attrs[key].startswith("#"), (tag, attrs)
            assert not any(k.startswith("on") for k in attrs), (tag, attrs)


def test_key_figures_match_the_history(built: Built) -> None:
    html = built.pages["en"]
    shown = figures(html)
    assert shown["tasks"] == "4"
    assert shown["overdue"] == "1"  # T-002, due 2025-03-14 at 60%
    assert shown["blocked"] == "1"  # T-004, since 2025-03-25
    totals = built.doc["totals"]
    assert shown["avg_pct_end"] == f"{totals['avg_pct_end']:g}%"
    assert shown["on_time_rate"] == f"{round(totals['on_time_rate'] * 100)}%"
    # Each task's row: its end % and its status as a badge in the status class's colour.
    assert ">45%</td>" in task_row(html, "T-001")
    row = task_row(html, "T-002")
    assert '<span class="badge s-overdue">overdue +16d</span>' in row
    assert ">60%</td>" in row
    early = {t["id"]: t["days_early"] for t in built.doc["tasks"]}["T-003"]
    assert f'<span class="badge s-done_early">done early {early}d</span>' in task_row(html, "T-003")
    assert 'class="badge s-blocked"' in task_row(html, "T-004")
    # The sections name the history's events.
    assert "Decree 47/2020/ND-CP" in html
    assert "Two IT specialists" in html
    assert '<a href="#task-T-003">T-003</a>' in html  # finished early, linked to its row
    assert "Workshop held in Hà Nội" in html
    # Eight weeks of trend, each a point on the total average line.
    assert [p["id"] for p in built.doc["periods"]][0] == "2025-W06"
    assert html.count("<title>2025-W", html.index('id="chart-trend"')) >= 8


def test_user_text_is_escaped(built: Built) -> None:
    html = built.pages["en"]
    assert "<script" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Minister&lt;/b&gt;" in html
    assert "Decree on data sharing &amp; &quot;open&quot; &lt;data&gt;" in html
    page = parse(html)
    assert MALICIOUS in "".join(page.text)  # shown as written
    # The plan's title also goes into the print header's CSS string: no way out of it.
    from r57cli.render.report_html import render_html

    doc = json.loads(json.dumps(built.doc))
    doc["plan"]["symbol"] = None
    doc["plan"]["title"]["en"] = 'Plan "286"</style><script>alert(1)</script>\\'
    html = render_html(doc)
    assert "<script" not in html
    assert parse(html).style.count("</style") == 0
    assert '@page{@top-left{content:"Plan \\22 286\\22 \\3c \\2f style' in html


def test_same_history_gives_the_same_bytes(built: Built) -> None:
    assert built.pages["en"] == built.pages["en-again"]
    lines = built.pages["en"].split("\n")
    assert sum(line.startswith("<tr") for line in lines) >= 4 + 3  # a row per line
    assert sum(line.startswith(("<rect", "<circle", "<polyline")) for line in lines) > 30


def test_vietnamese_page(built: Built) -> None:
    html = built.pages["vi"]
    page = parse(html)
    assert page.find("html", lang="vi")
    assert "Báo cáo tiến độ — Tuần 13 (24/03–30/03/2025)" in html
    assert "<title>Báo cáo tiến độ — Tuần 13 (24/03–30/03/2025) · " in html
    # A Vietnamese page names its periods the Vietnamese way, ISO ids only in markup.
    assert "2025-W13" not in " ".join(page.text)
    assert "từ 24/03/2025 đến 30/03/2025" in html
    assert "Kế hoạch 286" in html
    assert "Tổng quan tình trạng" in html
    assert "Xu hướng theo kỳ" in html
    # Days late or early in Vietnamese words, not the English "d".
    assert '<span class="badge s-overdue">quá hạn +16 ngày</span>' in html
    early = {t["id"]: t["days_early"] for t in built.doc["tasks"]}["T-003"]
    assert early >= 7
    assert f'<span class="badge s-done_early">xong trước hạn {early} ngày</span>' in html
    assert "+16d" not in html
    assert "14/03/2025" in html  # T-002's due date
    assert "2025-03-14" not in html
    assert "Nghị định chia sẻ dữ liệu" in html


def test_one_period_and_no_period(built: Built) -> None:
    """--at and --from/--to give one period: no trend chart, a one-point burn-up."""
    from r57cli.render.report_html import render_html

    doc = json.loads(json.dumps(built.doc))
    doc["periods"] = doc["periods"][-1:]
    html = render_html(doc)
    page = parse(html)
    assert "chart-trend" not in page.ids()
    assert "chart-burnup-all" in page.ids()
    doc["periods"] = []
    assert "chart-status" in parse(render_html(doc)).ids()


# ---------------------------------------------------------------------------- Chromium


def chromium() -> str:
    for candidate in (
        os.environ.get("R57_CHROMIUM", ""),
        *(shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome")),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip(
        "Chromium not found: install Debian package chromium (.ci/run does) to run the browser test"
    )


@pytest.fixture
def browser(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[bytes]]:
    exe = chromium()

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        profile = tmp_path / f"profile{len(list(tmp_path.iterdir()))}"
        command = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ]
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        return done

    return run


def test_chromium_renders_charts_and_figures(
    built: Built, browser: Callable[..., subprocess.CompletedProcess[bytes]], tmp_path: Path
) -> None:
    url = built.en_path.as_uri()
    dom = browser("--dump-dom", url).stdout.decode()
    for chart in ("chart-status", "chart-trend", "chart-burnup-all", "chart-burnup-ndta"):
        assert f'id="{chart}"' in dom, chart
    assert figures(dom)["overdue"] == "1"
    assert figures(dom)["tasks"] == "4"
    assert ">45%</td>" in task_row(dom, "T-001")
    assert "&lt;script&gt;" in dom
    assert "<script" not in dom
    # On a narrow screen the page itself never scrolls sideways: wide tables and charts
    # scroll in their own box. Measured by a copy with a probe script (the page has none).
    # Headless Chromium lays out --dump-dom at least 500 pixels wide: still the phone layout.
    probe = tmp_path / "probe.html"
    script = (
        "<script>var d=document.documentElement;document.body.setAttribute('data-width',"
        "d.scrollWidth+' '+d.clientWidth)</script></body>"
    )
    probe.write_text(built.pages["en"].replace("</body>", script), encoding="utf-8")
    dom = browser("--window-size=390,2000", "--dump-dom", probe.as_uri()).stdout.decode()
    found = re.search(r'data-width="(\d+) (\d+)"', dom)
    assert found, dom[:500]
    content, viewport = int(found.group(1)), int(found.group(2))
    assert viewport <= 600  # the phone layout (@media (max-width:600px))
    assert content <= viewport


def png_facts(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


@pytest.mark.parametrize(("width", "height"), [(1280, 2400), (390, 2000)])
def test_chromium_screenshot_is_a_real_page(
    built: Built,
    browser: Callable[..., subprocess.CompletedProcess[bytes]],
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    shot = tmp_path / "shot.png"
    url = built.en_path.as_uri()
    browser(f"--screenshot={shot}", f"--window-size={width},{height}", url)
    assert shot.exists()
    w, h, pixels = png_facts(shot)
    assert (w, h) == (width, height)
    # Filtered scanlines of a blank page are nearly all zero bytes; a page with text,
    # coloured bars and lines has many distinct values and many non-zero bytes.
    assert len(set(pixels)) > 100
    assert sum(1 for b in pixels[::97] if b) > len(pixels) // 97 // 50
