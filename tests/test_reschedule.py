"""The schedule commands on real repositories: r57 reschedule (with --grants), r57 extend,
r57 decide on an extension, r57 done --evidence and a claimed date, r57 confirm; and that
every refusal leaves the repository exactly as it was."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from r57cli.locale import texts
from tests.conftest import PLAN, Plan, Result, git, task
from tests.test_record import state, trailers

R57 = Callable[..., Result]
TODAY = "2025-03-20"
TASK = "plan286/tasks/ndta/T-001.yaml"
COORDINATOR = "binh@example.gov.vn"  # roles: [coordinator] in conftest's UNITS


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setattr(texts, "_language", "")


def as_coordinator(monkeypatch: pytest.MonkeyPatch) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Trần Thị Bình")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", COORDINATOR)


def data(plan: Plan) -> Any:
    return yaml.safe_load((plan.repo / TASK).read_text(encoding="utf-8"))


def head(plan: Plan) -> str:
    return git(plan.repo, "rev-parse", "HEAD").strip()


def last_trailers(plan: Plan) -> dict[str, str]:
    return trailers(git(plan.repo, "log", "-1", "--format=%B"))


# ------------------------------------------------------------------------- reschedule


def test_reschedule_is_one_commit_of_the_changed_lines_and_the_record(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_coordinator(monkeypatch)
    before = head(plan)
    res = r57(
        "reschedule",
        "T-001",
        "--due",
        "2025-12-31",
        "--reason",
        "Waiting for the decree",
        "--decision",
        "Quyết định 12/QĐ-BTTTT",
        cwd=plan.repo,
    )
    assert res.code == 0, res.err
    assert "T-001: due 2025-09-30 → 2025-12-31 (+92 days, S-1)" in res.out
    assert git(plan.repo, "rev-list", "--count", f"{before}..HEAD") == "1\n"
    assert git(plan.repo, "show", "--name-only", "--format=", "HEAD") == f"{TASK}\n"
    diff = git(plan.repo, "show", "--format=", "-U0", "HEAD")
    removed = [line for line in diff.splitlines() if line.startswith("-") and "---" not in line]
    assert removed == ["-due: 2025-09-30"]  # the old due, and nothing else, is replaced
    assert last_trailers(plan) == {
        "R57-Task": "T-001",
        "R57-Unit": "ndta",
        "R57-Action": "reschedule",
        "R57-Reschedule": "S-1",
        "R57-Due-From": "2025-09-30",
        "R57-Due-To": "2025-12-31",
        "R57-Reason": "Waiting for the decree",
        "R57-Decision": "Quyết định 12/QĐ-BTTTT",
        "R57-Date": TODAY,
    }
    entry = data(plan)["reschedules"][0]
    assert entry == {
        "id": "S-1",
        "date": date(2025, 3, 20),
        "by": "binh",
        "reason": "Waiting for the decree",
        "decision": "Quyết định 12/QĐ-BTTTT",
        "before": {"due": date(2025, 9, 30)},
        "after": {"due": date(2025, 12, 31)},
    }
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 0


def test_shift_milestones_moves_the_ones_ahead_with_the_due(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_coordinator(monkeypatch)
    before = state(plan.repo)
    res = r57("reschedule", "T-001", "--due", "2025-06-30", "--reason", "Sooner", cwd=plan.repo)
    assert res.code == 2
    assert "--shift-milestones" in res.err
    assert state(plan.repo) == before
    args = ["reschedule", "T-001", "--due", "2025-06-30", "--reason", "Sooner"]
    res = r57(*args, "--shift-milestones", cwd=plan.repo)
    assert res.code == 0, res.err
    d = data(plan)
    dates = [str(m["date"]) for m in d["milestones"]]
    assert dates[-1] == "2025-06-30"  # the milestone on the old due lands on the new one
    assert dates == sorted(dates)
    assert all("2025-02-10" <= x <= "2025-06-30" for x in dates)
    entry = d["reschedules"][0]
    assert set(entry["before"]) == set(entry["after"]) == {"due", "milestones"}
    assert "R57-Milestones" in last_trailers(plan)
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 0


def test_extending_an_overdue_task_moves_its_last_milestone_to_the_new_due(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every milestone has passed, the one on the old due included: the passed ones stay as
    history, but the deadline's own milestone follows the deadline, so the plan no longer
    expects 100% before the new due."""
    monkeypatch.setenv("R57_TODAY", "2025-10-15")
    as_coordinator(monkeypatch)
    args = ["reschedule", "T-001", "--due", "2025-12-31", "--reason", "More provinces"]
    res = r57(*args, "--shift-milestones", cwd=plan.repo)
    assert res.code == 0, res.err
    got = [(str(m["date"]), m["planned_pct"]) for m in data(plan)["milestones"]]
    assert got == [("2025-03-31", 20), ("2025-12-31", 100)]
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 0


