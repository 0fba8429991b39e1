"""The report page on a phone and in dark mode, measured in headless Chromium: tables turn
into one card per row, each value labelled, charts shrink to the screen, the links wrap,
and a dark system theme gets dark colours (print stays black on white)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.test_report_html import Built, browser, built

__all__ = ["browser", "built"]  # the fixtures, used by name

Browser = Callable[..., subprocess.CompletedProcess[bytes]]
PROBE = """<script>
var d = document.documentElement, b = document.body;
var table = document.querySelector('#units table'), td = table.querySelector('td');
var chart = document.getElementById('chart-status');
var out = [d.scrollWidth, d.clientWidth, table.getBoundingClientRect().width,
  getComputedStyle(td).display, getComputedStyle(td, '::before').content,
  getComputedStyle(table.querySelector('thead')).position,
  Math.round(chart.getBoundingClientRect().width), getComputedStyle(b).backgroundColor];
b.setAttribute('data-probe', out.join('|'));
</script></body>"""


def probe(built: Built, browser: Browser, tmp_path: Path, *flags: str) -> list[str]:
    page = tmp_path / "probe.html"
    page.write_text(built.pages["en"].replace("</body>", PROBE), encoding="utf-8")
    dom = browser(*flags, "--window-size=390,2000", "--dump-dom", page.as_uri()).stdout.decode()
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[:500]
    return found.group(1).split("|")


def test_on_a_phone_tables_are_cards_and_charts_fit(
    built: Built, browser: Browser, tmp_path: Path
) -> None:
    content, viewport, table, display, label, head, chart, _ = probe(built, browser, tmp_path)
    assert int(viewport) <= 600  # headless lays out at 500 at least: still the phone layout
    assert int(content) <= int(viewport)
    assert float(table) <= int(viewport)
    assert display == "flex"  # one labelled line per value
    assert label == "&quot;#&quot;"  # the first column's header labels its value (escaped)
    assert head == "absolute"  # the header row is there for screen readers, not shown
    assert int(chart) <= int(viewport)
    assert 'data-label="Unit"' in built.pages["en"]


def test_a_dark_system_theme_gets_dark_colours(
    built: Built, browser: Browser, tmp_path: Path
) -> None:
    light = probe(built, browser, tmp_path)[-1]
    dark = probe(built, browser, tmp_path, "--force-dark-mode")[-1]
    assert light == "rgb(243, 245, 248)"
    assert dark == "rgb(15, 23, 42)"
    html = built.pages["en"]
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "@media screen and (prefers-color-scheme:dark)" in html  # print stays light
