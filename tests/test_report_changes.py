"""What changed since the previous period, and the fair ranking (docs/report.md, "What
changed" and "A fair ranking"), read from real git histories with pinned dates. Every
expected figure is worked out from the history each test builds.

Weeks of 2025: W06 = 3-9 Feb, W07 = 10-16 Feb."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result
from tests.test_report_history import BINH, CHI, R57, Hist, new_hist, plan_task

W07 = ("--week", "2025-W07")


def progress(h: Hist, task_id: str, pct: int, status: str, completed: str | None = None) -> None:
    data = h.read(task_id)
    data["progress"] = {"pct": pct, "status": status}
    if completed:
        data["progress"]["completed"] = completed
    h.write(task_id, data)


def add(h: Hist, task_id: str, key: str, entry: dict[str, Any]) -> None:
    data = h.read(task_id)
    data.setdefault(key, []).append(entry)
    h.write(task_id, data)


@pytest.fixture
def week(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    """On 3 Feb (W06):

    - T-001 (ndta, 30%, due 12 Feb): behind plan at the end of W06, overdue in W07.
    - T-002 (ndta, 20%, a milestone of 50% on 14 Feb): on track in W06; reported at 25% in
      W07, behind plan. Its request R-1 (asked 5 Feb) is granted on 13 Feb.
    - T-003 (legal, 90%, due 28 Feb): done on 12 Feb, 16 days early; a blocker raised on
      10 Feb and lifted on 12 Feb.
    - T-004 (legal, 10%, due 3 Mar): behind plan in W06; at 60% on 11 Feb, on track. It
      asks for staff (R-2) on 12 Feb, still open.
    - T-005 (ndta, 80%, due 5 Feb): overdue in W06, with a blocker raised on 4 Feb; the
      blocker is lifted and the task done on 11 Feb, 6 days late.
    - T-006 (ndta, 67%) is added on 12 Feb: new, not a change from anything.
    """
    h = new_hist(
        tmp_path,
        monkeypatch,
        r57,
        [
            plan_task("T-001", 30, due="2025-02-12"),
            plan_task(
                "T-002",
                20,
                milestones=[
                    {"date": "2025-02-14", "planned_pct": 50},
                    {"date": "2025-06-30", "planned_pct": 100},
                ],
            ),
            plan_task("T-003", 90, "legal", due="2025-02-28"),
            plan_task("T-004", 10, "legal", due="2025-03-03"),
            plan_task("T-005", 80, due="2025-02-05"),
        ],
    )
    h.at("2025-02-04T10:00:00")
    add(
        h,
        "T-005",
        "blockers",
        {"id": "B-1", "kind": "decree", "description": "Chờ nghị định", "raised": "2025-02-04"},
    )
    h.commit("T-005 blocked")
    h.at("2025-02-05T10:00:00")
    add(
        h,
        "T-002",
        "resources",
        {"id": "R-1", "unit": "legal", "need": "Hai chuyên gia", "asked": "2025-02-05"},
    )
    h.commit("T-002 asks")
    # W06 closes: T-001 behind (planned 67%), T-004 behind (planned 21%), T-005 overdue.
    h.at("2025-02-10T10:00:00", CHI)
    add(
        h,
        "T-003",
        "blockers",
        {"id": "B-1", "kind": "budget", "description": "Chờ kinh phí", "raised": "2025-02-10"},
    )
    h.commit("T-003 blocked")
    h.at("2025-02-11T10:00:00")
    data = h.read("T-005")
    data["blockers"][0]["lifted"] = "2025-02-11"
    h.write("T-005", data)
    progress(h, "T-005", 100, "done", "2025-02-11")
    h.commit("T-005 done")
    h.at("2025-02-11T11:00:00", CHI)
    progress(h, "T-004", 60, "in_progress")
    h.commit("T-004 at 60")
    h.at("2025-02-12T10:00:00", CHI)
    data = h.read("T-003")
    data["blockers"][0]["lifted"] = "2025-02-12"
    h.write("T-003", data)
    progress(h, "T-003", 100, "done", "2025-02-12")
    add(
        h,
        "T-004",
        "resources",
        {"id": "R-2", "kind": "staffing", "need": "Một cán bộ", "asked": "2025-02-12"},
    )
    h.commit("T-003 done, T-004 asks")
    h.at("2025-02-12T11:00:00")
    h.plan.write_task(plan_task("T-006", 67))
    h.commit("T-006 added")
    h.at("2025-02-13T10:00:00", BINH)
    data = h.read("T-002")
    data["resources"][0].update(status="granted", decided="2025-02-13")
    data["progress"] = {"pct": 25, "status": "in_progress"}
    h.write("T-002", data)
    h.commit("T-002 at 25, R-1 granted")
    h.at("2025-02-17T09:00:00")
    return h


def test_what_changed_in_the_week(week: Hist) -> None:
    c = week.report(*W07)["changes"]
    assert c["previous"] == {
        "id": "2025-W06",
        "kind": "week",
        "first_day": "2025-02-03",
        "last_day": "2025-02-09",
    }
    assert [(s["group"], s["task"], s["from"], s["to"]) for s in c["status_changes"]] == [
        ("newly_overdue", "T-001", "behind_plan", "overdue"),
        ("recovered", "T-004", "behind_plan", "on_track"),
        # done, however late or early: completed (its delivery is under "completed")
        ("completed", "T-003", "on_track", "done_early"),
        ("completed", "T-005", "overdue", "done_late"),
        # T-002 was already at risk at the end of W06 (its average since the start ends
        # after its due: the forecast's pessimistic end), and is now behind plan
        ("other", "T-002", "at_risk", "behind_plan"),
        ("new", "T-006", None, "on_track"),
    ]
    assert [(d["task"], d["delivery"], d["days"], d["due"]) for d in c["completed"]] == [
        ("T-005", "late", 6, "2025-02-05"),
        ("T-003", "early", 16, "2025-02-28"),
    ]
    # Today's blocker section shows only open ones; these were lifted in the week.
    assert [(b["task"], b["blocker"], b["event"]) for b in c["blockers"]] == [
        ("T-005", "B-1", "lifted"),
        ("T-003", "B-1", "raised_and_lifted"),
    ]
    assert [(r["task"], r["request"], r["event"], r["decision"]) for r in c["requests"]] == [
        ("T-004", "R-2", "raised", "open"),
        ("T-002", "R-1", "decided", "granted"),
    ]
    # T-006 is new: its 67% is no movement.
    assert [(m["task"], m["pct_change"]) for m in c["movements"]] == [
        ("T-004", 50),
        ("T-005", 20),
        ("T-003", 10),
        ("T-002", 5),
    ]
    units = {u["unit"]: u for u in c["units"]}
    # legal: (10 + 90) / 2 -> (60 + 100) / 2; ndta: (30 + 20 + 80) / 3 -> (30+25+100+67) / 4.
    assert (units["legal"]["avg_pct_before"], units["legal"]["avg_pct_end"]) == (50.0, 80.0)
    assert units["legal"]["avg_pct_change"] == 30.0
    assert (units["ndta"]["avg_pct_before"], units["ndta"]["avg_pct_end"]) == (43.3, 55.5)
    # ... but T-006, new at 67%, is no change: (30 + 25 + 100) / 3 - 43.3, as the unit table
    assert units["ndta"]["avg_pct_change"] == 8.4
    table = {u["id"]: u for u in week.report(*W07)["units"]}
    assert table["ndta"]["avg_pct_change"] == units["ndta"]["avg_pct_change"]


def test_a_month_and_a_span_compare_with_the_one_before(week: Hist) -> None:
    # The history starts on 3 Feb: February has no month before it to compare with.
    feb = week.report("--month", "2025-02")["changes"]
    assert (feb["previous"], feb["status_changes"], feb["units"]) == (None, [], [])
    # What happened in the month is still listed.
    assert [d["task"] for d in feb["completed"]] == ["T-005", "T-003"]
    text = week.r57("report", "--month", "2025-02", "--lang", "en").out
    assert "No previous period in the history to compare with" in text
    week.at("2025-03-03T09:00:00")
    progress(week, "T-004", 100, "done", "2025-03-03")
    week.commit("T-004 done")
    march = week.report("--month", "2025-03")["changes"]
    assert march["previous"]["id"] == "2025-02"
    assert ("T-004", "on_time") in [(d["task"], d["delivery"]) for d in march["completed"]]
    span = week.report("--from", "2025-02-10", "--to", "2025-02-16")["changes"]
    assert span["previous"]["id"] == "2025-02-03..2025-02-09"
    week_doc = week.report(*W07)["changes"]
    assert span["status_changes"] == week_doc["status_changes"]


def test_the_previous_week_comes_from_the_history_cache(week: Hist) -> None:
    first = week.report(*W07)
    cache = week.repo / ".git" / "r57" / "history"
    assert list(cache.glob("*/period-*")), "the closed W06 was not kept"
    for path in cache.glob("*/output-*"):
        path.unlink()
    assert week.report(*W07) == first  # now read from the cache


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_format_shows_what_changed(week: Hist, lang: str) -> None:
    words = {
        "en": ("What changed since the previous period", "newly overdue", "late by 6 days"),
        "vi": ("Thay đổi so với kỳ trước", "mới quá hạn", "trễ 6 ngày"),
    }[lang]
    for fmt in ("table", "markdown", "html"):
        res: Result = week.r57("report", *W07, "--format", fmt, "--lang", lang)
        for word in words:
            assert word in res.out, (fmt, word)
        # After the summary, before the unit table.
        summary = res.out.index("T-001")
        assert res.out.index(words[0]) < res.out.index(
            "Units ranked" if lang == "en" else "Xếp hạng đơn vị"
        )
        assert summary > res.out.index(words[0])
    html = week.r57("report", *W07, "--format", "html", "--lang", lang).out
    assert '<section id="changes-status">' in html
    plain = ("--format", "csv", "--csv-table", "changes", "--csv-dialect", "plain")
    out = week.r57("report", *W07, *plain, "--lang", lang).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["section"], r["group"], r["task"]) for r in rows} >= {
        ("status", "newly_overdue", "T-001"),
        ("completed", "late", "T-005"),
        ("blockers", "raised_and_lifted", "T-003"),
        ("requests", "decided", "T-002"),
        ("movements", "", "T-004"),
    }
    doc = json.loads(week.r57("report", *W07, "--format", "json", "--lang", lang).out)
    assert doc["rules"]["changes_top"] == 10


# ------------------------------------------------------------------------- the fair ranking


@pytest.fixture
def ranks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    """ndta: T-001..T-003 due 7 Feb (W06), T-004..T-006 due 14 Feb (W07); all done on time
    but T-003, done late on 10 Feb. legal: T-011..T-013 due 7 Feb, done on time; T-014 and
    T-015 due 12 Feb and never done. So W06: legal 3/3, ndta 2/3 (T-003 overdue); W07:
    ndta 5/6 on time, legal 3/5."""
    ndta = [plan_task(f"T-00{i}", 50, due="2025-02-07") for i in (1, 2, 3)]
    ndta += [plan_task(f"T-00{i}", 50, due="2025-02-14") for i in (4, 5, 6)]
    legal = [plan_task(f"T-01{i}", 50, "legal", due="2025-02-07") for i in (1, 2, 3)]
    legal += [plan_task(f"T-01{i}", 50, "legal", due="2025-02-12") for i in (4, 5)]
    h = new_hist(tmp_path, monkeypatch, r57, ndta + legal)
    h.at("2025-02-06T10:00:00")
    for t in ("T-001", "T-002", "T-011", "T-012", "T-013"):
        progress(h, t, 100, "done", "2025-02-06")
    h.commit("done on time")
    h.at("2025-02-10T10:00:00")
    progress(h, "T-003", 100, "done", "2025-02-10")
    h.commit("T-003 done late")
    h.at("2025-02-13T10:00:00")
    for t in ("T-004", "T-005", "T-006"):
        progress(h, t, 100, "done", "2025-02-13")
    h.commit("done on time")
    h.at("2025-02-17T09:00:00")
    return h


def test_ranks_on_the_period_and_to_date_with_the_change(ranks: Hist) -> None:
    w06 = {u["id"]: u for u in ranks.report("--week", "2025-W06")["units"]}
    assert (w06["legal"]["rank"], w06["ndta"]["rank"]) == (1, 2)
    doc = ranks.report(*W07)
    units = {u["id"]: u for u in doc["units"]}
    assert (units["ndta"]["on_time"], units["ndta"]["due_or_done"]) == (5, 6)
    assert (units["legal"]["on_time"], units["legal"]["due_or_done"]) == (3, 5)
    assert (units["ndta"]["rank"], units["legal"]["rank"]) == (1, 2)
    # The week alone: ndta delivered T-003 late and three on time; legal let two fall due.
    assert (units["ndta"]["period_on_time"], units["ndta"]["period_judged"]) == (3, 4)
    assert (units["legal"]["period_on_time"], units["legal"]["period_judged"]) == (0, 2)
    assert (units["ndta"]["rank_period"], units["legal"]["rank_period"]) == (1, None)
    moves = {u["unit"]: u for u in doc["changes"]["units"]}
    assert (moves["ndta"]["rank_before"], moves["ndta"]["rank"], moves["ndta"]["rank_change"]) == (
        2,
        1,
        1,
    )
    assert moves["legal"]["rank_change"] == -1
    text = ranks.r57("report", *W07, "--lang", "en").out
    assert "1 (↑1)" in text
    assert "2 (↓1)" in text


def test_one_of_one_does_not_outrank_five_of_six(ranks: Hist) -> None:
    ranks.at("2025-02-17T10:00:00")
    data = plan_task("T-021", 50, "legal", due="2025-02-17")
    data["unit"] = "mic"
    data["responsible"] = "boss"
    data["progress"] = {"pct": 100, "status": "done", "completed": "2025-02-17"}
    ranks.plan.write_task(data)
    ranks.commit("mic's one task, done on time")
    ranks.at("2025-02-18T09:00:00")
    doc = ranks.report("--week", "2025-W08")
    units = {u["id"]: u for u in doc["units"]}
    assert units["mic"]["on_time_rate"] == 1.0  # 1 of 1, better than ndta's 5 of 6
    assert (units["mic"]["rank"], units["mic"]["ranked"]) == (None, False)
    assert [u["id"] for u in doc["units"]] == ["ndta", "legal", "mic"]  # listed last
    assert doc["rules"]["rank_min_judged"] == 3
    assert doc["rules"]["below_min"] == "unranked"
    for lang, legend in (("en", "is listed but not ranked"), ("vi", "không xếp hạng")):
        text = ranks.r57("report", "--week", "2025-W08", "--lang", lang, "--wide").out
        assert legend in text
        row = next(
            line for line in text.splitlines() if line.lstrip().startswith("–") and "mic" in line
        )
        assert row.split()[0] == "–"


def test_a_task_on_track_last_week_and_behind_now_is_newly_at_risk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    """T-010 plans 80% by 28 Feb: on track at 25% on 9 Feb (planned 19%), behind on 16 Feb
    (planned 42%), having reported again without moving."""
    task = plan_task(
        "T-010", 20, milestones=[{"date": "2025-02-28", "planned_pct": 80}], due="2025-12-31"
    )
    h = new_hist(tmp_path, monkeypatch, r57, [task])
    h.at("2025-02-05T10:00:00")
    progress(h, "T-010", 25, "in_progress")
    h.commit("T-010 at 25")
    h.at("2025-02-12T10:00:00")
    h.r57("update", "T-010", "--note", "Waiting for the provinces")
    h.at("2025-02-17T09:00:00")
    c = h.report(*W07)["changes"]
    assert [(s["group"], s["task"], s["from"], s["to"]) for s in c["status_changes"]] == [
        ("newly_at_risk", "T-010", "on_track", "behind_plan")
    ]
