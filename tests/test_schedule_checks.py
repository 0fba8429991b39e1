"""The record of approved reschedules, extension requests and claimed completions: each rule,
broken in a copy of a valid plan, gives its code at the right line and column; a record that
agrees with the schedule gives nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Plan, located, task
from tests.test_checks import place

Diags = Callable[..., list[dict[str, Any]]]


def moved(*entries: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """T-001 with its due moved from 2025-09-30 by the given reschedules."""
    # Through JSON, so no two parts share an object (the YAML would get an anchor).
    fresh = json.loads(json.dumps({"reschedules": list(entries), **overrides}))
    return task(**fresh)


S1: dict[str, Any] = {
    "id": "S-1",
    "date": "2025-09-01",
    "by": "binh",
    "reason": "Waiting for the decree",
    "decision": "Quyết định 123/QĐ-BTTTT",
    "before": {
        "due": "2025-09-30",
        "milestones": [
            {"date": "2025-03-31", "planned_pct": 20},
            {"date": "2025-09-30", "planned_pct": 100},
        ],
    },
    "after": {
        "due": "2025-12-31",
        "milestones": [
            {"date": "2025-03-31", "planned_pct": 20},
            {"date": "2025-12-31", "planned_pct": 100},
        ],
    },
}
AFTER_S1: dict[str, Any] = {
    "due": "2025-12-31",
    "milestones": [
        {"date": "2025-03-31", "planned_pct": 20, "label": "renamed: labels move nothing"},
        {"date": "2025-12-31", "planned_pct": 100},
    ],
}


def test_a_record_that_agrees_with_the_schedule_is_valid(plan: Plan, validate_json: Diags) -> None:
    s2 = {
        "id": "S-2",
        "date": "2025-11-01",
        "by": "binh",
        "reason": "Extension granted",
        "request": "R-1",
        "before": {"due": "2025-12-31"},
        "after": {"due": "2026-01-30"},
    }
    ext = {
        "id": "R-1",
        "kind": "extension",
        "due": "2026-01-30",
        "need": "One more month",
        "asked": "2025-10-20",
        "status": "granted",
        "decided": "2025-11-01",
    }
    data = moved(
        S1,
        s2,
        due="2026-01-30",
        milestones=[
            {"date": "2025-03-31", "planned_pct": 20},
            {"date": "2025-12-31", "planned_pct": 100},
        ],
        resources=[ext],
    )
    plan.write_task(data)
    assert validate_json(plan) == []


CASES: list[tuple[str, dict[str, Any], list[tuple[str, str, int]]]] = [
    (
        "due moved by hand, no record",
        moved(S1, due="2026-06-30", milestones=AFTER_S1["milestones"]),
        [("R57E225", "2026-06-30", 1)],
    ),
    (
        "a record that was never applied",
        moved(S1),
        [("R57E225", "2025-09-30", 1), ("R57E225", "- date", 1)],
    ),
    (
        "a reschedule that changes nothing",
        moved({**S1, "after": S1["before"]}, due="2025-09-30"),
        [("R57E226", "id: S-1", 1)],
    ),
    (
        "before and after name different fields",
        moved({**S1, "before": {"start": "2025-02-10"}}, **AFTER_S1),
        [("R57E226", "id: S-1", 1)],
    ),
    (
        "an entry rewritten: the chain is broken",
        moved(
            S1,
            {
                **S1,
                "id": "S-2",
                "date": "2025-10-01",
                "before": {"due": "2025-10-31"},
                "after": {"due": "2026-01-30"},
            },
            due="2026-01-30",
            milestones=AFTER_S1["milestones"],
        ),
        [("R57E227", "2025-10-31", 1)],
    ),
    (
        "entries out of order",
        moved(
            S1,
            {
                **S1,
                "id": "S-2",
                "date": "2025-08-01",
                "before": {"due": "2025-12-31"},
                "after": {"due": "2026-01-30"},
            },
            due="2026-01-30",
            milestones=AFTER_S1["milestones"],
        ),
        [("R57E228", "2025-08-01", 1)],
    ),
    (
        "two entries with one ID",
        moved(
            S1,
            {
                **S1,
                "date": "2025-10-01",
                "before": {"due": "2025-12-31"},
                "after": {"due": "2026-01-30"},
            },
            due="2026-01-30",
            milestones=AFTER_S1["milestones"],
        ),
        [("R57E203", "S-1", 2)],
    ),
    (
        "grants a request that is not an extension",
        moved({**S1, "request": "R-7"}, **AFTER_S1),
        [("R57E229", "R-7", 1)],
    ),
    (
        "approved by somebody unknown",
        moved({**S1, "by": "nobody"}, **AFTER_S1),
        [("R57E202", "nobody", 1)],
    ),
    (
        "an extension request without the due it asks for",
        task(
            resources=[
                {"id": "R-1", "kind": "extension", "need": "More time", "asked": "2025-06-01"}
            ]
        ),
        [("R57E230", "id: R-1", 1)],
    ),
    (
        "completion recorded before the day it claims",
        task(
            progress={
                "pct": 100,
                "status": "done",
                "completed": "2025-09-20",
                "recorded": "2025-09-10",
            }
        ),
        [("R57E231", "2025-09-10", 1)],
    ),
    (
        "confirmed by somebody unknown",
        task(
            progress={
                "pct": 100,
                "status": "done",
                "completed": "2025-09-20",
                "recorded": "2025-10-10",
                "confirmed_by": "ghost",
            }
        ),
        [("R57E202", "ghost", 1)],
    ),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_schedule_rule(
    plan: Plan, validate_json: Diags, data: dict[str, Any], expected: list[tuple[str, str, int]]
) -> None:
    plan.write_task(data)
    want = set()
    for code, needle, n in expected:
        want.add((code, "T-001.yaml", *place(plan, needle, n)))
    assert located(validate_json(plan)) == want
