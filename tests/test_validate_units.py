"""units.yaml's merge records: what validation accepts and refuses, at file and line."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import UNITS, Plan, Result, task

Validate = Callable[..., list[dict[str, Any]]]


def merged_units(**legal: Any) -> dict[str, Any]:
    """conftest's UNITS with legal merged into ndta on 2025-03-01 (members moved), and
    `legal` replacing its fields."""
    data = copy.deepcopy(UNITS)
    units = {u["id"]: u for u in data["units"]}
    units["ndta"]["members"] += units["legal"].pop("members")
    units["legal"] |= {"merged_into": "ndta", "merged_on": "2025-03-01", "decision": "12/QĐ"}
    units["legal"] |= legal
    for key in [k for k, v in units["legal"].items() if v is None]:
        del units["legal"][key]
    return data


def codes(diags: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return sorted((d["code"], d["path"].rsplit("/", 1)[-1], d["line"]) for d in diags)


def line_of(plan: Plan, relpath: str, text: str) -> int:
    lines = (plan.dir / relpath).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_merge_record_validates(plan: Plan, validate_json: Validate) -> None:
    plan.write_units(merged_units())
    # a decided request may still name the merged unit: it is history
    plan.write_task(
        task(
            co_units=[],
            resources=[
                {
                    "id": "R-1",
                    "unit": "legal",
                    "need": "a lawyer",
                    "asked": "2025-02-03",
                    "status": "refused",
                    "decided": "2025-02-10",
                }
            ],
        )
    )
    assert [d for d in validate_json(plan) if d["severity"] == "error"] == []


@pytest.mark.parametrize(
    ("fields", "code", "at"),
    [
        ({"merged_into": "legal"}, "R57E233", "merged_into: legal"),
        ({"merged_into": "ndtaa"}, "R57E234", "merged_into: ndtaa"),
        ({"merged_on": None}, "R57E237", "merged_into: ndta"),
    ],
)
def test_a_broken_merge_record_is_placed(
    plan: Plan, validate_json: Validate, fields: dict[str, Any], code: str, at: str
) -> None:
    plan.write_units(merged_units(**fields))
    found = [d for d in validate_json(plan) if d["code"] == code]
    assert [(d["path"].rsplit("/", 1)[-1], d["line"]) for d in found] == [
        ("units.yaml", line_of(plan, "units.yaml", at))
    ]
    if code == "R57E234":
        assert "did you mean 'ndta'" in found[0]["message"]


def test_a_merge_into_a_merged_unit_and_a_cycle(plan: Plan, validate_json: Validate) -> None:
    data = merged_units()
    data["units"].append(
        {"id": "ics", "name": {"en": "ICS", "vi": "Cục"}, "merged_into": "legal",
         "merged_on": "2025-03-01"}
    )  # fmt: skip
    plan.write_units(data)
    found = [d for d in validate_json(plan) if d["code"] == "R57E235"]
    assert len(found) == 1
    assert "merge into the unit that carries on: merged_into: ndta" in found[0]["hint"]
    # legal -> ndta -> legal
    data = merged_units()
    ndta = data["units"][1]
    ndta |= {"merged_into": "legal", "merged_on": "2025-03-01"}
    data["units"][2]["members"] = ndta.pop("members")
    ndta.pop("leader"), ndta.pop("focal")
    plan.write_units(data)
    found = [d for d in validate_json(plan) if d["code"] == "R57E236"]
    assert [d["message"] for d in found] == [
        "units are merged into each other in a circle: ndta → legal → ndta"
    ]


def test_members_parent_and_current_references_to_a_merged_unit(
    plan: Plan, validate_json: Validate
) -> None:
    data = merged_units()
    data["units"][2]["members"] = [{"id": "chi", "name": "Lê Chi", "emails": ["c@x.gov.vn"]}]
    data["units"][1]["members"].pop()  # chi is listed once
    data["units"].append({"id": "ics", "name": {"en": "ICS", "vi": "Cục"}, "parent": "legal"})
    plan.write_units(data)
    plan.write_task(task(co_units=["legal"]))
    found = codes(validate_json(plan))
    units_line = line_of(plan, "units.yaml", "parent: legal")
    task_line = line_of(plan, "tasks/ndta/T-001.yaml", "- legal")
    assert ("R57E241", "units.yaml", units_line) in found
    assert ("R57E242", "T-001.yaml", task_line) in found
    assert [c for c in found if c[0] == "R57E239"] == [
        ("R57E239", "units.yaml", line_of(plan, "units.yaml", "- id: chi"))
    ]


def test_a_merge_dated_after_today(
    plan: Plan, validate_json: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-02-15")
    plan.write_units(merged_units())
    found = [d for d in validate_json(plan) if d["code"] == "R57E243"]
    assert [(d["line"], d["message"]) for d in found] == [
        (
            line_of(plan, "units.yaml", "merged_on:"),
            "unit 'legal' is merged on 2025-03-01, after today (2025-02-15)",
        )
    ]


def test_vietnamese_message(
    plan: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.write_units(merged_units(merged_into="legal"))
    monkeypatch.setenv("R57_LANG", "vi")
    res = r57("validate", "--plan", str(plan.dir), "--no-cache")
    assert res.code == 1
    assert "đơn vị 'legal' được sáp nhập vào chính nó" in res.out + res.err
