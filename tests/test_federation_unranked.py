"""A member with no figures (unreachable, never fetched) is listed in the members ranking
with "no data (see Members)" after the ranked ones, in every format and both languages: the
ranking never leaves a member out without a word (the Members section says why)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from r57cli.locale import texts
from r57cli.locale.reportwords import rsay
from tests.conftest import Result
from tests.test_federation import TASKS_A, WEEK, federation, member, member_repo, today

__all__ = ["today"]  # the fixture, used by name


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_member_without_figures_is_listed_in_the_ranking(
    r57: Callable[..., Result], tmp_path: Path, today: None, lang: str
) -> None:
    import openpyxl

    good = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{good.repo}"), member("dn", f"file://{tmp_path}/nowhere")],
    )
    texts.set_language(lang)
    said = rsay("fed-target-no_data")
    title = rsay("fed-m-sec-units")
    at = ("report", "--federation", str(fed), "--week", WEEK, "--lang", lang)
    for fmt in ("table", "markdown"):
        res = r57(*at, "--format", fmt)
        assert res.code == 4, res.err
        ranking = res.out[res.out.index(title) :]
        ranking = ranking[: ranking.index("dn") + 200]
        assert "hanoi" in ranking, fmt
        assert said in " ".join(ranking.split()), fmt
    page = tmp_path / "n.html"
    assert r57(*at, "-o", str(page)).code == 4
    html = page.read_text(encoding="utf-8")
    rows = [r for r in html.split("<tr>") if ">dn (" in r]  # its row of the ranking table
    assert rows
    assert said in rows[0]
    paper = tmp_path / "n.docx"
    assert r57(*at, "-o", str(paper)).code == 4
    words = " ".join(
        re.findall(r">([^<]+)<", zipfile.ZipFile(paper).read("word/document.xml").decode())
    )
    assert said in words
    book = tmp_path / "n.xlsx"
    assert r57(*at, "-o", str(book)).code == 4
    cells = [
        [c.value for c in row]
        for sheet in openpyxl.load_workbook(book)
        for row in sheet.iter_rows()
        if "dn" in [c.value for c in row]
    ]
    assert any(said in row for row in cells), cells
