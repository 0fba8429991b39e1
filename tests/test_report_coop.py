"""`r57 report --unit U` lists the other units' tasks U co-operates on (their co_units), in
a section of their own, marked, in every format and both languages, and counts none of
them in U's figures. Real git repositories with pinned dates and identities."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.locale import texts
from tests.conftest import UNITS, Plan, Result, git, task

R57 = Callable[..., Result]
TITLE = {"en": "Tasks this unit co-operates on", "vi": "Nhiệm vụ đơn vị phối hợp"}
ROLE = {"en": ("Role", "owner", "co-operating"), "vi": ("Vai trò", "chủ trì", "phối hợp")}
OWNER = {"en": "Owner unit", "vi": "Đơn vị chủ trì"}


@pytest.fixture
def coop(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """ndta's T-001 names legal as co-operating (the fixture's task); legal owns T-002; a
    unit outside the ministry (ext) owns T-003, with legal co-operating; T-004 (ndta) has
    no co-operating unit."""
    units: dict[str, Any] = json.loads(json.dumps(UNITS))
    units["units"].append(
        {
            "id": "ext",
            "name": {"en": "Province", "vi": "Tỉnh"},
            "members": [{"id": "dung", "name": "Phạm Dũng", "emails": ["dung@example.gov.vn"]}],
        }
    )
    plan.write_units(units)
    plan.write_task(
        task(
            "T-002",
            unit="legal",
            co_units=[],
            responsible="chi",
            progress={"pct": 10, "status": "in_progress"},
        )  # fmt: skip
    )
    plan.write_task(
        task(
            "T-003",
            unit="ext",
            co_units=["legal"],
            responsible="dung",
            due="2025-06-30",
            progress={"pct": 70, "status": "in_progress"},
        )  # fmt: skip
    )
    plan.write_task(task("T-004", co_units=[], progress={"pct": 0, "status": "not_started"}))
    plan.commit("the plan")
    monkeypatch.setenv("R57_TODAY", "2025-03-05")
    monkeypatch.setattr(texts, "_language", "")
    monkeypatch.chdir(plan.repo)
    return plan


def report(r57: R57, *args: str) -> dict[str, Any]:
    res = r57("report", "--week", *args, "--format", "json")
    assert res.code == 0, res.err
    doc: dict[str, Any] = json.loads(res.out)
    return doc


FIGURES = ("totals", "units", "tasks", "changes", "silence", "no_report", "blockers", "requests")


def test_the_co_operated_tasks_are_listed_marked_and_not_counted(coop: Plan, r57: R57) -> None:
    doc = report(r57, "--unit", "legal")
    assert [(t["id"], t["unit"], t["co_operated"]) for t in doc["co_operated"]] == [
        ("T-001", "ndta", True),
        ("T-003", "ext", True),
    ]
    t3 = doc["co_operated"][1]
    assert (t3["status"], t3["pct_end"], t3["due"], t3["days_silent"]) == (
        "on_track", 70, "2025-06-30", 2,  # started 10 Feb, committed (reported) on 3 March
    )  # fmt: skip
    # The unit's own figures are its one task's.
    assert [t["id"] for t in doc["tasks"]] == ["T-002"]
    assert doc["totals"]["tasks"] == 1
    assert [(u["id"], u["tasks"]) for u in doc["units"]] == [("legal", 1)]
    assert doc["totals"]["avg_pct_end"] == 10
    # The same figures as when nobody names legal as co-operating.
    for t in (task(), task("T-003", unit="ext", co_units=[], responsible="dung",
              due="2025-06-30", progress={"pct": 70, "status": "in_progress"})):  # fmt: skip
        coop.write_task({**t, "co_units": []})
    git(coop.repo, "commit", "-qam", "legal co-operates on nothing")
    alone = report(r57, "--unit", "legal")
    assert alone["co_operated"] == []
    assert {k: doc[k] for k in FIGURES} == {k: alone[k] for k in FIGURES}


def test_without_unit_there_is_no_such_key_or_section(coop: Plan, r57: R57) -> None:
    assert "co_operated" not in report(r57)
    for fmt in ("table", "markdown", "html", "csv"):
        out = r57("report", "--week", "--format", fmt).out
        assert TITLE["en"] not in out
        assert "co_operated" not in out
        assert "co-operating" not in out


def test_a_rolled_up_report_lists_what_units_under_it_co_operate_on(coop: Plan, r57: R57) -> None:
    # legal is under mic: ext's T-003 is listed; ndta's T-001 is mic's own.
    doc = report(r57, "--unit", "mic", "--rollup")
    assert [t["id"] for t in doc["co_operated"]] == ["T-003"]
    assert sorted(t["id"] for t in doc["tasks"]) == ["T-001", "T-002", "T-004"]
    assert doc["totals"]["tasks"] == 3
    # ndta names no co-operating unit on others' tasks.
    assert report(r57, "--unit", "ndta")["co_operated"] == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_format_shows_the_section(coop: Plan, r57: R57, lang: str, tmp_path: Path) -> None:
    for fmt in ("table", "markdown"):
        text = r57("report", "--week", "--unit", "legal", "--lang", lang, "--format", fmt).out
        section = text[text.index(TITLE[lang]) :]
        assert OWNER[lang] in section[:600]
        assert "T-003" in section[:900]
        assert "ext" in section[:900]
        # ... and not in the unit's own task table, which comes before it.
        assert "T-003" not in text[: text.index(TITLE[lang])]
    out = tmp_path / "legal.html"
    assert r57("report", "--week", "--unit", "legal", "--lang", lang, "-o", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert '<section id="co">' in page
    assert "T-003" in page[page.index('<section id="co">') :]


def test_plain_csv_has_a_co_operated_column(coop: Plan, r57: R57) -> None:
    res = r57("report", "--week", "--unit", "legal", "-f", "csv", "--csv-dialect", "plain")
    rows = list(csv.DictReader(io.StringIO(res.out)))
    assert [(r["id"], r["unit"], r["co_operated"]) for r in rows] == [
        ("T-002", "legal", "false"),
        ("T-001", "ndta", "true"),
        ("T-003", "ext", "true"),
    ]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_people_csv_has_a_role_column(coop: Plan, r57: R57, lang: str) -> None:
    res = r57("report", "--week", "--unit", "legal", "-f", "csv", "--lang", lang)
    text = res.out.removeprefix("\ufeff")
    head, *rows = list(csv.reader(io.StringIO(text)))
    role, owner, partner = ROLE[lang]
    assert head[-1] == role
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        ("T-002", "legal", owner),
        ("T-003", "ext", partner),  # by owner unit, as in the section
        ("T-001", "ndta", partner),
    ]
    assert len({len(r) for r in [head, *rows]}) == 1
