"""validate_change, the fast path of `r57 update`: its report must be exactly the full run's,
and it must step aside whenever it cannot be sure."""

from __future__ import annotations

from typing import Any

import pytest

from r57cli.fingerprint import blob_id
from r57cli.validate.cache import cache_path, summary_path
from r57cli.validate.engine import validate, validate_change
from tests.conftest import Plan, dump, task

PATH = "tasks/ndta/T-002.yaml"
FIELDS: dict[str, Any] = {
    "depends_on": ["T-404"],
    "milestones": [
        {"date": "2025-03-30", "planned_pct": 20},
        {"date": "2025-09-30", "planned_pct": 100},
    ],
}


@pytest.fixture
def messy(plan: Plan) -> Plan:
    """A plan with problems of every kind around the file that will change: a cross-file
    error in it (unknown dependency), a cross-file warning in it (a milestone on a Sunday),
    and errors in another file."""
    plan.write_task(task("T-002", **FIELDS))
    plan.write_task(task("T-003", responsible="nobody"))
    plan.commit("messy")
    return plan


def _blobs(plan: Plan) -> dict[str, str]:
    out = {}
    for path in sorted(plan.dir.rglob("*.yaml")):
        out[path.relative_to(plan.dir).as_posix()] = blob_id(path.read_bytes())
    return out


def _report(result: Any) -> list[Any]:
    return [d.to_cache() for d in result.diagnostics]


def _changed(pct: Any = 60, **fields: Any) -> bytes:
    data = task("T-002", **FIELDS, **fields)
    data["progress"] = {"pct": pct, "status": "in_progress"}
    return dump(data).encode("utf-8")


@pytest.mark.parametrize(
    "after",
    [
        pytest.param(_changed(60), id="pct-only"),
        pytest.param(_changed(60) + b"# a\ttab\n", id="own-new-warning"),
        pytest.param(
            _changed(
                60,
                blockers=[
                    {"id": "B-1", "kind": "budget", "description": "x", "raised": "2025-03-01"}
                ],
            ),
            id="blocker-added",
        ),
    ],
)
def test_fast_report_equals_the_full_run(messy: Plan, after: bytes) -> None:
    before = (messy.dir / PATH).read_bytes()
    blobs = _blobs(messy)
    baseline = validate(messy.dir)  # stores the report of this exact plan
    assert baseline.errors >= 2
    assert baseline.warnings >= 1
    fast = validate_change(messy.dir, blobs, PATH, before, after)
    assert fast is not None
    summary_path(cache_path(messy.dir)).unlink()
    full = validate(messy.dir, overrides={PATH: after})
    assert _report(fast) == _report(full)
    assert ("R57W004" in str(_report(fast))) == (b"\t" in after)
    assert fast.errors == full.errors
    assert fast.language == full.language
    # The report it stored is the one a later `r57 validate` of that state reuses.
    (messy.dir / PATH).write_bytes(after)
    again = validate(messy.dir)
    assert again.from_cache == again.files
    assert _report(again) == _report(full)


def test_steps_aside_when_facts_change(messy: Plan) -> None:
    before = (messy.dir / PATH).read_bytes()
    blobs = _blobs(messy)
    validate(messy.dir)
    moved_due = dump(task("T-002", depends_on=["T-404"], due="2025-09-29")).encode()
    assert validate_change(messy.dir, blobs, PATH, before, moved_due) is None
    # A file that no longer validates has no usable facts: the full run says what is wrong.
    assert validate_change(messy.dir, blobs, PATH, before, _changed(150)) is None


def test_steps_aside_without_a_stored_report_of_the_same_plan(messy: Plan) -> None:
    before = (messy.dir / PATH).read_bytes()
    blobs = _blobs(messy)
    assert validate_change(messy.dir, blobs, PATH, before, _changed(60)) is None  # no run yet
    validate(messy.dir)
    other = dict(blobs)
    other["tasks/ndta/T-003.yaml"] = "0" * 40  # a plan that differs elsewhere
    assert validate_change(messy.dir, other, PATH, before, _changed(60)) is None
    stale = b"# not what the plan holds\n" + before
    assert validate_change(messy.dir, blobs, PATH, stale, _changed(60)) is None
