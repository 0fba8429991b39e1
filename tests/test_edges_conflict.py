"""Rough edges (issue 15): the push-conflict advice works when followed, both ways, in real
clones of a bare remote; and `r57 validate` on a file half-way through the merge says so, at
the conflict's line, with the simple way out, instead of "could not find expected ':'"."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Plan, Result, git
from tests.test_record import TASK, _clones, pct_of

R57 = Callable[..., Result]


def conflict(plan: Plan, tmp_path: Path, r57: R57) -> tuple[Path, Path, str]:
    """Two clones report on T-001 at once; the second push conflicts. Its advice."""
    remote, (first, second) = _clones(plan, tmp_path, 2)
    assert r57("update", "T-001", "--pct", "60", "--push", cwd=first).code == 0
    res = r57("update", "T-001", "--pct", "70", "--push", cwd=second)
    assert res.code != 0
    return remote, second, " ".join(res.err.split())


def run(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command.split(), cwd=cwd, capture_output=True, text=True, check=False)


def test_the_simple_way_out_works(plan: Plan, tmp_path: Path, r57: R57) -> None:
    remote, second, advice = conflict(plan, tmp_path, r57)
    assert "The simple way out: git fetch, then git reset --hard @{u}" in advice
    assert "then run the same r57 update again" in advice
    for step in ("git fetch", "git reset --hard @{u}"):
        assert run(second, step).returncode == 0, step
    assert pct_of(second / TASK) == 60  # theirs
    res = r57("update", "T-001", "--pct", "70", "--push", cwd=second)
    assert res.code == 0, res.err
    assert git(remote, "log", "-1", "--format=%s", "main") == "T-001: 60% → 70%\n"


def test_merging_by_hand_works_when_followed(
    plan: Plan, tmp_path: Path, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_EDITOR", "true")  # git rebase --continue keeps the message
    remote, second, advice = conflict(plan, tmp_path, r57)
    hand = advice.split("Or merge the two by hand: ", 1)[1]
    steps = [s.strip() for s in re.split(r", (?:then )?", hand.rstrip("."))]
    assert steps == [
        "git pull --rebase",
        f"fix {TASK} (r57 validate shows where)",
        f"git add {TASK}",
        "git rebase --continue",
        "git push",
    ]
    assert run(second, steps[0]).returncode != 0  # the conflict, as the advice expects
    # r57 validate shows where: the conflict, at its first marker line, with the way out.
    checked = r57("validate", "--no-cache", "--lang", "en", cwd=second)
    assert checked.code == 1
    text = (second / TASK).read_text(encoding="utf-8")
    start = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("<<<<<<<")))
    end = text.splitlines().index(next(x for x in text.splitlines() if x.startswith(">>>>>>>")))
    assert f"plan286/tasks/ndta/T-001.yaml:{start + 1}:1: error R57E018" in checked.out
    assert f"conflict markers (<<<<<<<, =======, >>>>>>>) from here to line {end + 1}" in (
        checked.out
    )
    assert "git rebase --abort" in checked.out
    assert "could not find expected" not in checked.out
    # Fix it: keep our 70 and delete the marker lines.
    lines = text.splitlines(keepends=True)
    middle = next(i for i, x in enumerate(lines) if x.startswith("======="))
    ours_or_theirs = (
        lines[start + 1 : middle]
        if "70" in "".join(lines[start + 1 : middle])
        else (lines[middle + 1 : end])
    )
    (second / TASK).write_text(
        "".join(lines[:start] + ours_or_theirs + lines[end + 1 :]), encoding="utf-8"
    )
    assert r57("validate", "--no-cache", cwd=second).code == 0
    for step in steps[2:]:
        done = run(second, step)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    assert pct_of(second / TASK) == 70
    assert git(remote, "log", "-1", "--format=%s", "main") == "T-001: 30% → 70%\n"


def test_conflict_markers_in_vietnamese_and_json(plan: Plan, r57: R57) -> None:
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "progress:\n", "progress:\n<<<<<<< HEAD\n  note: a\n=======\n  note: b\n>>>>>>> 1a2b3c4\n"
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("<<<<<<< HEAD") + 1
    vi = r57("validate", "--no-cache", "--lang", "vi", cwd=plan.repo)
    assert vi.code == 1
    assert (
        f"T-001.yaml:{line}:1: error R57E018: tệp đang dở một lần git merge hoặc rebase" in vi.out
    )
    assert "git rebase --abort" in vi.out
    found = json.loads(r57("validate", "--no-cache", "--format", "json").out)["diagnostics"]
    assert [(d["code"], d["line"]) for d in found] == [("R57E018", line)]
