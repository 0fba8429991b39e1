"""The demo's report on paper and in Excel: `r57 demo DIR` writes the demo week as
DIR/reports/week.html, week.xlsx and week.docx (kept out of git), and the page's print stylesheet
gives the same sections, in order, on A4 when a real headless Chromium prints it to PDF
(read back here without a PDF library: the page objects, the media box, the document
outline Chromium makes from the headings, and the colours of the content streams)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from subprocess import CompletedProcess

import docx
import openpyxl
import pytest

from r57cli.render.svg import STATUS_COLOURS
from tests.conftest import git
from tests.test_demo import _isolate, _run
from tests.test_report_html import browser, chromium

__all__ = ["browser"]  # the fixture, imported to be used here

DAY = "2025-03-20"  # six weeks of history: enough for every section, quick to build
Browser = Callable[..., CompletedProcess[bytes]]


@dataclass
class Demo:
    root: Path
    out: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    root = tmp_path_factory.mktemp("print") / "demo"
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("home"))
        res = _run("demo", str(root), "--today", DAY, "--lang", "en")
    assert res.code == 0, res.err
    return Demo(root, res.out)


class Headings(HTMLParser):
    """The page's section titles (h2), in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._in = True
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.titles[-1] += data


def pdf_string(raw: bytes) -> str:
    """A PDF string object: <FEFF...> hexadecimal UTF-16, or (literal) with escapes."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data[:2] == b"\xfe\xff" else data.decode("latin-1")
    body = raw[1:-1]
    out, i = bytearray(), 0
    while i < len(body):
        ch = body[i : i + 1]
        if ch == b"\\":
            nxt = body[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt)
            i += 2
            continue
        out += ch
        i += 1
    return out.decode("latin-1")


def pdf_facts(data: bytes) -> tuple[int, list[tuple[float, float]], list[str], set[str]]:
    """Pages, media boxes, outline titles in file order, and fill colours (#rrggbb)."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    boxes = [
        (float(w), float(h))
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    ]
    titles = [
        pdf_string(t)
        for t in re.findall(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)", data, re.S)
    ]
    colours = set()
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            content = zlib.decompress(data[m.end() : end])
        except zlib.error:
            continue  # a font or an image, not a content stream
        for rgb in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content):
            colours.add("#" + "".join(f"{round(float(x) * 255):02x}" for x in rgb))
    return pages, boxes, titles, colours


def test_the_demo_writes_its_week_as_a_page_and_a_workbook(demo: Demo) -> None:
    reports = demo.root / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["week.docx", "week.html", "week.xlsx"]
    assert str(reports / "week.xlsx") in demo.out
    assert str(reports / "week.docx") in demo.out
    document = docx.Document(str(reports / "week.docx"))
    assert "REPORT" in [p.text for p in document.paragraphs]
    assert len(document.tables) > 3
    wb = openpyxl.load_workbook(reports / "week.xlsx")
    assert wb.sheetnames[:2] == ["Summary", "Tasks"]
    assert wb["Summary"]["A1"].value == "Weekly progress report, week 2025-W12"
    assert wb["Tasks"].max_row > 10
    page = (reports / "week.html").read_text(encoding="utf-8")
    assert "<h1>Weekly progress report, week 2025-W12</h1>" in page
    assert git(demo.root, "status", "--porcelain") == ""  # kept out of git


def test_the_print_stylesheet_keeps_sections_rows_and_colours(demo: Demo) -> None:
    page = (demo.root / "reports" / "week.html").read_text(encoding="utf-8")
    found = re.search(r"@media print\{(.*?)\n\}", page, re.S)
    assert found, "no print stylesheet"
    css = found.group(1)
    assert "@page{size:A4;" in page
    assert "nav{display:none}" in css
    assert "print-color-adjust:exact" in css
    assert "thead{display:table-header-group}" in css
    assert re.search(r"tr,th,td\{break-inside:avoid", css)
    assert css.count("display:none") == 1  # the link row only: every section prints


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_chromium_prints_the_demo_page_on_a4_with_every_section(
    demo: Demo, browser: Browser, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium()  # skips, saying why, when there is none
    html = demo.root / "reports" / "week.html"
    if lang == "vi":  # the same week in Vietnamese: its titles are UTF-16 in the PDF
        html = tmp_path / "week.vi.html"
        monkeypatch.setenv("R57_TODAY", DAY)
        monkeypatch.chdir(demo.root)
        res = _run("report", "--week", "2025-W12", "--lang", "vi", "-o", str(html))
        assert res.code == 0, res.err
        assert "Tiến độ" in html.read_text(encoding="utf-8")
    pdf = tmp_path / "week.pdf"
    browser(
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages, boxes, titles, colours = pdf_facts(data)
    assert pages >= 3, pages
    assert boxes, "no media box"
    for w, h in boxes:  # A4: 210 x 297 mm = 595.3 x 841.9 pt
        assert abs(w - 595.3) < 2, w
        assert abs(h - 841.9) < 2, h
    parser = Headings()
    parser.feed(html.read_text(encoding="utf-8"))
    sections = [t.strip() for t in parser.titles]
    assert len(sections) > 10
    # Every section title is in the PDF's outline, in the page's order.
    found = iter(t.strip() for t in titles)
    missing = [s for s in sections if not any(t == s for t in found)]
    assert not missing, (missing, titles)
    # Colours kept: the status colours of the chart and badges, not grey ink only.
    status = {fill.lower() for fill, _ in STATUS_COLOURS.values()}
    assert len(status & colours) >= 3, sorted(colours)
