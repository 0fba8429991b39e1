"""The plan-editing commands on real repositories: r57 task add, r57 assign and r57 cancel
make one commit each with their trailers and a minimal change, refuse bad input and
people without the policy's role with nothing changed, and `r57 check` accepts their
commits from an allowed role and refuses them from others, and refuses the same edits by
hand (R57E330-R57E333)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import git
from tests.test_gate import TODAY, Gate, gate, passes, pinned_today, refused
from tests.test_record import state, trailers

__all__ = ["gate", "pinned_today"]  # the fixtures, used by name

T1 = "plan286/tasks/ndta/T-001.yaml"
NOW = f"{TODAY}T09:00:00+07:00"


@pytest.fixture(autouse=True)
def committed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", NOW)
    monkeypatch.setenv("GIT_AUTHOR_DATE", NOW)


def last(g: Gate) -> dict[str, str]:
    return trailers(git(g.repo, "log", "-1", "--format=%B"))


def changed(g: Gate, rev: str = "HEAD") -> list[str]:
    out = git(g.repo, "show", "--name-status", "--format=", "-M", rev)
    return [line for line in out.splitlines() if line]


def add_args(*more: str) -> tuple[str, ...]:
    return (
        "task", "add", "--title", "Open data portal", "--title-vi", "Cổng dữ liệu mở",
        "--unit", "legal", "--responsible", "chi", "--due", "2025-12-31",
        "--milestone", "2025-06-30:40", "--milestone", "2025-12-31:100:Portal live",
        "--co-unit", "ndta", "--basis", "57-NQ/TW", "--decision", "12/QĐ-BTTTT", *more,
    )  # fmt: skip


# ------------------------------------------------------------------------- task add


def test_task_add_is_one_commit_of_one_new_file_with_its_trailers(gate: Gate) -> None:
    sha = gate.r57_as("binh", *add_args())
    assert changed(gate) == ["A\tplan286/tasks/legal/T-003.yaml"]
    t = last(gate)
    assert t["R57-Action"] == "task-add", t
    assert t["R57-Task"] == "T-003", t
    assert (t["R57-Unit"], t["R57-By"], t["R57-Decision"]) == ("legal", "binh", "12/QĐ-BTTTT")
    text = (gate.repo / "plan286/tasks/legal/T-003.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# r57 task add, 2025-03-20, 12/QĐ-BTTTT" in text
    data = yaml.safe_load(text)
    assert data["title"] == {"en": "Open data portal", "vi": "Cổng dữ liệu mở"}
    assert (data["unit"], data["responsible"], data["co_units"]) == ("legal", "chi", ["ndta"])
    assert [m["planned_pct"] for m in data["milestones"]] == [40, 100]
    assert data["milestones"][1]["label"] == "Portal live"
    assert str(data["start"]) == TODAY
    assert gate.run("validate", "--no-cache").code == 0
    passes(gate.check())
    assert sha == gate.head()


def test_task_add_milestones_short_of_100_end_with_100_at_the_due(gate: Gate) -> None:
    args = (
        "task", "add", "--title", "Open data portal", "--unit", "legal", "--responsible",
        "chi", "--due", "2025-12-31", "--milestone", "2025-06-30:40",
    )  # fmt: skip
    gate.r57_as("binh", *args)
    data = yaml.safe_load((gate.repo / "plan286/tasks/legal/T-003.yaml").read_text("utf-8"))
    planned = [(str(m["date"]), m["planned_pct"]) for m in data["milestones"]]
    assert planned == [("2025-06-30", 40), ("2025-12-31", 100)]
    res = gate.run("validate", "--no-cache")
    assert res.code == 0, res.out
    assert "R57W005" not in res.out


def test_task_add_from_a_snippet_on_stdin_takes_the_id_given(
    gate: Gate, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snippet = tmp_path / "new.yaml"
    snippet.write_text(
        "id: T-010\ntitle: {en: Data law, vi: Luật Dữ liệu}\nunit: ndta\nresponsible: an\n"
        "start: 2025-03-20\ndue: 2025-10-31\ndeliverable: law\nsubmission: national_assembly\n",
        encoding="utf-8",
    )
    gate.r57_as("boss", "task", "add", "--from", str(snippet))
    assert changed(gate) == ["A\tplan286/tasks/ndta/T-010.yaml"]
    data = yaml.safe_load((gate.repo / "plan286/tasks/ndta/T-010.yaml").read_text("utf-8"))
    assert data["deliverable"] == "law"
    assert data["milestones"] == [
        {"date": __import__("datetime").date(2025, 10, 31), "planned_pct": 100}
    ]
    passes(gate.check())


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--unit", "nowhere"), "nowhere"),
        (("--responsible", "ghost"), "ghost"),
        (("--due", "2025-02-30"), "2025-02-30"),
        (("--due", "2025-01-01"), "T-003"),  # due before start: the model says so
        (("--id", "T-001"), "T-001"),
    ],
)
def test_task_add_refuses_bad_input_and_changes_nothing(
    gate: Gate, extra: tuple[str, ...], words: str
) -> None:
    before = state(gate.repo)
    gate.become("binh")
    res = gate.run(*add_args(), *extra)
    assert res.code != 0, res.out
    assert words in res.err, res.err
    assert state(gate.repo) == before


def test_task_add_by_someone_without_the_role_is_refused_before_writing(gate: Gate) -> None:
    before = state(gate.repo)
    gate.become("an")
    res = gate.run(*add_args())
    assert res.code != 0
    assert "policy.add_task_by" in res.err, res.err
    assert "coordinator, admin" in res.err, res.err
    assert state(gate.repo) == before


def test_task_add_waits_for_another_r57_run_holding_the_lock(
    gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.record import durable

    monkeypatch.setattr(durable, "LOCK_TIMEOUT", 0.2)
    lock = gate.repo / ".git" / "r57" / "lock"
    lock.parent.mkdir(exist_ok=True)
    before = state(gate.repo)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        gate.become("binh")
        res = gate.run(*add_args())
    finally:
        os.close(fd)
    assert res.code != 0
    assert "Another r57 command" in res.err, res.err
    assert state(gate.repo) == before


def test_task_add_dry_run_shows_the_file_and_writes_nothing(gate: Gate) -> None:
    before = state(gate.repo)
    gate.become("binh")
    res = gate.run(*add_args("--dry-run"))
    assert res.code == 0, res.err
    assert "+++ b/plan286/tasks/legal/T-003.yaml" in res.out
    assert "R57-Action: task-add" in res.out
    assert state(gate.repo) == before


# ------------------------------------------------------------------------- assign


def test_assign_moves_the_file_in_one_commit_that_git_follows(gate: Gate) -> None:
    gate.r57_as(
        "binh", "assign", "T-001", "--unit", "legal", "--responsible", "chi",
        "--reason", "Legal drafts it now", "--decision", "99/QĐ-BTTTT",
    )  # fmt: skip
    assert changed(gate)[0].startswith("R")
    assert changed(gate)[0].endswith(
        "plan286/tasks/ndta/T-001.yaml\tplan286/tasks/legal/T-001.yaml"
    ), changed(gate)
    diff = git(gate.repo, "diff", "-M", "HEAD~1", "HEAD", "--", "plan286/tasks")
    minus = [x for x in diff.splitlines() if x.startswith("-") and not x.startswith("---")]
    assert minus == ["-unit: ndta", "-responsible: an"], diff
    t = last(gate)
    assert t["R57-Action"] == "assign"
    assert t["R57-Unit"] == "legal"
    assert (t["R57-From-Unit"], t["R57-Responsible"], t["R57-From-Responsible"]) == (
        "ndta",
        "chi",
        "an",
    )
    assert t["R57-Reason"] == "Legal drafts it now"
    assert t["R57-Decision"] == "99/QĐ-BTTTT"
    log = git(gate.repo, "log", "--follow", "--format=%s", "--", "plan286/tasks/legal/T-001.yaml")
    assert len(log.splitlines()) >= 2, log  # the history before the move too
    passes(gate.check())


def test_assign_keeps_a_person_who_belongs_to_the_new_unit_else_takes_its_focal(
    gate: Gate,
) -> None:
    gate.r57_as("binh", "assign", "T-002", "--unit", "ndta")
    data = yaml.safe_load((gate.repo / T1.replace("T-001", "T-002")).read_text("utf-8"))
    assert (data["unit"], data["responsible"]) == ("ndta", "binh")  # ndta's focal
    gate.r57_as("binh", "assign", "T-002", "--responsible", "an")
    assert changed(gate) == ["M\tplan286/tasks/ndta/T-002.yaml"]
    passes(gate.check())


def test_assign_to_a_unit_made_by_unit_add_takes_its_first_member(gate: Gate) -> None:
    """r57 unit add gives a unit members but no focal: line; r57 assign then picks the
    person as r57 import does (focal, else leader, else first member), not a refusal."""
    gate.r57_as(
        "boss", "unit", "add", "ics", "--name", "Information Security Department",
        "--name-vi", "Cục An toàn thông tin", "--member", "dao.minh:Đào Minh:dao.m@mic.gov.vn",
    )  # fmt: skip
    gate.r57_as("binh", "assign", "T-001", "--unit", "ics")
    data = yaml.safe_load((gate.repo / T1.replace("ndta", "ics")).read_text("utf-8"))
    assert (data["unit"], data["responsible"]) == ("ics", "dao.minh")
    passes(gate.check())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("T-009", "--unit", "legal"), "T-009"),
        (("T-001", "--unit", "nowhere"), "nowhere"),
        (("T-001", "--responsible", "ghost"), "ghost"),
        (("T-001",), "--unit"),
        (("T-001", "--unit", "ndta", "--responsible", "an"), "already"),
    ],
)
def test_assign_refuses_bad_input_and_changes_nothing(
    gate: Gate, args: tuple[str, ...], words: str
) -> None:
    before = state(gate.repo)
    gate.become("binh")
    res = gate.run("assign", *args)
    assert res.code != 0, res.out
    assert words in res.err, res.err
    assert state(gate.repo) == before


def test_assign_by_a_unit_member_is_refused(gate: Gate) -> None:
    before = state(gate.repo)
    gate.become("an")
    res = gate.run("assign", "T-001", "--unit", "legal")
    assert res.code != 0, res.err
    assert "policy.assign_by" in res.err, res.err
    assert state(gate.repo) == before


# ------------------------------------------------------------------------- cancel


def test_cancel_records_the_decision_and_the_gate_accepts_it_from_a_coordinator(
    gate: Gate,
) -> None:
    gate.r57_as("binh", "cancel", "T-001", "--reason", "Merged into T-002", "--decision", "5/QĐ")
    t = last(gate)
    assert (t["R57-Action"], t["R57-Status"], t["R57-Decision"]) == ("cancel", "cancelled", "5/QĐ")
    assert changed(gate) == ["M\t" + T1]
    passes(gate.check())
    before = state(gate.repo)
    res = gate.run("cancel", "T-001", "--reason", "again")
    assert res.code != 0, res.err
    assert "cancelled" in res.err, res.err
    assert state(gate.repo) == before


def test_a_task_that_has_not_started_yet_can_be_cancelled_today(gate: Gate) -> None:
    """A decision drops a task planned to start next quarter: the coordinator records it
    today, without a --date, and the gate accepts it. Starting it early is still refused, in
    words that name today (the user gave no --date) and the reschedule that allows it."""
    gate.r57_as("binh", *add_args("--start", "2025-06-02"))
    before = state(gate.repo)
    res = gate.run("start", "T-003", "--lang", "en")
    assert res.code == 2, res.err
    assert "Today (2025-03-20) is before T-003 starts (2025-06-02)" in res.err, res.err
    assert "r57 reschedule T-003 --start 2025-03-20" in res.err, res.err
    assert "--date" not in res.err, res.err
    vi = gate.run("start", "T-003", "--lang", "vi")
    assert "Hôm nay (2025-03-20) trước ngày bắt đầu của T-003 (2025-06-02)" in vi.err, vi.err
    assert state(gate.repo) == before
    res = gate.run("cancel", "T-003", "--reason", "Dropped", "--decision", "7/QĐ")
    assert res.code == 0, res.err
    assert (
        yaml.safe_load((gate.repo / "plan286/tasks/legal/T-003.yaml").read_text("utf-8"))[
            "progress"
        ]["status"]
        == "cancelled"
    )
    passes(gate.check())
    # an explicit --date before the start is still refused: it would land in no week's review
    gate.r57_as("binh", *add_args("--start", "2025-06-02"))
    res = gate.run("cancel", "T-004", "--reason", "x", "--date", "2025-03-19")
    assert res.code == 2, res.err
    assert "--date 2025-03-19 is before the task starts (2025-06-02)" in res.err, res.err


def test_cancel_by_a_unit_member_is_refused_before_writing(gate: Gate) -> None:
    before = state(gate.repo)
    gate.become("an")
    res = gate.run("cancel", "T-001", "--reason", "No budget")
    assert res.code != 0, res.err
    assert "policy.cancel_by" in res.err, res.err
    assert state(gate.repo) == before
    res = gate.run("update", "T-001", "--status", "cancelled", "--reason", "No budget")
    assert res.code != 0, res.err
    assert "policy.cancel_by" in res.err, res.err
    assert state(gate.repo) == before


def test_cancel_message_in_vietnamese(gate: Gate) -> None:
    gate.become("an")
    res = gate.run("cancel", "T-001", "--reason", "No budget", "--lang", "vi")
    assert res.code != 0
    assert "không được chạy r57 cancel" in res.err, res.err


# ------------------------------------------------------------------------- the gate


def _hand(g: Gate, message: str, who: str) -> str:
    return g.commit(message, who=who)


def test_the_gate_refuses_a_command_commit_by_someone_without_the_role(gate: Gate) -> None:
    text = (gate.repo / T1).read_text("utf-8").replace("status: in_progress", "status: cancelled")
    (gate.repo / T1).write_text(text, encoding="utf-8")
    message = "T-001: cancelled\n\nR57-Task: T-001\nR57-Unit: ndta\nR57-Action: cancel\n"
    sha = _hand(gate, message + "R57-Reason: x\n", "an")
    found = refused(gate, gate.check(), "R57E330", commit=sha, path=T1, at="status: cancelled")
    assert "r57 cancel" in found["hint"], found


def test_the_gate_refuses_cancelled_set_by_hand_even_by_a_coordinator(gate: Gate) -> None:
    text = (gate.repo / T1).read_text("utf-8").replace("status: in_progress", "status: cancelled")
    (gate.repo / T1).write_text(text, encoding="utf-8")
    sha = _hand(gate, "Stop T-001", "binh")
    found = refused(gate, gate.check(), "R57E333", commit=sha, path=T1, at="status: cancelled")
    assert "r57 cancel T-001" in found["hint"], found


def test_the_gate_refuses_a_task_added_by_hand_by_an_admin(gate: Gate) -> None:
    from tests.conftest import task

    gate.write(task("T-005", unit="legal", responsible="chi", co_units=[]))
    sha = _hand(gate, "Add T-005", "boss")
    path = "plan286/tasks/legal/T-005.yaml"
    found = refused(gate, gate.check(), "R57E331", commit=sha, path=path, at="id: T-005")
    assert "r57 task add" in found["hint"], found


@pytest.mark.parametrize(("field", "value"), [("responsible", "binh")])
def test_the_gate_refuses_a_responsible_changed_by_hand(gate: Gate, field: str, value: str) -> None:
    text = (gate.repo / T1).read_text("utf-8").replace("responsible: an", f"{field}: {value}")
    (gate.repo / T1).write_text(text, encoding="utf-8")
    sha = _hand(gate, "Give T-001 to Binh", "an")
    found = refused(gate, gate.check(), "R57E332", commit=sha, path=T1, at=f"{field}: {value}")
    assert "r57 assign T-001" in found["hint"], found


def test_the_gate_refuses_a_move_by_hand_by_a_coordinator(gate: Gate) -> None:
    src = gate.repo / T1
    data: Any = yaml.safe_load(src.read_text("utf-8"))
    data["unit"] = "legal"
    src.unlink()
    gate.write(data)
    sha = _hand(gate, "Move T-001", "binh")
    moved = "plan286/tasks/legal/T-001.yaml"
    refused(gate, gate.check(), "R57E332", commit=sha, path=moved, at="unit: legal")


# ------------------------------------------------------------------------- reports


def test_report_week_shows_a_cancelled_task(gate: Gate) -> None:
    gate.r57_as("binh", "cancel", "T-001", "--reason", "Merged into T-002")
    res = gate.run("report", "--week", "2025-W12", "--lang", "en")
    assert res.code == 0, res.err
    assert "T-001" in res.out, res.out
    assert "cancelled" in res.out.lower(), res.out


def test_adding_or_reassigning_a_task_is_not_its_unit_s_report(gate: Gate) -> None:
    """A coordinator's r57 task add and r57 assign are decisions about a task, as a
    re-import's are: the unit has not reported on it, so it is not 'reported' this week."""
    import json

    gate.r57_as("binh", *add_args())
    gate.r57_as("binh", "assign", "T-002", "--unit", "ndta")
    res = gate.run("report", "--week", "2025-W12", "--format", "json")
    rows = {t["id"]: t for t in json.loads(res.out)["tasks"]}
    assert rows["T-003"]["reported_in_period"] is False, rows["T-003"]
    assert rows["T-002"]["reported_in_period"] is False, rows["T-002"]