def test_milestone_list_keeps_labels_by_position(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.write_task(
        task(
            milestones=[
                {"date": "2025-03-31", "planned_pct": 20, "label": "Draft"},
                {"date": "2025-09-30", "planned_pct": 100, "label": "Issued"},
            ]
        )
    )
    plan.commit("labels")
    as_coordinator(monkeypatch)
    args = ["--milestone", "2025-04-30:30", "--milestone", "2025-09-30:100", "--reason", "x"]
    res = r57("reschedule", "T-001", *args, cwd=plan.repo)
    assert res.code == 0, res.err
    assert [(str(m["date"]), m["planned_pct"], m["label"]) for m in data(plan)["milestones"]] == [
        ("2025-04-30", 30, "Draft"),
        ("2025-09-30", 100, "Issued"),
    ]


BAD: dict[str, tuple[list[str], str]] = {
    "due-before-start": (["--due", "2025-01-01", "--reason", "x"], "before the start"),
    "due-in-the-past": (["--due", "2025-03-10", "--reason", "x"], "in the past"),
    # only --start given: the message names the option the user typed, not a --due they never gave
    "start-after-due": (
        ["--start", "2025-10-06", "--reason", "x"],
        "--start 2025-10-06 is after the due (2025-09-30)",
    ),
    # the dates in brackets are the milestones left out, next to the new period they miss
    "milestones-outside-new-due": (
        ["--due", "2025-08-29", "--reason", "x"],
        "Milestones of T-001 on 2025-09-30 would fall outside the new period "
        "2025-02-10 – 2025-08-29",
    ),
    "no-reason": (["--due", "2025-12-31"], "needs --reason"),
    "empty-reason": (["--due", "2025-12-31", "--reason", "  "], "must not be empty"),
    "nothing-changes": (["--due", "2025-09-30", "--reason", "x"], "Nothing would change"),
    "decision-control": (
        ["--due", "2025-12-31", "--reason", "x", "--decision", "QĐ\x1b[31m 1"],
        "--decision 'QĐ\\x1b[31m 1' contains control characters",
    ),
    "reason-control": (["--due", "2025-12-31", "--reason", "a\x07b"], "a\\x07b"),
    "milestones-order": (
        ["--milestone", "2025-06-01:50", "--milestone", "2025-05-01:100", "--reason", "x"],
        "not after the one before it",
    ),
    "milestones-outside": (
        ["--milestone", "2025-01-01:20", "--milestone", "2025-09-30:100", "--reason", "x"],
        "outside the task's period",
    ),
    "milestones-pct-down": (
        ["--milestone", "2025-04-01:60", "--milestone", "2025-09-30:50", "--reason", "x"],
        "Planned percentages never go down",
    ),
    "milestone-syntax": (["--milestone", "2025-04-01", "--reason", "x"], "is not DATE:PCT"),
    "bad-date": (["--due", "2025-13-01", "--reason", "x"], "is not a date"),
    "future-date": (["--due", "2025-12-31", "--reason", "x", "--date", "2025-03-21"], "future"),
    "grants-nothing": (["--grants", "R-9", "--reason", "x"], "no open extension request R-9"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_reschedule_changes_nothing(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    as_coordinator(monkeypatch)
    args, wanted = BAD[case]
    before = state(plan.repo)
    res = r57("reschedule", "T-001", *args, cwd=plan.repo)
    assert res.code == 2, res.out + res.err
    assert wanted in res.err
    assert "Traceback" not in res.err
    assert state(plan.repo) == before


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_a_closed_task_is_not_rescheduled(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    progress = {"pct": 100, "status": "done", "completed": "2025-03-10"}
    if status == "cancelled":
        progress = {"pct": 30, "status": "cancelled"}
    plan.write_task(task(progress=progress))
    plan.commit("closed")
    as_coordinator(monkeypatch)
    before = state(plan.repo)
    res = r57("reschedule", "T-001", "--due", "2025-12-31", "--reason", "x", cwd=plan.repo)
    assert res.code == 2
    assert f"is {status}" in res.err
    assert "r57 reopen T-001" in res.err
    assert state(plan.repo) == before
    res = r57("extend", "T-001", "--to", "2025-12-31", "--reason", "x", cwd=plan.repo)
    assert res.code == 2
    assert state(plan.repo) == before


def test_the_unit_may_not_reschedule_its_own_task(plan: Plan, r57: R57) -> None:
    before = state(plan.repo)
    res = r57("reschedule", "T-001", "--due", "2025-12-31", "--reason", "x", cwd=plan.repo)
    assert res.code == 2
    assert "only coordinators and admins may reschedule (policy.reschedule_by" in res.err
    assert "r57 extend T-001" in res.err
    assert state(plan.repo) == before
    res = r57("reschedule", "T-001", "--due", "2025-12-31", "--reason", "x", "--lang", "vi")
    assert res.code == 2
    assert "chỉ đầu mối tổng hợp và quản trị mới được điều chỉnh tiến độ" in res.err
    assert state(plan.repo) == before


def test_policy_requires_a_decision(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    plan.write_plan({**PLAN, "policy": {"require_decision": True}})
    plan.commit("policy")
    as_coordinator(monkeypatch)
    before = state(plan.repo)
    res = r57("reschedule", "T-001", "--due", "2025-12-31", "--reason", "x", cwd=plan.repo)
    assert res.code == 2
    assert "policy.require_decision" in res.err
    assert state(plan.repo) == before
    args = ["--due", "2025-12-31", "--reason", "x", "--decision", "QĐ 7", "--lang", "vi"]
    res = r57("reschedule", "T-001", *args, cwd=plan.repo)
    assert res.code == 0, res.err
    assert res.out.startswith("Đã ghi T-001: điều chỉnh tiến độ: hạn 30/09/2025 → 31/12/2025")


# ------------------------------------------------------------------------- extensions


def test_extend_then_grant_moves_the_due_and_closes_the_request(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = r57("extend", "T-001", "--to", "2025-11-30", "--reason", "Provinces", cwd=plan.repo)
    assert res.code == 0, res.err
    assert last_trailers(plan)["R57-Action"] == "extend"
    assert last_trailers(plan)["R57-Due-To"] == "2025-11-30"
    request = data(plan)["resources"][0]
    assert request["kind"] == "extension"
    assert request["status"] == "open"
    assert str(request["due"]) == "2025-11-30"
    assert request["need"] == "Provinces"
    as_coordinator(monkeypatch)
    before = head(plan)
    args = ["--grants", "R-1", "--reason", "Agreed", "--decision", "Quyết định 45/QĐ-BTTTT"]
    res = r57("reschedule", "T-001", *args, "--shift-milestones", cwd=plan.repo)
    assert res.code == 0, res.err
    assert git(plan.repo, "rev-list", "--count", f"{before}..HEAD") == "1\n"
    d = data(plan)
    assert str(d["due"]) == "2025-11-30"  # the due asked for
    assert d["resources"][0]["status"] == "granted"
    assert str(d["resources"][0]["decided"]) == TODAY
    assert d["reschedules"][0]["request"] == "R-1"
    t = last_trailers(plan)
    assert t["R57-Request"] == "R-1"
    assert t["R57-Due-To"] == "2025-11-30"
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 0
    res = r57("show", "T-001", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "baseline: 2025-02-10 – 2025-09-30" in res.out
    assert "S-1 2025-03-20 by Trần Thị Bình: due 2025-09-30 → 2025-11-30 (+61 d)" in res.out
    assert "grants R-1" in res.out
    assert "— granted" in res.out
    log = " ".join(r57("log", "T-001", cwd=plan.repo).out.split())  # wrapped at 80 columns
    assert "rescheduled: due 2025-09-30 → 2025-11-30 (+61 d)" in log
    assert "asks to extend the due 2025-09-30 → 2025-11-30 (R-1)" in log
    res = r57("show", "T-001", "--lang", "vi", cwd=plan.repo)
    assert "kế hoạch gốc: 10/02/2025 – 30/09/2025" in res.out


def test_extension_refused_with_decide_and_never_granted_there(plan: Plan, r57: R57) -> None:
    assert r57("extend", "T-001", "--to", "2025-11-30", "--reason", "x", cwd=plan.repo).code == 0
    before = state(plan.repo)
    res = r57("decide", "T-001", "R-1", "--outcome", "granted", cwd=plan.repo)
    assert res.code == 2
    assert "r57 reschedule T-001 --grants R-1" in res.err
    assert state(plan.repo) == before
    res = r57("extend", "T-001", "--to", "2025-12-30", "--reason", "y", cwd=plan.repo)
    assert res.code == 2
    assert "already has an open extension request (R-1)" in res.err
    res = r57("decide", "T-001", "R-1", "--outcome", "refused", "--note", "No", cwd=plan.repo)
    assert res.code == 0, res.err
    assert data(plan)["resources"][0]["status"] == "refused"
    assert str(data(plan)["due"]) == "2025-09-30"
    assert "— refused" in r57("show", "T-001", cwd=plan.repo).out


@pytest.mark.parametrize(
    ("to", "wanted"),
    [("2025-09-30", "not after the current due"), ("2025-08-01", "not after the current due")],
)
def test_extend_asks_for_a_later_date(plan: Plan, r57: R57, to: str, wanted: str) -> None:
    before = state(plan.repo)
    res = r57("extend", "T-001", "--to", to, "--reason", "x", cwd=plan.repo)
    assert res.code == 2
    assert wanted in res.err
    assert state(plan.repo) == before


# ------------------------------------------------------------------------- completion


def test_done_with_evidence(plan: Plan, r57: R57) -> None:
    args = ["--evidence", "Quyết định 99/QĐ-BTTTT", "--evidence", "https://mic.gov.vn/a"]
    res = r57("done", "T-001", *args, cwd=plan.repo)
    assert res.code == 0, res.err
    progress = data(plan)["progress"]
    assert progress["evidence"] == ["Quyết định 99/QĐ-BTTTT", "https://mic.gov.vn/a"]
    assert "recorded" not in progress  # recorded the same day: no claim
    assert "claim" not in res.err


def test_an_unsigned_commit_is_warned_of_when_the_plan_requires_signatures(
    plan: Plan, r57: R57
) -> None:
    res = r57("update", "T-001", "--pct", "40", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "not signed" not in res.err  # the plan does not ask for signatures
    plan.write_plan({**PLAN, "policy": {"require_signed_commits": True}})
    plan.commit("policy")
    res = r57("update", "T-001", "--pct", "45", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "the commit is not signed" in res.err
    assert "r57 signing setup" in res.err
    assert "45" in git(plan.repo, "log", "-1", "--format=%s")  # a warning: the commit is made
    if shutil.which("ssh-keygen") is None:
        return
    key = plan.repo.parent / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    for name, value in [
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("commit.gpgsign", "true"),
    ]:
        git(plan.repo, "config", name, value)
    res = r57("update", "T-001", "--pct", "50", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "not signed" not in res.err
    assert "gpgsig" in git(plan.repo, "cat-file", "commit", "HEAD")


def test_policy_requires_evidence(plan: Plan, r57: R57) -> None:
    plan.write_plan({**PLAN, "policy": {"require_evidence": True}})
    plan.commit("policy")
    before = state(plan.repo)
    res = r57("done", "T-001", cwd=plan.repo)
    assert res.code == 2
    assert "policy.require_evidence" in res.err
    assert "--evidence" in res.err
    assert state(plan.repo) == before
    assert r57("done", "T-001", "--evidence", "QĐ 1", cwd=plan.repo).code == 0


def test_a_backdated_completion_is_a_claim_until_confirmed(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = r57("confirm", "T-001", cwd=plan.repo)
    assert res.code == 2  # not done
    res = r57("done", "T-001", "--date", "2025-03-05", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "the date is a claim" in res.err
    assert "r57 confirm T-001" in res.err
    assert str(data(plan)["progress"]["recorded"]) == TODAY
    assert last_trailers(plan)["R57-Recorded"] == TODAY
    subject = git(plan.repo, "log", "-1", "--format=%s").strip()  # both dates, not "early"
    assert subject == (
        "T-001: done, 30% → 100% (claimed for 2025-03-05, 209 days early; "
        "recorded 2025-03-20, before the due)"
    )
    before = state(plan.repo)
    res = r57("confirm", "T-001", cwd=plan.repo)
    assert res.code == 2
    assert "policy.reschedule_by" in res.err
    assert state(plan.repo) == before
    as_coordinator(monkeypatch)
    res = r57("confirm", "T-001", "--note", "Checked the signed decision", cwd=plan.repo)
    assert res.code == 0, res.err
    assert data(plan)["progress"]["confirmed_by"] == "binh"
    assert last_trailers(plan)["R57-Action"] == "confirm"
    assert "confirmed by Trần Thị Bình" in r57("show", "T-001", cwd=plan.repo).out
    before = state(plan.repo)
    res = r57("confirm", "T-001", cwd=plan.repo)
    assert res.code == 2
    assert "already confirmed" in res.err
    assert state(plan.repo) == before


def test_a_completion_within_the_limit_is_no_claim(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert r57("done", "T-001", "--date", "2025-03-13", cwd=plan.repo).code == 0
    assert "recorded" not in data(plan)["progress"]
    as_coordinator(monkeypatch)
    before = state(plan.repo)
    res = r57("confirm", "T-001", cwd=plan.repo)
    assert res.code == 2
    assert "no claim to confirm" in res.err
    assert state(plan.repo) == before
