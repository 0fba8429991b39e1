"""Every kind of problem is capped per file, in every format: the first 50 by position, then
one closing diagnostic per severity that counts the rest and names their codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Plan, Result, dump, task

R57 = Callable[..., Result]
UNKNOWN_KEYS = 27_000


def _flood(plan: Plan) -> None:
    """A 27,000-unknown-key task file (the issue's 255 KB case) and 60 unknown dependencies."""
    data = task(depends_on=[f"T-{900 + i}" for i in range(60)])
    body = dump(data) + "".join(f"k{i}: 1\n" for i in range(UNKNOWN_KEYS))
    plan.write_raw("tasks/ndta/T-001.yaml", body)


def test_json_lists_fifty_and_counts_the_rest(plan: Plan, r57: R57) -> None:
    _flood(plan)
    res = r57("validate", "--plan", str(plan.dir), "--format", "json", "--no-cache")
    assert res.code == 1
    doc = json.loads(res.out)
    diags = doc["diagnostics"]
    assert len(diags) == 51
    listed, closing = diags[:-1], diags[-1]
    # The first 50 by position: the dependencies come before the unknown keys.
    assert {d["code"] for d in listed} == {"R57E204"}
    assert closing["code"] == "R57E016"
    total = UNKNOWN_KEYS + 60  # every unknown key, every unknown dependency
    assert f"and {total - 50} more errors" in closing["message"]
    assert "R57E101, R57E204" in closing["message"]
    assert doc["errors"] == total
    assert len(res.out) < 40_000  # was 8.6 MB


@pytest.mark.parametrize("fmt", ["text", "github", "sarif"])
def test_every_format_is_capped(plan: Plan, r57: R57, fmt: str) -> None:
    _flood(plan)
    res = r57("validate", "--plan", str(plan.dir), "--format", fmt, "--no-cache")
    assert res.code == 1
    out = res.out
    if fmt == "sarif":
        results: list[dict[str, Any]] = json.loads(out)["runs"][0]["results"]
        assert len(results) == 51
        assert results[-1]["ruleId"] == "R57E016"
    elif fmt == "github":
        annotations = [line for line in out.splitlines() if line.startswith("::error file=")]
        assert len(annotations) == 51
        assert "more errors" in annotations[-1]
    else:
        assert out.count("error R57E204") == 50
        assert f"{UNKNOWN_KEYS + 10} more errors in this file (R57E101, R57E204)" in out
        assert f"{UNKNOWN_KEYS + 60} error" in out.splitlines()[-1]
    assert len(out) < 80_000  # SARIF is the wordiest: about 1.3 KB a result


def test_cached_runs_give_the_same_capped_report(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_CACHE_DIR", str(plan.repo.parent / "cache"))
    _flood(plan)
    args = ("validate", "--plan", str(plan.dir), "--format", "json")
    cold, warm = r57(*args), r57(*args)
    assert cold.out == warm.out
    assert len(json.loads(warm.out)["diagnostics"]) == 51


def test_warnings_close_with_their_own_count(plan: Plan, r57: R57) -> None:
    """A milestone on every weekend day of the task: 50 warnings listed, one R57W011 for the
    rest, and the plan stays valid (a warning fails only with --strict)."""
    weekends = [
        day
        for day in (date(2025, 2, 15) + timedelta(days=n) for n in range(200))
        if day.weekday() >= 5
    ]
    assert len(weekends) == 58
    data = task(
        milestones=[{"date": d.isoformat(), "planned_pct": i} for i, d in enumerate(weekends)]
        + [{"date": "2025-09-30", "planned_pct": 100}]
    )
    plan.write_task(data)
    res = r57("validate", "--plan", str(plan.dir), "--format", "json", "--no-cache")
    assert res.code == 0, res.out
    doc = json.loads(res.out)
    codes = [d["code"] for d in doc["diagnostics"]]
    assert codes == ["R57W001"] * 50 + ["R57W011"]
    assert "and 8 more warnings in this file (R57W001)" in doc["diagnostics"][-1]["message"]
    assert (doc["errors"], doc["warnings"]) == (0, 58)
    strict = r57("validate", "--plan", str(plan.dir), "--no-cache", "--strict")
    assert strict.code == 1