def test_a_task_cancelled_past_its_due_shows_as_cancelled_after_due(
    gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import task

    early = task("T-004", start="2025-01-06", due="2025-03-10", co_units=[])
    early["milestones"] = [{"date": "2025-03-10", "planned_pct": 100}]
    gate.setup(tasks=(early,))
    gate.r57_as("binh", "cancel", "T-004", "--reason", "Overtaken by Decree 13")
    for lang, word in (("en", "cancelled after due +10d"), ("vi", "huỷ khi đã quá hạn")):
        res = gate.run("report", "--week", "2025-W12", "--lang", lang)
        assert res.code == 0, res.err
        row = res.out[res.out.index("T-004 ") :]
        assert word in row.split("\n\n")[0], res.out
    import json

    res = gate.run("report", "--week", "2025-W12", "--format", "json")
    doc = json.loads(res.out)
    row = next(t for t in doc["tasks"] if t["id"] == "T-004")
    assert row["status"] == "cancelled"
    assert "cancelled_after_due" in row["flags"]
    assert doc["totals"]["counts"]["cancelled"] == 1, doc["totals"]
    assert doc["totals"]["on_time"] == 0, doc["totals"]


# ------------------------------------------------------------------------- kill -9


@pytest.mark.parametrize(
    "command",
    [
        ("assign", "T-001", "--unit", "legal", "--responsible", "chi"),
        ("task", "add", "--title", "X", "--unit", "legal", "--responsible", "chi", "--due",
         "2025-12-31"),
    ],
)  # fmt: skip
def test_a_plan_edit_killed_after_its_writes_is_undone_by_the_next_run(
    gate: Gate, command: tuple[str, ...]
) -> None:
    import signal

    from tests.test_record import cli

    gate.become("binh")
    head = gate.head()
    killed = cli(gate.repo, *command, R57_TEST_KILL_AT="after-write")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert gate.head() == head
    assert git(gate.repo, "status", "--porcelain", "--untracked-files=all") != ""
    res = cli(gate.repo, "update", "T-002", "--pct", "35")
    assert res.returncode == 0, res.stderr
    assert "interrupted" in res.stderr, res.stderr
    assert (gate.repo / T1).is_file()
    assert not (gate.repo / "plan286/tasks/legal/T-001.yaml").exists()
    assert not (gate.repo / "plan286/tasks/legal/T-003.yaml").exists()
    assert git(gate.repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert changed(gate) == ["M\tplan286/tasks/legal/T-002.yaml"]


def test_task_add_says_what_it_did_in_vietnamese(gate: Gate) -> None:
    gate.become("binh")
    res = gate.run(*add_args("--lang", "vi"))
    assert res.code == 0, res.err
    assert "T-003: được thêm vào kế hoạch (legal)" in res.out, res.out


def test_reports_and_the_timeline_follow_a_moved_task(gate: Gate) -> None:
    import json

    gate.r57_as("an", "update", "T-001", "--pct", "40")
    gate.r57_as("binh", "assign", "T-001", "--unit", "legal", "--responsible", "chi")
    res = gate.run("report", "--week", "2025-W12", "--format", "json")
    assert res.code == 0, res.err
    rows = [t for t in json.loads(res.out)["tasks"] if t["id"] == "T-001"]
    assert len(rows) == 1, rows  # once, not once per folder
    assert (rows[0]["unit"], rows[0]["pct_end"]) == ("legal", 40)
    shown = gate.run("show", "T-001", "--format", "json")
    actions = [e["action"] for e in json.loads(shown.out)["timeline"]]
    assert actions[:2] == ["assign", "update"], actions
    log = gate.run("log", "--lang", "vi")
    assert "được giao cho legal (chi), trước đây là ndta" in " ".join(log.out.split()), log.out
