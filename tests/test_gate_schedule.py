"""`r57 check BASE..HEAD` proves from history that schedules move only by approval: the
attack of issue 14 (a unit moves its own deadline by hand) and its neighbours, against
real git repositories. Each refusal has its code, at the changed field's line."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import git, task
from tests.test_gate import TODAY, Gate, gate, passes, pinned_today, plan_doc, refused

__all__ = ["gate", "pinned_today"]  # the fixtures, used by name

T7 = "plan286/tasks/ndta/T-007.yaml"
NOW = f"{TODAY}T09:00:00+07:00"  # the commits are made the day the check runs


@pytest.fixture(autouse=True)
def committed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", NOW)
    monkeypatch.setenv("GIT_AUTHOR_DATE", NOW)


def t7(**more: Any) -> dict[str, Any]:
    return task("T-007", **more)


EXTENSION = {
    "id": "R-1",
    "kind": "extension",
    "due": "2025-12-31",
    "need": "The survey took longer",
    "asked": "2025-03-18",
}


def staged(g: Gate, **more: Any) -> None:
    g.setup(tasks=(t7(**more),))


def redo(g: Gate, message: str, who: str) -> str:
    """Replace the last commit by one of the work tree as it is now."""
    git(g.repo, "reset", "-q", "--soft", "HEAD~1")
    return g.commit(message, who=who)


def entry(by: str = "binh", **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": "S-1",
        "date": TODAY,
        "by": by,
        "reason": "Decree 47 is amended first",
        "before": {"due": "2025-09-30"},
        "after": {"due": "2025-12-31"},
    }
    found.update(more)
    return found


def test_a_unit_member_moving_its_own_due_by_hand_is_refused(gate: Gate) -> None:
    staged(gate)
    later = [{"date": "2025-03-31", "planned_pct": 20}, {"date": "2027-06-30", "planned_pct": 100}]
    gate.write(t7(due="2027-06-30", milestones=later))  # the later milestone moves with it
    sha = gate.commit("Update T-007 schedule", who="an")
    found = refused(gate, gate.check(), "R57E312", commit=sha, path=T7, at="due: 2027-06-30")
    assert "r57 reschedule T-007 --due 2027-06-30" in found["hint"], found


def test_moving_only_milestones_names_them_in_reschedule_s_own_syntax(gate: Gate) -> None:
    staged(gate)
    moved = [{"date": "2025-04-29", "planned_pct": 20}, {"date": "2025-09-30", "planned_pct": 100}]
    gate.write(t7(milestones=moved))
    sha = gate.commit("Move T-007's first milestone", who="an")
    found = refused(gate, gate.check(), "R57E312", commit=sha, path=T7, at="2025-04-29")
    want = "r57 reschedule T-007 --milestone 2025-04-29:20 --milestone 2025-09-30:100"
    assert want in found["hint"], found


def test_a_coordinator_with_a_correct_record_passes(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(due="2025-12-31", reschedules=[entry()]))
    gate.commit("Reschedule T-007", who="binh")
    passes(gate.check())


def test_a_coordinator_without_a_record_is_refused(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(due="2025-12-31"))
    sha = gate.commit("Move T-007", who="binh")
    refused(gate, gate.check(), "R57E313", commit=sha, path=T7, at="due: 2025-12-31")


@pytest.mark.parametrize(
    ("wrong", "at"),
    [
        ({"by": "boss"}, "by: boss"),
        ({"reason": " "}, "reason:"),
        ({"before": {"due": "2025-08-31"}}, "due: 2025-08-31"),
        ({"after": {"due": "2026-01-31"}}, "due: 2026-01-31"),
    ],
)
def test_a_record_that_does_not_match_the_change_is_refused(
    gate: Gate, wrong: dict[str, Any], at: str
) -> None:
    staged(gate)
    gate.write(t7(due="2025-12-31", reschedules=[entry(**wrong)]))
    sha = gate.commit("Reschedule T-007", who="binh")
    checked = gate.check()
    assert "R57E314" in checked.codes, checked.diags
    found = next(d for d in checked.diags if d["code"] == "R57E314")
    assert found["commit"] == sha
    assert at in gate.show(sha, T7).splitlines()[found["line"] - 1]


def test_the_policy_can_require_a_decision(gate: Gate) -> None:
    gate.setup(tasks=(t7(),), require_decision=True)
    gate.write(t7(due="2025-12-31", reschedules=[entry()]))
    gate.commit("Reschedule T-007", who="binh")
    assert "R57E314" in gate.check().codes
    gate.write(t7(due="2025-12-31", reschedules=[entry(decision="Quyết định 123/QĐ-BTTTT")]))
    redo(gate, "Reschedule T-007 with its decision", "binh")
    assert "R57E314" not in gate.check().codes


def test_a_record_rewritten_later_is_refused(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(due="2025-12-31", reschedules=[entry()]))
    gate.commit("Reschedule T-007", who="binh")
    gate.write(t7(due="2025-12-31", reschedules=[entry(reason="Nobody will notice")]))
    sha = gate.commit("Tidy T-007", who="binh")
    found = refused(gate, gate.check(), "R57E315", commit=sha, path=T7, at="id: S-1")
    # S-1 was added in this same pull request: restoring the file from BASE would drop the
    # approved reschedule too, so the fix points at the commit that edited it
    assert "BASE" not in found["hint"], found
    assert f"git diff {sha[:10]}^ {sha[:10]}" in found["hint"], found


def test_a_record_removed_is_refused(gate: Gate) -> None:
    gate.setup(tasks=(t7(due="2025-12-31", reschedules=[entry()]),))
    gate.write(t7(due="2025-12-31"))
    sha = gate.commit("Tidy T-007", who="boss")
    assert "R57E315" in gate.check().codes
    assert gate.check().diags[0]["commit"] == sha


def test_a_record_without_a_change_is_refused(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(reschedules=[entry(after={"due": "2025-09-30"})]))
    sha = gate.commit("Record nothing", who="binh")
    checked = gate.check()  # the validator also sees an entry that changes nothing
    found = next(d for d in checked.diags if d["code"] == "R57E316")
    assert (checked.code, found["commit"], found["path"]) == (1, sha, T7)
    assert "id: S-1" in gate.show(sha, T7).splitlines()[found["line"] - 1]


def test_the_unit_deleting_a_milestone_is_refused(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(milestones=[{"date": "2025-09-30", "planned_pct": 100}]))
    sha = gate.commit("Simplify T-007", who="an")
    refused(gate, gate.check(), "R57E312", commit=sha, path=T7, at="2025-09-30")


def test_the_unit_weakening_a_milestone_is_refused(gate: Gate) -> None:
    staged(gate)
    milestones = [
        {"date": "2025-03-31", "planned_pct": 10},
        {"date": "2025-09-30", "planned_pct": 100},
    ]
    gate.write(t7(milestones=milestones))
    sha = gate.commit("Lower the first milestone", who="an")
    refused(gate, gate.check(), "R57E312", commit=sha, path=T7, at="planned_pct: 10")


def test_a_label_is_not_a_schedule(gate: Gate) -> None:
    staged(gate)
    milestones = [
        {"date": "2025-03-31", "planned_pct": 20, "label": "Draft"},
        {"date": "2025-09-30", "planned_pct": 100},
    ]
    gate.write(t7(milestones=milestones))
    gate.commit("Name the first milestone", who="an")
    passes(gate.check())


def test_a_unit_cannot_grant_itself_an_extension(gate: Gate) -> None:
    staged(gate, resources=[EXTENSION])
    granted = {**EXTENSION, "status": "granted", "decided": TODAY}
    gate.write(t7(resources=[granted]))
    sha = gate.commit("Extension granted", who="an")
    found = refused(gate, gate.check(), "R57E317", commit=sha, path=T7, at="status: granted")
    assert "R-1" in found["message"]


def test_granting_needs_a_reschedule_that_names_the_request(gate: Gate) -> None:
    staged(gate, resources=[EXTENSION])
    granted = {**EXTENSION, "status": "granted", "decided": TODAY}
    gate.write(t7(resources=[granted]))
    sha = gate.commit("Extension granted", who="binh")
    refused(gate, gate.check(), "R57E318", commit=sha, path=T7, at="status: granted")
    gate.write(t7(due="2025-12-31", resources=[granted], reschedules=[entry(request="R-1")]))
    redo(gate, "Extension granted", "binh")
    passes(gate.check())


def test_a_claimed_completion_warns_and_fails_under_strict(gate: Gate) -> None:
    staged(gate)
    done = {"pct": 100, "status": "done", "completed": "2025-03-10"}
    gate.write(t7(progress=done))
    sha = gate.commit("T-007 done", who="an")
    checked = gate.check()
    assert checked.code == 0, checked.diags
    assert "R57W302" in checked.codes, checked.diags
    found = next(d for d in checked.diags if d["code"] == "R57W302")
    assert (found["commit"], found["path"]) == (sha, T7)
    assert "completed: 2025-03-10" in gate.show(sha, T7).splitlines()[found["line"] - 1]
    assert gate.check("--strict").code == 1
    gate.write(t7(progress={**done, "recorded": TODAY}))
    redo(gate, "T-007 done, recorded today", "an")
    checked = gate.check()
    assert "R57W305" in checked.codes, checked.diags  # an open claim, in the open
    assert "R57W302" not in checked.codes
    assert checked.code == 0
    claim = next(d for d in checked.diags if d["code"] == "R57W305")
    assert "2025-03-10" in claim["message"]
    assert "r57 confirm T-007" in claim["hint"]
    assert gate.check("--strict").code == 1
    gate.write(t7(progress={**done, "recorded": TODAY, "confirmed_by": "binh"}))
    redo(gate, "T-007 done and confirmed by the coordinator", "binh")
    assert "R57W305" not in gate.check().codes


def test_a_confirmation_is_by_the_coordinator_as_themselves(gate: Gate) -> None:
    done = {"pct": 100, "status": "done", "completed": "2025-03-10", "recorded": TODAY}
    staged(gate, progress=done)
    gate.write(t7(progress={**done, "confirmed_by": "binh"}))
    sha = gate.commit("Confirmed", who="an")
    refused(gate, gate.check(), "R57E319", commit=sha, path=T7, at="confirmed_by: binh")
    redo(gate, "Confirmed", "binh")
    passes(gate.check())


def test_backdated_commits_are_flagged(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    staged(gate)
    gate.write(t7(progress={"pct": 40, "status": "in_progress"}))
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-03-12T09:00:00+07:00")
    sha = gate.commit("Progress", who="an")
    checked = gate.check()
    assert (checked.code, checked.codes) == (0, ["R57W303", "R57W304"]), checked.diags
    assert {d["commit"] for d in checked.diags} == {sha}
    assert "more than a day before today (2025-03-20)" in checked.diags[1]["message"]
    assert gate.check("--strict").code == 1


def test_the_refusal_speaks_vietnamese(gate: Gate) -> None:
    staged(gate)
    gate.write(t7(due="2027-06-30"))
    gate.commit("Update T-007 schedule", who="an")
    checked = gate.check("--lang", "vi")
    assert checked.codes == ["R57E312"]
    assert "mới được điều chỉnh tiến độ" in checked.diags[0]["message"]
    assert "đề nghị đầu mối tổng hợp chạy `r57 reschedule T-007" in checked.diags[0]["hint"]


def test_a_unit_cannot_undo_a_refusal_either(gate: Gate) -> None:
    staged(gate, resources=[{**EXTENSION, "status": "refused", "decided": "2025-03-19"}])
    gate.write(t7(resources=[EXTENSION]))
    sha = gate.commit("Ask again", who="an")
    refused(gate, gate.check(), "R57E317", commit=sha, path=T7, at="id: R-1")


def test_the_policy_decides_who_reschedules(gate: Gate) -> None:
    staged(gate)
    policy = {**plan_doc(), "policy": {"reschedule_by": ["admin"]}}  # coordinators no more
    gate.plan.write_plan(policy)
    gate.base = gate.commit("Only admins reschedule", who="boss")
    gate.write(t7(due="2025-12-31", reschedules=[entry()]))
    sha = gate.commit("Reschedule T-007", who="binh")
    found = refused(gate, gate.check(), "R57E312", commit=sha, path=T7, at="due: 2025-12-31")
    assert "(admin)" in found["message"]
