"""`r57 check` on unit commits: r57 unit add|merge by the roles policy.edit_units_by names
passes; the same commit by someone else, or a hand edit of units.yaml that adds or merges a
unit, is refused at its file and line."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import dump, git
from tests.test_gate import LEGAL_TASK, Gate, gate, passes, pinned_today, plan_doc, refused

__all__ = ["gate", "pinned_today"]  # the fixtures, used by name

MERGE = ("unit", "merge", "legal", "--into", "ndta", "--date", "2025-03-18",
         "--decision", "12/QĐ-BTTTT")  # fmt: skip


def allow_coordinators(g: Gate) -> None:
    data: dict[str, Any] = plan_doc()
    data["policy"] = {"edit_units_by": ["coordinator", "admin"]}
    g.plan.write_plan(data)
    g.base = g.commit("coordinators may edit units", who="boss")


def test_a_merge_by_the_admin_passes(gate: Gate) -> None:
    sha = gate.r57_as("boss", *MERGE)
    assert "R57-Action: unit-merge" in git(gate.repo, "log", "-1", "--format=%B", sha)
    passes(gate.check())


def test_a_merge_by_a_coordinator_the_policy_names_passes(gate: Gate) -> None:
    allow_coordinators(gate)
    gate.r57_as("binh", *MERGE)
    passes(gate.check())


def test_the_command_refuses_someone_without_the_role(gate: Gate) -> None:
    gate.become("binh")
    res = gate.run(*MERGE)
    assert res.code != 0
    assert "policy.edit_units_by: admin" in res.err
    assert git(gate.repo, "status", "--porcelain") == ""


def test_a_unit_commit_by_someone_without_the_role_is_refused(gate: Gate) -> None:
    gate.r57_as("boss", *MERGE)
    gate.become("binh")  # the same commit, now said to be binh's
    git(gate.repo, "commit", "-q", "--amend", "--no-edit", "--reset-author")
    checked = gate.check()
    assert checked.code == 1
    assert "R57E324" in checked.codes, checked.diags
    found = next(d for d in checked.diags if d["code"] == "R57E324")
    assert "policy.edit_units_by (admin)" in found["message"]
    assert found["path"] == "plan286/units.yaml"


def test_adding_a_unit_by_hand_is_refused_even_for_the_admin(gate: Gate) -> None:
    path = gate.plan.dir / "units.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"].append({"id": "ics", "name": {"en": "ICS", "vi": "Cục ATTT"}})
    path.write_text(dump(data, "units"), encoding="utf-8")
    sha = gate.commit("add ics", who="boss")
    found = refused(gate, gate.check(), "R57E323", commit=sha, path="plan286/units.yaml",
                    at="id: ics")  # fmt: skip
    assert "r57 unit add ics" in found["hint"]


def test_merging_by_hand_is_refused(gate: Gate) -> None:
    path = gate.plan.dir / "units.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    legal = data["units"][2]
    legal.pop("members")
    legal |= {"merged_into": "ndta", "merged_on": "2025-03-18", "decision": "12/QĐ"}
    path.write_text(dump(data, "units"), encoding="utf-8")
    sha = gate.commit("merge legal by hand", who="boss")
    checked = gate.check()
    assert "R57E323" in checked.codes
    found = next(d for d in checked.diags if d["code"] == "R57E323")
    assert found["commit"] == sha
    assert (
        "merged_into: ndta" in gate.show(sha, "plan286/units.yaml").splitlines()[found["line"] - 1]
    )
    assert "r57 unit merge legal --into ndta" in found["hint"]


def test_a_merge_commit_that_also_changes_progress_is_refused(gate: Gate) -> None:
    allow_coordinators(gate)
    gate.r57_as("binh", *MERGE)
    moved = gate.plan.dir / "tasks" / "ndta" / "T-002.yaml"
    data = yaml.safe_load(moved.read_text(encoding="utf-8"))
    data["progress"] = {"pct": 50, "status": "in_progress"}
    moved.write_text(dump(data), encoding="utf-8")
    git(gate.repo, "commit", "-q", "--amend", "--no-edit", "-a")
    checked = gate.check()
    assert checked.code == 1
    assert "R57E304" in checked.codes, checked.diags
    assert LEGAL_TASK["id"] == "T-002"


def test_adding_a_unit_with_the_command_passes(gate: Gate) -> None:
    gate.r57_as("boss", "unit", "add", "ics", "--name", "ICS", "--name-vi", "Cục ATTT",
                "--parent", "mic", "--member", "chi")  # fmt: skip
    passes(gate.check())


def test_a_second_unit_slipped_into_a_unit_commit_is_refused(gate: Gate) -> None:
    gate.r57_as("boss", *MERGE)
    path = gate.plan.dir / "units.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "- id: ics\n  name:\n    en: ICS\n    vi: Cục ATTT\n", encoding="utf-8")
    git(gate.repo, "commit", "-q", "--amend", "--no-edit", "-a")
    sha = gate.head()
    found = refused(gate, gate.check(), "R57E323", commit=sha, path="plan286/units.yaml",
                    at="id: ics")  # fmt: skip
    assert "adds unit ics" in found["message"]
