"""Each rule, broken in a copy of a valid plan, gives the right code, file, line and column."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import UNITS, Plan, dump, located, task

Diags = Callable[..., list[dict[str, Any]]]


def test_valid_plan_has_no_problems(plan: Plan, validate_json: Diags) -> None:
    assert validate_json(plan) == []


def place(plan: Plan, needle: str, occurrence: int = 1, name: str = "T-001") -> tuple[int, int]:
    """(line, column) of the n-th occurrence of `needle` in a task file, 1-based."""
    text = (plan.dir / "tasks" / "ndta" / f"{name}.yaml").read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# Each case: task overrides, the expected code, and the text it must point at.
SCHEMA_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown key", {"colour": "red"}, "R57E101", "colour"),
    ("wrong type", {"responsible": ["an"]}, "R57E103", "- an"),
    ("impossible date", {"due": "2025-02-30"}, "R57E104", "2025-02-30"),
    ("int where a date belongs", {"due": 20250930}, "R57E103", "20250930"),
    ("pct above 100", {"progress": {"pct": 120, "status": "in_progress"}}, "R57E106", "120"),
    ("pct below 0", {"progress": {"pct": -5, "status": "in_progress"}}, "R57E106", "-5"),
    ("malformed task ID", {"depends_on": ["t12"]}, "R57E107", "t12"),
    ("value not allowed", {"deliverable": "decison"}, "R57E109", "decison"),
    (
        "text where a number belongs",
        {"progress": {"pct": "45", "status": "in_progress"}},
        "R57E103",
        "'45'",
    ),
    ("empty title", {"title": {"en": "", "vi": "x"}}, "R57E110", "''"),
    ("list where text belongs", {"note": ["a", "b"]}, "R57E103", "- a"),
]


@pytest.mark.parametrize(
    ("overrides", "code", "needle"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES]
)
def test_schema_rule(
    plan: Plan, validate_json: Diags, overrides: dict[str, Any], code: str, needle: str
) -> None:
    plan.write_task(task(**overrides))
    line, col = place(plan, needle)
    assert located(validate_json(plan)) == {(code, "T-001.yaml", line, col)}


def test_malformed_unit_id_is_not_also_unknown(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task(co_units=["Legal Dept"]))
    line, col = place(plan, "Legal Dept")
    assert ("R57E107", "T-001.yaml", line, col) in located(validate_json(plan))


def test_missing_key_is_reported_on_its_parent(plan: Plan, validate_json: Diags) -> None:
    data = task()
    del data["due"]
    plan.write_task(data)
    diags = validate_json(plan)
    assert [(d["code"], d["message"]) for d in diags] == [
        ("R57E102", "required key 'due' is missing")
    ]


def test_unknown_key_suggests_the_right_one(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task(responsable="an"))
    messages = [d["message"] for d in validate_json(plan) if d["code"] == "R57E101"]
    assert messages == ["unknown key 'responsable' (did you mean 'responsible'?)"]


def test_yes_no_is_not_a_boolean(plan: Plan, validate_json: Diags) -> None:
    plan.write_raw(
        "plan.yaml",
        (plan.dir / "plan.yaml").read_text(encoding="utf-8")
        + "policy:\n  co_units_may_update: yes\n",
    )
    diags = validate_json(plan)
    last_line = len((plan.dir / "plan.yaml").read_text(encoding="utf-8").splitlines())
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [("R57E105", last_line, 24)]
    assert "true or false" in diags[0]["hint"]


def test_id_must_match_file_name(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task("T-002"), name="T-001")
    assert located(validate_json(plan)) == {("R57E108", "T-001.yaml", 2, 5)}


def test_task_must_live_in_its_units_folder(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task("T-002"), unit="legal")
    assert located(validate_json(plan)) == {("R57E111", "T-002.yaml", 6, 7)}


def test_datetime_is_not_a_date(plan: Plan, validate_json: Diags) -> None:
    path = plan.dir / "tasks/ndta/T-001.yaml"
    text = path.read_text(encoding="utf-8").replace("due: 2025-09-30", "due: 2025-09-30 10:00")
    path.write_text(text, encoding="utf-8")
    diags = validate_json(plan)
    assert [(d["code"], d["line"]) for d in diags] == [("R57E110", 11)]
    assert "time of day" in diags[0]["message"]


# ------------------------------------------------------------------ cross-file and logic

LOGIC_CASES: list[tuple[str, dict[str, Any], list[tuple[str, str, int]]]] = [
    ("unknown owner", {"unit": "ndtaa"}, [("R57E201", "ndtaa", 1), ("R57E111", "ndtaa", 1)]),
    ("unknown co-unit", {"co_units": ["legall"]}, [("R57E201", "legall", 1)]),
    ("unknown person", {"responsible": "nobody"}, [("R57E202", "nobody", 1)]),
    ("unknown dependency", {"depends_on": ["T-404"]}, [("R57E204", "T-404", 1)]),
    ("depends on itself", {"depends_on": ["T-001"]}, [("R57E217", "T-001", 2)]),
    (
        "start after due",
        {"start": "2025-10-01"},
        [("R57E206", "2025-10-01", 1)],  # and not every milestone "outside" a wrong period
    ),
    (
        "milestone outside",
        {
            "milestones": [
                {"date": "2025-01-06", "planned_pct": 20},
                {"date": "2025-09-30", "planned_pct": 100},
            ]
        },
        [("R57E207", "2025-01-06", 1)],
    ),
    (
        "milestones out of order",
        {
            "milestones": [
                {"date": "2025-06-30", "planned_pct": 20},
                {"date": "2025-03-31", "planned_pct": 50},
                {"date": "2025-09-30", "planned_pct": 100},
            ]
        },
        [("R57E208", "2025-03-31", 1)],
    ),
    (
        "planned pct decreases",
        {
            "milestones": [
                {"date": "2025-03-31", "planned_pct": 60},
                {"date": "2025-06-30", "planned_pct": 40},
                {"date": "2025-09-30", "planned_pct": 100},
            ]
        },
        [("R57E209", "40", 1)],
    ),
    (
        "done below 100",
        {"progress": {"pct": 90, "status": "done", "completed": "2025-09-01"}},
        [("R57E210", "90", 1)],
    ),
    ("done without date", {"progress": {"pct": 100, "status": "done"}}, [("R57E210", "done", 1)]),
    (
        "100 without done",
        {"progress": {"pct": 100, "status": "in_progress"}},
        [("R57E211", "100", 2)],
    ),
    (
        "completed without done",
        {"progress": {"pct": 50, "status": "in_progress", "completed": "2025-09-01"}},
        [("R57E211", "2025-09-01", 1)],
    ),
    (
        "completed before start",
        {"progress": {"pct": 100, "status": "done", "completed": "2025-01-02"}},
        [("R57E221", "2025-01-02", 1)],
    ),
    (
        "not started with progress",
        {"progress": {"pct": 15, "status": "not_started"}},
        [("R57E219", "15", 1)],
    ),
    (
        "blocker lifted before raised",
        {
            "blockers": [
                {
                    "id": "B-1",
                    "kind": "budget",
                    "description": "No money",
                    "raised": "2025-05-05",
                    "lifted": "2025-04-01",
                }
            ]
        },
        [("R57E212", "2025-04-01", 1)],
    ),
    (
        "decree blocker without ref",
        {
            "blockers": [
                {
                    "id": "B-1",
                    "kind": "decree",
                    "description": "Decree too strict",
                    "raised": "2025-05-05",
                }
            ]
        },
        [("R57E218", "decree", 1)],
    ),
    (
        "request without unit",
        {"resources": [{"id": "R-1", "need": "Two lawyers", "asked": "2025-04-01"}]},
        [("R57E213", "id: R-1", 1)],
    ),
    (
        "request for unknown unit",
        {"resources": [{"id": "R-1", "unit": "money", "need": "Budget", "asked": "2025-04-01"}]},
        [("R57E201", "money", 1)],
    ),
    (
        "request decided before asked",
        {
            "resources": [
                {
                    "id": "R-1",
                    "unit": "legal",
                    "need": "Budget",
                    "asked": "2025-04-01",
                    "status": "granted",
                    "decided": "2025-03-01",
                }
            ]
        },
        [("R57E220", "2025-03-01", 1)],
    ),
    (
        "blocker raised before the task starts",
        {
            "blockers": [
                {"id": "B-1", "kind": "budget", "description": "No money", "raised": "2025-01-06"}
            ]
        },
        [("R57W010", "2025-01-06", 1)],
    ),
    *[
        (
            f"request {status} without a decision date",
            {
                "resources": [
                    {
                        "id": "R-1",
                        "unit": "legal",
                        "need": "Budget",
                        "asked": "2025-04-01",
                        "status": status,
                    }
                ]
            },
            [("R57E224", status, 1)],
        )
        for status in ("granted", "partly_granted", "refused")
    ],
    (
        "completed in the future",
        {"progress": {"pct": 100, "status": "done", "completed": "2099-01-01"}},
        [("R57E223", "2099-01-01", 1)],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "expected"), [c[1:] for c in LOGIC_CASES], ids=[c[0] for c in LOGIC_CASES]
)
def test_logic_rule(
    plan: Plan,
    validate_json: Diags,
    overrides: dict[str, Any],
    expected: list[tuple[str, str, int]],
) -> None:
    plan.write_task(task(**overrides), unit="ndta")
    want = {(code, "T-001.yaml", *place(plan, needle, n)) for code, needle, n in expected}
    assert located(validate_json(plan)) == want


def test_duplicate_task_ids_point_at_both_files(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task("T-001", unit="legal", responsible="chi"), unit="legal")
    diags = validate_json(plan)
    dup = [d for d in diags if d["code"] == "R57E203"]
    assert len(dup) == 1
    assert dup[0]["path"].endswith("tasks/ndta/T-001.yaml")
    assert dup[0]["related"][0]["path"].endswith("tasks/legal/T-001.yaml")


def test_dependency_cycle_is_printed(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task("T-001", depends_on=["T-002"]))
    plan.write_task(task("T-002", depends_on=["T-003"]))
    plan.write_task(task("T-003", depends_on=["T-001"]))
    plan.write_task(task("T-004", depends_on=["T-001"]))  # leads into the cycle, not part of it
    cycles = [d for d in validate_json(plan) if d["code"] == "R57E205"]
    assert [c["message"] for c in cycles] == [
        "tasks depend on each other in a circle: T-001 → T-002 → T-003 → T-001"
    ]
    line, col = place(plan, "- T-002")
    assert (cycles[0]["line"], cycles[0]["column"]) == (line, col + 2)


def test_long_dependency_chain_is_not_a_cycle(plan: Plan, validate_json: Diags) -> None:
    for n in range(1, 1200):
        deps = [f"T-{n - 1:04d}"] if n > 1 else []
        plan.write_task(task(f"T-{n:04d}", depends_on=deps))
    (plan.dir / "tasks/ndta/T-001.yaml").unlink()
    assert validate_json(plan) == []


def test_units_file_rules(plan: Plan, validate_json: Diags) -> None:
    units = copy.deepcopy(UNITS)
    units["units"][1]["leader"] = "chi"  # a member of legal, not of ndta
    units["units"][0]["parent"] = "legal"  # mic -> legal -> mic
    units["units"][2]["members"].append(
        {"id": "an", "name": "Another An", "emails": ["an@example.gov.vn"]}
    )
    plan.write_units(units)
    codes = sorted(d["code"] for d in validate_json(plan))
    assert codes == ["R57E203", "R57E203", "R57E215", "R57E216"]


def test_missing_units_file(plan: Plan, validate_json: Diags) -> None:
    (plan.dir / "units.yaml").unlink()
    assert [(d["code"], Path(d["path"]).name) for d in validate_json(plan)] == [
        ("R57E214", "units.yaml")
    ]


def test_every_problem_in_one_run(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(
        task(
            co_units=["legall"],
            due="2025-02-30",
            deliverable="decison",
            depends_on=["T-404"],
            colour="red",
        )
    )
    plan.write_raw("tasks/ndta/T-002.yaml", "id: T-002\nid: T-003\n")
    plan.write_raw("tasks/legal/T-003.yaml", "id: [\n")
    codes = sorted(d["code"] for d in validate_json(plan))
    # With units.yaml intact, the unknown co-unit is found although the file has other errors.
    assert codes == ["R57E006", "R57E008", "R57E101", "R57E104", "R57E109", "R57E201", "R57E204"]


# ------------------------------------------------------------------ warnings


def test_warnings_do_not_fail_unless_strict(plan: Plan, r57: Callable[..., Any]) -> None:
    plan.write_task(
        task(
            milestones=[
                {"date": "2025-04-30", "planned_pct": 50},  # a holiday
                {"date": "2025-09-27", "planned_pct": 90},
            ],  # Saturday
            due="2025-09-29",
        )
    )
    plan.write_task(task("T-002", milestones=[]))
    res = r57("validate", "--plan", str(plan.dir), "--no-cache", "--format", "json")
    assert res.code == 0
    found = sorted(d["code"] for d in json.loads(res.out)["diagnostics"])
    assert found == ["R57W001", "R57W002", "R57W003", "R57W005"]
    assert r57("validate", "--plan", str(plan.dir), "--strict").code == 1


def test_minor_warnings(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(
        task(
            "T-002",
            due="2025-06-30",
            milestones=[{"date": "2025-06-30", "planned_pct": 100}],
            depends_on=["T-001"],
        )
    )  # T-001 is due 2025-09-30, later than T-002
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    plan.write_raw("tasks/ndta/notes.txt", "scratch")
    found = sorted((d["code"], Path(d["path"]).name, d["line"]) for d in validate_json(plan))
    assert found == [
        ("R57W006", "T-001.yaml", 1),
        ("R57W007", "T-002.yaml", 23),
        ("R57W008", "notes.txt", 1),
    ]


def test_schema_error_does_not_hide_the_tasks_own_rules(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(
        task(
            deliverable="sytem",
            start="2025-10-01",
            title="not bilingual",
            milestones=[{"date": "2025-03-31", "planned_pct": "twenty"}],
            progress={"pct": 100, "status": "in_progress"},
        )
    )
    codes = sorted(d["code"] for d in validate_json(plan))
    # start > due is still found although three other fields are broken; the broken
    # milestones list is not judged twice (no "no milestones" warning).
    assert codes == ["R57E103", "R57E103", "R57E109", "R57E206", "R57E211"]


def test_broken_start_is_reported_once(plan: Plan, validate_json: Diags) -> None:
    plan.write_task(task(start="2025-13-01"))
    # Without a start date the period rules cannot be judged; nothing is reported twice.
    assert [(d["code"], d["line"]) for d in validate_json(plan)] == [("R57E104", 10)]


@pytest.mark.parametrize("field", ["emails", "ssh_keys"])
def test_a_list_field_given_one_string_is_a_type_error_not_duplicates(
    plan: Plan, validate_json: Diags, field: str
) -> None:
    """`emails: binh@example.gov.vn` is one wrong value, not one item per character."""
    units = copy.deepcopy(UNITS)
    units["units"][1]["members"][1][field] = "binh@example.gov.vn"
    plan.write_units(units)
    codes = [d["code"] for d in validate_json(plan)]
    assert codes
    assert "R57E203" not in codes


# ------------------------------------------------------------------ semantic gaps (issue 13)


def test_withdrawn_and_open_requests_need_no_decision_date(
    plan: Plan, validate_json: Diags
) -> None:
    requests = [
        {"id": f"R-{i}", "unit": "legal", "need": "Budget", "asked": "2025-04-01", "status": s}
        for i, s in enumerate(("open", "withdrawn"), start=1)
    ]
    plan.write_task(task(resources=requests))
    assert validate_json(plan) == []


def test_completed_today_is_fine_tomorrow_is_not_and_the_cache_knows_the_day(
    plan: Plan, r57: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict depends on the day: a cached run of yesterday must not answer today."""
    plan.write_task(task(progress={"pct": 100, "status": "done", "completed": "2025-06-02"}))
    monkeypatch.setenv("R57_CACHE_DIR", str(plan.repo.parent / "cache"))

    def codes(today: str) -> list[str]:
        monkeypatch.setenv("R57_TODAY", today)
        res = r57("validate", "--plan", str(plan.dir), "--format", "json")
        return [d["code"] for d in json.loads(res.out)["diagnostics"]]

    assert codes("2025-06-01") == ["R57E223"]
    assert codes("2025-06-01") == ["R57E223"]  # from the summary cache
    assert codes("2025-06-02") == []
    assert codes("2025-06-01") == ["R57E223"]


