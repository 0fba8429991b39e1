"""A report over a plan whose units.yaml (or plan.yaml) cannot be read still comes out,
with units and people by their IDs: it must say so, with the place, in every format and on
standard error, in both languages, never showing the fallback without a word."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Plan, Result

R57 = Callable[..., Result]
WORDS = {"en": "Run r57 validate", "vi": "Chạy r57 validate"}


def _texts(r57: R57, plan: Plan, tmp_path: Path, lang: str) -> dict[str, str]:
    """Every format's text of this week's report, in `lang`, its white space folded."""
    import openpyxl

    out: dict[str, str] = {}
    at = ("--week", "--lang", lang)
    for fmt in ("table", "markdown", "json"):
        res = r57("report", *at, "--format", fmt, cwd=plan.dir)
        assert res.code == 0, res.err
        out[fmt] = res.out
        out[f"{fmt} stderr"] = res.err
    for ext in ("html", "xlsx", "docx"):
        path = tmp_path / f"w-{lang}.{ext}"
        res = r57("report", *at, "-o", str(path), cwd=plan.dir)
        assert res.code == 0, res.err
        if ext == "html":
            out[ext] = path.read_text(encoding="utf-8")
        elif ext == "xlsx":
            book = openpyxl.load_workbook(path)
            out[ext] = " ".join(
                str(c.value) for s in book for row in s.iter_rows() for c in row if c.value
            )
        else:
            xml = zipfile.ZipFile(path).read("word/document.xml").decode()
            out[ext] = " ".join(re.findall(r">([^<]+)<", xml))
    return {k: " ".join(v.split()) for k, v in out.items()}  # a terminal wraps lines


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_broken_units_file_is_named_in_every_format(
    r57: R57, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-03")
    units = plan.dir / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    plan.commit("a broken units.yaml")
    texts = _texts(r57, plan, tmp_path, lang)
    doc = json.loads(texts["json"])
    [place] = doc["unreadable_config"]
    assert re.fullmatch(r"plan286/units\.yaml:\d+:\d+", place), place
    for fmt in ("table", "markdown", "html", "xlsx", "docx", "table stderr"):
        assert place in texts[fmt], fmt
        assert WORDS[lang] in texts[fmt], fmt


def test_a_readable_plan_says_nothing_of_it(
    r57: R57, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-03")
    texts = _texts(r57, plan, tmp_path, "en")
    assert json.loads(texts["json"])["unreadable_config"] == []
    assert all("units.yaml" not in texts[f] for f in ("table", "html", "docx", "table stderr"))


def test_a_broken_plan_file_is_named_too(
    r57: R57, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-03")
    (plan.dir / "plan.yaml").write_text("title: [\n", encoding="utf-8")
    plan.commit("a broken plan.yaml")
    res = r57("report", "--week", "--lang", "en", "--format", "json", cwd=plan.dir)
    assert res.code == 0, res.err
    [place] = json.loads(res.out)["unreadable_config"]
    assert place.startswith("plan286/plan.yaml:")
    assert place in res.err
