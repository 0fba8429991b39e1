"""Random sequences of staff commands on one task, through the real CLI and real git.

A model of the task is kept in Python. After every valid step: exit 0, exactly one new
commit that changes exactly the task file (none for a report), a plan that still validates,
and `r57 show --format json` agreeing with the model down to the last commit's trailers
and note. Invalid steps are mixed in: each must fail and change nothing at all."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r57cli.locale import texts
from r57cli.validate.engine import validate
from tests.conftest import Plan, Result, git

R57 = Callable[..., Result]
TODAY = date(2025, 3, 20)
START = date(2025, 2, 10)  # T-001's start
TASK = "plan286/tasks/ndta/T-001.yaml"
UNITS = ("mic", "ndta", "legal")
KINDS = ("law", "decree", "circular", "regulation", "budget", "staffing", "dependency", "other")
REGULATORY = {"law", "decree", "circular", "regulation"}
OUTCOMES = ("granted", "partly_granted", "refused", "withdrawn")


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY.isoformat())
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("R57_DEBUG", raising=False)
    monkeypatch.setattr(texts, "_language", "")
    # Binh, ndta's coordinator: every step is hers to take, cancelling too (policy.cancel_by).
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Trần Thị Bình")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "binh@example.gov.vn")


# ------------------------------------------------------------------------- text people type

LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
PUNCTUATION = "\"'`:#-.,;!?()[]{}/\\%&*@$<>|=+~_"
WORDS = (
    "Hội thảo",
    "Nghị định 47/2020/NĐ-CP",
    '"trích dẫn"',
    "it's",
    "a: b",
    "#1",
    "# not a comment",
    "key: value",
    "R57-Note: x",
    "Signed-off-by: someone",
    "- - -",
    "--pct",
    "$HOME",
    "`rm -rf`",
    "50%",
    "→",
    "Ủy ban",
    "- item",
    "* star",
    "{a: 1}",
    "[x]",
    "&anchor",
    "!tag",
    "|",
    ">",
    "null",
    "yes",
    "2025-03-20",
    "0x1F",
)
word = st.sampled_from(WORDS) | st.text(
    alphabet=LETTERS + LETTERS.upper() + PUNCTUATION + "0123456789", min_size=1, max_size=10
)


def _no_divider(text: str) -> bool:
    """A line starting with --- is refused (git's patch divider); refusals are tested apart."""
    return not any(line.lstrip().startswith("---") for line in text.split("\n"))


one_line = st.lists(word, min_size=1, max_size=5).map(" ".join).filter(_no_divider)
many_lines = st.lists(one_line, min_size=1, max_size=3).map("\n".join).filter(_no_divider)


# ------------------------------------------------------------------------- the model


@dataclass
class Model:
    pct: int = 30
    status: str = "in_progress"
    completed: str | None = None
    blockers: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status in ("done", "cancelled")


@dataclass
class Step:
    args: list[str]
    action: str = ""  # the expected R57-Action; "" for a step that must fail
    trailers: dict[str, str] = field(default_factory=dict)
    note: str = ""
    when: date = TODAY
    apply: Callable[[Model], None] = lambda m: None


def day(data: st.DataObject) -> date | None:
    offset = data.draw(st.none() | st.integers(0, (TODAY - START).days), label="days back")
    return None if offset is None else TODAY - timedelta(days=offset)


def dated(args: list[str], when: date | None) -> list[str]:
    return [*args, "--date", when.isoformat()] if when else args


def valid_step(data: st.DataObject, m: Model) -> Step:
    open_blockers = [b for b in m.blockers if b["lifted"] is None]
    open_requests = [r for r in m.requests if r["status"] == "open"]
    kinds = []
    if not m.closed:
        kinds += ["update", "report", "cancel", "block", "request"]
        kinds += ["start"] if m.status == "not_started" else ["unstart"]
        if not open_blockers:
            kinds.append("done")  # a done task has no open blocker (R57E222)
    else:
        kinds.append("reopen")
    if open_blockers:
        kinds.append("unblock")
    if open_requests:
        kinds.append("decide")
    kind = data.draw(st.sampled_from(kinds), label="step")
    base = {"R57-Task": "T-001", "R57-Unit": "ndta", "R57-Action": kind}

    if kind == "update":
        pct = data.draw(st.integers(0, 99).filter(lambda p: p != m.pct), label="pct")
        reason = data.draw(one_line if pct < m.pct else st.none() | one_line, label="reason")
        note = data.draw(st.none() | many_lines, label="note")
        when = day(data)
        status = "in_progress" if pct > 0 else m.status
        trailers = {"R57-Pct": str(pct), "R57-Prev-Pct": str(m.pct), "R57-Status": status}
        if reason:
            trailers["R57-Reason"] = reason
        args = ["update", "T-001", "--pct", str(pct)]
        args += ["--reason", reason] if reason else []
        args += ["--note", note] if note else []

        def apply(model: Model) -> None:
            model.pct, model.status = pct, status

        return Step(dated(args, when), kind, base | trailers, note or "", when or TODAY, apply)

    if kind == "report":
        note = data.draw(many_lines, label="note")
        trailers = {"R57-Pct": str(m.pct), "R57-Prev-Pct": str(m.pct), "R57-Status": m.status}
        return Step(["update", "T-001", "--note", note], kind, base | trailers, note)

    if kind == "unstart":
        reason = data.draw(one_line, label="reason")
        trailers = {
            "R57-Pct": "0",
            "R57-Prev-Pct": str(m.pct),
            "R57-Status": "not_started",
            "R57-Reason": reason,
        }
        args = ["update", "T-001", "--status", "not_started", "--pct", "0", "--reason", reason]

        def unstart(model: Model) -> None:
            model.pct, model.status = 0, "not_started"

        return Step(args, "update", base | {"R57-Action": "update"} | trailers, apply=unstart)

    if kind == "start":
        trailers = {"R57-Pct": str(m.pct), "R57-Status": "in_progress"}

        def start(model: Model) -> None:
            model.status = "in_progress"

        return Step(["start", "T-001"], kind, base | trailers, apply=start)

    if kind == "done":
        note = data.draw(st.none() | many_lines, label="note")
        when = day(data)
        trailers = {"R57-Pct": "100", "R57-Prev-Pct": str(m.pct), "R57-Status": "done"}
        if when is not None and (TODAY - when).days > 7:  # policy.max_backdate_days: a claim
            trailers["R57-Recorded"] = TODAY.isoformat()
        args = ["done", "T-001", *(["--note", note] if note else [])]
        completed = (when or TODAY).isoformat()

        def finish(model: Model) -> None:
            model.pct, model.status, model.completed = 100, "done", completed

        return Step(dated(args, when), kind, base | trailers, note or "", when or TODAY, finish)

    if kind == "cancel":
        reason = data.draw(one_line, label="reason")
        trailers = {"R57-Status": "cancelled", "R57-Reason": reason, "R57-By": "binh"}

        def cancel(model: Model) -> None:
            model.status = "cancelled"

        return Step(["cancel", "T-001", "--reason", reason], kind, base | trailers, apply=cancel)

    if kind == "reopen":
        reason = data.draw(one_line, label="reason")
        choice = st.integers(0, 99)
        figure = data.draw(choice if m.pct == 100 else st.none() | choice, label="pct")
        new = m.pct if figure is None else figure
        trailers = {
            "R57-Pct": str(new),
            "R57-Prev-Pct": str(m.pct),
            "R57-Status": "in_progress",
            "R57-Reason": reason,
        }
        args = ["reopen", "T-001", "--reason", reason]
        args += ["--pct", str(figure)] if figure is not None else []

        def reopen(model: Model) -> None:
            model.pct, model.status, model.completed = new, "in_progress", None

        return Step(args, kind, base | trailers, apply=reopen)

    if kind == "block":
        blocker_kind = data.draw(st.sampled_from(KINDS), label="kind")
        ref = data.draw(one_line if blocker_kind in REGULATORY else st.none() | one_line)
        reason = data.draw(many_lines, label="description")
        blocker_id = f"B-{len(m.blockers) + 1}"
        trailers = {"R57-Blocker": blocker_id, "R57-Blocker-Kind": blocker_kind}
        if ref:
            trailers["R57-Ref"] = ref
        args = ["block", "T-001", "--kind", blocker_kind, "--reason", reason]
        args += ["--ref", ref] if ref else []

        def block(model: Model) -> None:
            model.blockers.append(
                {"id": blocker_id, "kind": blocker_kind, "ref": ref, "lifted": None}
            )

        return Step(args, kind, base | trailers, reason, apply=block)

    if kind == "unblock":
        chosen = data.draw(st.sampled_from(open_blockers), label="blocker")
        note = data.draw(st.none() | many_lines, label="note")
        trailers = {"R57-Blocker": chosen["id"], "R57-Blocker-Kind": chosen["kind"]}
        if chosen["ref"]:
            trailers["R57-Ref"] = chosen["ref"]
        args = ["unblock", "T-001", chosen["id"], *(["--note", note] if note else [])]
        blocker_id = chosen["id"]

        def unblock(model: Model) -> None:
            next(b for b in model.blockers if b["id"] == blocker_id)["lifted"] = TODAY.isoformat()

        return Step(args, kind, base | trailers, note or "", apply=unblock)

    if kind == "request":
        unit = data.draw(st.sampled_from(UNITS), label="unit")
        need = data.draw(many_lines, label="need")
        amount = data.draw(st.none() | one_line, label="amount")
        request_id = f"R-{len(m.requests) + 1}"
        trailers = {"R57-Request": request_id, "R57-Request-Unit": unit}
        args = ["request", "T-001", "--from", unit, "--need", need]
        args += ["--amount", amount] if amount else []

        def ask(model: Model) -> None:
            model.requests.append({"id": request_id, "unit": unit, "status": "open"})

        return Step(args, kind, base | trailers, apply=ask)

    assert kind == "decide"
    chosen = data.draw(st.sampled_from(open_requests), label="request")
    outcome = data.draw(st.sampled_from(OUTCOMES), label="outcome")
    note = data.draw(st.none() | many_lines, label="note")
    trailers = {"R57-Request": chosen["id"], "R57-Request-Status": outcome}
    args = ["decide", "T-001", chosen["id"], "--outcome", outcome]
    args += ["--note", note] if note else []
    request_id = chosen["id"]

    def decide(model: Model) -> None:
        next(r for r in model.requests if r["id"] == request_id)["status"] = outcome

    return Step(args, kind, base | trailers, note or "", apply=decide)


def invalid_step(data: st.DataObject, m: Model) -> Step:
    """A step the status model refuses, given the task as the model has it."""
    lifted = [b["id"] for b in m.blockers if b["lifted"] is not None]
    decided = [r["id"] for r in m.requests if r["status"] != "open"]
    choices: list[list[str]] = [
        ["unblock", "T-001", "B-99"],
        ["decide", "T-001", "R-99", "--outcome", "granted"],
        ["update", "T-001", "--pct", "5", "--date", (TODAY + timedelta(days=1)).isoformat()],
        ["done", "T-001", "--date", (START - timedelta(days=1)).isoformat()],
        ["update", "T-001", "--note", "bell \x07 rings"],
        ["request", "T-001", "--from", "nowhere", "--need", "x"],
    ]
    if m.closed:
        choices += [
            ["update", "T-001", "--pct", "50", "--reason", "r"],
            ["block", "T-001", "--kind", "budget", "--reason", "r"],
            ["request", "T-001", "--from", "legal", "--need", "x"],
            ["cancel", "T-001", "--reason", "r"],
            ["reopen", "T-001"],  # no reason
        ]
    if m.status == "done":
        choices += [["done", "T-001"], ["reopen", "T-001", "--reason", "r"]]  # 100% needs --pct
    if not m.closed and any(b["lifted"] is None for b in m.blockers):
        choices.append(["done", "T-001"])  # the plan would be invalid: refused, exit 1
    if not m.closed:
        choices += [
            ["update", "T-001", "--pct", "100"],
            ["update", "T-001"],  # nothing to record
            ["reopen", "T-001", "--reason", "r"],
            ["cancel", "T-001"],
            ["block", "T-001", "--kind", "decree", "--reason", "no ref given"],
        ]
        if m.pct > 0:
            choices.append(["update", "T-001", "--pct", str(m.pct - 1), "--note", "lower"])
    if m.status == "in_progress":
        choices.append(["start", "T-001"])
    choices += [["unblock", "T-001", b] for b in lifted]
    choices += [["decide", "T-001", r, "--outcome", "refused"] for r in decided]
    return Step(data.draw(st.sampled_from(choices), label="invalid step"))


# ------------------------------------------------------------------------- checks


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def check_model(r57: R57, plan: Plan, m: Model, step: Step) -> None:
    res = r57("show", "T-001", "--format", "json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    t = doc["task"]
    assert (t["pct"], t["status"], t["completed"]) == (m.pct, m.status, m.completed)
    assert t["open_blockers"] == [b["id"] for b in m.blockers if b["lifted"] is None]
    assert t["open_requests"] == [r["id"] for r in m.requests if r["status"] == "open"]
    data = doc["data"]
    assert [
        (b["id"], b["kind"], b.get("ref"), b.get("lifted")) for b in data.get("blockers", [])
    ] == [(b["id"], b["kind"], b["ref"], b["lifted"]) for b in m.blockers]
    assert [(r["id"], r["unit"], r["status"]) for r in data.get("resources", [])] == [
        (r["id"], r["unit"], r["status"]) for r in m.requests
    ]
    last = doc["timeline"][0]
    assert last["action"] == step.action
    assert last["trailers"] == step.trailers | {"R57-Date": step.when.isoformat()}
    assert last["when"] == step.when.isoformat()
    assert last["note"] == step.note
    assert last["sha"] == head(plan.repo)


def run_step(r57: R57, plan: Plan, m: Model, step: Step) -> None:
    task_file = plan.repo / TASK
    before_head, before_bytes = head(plan.repo), task_file.read_bytes()
    res = r57(*step.args, cwd=plan.repo)
    clean = git(plan.repo, "status", "--porcelain", "--untracked-files=all")
    if not step.action:
        assert res.code != 0, (step.args, res.out)
        assert "Traceback" not in res.err
        assert head(plan.repo) == before_head
        assert task_file.read_bytes() == before_bytes
        assert clean == ""
        return
    assert res.code == 0, (step.args, res.err)
    assert git(plan.repo, "rev-parse", "HEAD~1").strip() == before_head
    changed = git(plan.repo, "show", "--name-only", "--format=", "HEAD").split("\n")
    assert [p for p in changed if p] == ([] if step.action == "report" else [TASK])
    assert clean == ""
    step.apply(m)
    result = validate(plan.dir, use_cache=False)
    assert result.errors == 0, [(d.code, d.args) for d in result.diagnostics]
    check_model(r57, plan, m, step)


@pytest.fixture
def repo_once(plan: Plan) -> tuple[Plan, str]:
    """One repository for all the examples of a test; each example starts from here."""
    return plan, head(plan.repo)


@settings(
    # R57_PROPERTY_EXAMPLES=500 for a longer hunt.
    max_examples=int(os.environ.get("R57_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_sequences_of_commands(
    repo_once: tuple[Plan, str], r57: R57, data: st.DataObject
) -> None:
    plan, initial = repo_once
    git(plan.repo, "reset", "-q", "--hard", initial)
    model = Model()
    steps = data.draw(st.integers(1, 8), label="steps")
    for _ in range(steps):
        if data.draw(st.integers(0, 3), label="refused?") == 0:
            run_step(r57, plan, model, invalid_step(data, model))
        else:
            run_step(r57, plan, model, valid_step(data, model))


def test_a_note_line_git_would_read_as_a_divider_is_refused(plan: Plan, r57: R57) -> None:
    """A line starting with --- ends the message for git interpret-trailers (the patch
    divider) and would hide every trailer from the reader docs/update.md names for tools."""
    head = git(plan.repo, "rev-parse", "HEAD")
    res = r57("update", "T-001", "--pct", "40", "--note", "Agenda\n---\nAll agreed", cwd=plan.repo)
    assert res.code == 2
    assert "---" in res.err
    assert git(plan.repo, "rev-parse", "HEAD") == head
    res = r57(
        "update", "T-001", "--pct", "40", "--note", "Agenda\n - - -\nAll agreed", cwd=plan.repo
    )
    assert res.code == 0, res.err
    message = git(plan.repo, "log", "-1", "--format=%B")
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"],
        input=message,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "R57-Pct: 40\n" in parsed
    assert git(plan.repo, "log", "-1", "--format=%(trailers:key=R57-Pct,valueonly)").strip() == "40"