def test_a_quoted_date_is_refused_with_the_fix(plan: Plan, validate_json: Diags) -> None:
    """A quoted date is text in YAML, and the reports read it as text: so does validate."""
    path = plan.dir / "tasks/ndta/T-001.yaml"
    text = path.read_text(encoding="utf-8").replace("due: 2025-09-30", "due: '2025-09-30'")
    path.write_text(text, encoding="utf-8")
    diags = validate_json(plan)
    line, col = place(plan, "'2025-09-30'")
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [("R57E110", line, col)]
    assert "quotes" in diags[0]["message"]
    assert diags[0]["hint"] == "remove the quotes: 2025-09-30"


def test_the_reports_reader_agrees_that_a_quoted_date_is_no_date() -> None:
    from r57cli.plan.taskfacts import parse_task

    good = dump(task()).encode()
    assert parse_task(good) is not None
    assert parse_task(good.replace(b"due: 2025-09-30", b"due: '2025-09-30'")) is None


def test_an_absurd_plan_number_is_refused(plan: Plan, validate_json: Diags) -> None:
    path = plan.dir / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "number: 286" in text
    path.write_text(text.replace("number: 286", "number: 12345678901234567890"), encoding="utf-8")
    diags = validate_json(plan)
    assert [(d["code"], Path(d["path"]).name) for d in diags] == [("R57E110", "plan.yaml")]
    assert "999999" in diags[0]["message"]


def test_two_byte_order_marks_are_an_error(plan: Plan, validate_json: Diags) -> None:
    path = plan.dir / "tasks/ndta/T-001.yaml"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + path.read_bytes())
    assert located(validate_json(plan)) == {("R57E015", "T-001.yaml", 1, 1)}
    path.write_bytes(path.read_bytes()[3:])  # one is allowed
    assert validate_json(plan) == []
