"""`r57 unit add` and `r57 unit merge`: one commit each, in real repositories."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import UNITS, Plan, Result, git, task


def units_with_admin() -> dict[str, Any]:
    units = copy.deepcopy(UNITS)
    units["units"][0]["members"][0]["roles"] = ["admin"]
    return units


@pytest.fixture
def org(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The plan with an admin (boss, who runs the commands), two tasks of legal and one of
    ndta that legal co-operates on and was asked for resources."""
    plan.write_units(units_with_admin())
    plan.write_task(
        task(
            co_units=["legal"],
            resources=[
                {"id": "R-1", "unit": "legal", "need": "a lawyer", "asked": "2025-03-03"},
                {
                    "id": "R-2",
                    "unit": "legal",
                    "need": "a review",
                    "asked": "2025-03-03",
                    "status": "refused",
                    "decided": "2025-03-03",
                },
            ],
        )
    )
    for n in (2, 3):
        plan.write_task(task(f"T-00{n}", unit="legal", responsible="chi"))
    plan.commit("legal's tasks")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "boss@example.gov.vn")
    monkeypatch.setenv("R57_TODAY", "2025-03-10")
    return plan


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_merge_moves_tasks_members_and_keeps_a_record(
    org: Plan, r57: Callable[..., Result]
) -> None:
    head = git(org.repo, "rev-parse", "HEAD").strip()
    res = r57(
        "unit", "merge", "legal", "--into", "ndta", "--date", "2025-03-07",
        "--decision", "12/QĐ-BTTTT", cwd=org.dir,
    )  # fmt: skip
    assert res.code == 0, res.err + res.out
    assert "legal merged into ndta" in res.out
    # one commit, with its trailers
    assert git(org.repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    message = git(org.repo, "log", "-1", "--format=%B")
    assert "R57-Action: unit-merge" in message
    assert "R57-Into: ndta" in message
    assert "R57-Merged-On: 2025-03-07" in message
    assert "R57-Decision: 12/QĐ-BTTTT" in message
    units = {u["id"]: u for u in read(org.dir / "units.yaml")["units"]}
    legal = units["legal"]
    assert legal["merged_into"] == "ndta"
    assert str(legal["merged_on"]) == "2025-03-07"
    assert legal["decision"] == "12/QĐ-BTTTT"
    assert "members" not in legal
    assert [m["id"] for m in units["ndta"]["members"]] == ["an", "binh", "chi"]
    # the tasks moved folder and unit; the history follows the rename
    assert not (org.dir / "tasks" / "legal").exists()
    moved = read(org.dir / "tasks" / "ndta" / "T-002.yaml")
    assert moved["unit"] == "ndta"
    log = git(org.repo, "log", "--follow", "--format=%s", "--", "plan286/tasks/ndta/T-002.yaml")
    assert "legal's tasks" in log
    # the other task: co_units no longer lists its own unit; the open request names ndta,
    # the decided one stays history
    t1 = read(org.dir / "tasks" / "ndta" / "T-001.yaml")
    assert "co_units" not in t1
    assert [r["unit"] for r in t1["resources"]] == ["ndta", "legal"]
    assert git(org.repo, "status", "--porcelain") == ""
    assert r57("validate", cwd=org.dir).code == 0
