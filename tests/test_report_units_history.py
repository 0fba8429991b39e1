"""Past reports stay true across plan changes (issue 19, item 4), in real repositories with
commits at pinned dates: a task added later is not in an earlier report; a reassigned task
counts under the unit that held it in each period; a merged unit has its own row and name
before its merge date, and its tasks count under the successor from that day on, without
a task counted twice or lost, in week, month and trend reports, text and JSON."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from tests.conftest import UNITS, Plan, Result, dump, git, task


def at(monkeypatch: pytest.MonkeyPatch, day: str, who: str = "boss@example.gov.vn") -> None:
    """Commit (and run r57) on `day` at 09:00 Hanoi time, as `who`."""
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, f"{day}T09:00:00+07:00")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, who)
    monkeypatch.setenv("R57_TODAY", day)


def legal_task(n: int, **more: Any) -> dict[str, Any]:
    return task(f"T-00{n}", unit="legal", responsible="chi", co_units=[], **more)


@pytest.fixture
def history(plan: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Plan:
    """March to June 2025:
    - 03-03: the plan: T-001 (ndta), T-002 and T-003 (legal), T-004 (ndta); boss an admin;
    - 03-12, 04-09: reports on T-002 (legal) and T-001 (ndta);
    - 04-16 (week 16): T-004 reassigned by hand from ndta to mic (file moved, unit: changed);
    - 05-14 (week 20): `r57 unit merge legal --into ndta --date 2025-05-14`;
    - 05-15: a report on T-003, now ndta's; 05-16: T-005 added (ndta)."""
    at(monkeypatch, "2025-03-03")
    units = copy.deepcopy(UNITS)
    units["units"][0]["members"][0]["roles"] = ["admin"]
    plan.write_units(units)
    window: dict[str, Any] = {"start": "2025-03-03", "due": "2025-12-31", "milestones": []}
    plan.write_task(task(co_units=[], **window))
    plan.write_task(legal_task(2, **window))
    plan.write_task(legal_task(3, **window))
    plan.write_task(task("T-004", co_units=[], **window))
    plan.commit("the plan")
    for day, who, task_id, pct in (
        ("2025-03-12", "chi@example.gov.vn", "T-002", "40"),
        ("2025-03-12", "an@example.gov.vn", "T-001", "40"),
        ("2025-04-09", "chi@example.gov.vn", "T-002", "50"),
    ):
        at(monkeypatch, day, who)
        res = r57("update", task_id, "--pct", pct, "--note", "progress", cwd=plan.dir)
        assert res.code == 0, res.err
    at(monkeypatch, "2025-04-16")
    old = plan.dir / "tasks" / "ndta" / "T-004.yaml"
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["unit"] = "mic"
    data["responsible"] = "boss"
    git(plan.repo, "mv", str(old), str(plan.write_raw("tasks/mic/.keep", "").parent))
    (plan.dir / "tasks" / "mic" / ".keep").unlink()
    (plan.dir / "tasks" / "mic" / "T-004.yaml").write_text(dump(data), encoding="utf-8")
    plan.commit("T-004 reassigned to mic")
    at(monkeypatch, "2025-05-14")
    res = r57(
        "unit", "merge", "legal", "--into", "ndta", "--date", "2025-05-14",
        "--decision", "12/QĐ-BTTTT", cwd=plan.dir,
    )  # fmt: skip
    assert res.code == 0, res.err
    at(monkeypatch, "2025-05-15", "chi@example.gov.vn")  # chi is ndta's now
    res = r57("update", "T-003", "--pct", "45", "--note", "started", cwd=plan.dir)
    assert res.code == 0, res.err
    at(monkeypatch, "2025-05-16")
    plan.write_task(task("T-005", co_units=[], **window))
    plan.commit("T-005 added")
    at(monkeypatch, "2025-06-20")
    return plan


def report(r57: Callable[..., Result], plan: Plan, *args: str) -> dict[str, Any]:
    res = r57("report", *args, "--format", "json", cwd=plan.dir)
    assert res.code == 0, res.err
    data: dict[str, Any] = json.loads(res.out)
    return data


def unit_tasks(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each unit row's ID and the tasks the report lists under that unit."""
    out: dict[str, list[str]] = {u["id"]: [] for u in data["units"]}
    for t in data["tasks"]:
        out.setdefault(t["unit"], []).append(t["id"])
    return {u: sorted(ts) for u, ts in out.items()}


def test_week_reports_before_and_after(history: Plan, r57: Callable[..., Result]) -> None:
    week15 = report(r57, history, "--week", "2025-W15")
    week16 = report(r57, history, "--week", "2025-W16")
    week20 = report(r57, history, "--week", "2025-W20")
    # (a) T-005, added in week 20, is in no earlier report
    assert "T-005" not in json.dumps(week15) + json.dumps(week16)
    # (b) T-004 is ndta's in week 15 and mic's from week 16 (reassigned on 04-16)
    assert unit_tasks(week15) == {"legal": ["T-002", "T-003"], "ndta": ["T-001", "T-004"]}
    assert unit_tasks(week16) == {
        "legal": ["T-002", "T-003"],
        "mic": ["T-004"],
        "ndta": ["T-001"],
    }
    # (c) legal has its own row, with its name, until its merge on 05-14; then its tasks
    # are ndta's, and no task is counted twice or lost
    names = {u["id"]: u["name"] for u in week16["units"]}
    assert names["legal"] == {"en": "Legal Department", "vi": "Vụ Pháp chế"}
    assert unit_tasks(week20) == {
        "mic": ["T-004"],
        "ndta": ["T-001", "T-002", "T-003", "T-005"],
    }
    # the merge commit moved legal's files but reported on none of them
    assert {u["id"]: u["reported"] for u in week20["units"]} == {"mic": 0, "ndta": 1}
    for data in (week15, week16, week20):
        counted = sum(u["tasks"] for u in data["units"])
        assert counted == len(data["tasks"]) == data["totals"]["tasks"]


def rows(units: list[dict[str, Any]]) -> dict[str, int]:
    return {u["id"]: u["tasks"] for u in units}


def test_months_and_a_trend_across_the_merge(history: Plan, r57: Callable[..., Result]) -> None:
    april = report(r57, history, "--month", "2025-04")
    may = report(r57, history, "--month", "2025-05")
    assert rows(april["units"]) == {"legal": 2, "mic": 1, "ndta": 1}
    assert rows(may["units"]) == {"mic": 1, "ndta": 4}
    trend = report(r57, history, "--month", "2025-06", "--months", "4")
    periods = {p["id"]: p for p in trend["periods"]}
    assert list(periods) == ["2025-03", "2025-04", "2025-05", "2025-06"]
    assert {k: rows(p["units"]) for k, p in periods.items()} == {
        "2025-03": {"legal": 2, "ndta": 2},
        "2025-04": {"legal": 2, "mic": 1, "ndta": 1},
        "2025-05": {"mic": 1, "ndta": 4},
        "2025-06": {"mic": 1, "ndta": 4},
    }
    for p in periods.values():  # nothing counted twice, nothing lost
        assert sum(rows(p["units"]).values()) == p["totals"]["tasks"]
    # a month in the trend is the month reported alone (the same figures and rows)
    assert periods["2025-04"]["units"] == april["units"]
    assert periods["2025-05"]["units"] == may["units"]
    text = r57("report", "--month", "2025-06", "--months", "4", cwd=history.dir).out
    trend_lines = text[text.index("Trend by period") :].splitlines()
    legal = next(line for line in trend_lines if line.startswith("legal "))
    assert legal.split() == ["legal", "35%", "40%"]  # March and April only
    ndta = next(line for line in trend_lines if line.startswith("ndta "))
    assert len(ndta.split()) == 5  # every month


def test_the_merged_unit_keeps_its_name_in_vietnamese(
    history: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_LANG", "vi")
    before = r57("report", "--week", "2025-W16", cwd=history.dir)
    after = r57("report", "--week", "2025-W20", cwd=history.dir)
    assert before.code == after.code == 0
    assert "legal (Vụ Pháp chế)" in before.out
    assert "Vụ Pháp chế" not in after.out
    assert "ndta (Cục CĐS)" in after.out


def test_a_merge_recorded_late_rolls_in_from_its_date(
    plan: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge took effect on 03-12 (week 11) but was recorded on 03-20 (week 12): week
    11 already counts legal's tasks under ndta; week 10 does not."""
    at(monkeypatch, "2025-03-03")
    units = copy.deepcopy(UNITS)
    units["units"][0]["members"][0]["roles"] = ["admin"]
    plan.write_units(units)
    plan.write_task(legal_task(2))
    plan.commit("legal's task")
    at(monkeypatch, "2025-03-20")
    res = r57(
        "unit", "merge", "legal", "--into", "ndta", "--date", "2025-03-12",
        "--decision", "12/QĐ-BTTTT", cwd=plan.dir,
    )  # fmt: skip
    assert res.code == 0, res.err
    at(monkeypatch, "2025-03-27")
    week10 = report(r57, plan, "--week", "2025-W10")
    week11 = report(r57, plan, "--week", "2025-W11")
    assert rows(week10["units"]) == {"legal": 1, "ndta": 1}
    assert rows(week11["units"]) == {"ndta": 2}
    # the tasks themselves are as the plan said at the week's end
    assert {t["id"]: t["unit"] for t in week11["tasks"]} == {"T-001": "ndta", "T-002": "legal"}
