"""Recording progress: one command, one commit of one file, or no change at all.

Real git everywhere; real processes where concurrency, signals or pushes matter."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.locale import texts
from tests.conftest import PLAN, UNITS, Plan, Result, git, task

R57 = Callable[..., Result]
TODAY = "2025-03-20"
TASK = "plan286/tasks/ndta/T-001.yaml"
CLI = [sys.executable, "-m", "r57cli"]


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.delenv("R57_TEST_KILL_AT", raising=False)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    # No repository above the test folder can be found by accident.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    # The message language is a module global of the in-process CLI: start each test fresh.
    monkeypatch.setattr(texts, "_language", "")


# ------------------------------------------------------------------------- helpers


def run_git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, check=False
    )


def spawn(cwd: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    proc = spawn(cwd, *args, **env)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def commits(repo: Path, ref: str = "HEAD") -> int:
    return int(git(repo, "rev-list", "--count", ref))


def temps(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.r57-tmp"))


def files(root: Path) -> dict[str, str]:
    """Every work-tree file and the SHA-256 of its bytes (.git left out)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] != ".git" and path.is_file():
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def state(repo: Path) -> dict[str, Any]:
    """Everything a refused or failed command must leave exactly as it was."""
    gitdir = repo / ".git"
    return {
        "files": files(repo),
        "head": run_git(repo, "rev-parse", "-q", "--verify", "HEAD").stdout,
        "symbolic": run_git(repo, "symbolic-ref", "-q", "HEAD").stdout,
        "refs": run_git(repo, "for-each-ref").stdout,
        "index": run_git(repo, "ls-files", "-s").stdout,
        "cached": run_git(repo, "diff", "--cached").stdout,
        "worktree": run_git(repo, "diff").stdout,
        "status": run_git(repo, "status", "--porcelain=v1", "--untracked-files=all").stdout,
        "gitdir": sorted(p.name for p in gitdir.iterdir() if p.name != "r57"),
        "journal": (gitdir / "r57" / "journal.json").exists(),
        "temps": temps(repo),
    }


def trailers(message: str) -> dict[str, str]:
    parsed = run_git(Path.cwd(), "interpret-trailers", "--parse", stdin=message)
    assert parsed.returncode == 0, parsed.stderr
    out = {}
    for line in parsed.stdout.splitlines():
        key, _, value = line.partition(": ")
        out[key] = value
    return out


def pct_of(path: Path) -> int:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return int(data["progress"]["pct"])


def with_tasks(plan: Plan, count: int) -> list[str]:
    ids = [f"T-{i:03d}" for i in range(1, count + 1)]
    for task_id in ids[1:]:
        plan.write_task(task(task_id))
    plan.commit(f"tasks up to {ids[-1]}")
    return ids


def task_file(plan: Plan, task_id: str = "T-001") -> Path:
    return plan.dir / "tasks" / "ndta" / f"{task_id}.yaml"


# ------------------------------------------------------------------------- 1. one commit


def test_update_is_one_commit_of_one_line(plan: Plan, r57: R57) -> None:
    start = commits(plan.repo)
    note = "Held the workshop with the three operators."
    res = r57("update", "T-001", "--pct", "60", "--note", note, cwd=plan.repo)
    assert res.code == 0, res.err
    assert "T-001: 30% → 60%" in res.out
    assert commits(plan.repo) == start + 1
    assert git(plan.repo, "show", "--numstat", "--format=", "HEAD") == f"1\t1\t{TASK}\n"
    diff = git(plan.repo, "show", "--format=", "-U0", "HEAD")
    assert "\n-  pct: 30\n+  pct: 60\n" in diff
    assert git(plan.repo, "log", "-1", "--format=%an|%ae|%cn|%ce") == (
        "Nguyễn Văn An|an@example.gov.vn|Nguyễn Văn An|an@example.gov.vn\n"
    )
    message = git(plan.repo, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "T-001: 30% → 60%"
    assert message.split("\n\n")[1] == note
    assert trailers(message) == {
        "R57-Task": "T-001",
        "R57-Unit": "ndta",
        "R57-Action": "update",
        "R57-Pct": "60",
        "R57-Prev-Pct": "30",
        "R57-Status": "in_progress",
        "R57-Date": TODAY,
    }
    assert git(plan.repo, "status", "--porcelain") == ""
    assert pct_of(task_file(plan)) == 60


def test_late_report_carries_its_date(plan: Plan, r57: R57) -> None:
    res = r57("update", "T-001", "--pct", "35", "--date", "2025-03-14", cwd=plan.repo)
    assert res.code == 0, res.err
    assert trailers(git(plan.repo, "log", "-1", "--format=%B"))["R57-Date"] == "2025-03-14"


# ------------------------------------------------------------------------- 2. only the task


def test_only_the_task_file_is_committed(plan: Plan, r57: R57) -> None:
    with_tasks(plan, 3)
    staged = task_file(plan, "T-002")
    staged.write_text(staged.read_text(encoding="utf-8") + "# staged edit\n", encoding="utf-8")
    git(plan.repo, "add", str(staged))
    dirty = task_file(plan, "T-003")
    dirty.write_text(dirty.read_text(encoding="utf-8") + "# unstaged edit\n", encoding="utf-8")
    (plan.repo / "notes.txt").write_text("mine\n", encoding="utf-8")

    def others() -> dict[str, Any]:
        s = state(plan.repo)
        s["index"] = [line for line in s["index"].splitlines() if not line.endswith(TASK)]
        del s["files"][TASK], s["head"], s["refs"]
        return s

    before = others()
    res = r57("update", "T-001", "--pct", "55", cwd=plan.repo)
    assert res.code == 0, res.err
    assert git(plan.repo, "show", "--name-only", "--format=", "HEAD") == f"{TASK}\n"
    assert others() == before
    assert run_git(plan.repo, "diff", "--cached", "--name-only").stdout == (
        "plan286/tasks/ndta/T-002.yaml\n"
    )
    # The task's index entry is the committed blob: nothing of it is left staged.
    assert (
        git(plan.repo, "ls-files", "-s", TASK).split()[1]
        == git(plan.repo, "rev-parse", f"HEAD:{TASK}").strip()
    )


# ------------------------------------------------------------------------- 3. refusals


def _edit_task(plan: Plan) -> None:
    path = task_file(plan)
    path.write_text(path.read_text(encoding="utf-8") + "# my own edit\n", encoding="utf-8")


def _stage_task(plan: Plan) -> None:
    _edit_task(plan)
    git(plan.repo, "add", TASK)


def _untracked(plan: Plan) -> None:
    plan.write_task(task("T-002"))


def _index_lock(plan: Plan) -> None:
    (plan.repo / ".git" / "index.lock").write_bytes(b"")


def _detached(plan: Plan) -> None:
    git(plan.repo, "checkout", "-q", "--detach")


def _conflicting_branches(plan: Plan) -> None:
    git(plan.repo, "branch", "side")
    plan.write_plan({**PLAN, "title": {"en": "Plan 286 (main)", "vi": "Kế hoạch 286"}})
    plan.commit("main title")
    git(plan.repo, "checkout", "-q", "side")
    plan.write_plan({**PLAN, "title": {"en": "Plan 286 (side)", "vi": "Kế hoạch 286"}})
    plan.commit("side title")


def _merging(plan: Plan) -> None:
    _conflicting_branches(plan)
    git(plan.repo, "checkout", "-q", "main")
    assert run_git(plan.repo, "merge", "side").returncode != 0
    assert (plan.repo / ".git" / "MERGE_HEAD").exists()


def _rebasing(plan: Plan) -> None:
    _conflicting_branches(plan)
    assert run_git(plan.repo, "rebase", "main").returncode != 0
    assert (plan.repo / ".git" / "rebase-merge").exists()


def _new_unit_not_committed(plan: Plan) -> None:
    units = {"units": [*UNITS["units"], {"id": "finance", "name": {"en": "F", "vi": "TC"}}]}
    plan.write_units(units)


def _symlinked_task(plan: Plan) -> None:
    target = plan.repo / "elsewhere.yaml"
    task_file(plan).rename(target)
    task_file(plan).symlink_to(os.path.relpath(target, task_file(plan).parent))
    plan.commit("task file is a link")


def _journal_is_a_folder(plan: Plan) -> None:
    (plan.repo / ".git" / "r57" / "journal.json").mkdir(parents=True)


def _nothing(plan: Plan) -> None:
    pass


REFUSALS: dict[str, tuple[Callable[[Plan], None], list[str], int, list[str]]] = {
    "unstaged edit": (_edit_task, ["update", "T-001", "--pct", "60"], 2, [TASK, "git restore"]),
    "staged edit": (_stage_task, ["update", "T-001", "--pct", "60"], 2, [TASK, "git commit --"]),
    "untracked task": (
        _untracked,
        ["update", "T-002", "--pct", "60"],
        2,
        ["plan286/tasks/ndta/T-002.yaml", "git add"],
    ),
    "stale index.lock": (
        _index_lock,
        ["update", "T-001", "--pct", "60"],
        2,
        [".git/index.lock", "delete it"],
    ),
    "detached HEAD": (_detached, ["update", "T-001", "--pct", "60"], 2, ["git switch"]),
    "merge": (_merging, ["update", "T-001", "--pct", "60"], 2, ["git merge --abort"]),
    "rebase": (_rebasing, ["update", "T-001", "--pct", "60"], 2, ["git rebase --abort"]),
    "option injection": (_nothing, ["update", "--", "--output=x", "--pct", "5"], 2, []),
    "path in the ID": (_nothing, ["update", "../T-001", "--pct", "5"], 2, ["not a task ID"]),
    "newline in the ID": (_nothing, ["update", "T-001\n", "--pct", "5"], 2, ["not a task ID"]),
    "option as the ID": (_nothing, ["update", "--output=x"], 2, []),
    "unknown task": (_nothing, ["update", "T-009", "--pct", "5"], 2, ["no task T-009"]),
    "newline in reason": (
        _nothing,
        ["update", "T-001", "--pct", "20", "--reason", "first\nsecond"],
        2,
        ["--reason", "one line"],
    ),
    "control character in note": (
        _nothing,
        ["update", "T-001", "--pct", "40", "--note", "ok\x1b[2J"],
        2,
        ["--note"],
    ),
    "completion before start": (
        _nothing,
        ["done", "T-001", "--date", "2025-01-01"],
        2,
        ["before the task starts (2025-02-10)"],
    ),
    "task file is a symbolic link": (
        _symlinked_task,
        ["update", "T-001", "--pct", "40"],
        2,
        ["is a symbolic link"],
    ),
    "journal is a folder": (
        _journal_is_a_folder,
        ["update", "T-001", "--pct", "40"],
        2,
        ["is not a file r57 wrote"],
    ),
    "pct that contradicts --status done": (
        _nothing,
        ["update", "T-001", "--pct", "95", "--status", "done"],
        2,
        ["--pct does not go with --status done"],
    ),
    **{
        f"{command[0]} dated before the task starts": (
            _nothing,
            [*command, "--date", "1900-01-01"],
            2,
            ["1900-01-01", "before the task starts (2025-02-10)"],
        )
        for command in (
            ["update", "T-001", "--pct", "40"],
            ["start", "T-001"],
            ["block", "T-001", "--kind", "budget", "--reason", "No money"],
            ["request", "T-001", "--need", "2 staff", "--from", "legal"],
            ["cancel", "T-001", "--reason", "Merged into T-002"],
        )
    },
    "date in the future": (
        _nothing,
        ["update", "T-001", "--pct", "40", "--date", "2025-03-21"],
        2,
        ["in the future", TODAY],
    ),
    "decree without ref": (
        _nothing,
        ["block", "T-001", "--kind", "decree", "--reason", "Decree 47 forbids it"],
        2,
        ["--ref"],
    ),
    "unknown unit": (
        _nothing,
        ["request", "T-001", "--need", "2 staff", "--from", "finance"],
        2,
        ["no unit 'finance'"],
    ),
    "plan would break": (
        _new_unit_not_committed,
        ["request", "T-001", "--need", "2 staff", "--from", "finance"],
        1,
        ["would leave the plan invalid", "finance"],
    ),
    "lower without reason": (
        _nothing,
        ["update", "T-001", "--pct", "20"],
        2,
        ["30%", "20%", "--reason"],
    ),
    "100 without done": (_nothing, ["update", "T-001", "--pct", "100"], 2, ["r57 done T-001"]),
    "nothing to record": (_nothing, ["update", "T-001", "--pct", "30"], 2, ["--note"]),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refusal_changes_nothing(plan: Plan, r57: R57, case: str) -> None:
    setup, args, code, fragments = REFUSALS[case]
    setup(plan)
    before = state(plan.repo)
    res = r57(*args, cwd=plan.repo)
    assert res.code == code, (res.out, res.err)
    for fragment in fragments:
        assert fragment in res.err
    assert "Traceback" not in res.err
    assert state(plan.repo) == before
    assert not (plan.repo / "x").exists()
    assert not (plan.repo / "--output=x").exists()


def test_unborn_branch_is_refused(tmp_path: Path, r57: R57) -> None:
    repo = tmp_path / "unborn"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    p = Plan(repo, repo / "plan286")
    p.dir.mkdir()
    p.write_plan(PLAN)
    p.write_units(UNITS)
    p.write_task(task())
    git(repo, "add", "-A")
    before = state(repo)
    res = r57("update", "T-001", "--pct", "60", cwd=repo)
    assert res.code == 2
    assert "main has no commits yet" in res.err
    assert state(repo) == before


def test_outside_git_is_refused(tmp_path: Path, r57: R57) -> None:
    folder = tmp_path / "loose"
    p = Plan(folder, folder / "plan286")
    p.dir.mkdir(parents=True)
    p.write_plan(PLAN)
    p.write_units(UNITS)
    p.write_task(task())
    before = files(folder)
    res = r57("update", "T-001", "--pct", "60", "--plan", str(p.dir), cwd=folder)
    assert res.code == 2
    assert "not inside a git repository" in res.err
    assert "git clone" in res.err
    assert files(folder) == before
    assert not (folder / ".git").exists()


# ------------------------------------------------------------------------- 4. hooks


def test_rejecting_hook_leaves_everything_as_it_was(plan: Plan, r57: R57) -> None:
    hook = plan.repo / ".git" / "hooks" / "pre-commit"
    # The hook shows the file as r57 wrote it, which proves the rollback had work to do.
    hook.write_text(
        f"#!/bin/sh\ngrep 'pct:' {TASK} >&2\necho \"policy: no commits on Thursday\" >&2\nexit 1\n"
    )
    hook.chmod(0o755)
    path = task_file(plan)
    original = path.read_bytes()
    before = state(plan.repo)
    res = r57("update", "T-001", "--pct", "60", cwd=plan.repo)
    assert res.code == 2
    assert "policy: no commits on Thursday" in res.err
    assert "pct: 60" in res.err
    assert "back as it was" in res.err
    assert path.read_bytes() == original
    assert state(plan.repo) == before
    assert temps(plan.repo) == []
    assert not (plan.repo / ".git" / "r57" / "journal.json").exists()


# ------------------------------------------------------------------------- 5. dry run


def test_dry_run_shows_and_changes_nothing(plan: Plan, r57: R57) -> None:
    before = state(plan.repo)
    res = r57("update", "T-001", "--pct", "60", "-m", "Workshop held", "--dry-run", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "nothing was written or committed" in res.out
    assert "    T-001: 30% → 60%\n" in res.out
    assert "    Workshop held\n" in res.out
    assert "    R57-Pct: 60\n" in res.out
    assert f"--- a/{TASK}\n+++ b/{TASK}\n" in res.out
    assert "\n-  pct: 30\n+  pct: 60\n" in res.out
    assert state(plan.repo) == before


# ------------------------------------------------------------------------- 6. concurrency


def test_eight_processes_in_one_clone(plan: Plan, r57: R57) -> None:
    ids = with_tasks(plan, 8)
    start = commits(plan.repo)
    procs = [spawn(plan.repo, "update", t, "--pct", str(41 + i)) for i, t in enumerate(ids)]
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, (out, err)
    assert commits(plan.repo) == start + 8
    changed = git(plan.repo, "log", "--format=", "--name-only", f"-{8}").split()
    assert sorted(changed) == [f"plan286/tasks/ndta/{t}.yaml" for t in ids]
    for sha in git(plan.repo, "rev-list", "-8", "HEAD").split():
        assert len(git(plan.repo, "show", "--name-only", "--format=", sha).split()) == 1
    for i, t in enumerate(ids):
        assert pct_of(task_file(plan, t)) == 41 + i
    assert git(plan.repo, "status", "--porcelain") == ""
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 0


def _clones(plan: Plan, tmp_path: Path, count: int) -> tuple[Path, list[Path]]:
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(plan.repo), str(remote))
    clones = []
    for i in range(count):
        clone = tmp_path / f"clone{i}"
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        assert git(clone, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/main\n"
        clones.append(clone)
    return remote, clones


def test_eight_clones_push_at_once(plan: Plan, tmp_path: Path) -> None:
    ids = with_tasks(plan, 8)
    remote, clones = _clones(plan, tmp_path, 8)
    start = commits(remote, "main")
    procs = [
        spawn(clone, "update", t, "--pct", str(51 + i), "--push")
        for i, (clone, t) in enumerate(zip(clones, ids, strict=True))
    ]
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, (out, err)
        assert "Pushed to origin/main." in out
    assert commits(remote, "main") == start + 8
    subjects = set(git(remote, "log", "--format=%s", "-8", "main").splitlines())
    assert subjects == {f"{t}: 30% → {51 + i}%" for i, t in enumerate(ids)}
    for sha in git(remote, "rev-list", "-8", "main").split():
        assert len(git(remote, "show", "--name-only", "--format=", sha).split()) == 1
    final = tmp_path / "final"
    git(tmp_path, "clone", "-q", str(remote), str(final))
    for i, t in enumerate(ids):
        assert pct_of(final / "plan286" / "tasks" / "ndta" / f"{t}.yaml") == 51 + i
    assert cli(final, "validate", "--no-cache").returncode == 0


def test_push_conflict_keeps_the_local_commit(plan: Plan, tmp_path: Path, r57: R57) -> None:
    remote, (first, second) = _clones(plan, tmp_path, 2)
    res = r57("update", "T-001", "--pct", "60", "--push", cwd=first)
    assert res.code == 0, res.err
    theirs = git(first, "rev-parse", "HEAD").strip()
    res = r57("update", "T-001", "--pct", "70", "--push", cwd=second)
    assert res.code != 0
    assert "someone else changed plan286/tasks/ndta/T-001.yaml" in res.err
    assert "git pull --rebase" in res.err
    assert git(second, "log", "-1", "--format=%s") == "T-001: 30% → 70%\n"
    assert pct_of(second / TASK) == 70
    assert not (second / ".git" / "rebase-merge").exists()
    assert not (second / ".git" / "rebase-apply").exists()
    assert git(second, "status", "--porcelain") == ""
    assert git(second, "symbolic-ref", "HEAD") == "refs/heads/main\n"
    assert git(remote, "rev-parse", "main").strip() == theirs


# ------------------------------------------------------------------------- 7. kill -9


NEXT = {
    "update": (["update", "T-001", "--pct", "45"], "T-001", "T-001: 30% → 45%"),
    "request": (
        ["request", "T-001", "--need", "2 staff", "--from", "legal"],
        "T-001",
        "T-001: asks legal for resources (R-1)",
    ),
    "other task": (["update", "T-002", "--pct", "45"], "T-002", "T-002: 30% → 45%"),
}


@pytest.mark.parametrize("case", list(NEXT))
def test_killed_after_write_is_rolled_back_next_time(plan: Plan, case: str) -> None:
    next_command, target, subject = NEXT[case]
    with_tasks(plan, 2)
    path = task_file(plan)
    head = git(plan.repo, "rev-parse", "HEAD")
    start = commits(plan.repo)
    killed = cli(plan.repo, "update", "T-001", "--pct", "90", R57_TEST_KILL_AT="after-write")
    assert killed.returncode == -signal.SIGKILL
    # Written but not committed, and the journal says what to undo.
    assert pct_of(path) == 90
    assert git(plan.repo, "rev-parse", "HEAD") == head
    assert (plan.repo / ".git" / "r57" / "journal.json").exists()
    assert git(plan.repo, "status", "--porcelain") == f" M {TASK}\n"

    res = cli(plan.repo, *next_command)
    assert res.returncode == 0, res.stderr
    assert "interrupted" in res.stderr
    assert f"{TASK}; the file was put back" in res.stderr
    assert commits(plan.repo) == start + 1
    assert git(plan.repo, "log", "-1", "--format=%s") == subject + "\n"
    assert git(plan.repo, "show", "--name-only", "--format=", "HEAD") == (
        f"plan286/tasks/ndta/{target}.yaml\n"
    )
    assert pct_of(path) == (45 if target == "T-001" and case == "update" else 30)
    assert git(plan.repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (plan.repo / ".git" / "r57" / "journal.json").exists()
    assert temps(plan.repo) == []


@pytest.mark.parametrize("point", ["before-rename", "journal-before-rename"])
def test_killed_before_rename_leaves_no_temp_files(plan: Plan, point: str) -> None:
    path = task_file(plan)
    original = path.read_bytes()
    head = git(plan.repo, "rev-parse", "HEAD")
    killed = cli(plan.repo, "update", "T-001", "--pct", "90", R57_TEST_KILL_AT=point)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    assert git(plan.repo, "rev-parse", "HEAD") == head
    stray = temps(plan.repo)
    assert len(stray) == 1
    journal = plan.repo / ".git" / "r57" / "journal.json"
    if point == "before-rename":  # the task's own temp file, next to it
        assert stray[0].startswith("plan286/tasks/ndta/.T-001.yaml.")
        assert journal.exists()
    else:
        assert stray[0].startswith(".git/r57/.journal.json.")
        assert not journal.exists()

    res = cli(plan.repo, "update", "T-001", "--pct", "45")
    assert res.returncode == 0, res.stderr
    assert git(plan.repo, "log", "-1", "--format=%s") == "T-001: 30% → 45%\n"
    assert temps(plan.repo) == []
    assert git(plan.repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (plan.repo / ".git" / "r57" / "journal.json").exists()


# ------------------------------------------------------------------------- 8. signing


def _ssh_signing(plan: Plan, tmp_path: Path, key: Path) -> None:
    git(plan.repo, "config", "gpg.format", "ssh")
    git(plan.repo, "config", "user.signingkey", f"{key}.pub")
    git(plan.repo, "config", "commit.gpgsign", "true")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_ssh_signed_commit_verifies(plan: Plan, r57: R57, tmp_path: Path) -> None:
    key = tmp_path / "id_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "an", "-f", str(key)], check=True
    )
    allowed = tmp_path / "allowed_signers"
    pub = Path(f"{key}.pub").read_text(encoding="utf-8").strip()
    allowed.write_text(f'an@example.gov.vn namespaces="git" {pub}\n', encoding="utf-8")
    _ssh_signing(plan, tmp_path, key)
    git(plan.repo, "config", "gpg.ssh.allowedSignersFile", str(allowed))
    res = r57("update", "T-001", "--pct", "60", cwd=plan.repo)
    assert res.code == 0, res.err
    verified = run_git(plan.repo, "verify-commit", "HEAD")
    assert verified.returncode == 0, verified.stderr
    assert 'Good "git" signature for an@example.gov.vn' in verified.stderr
    assert git(plan.repo, "log", "-1", "--format=%s") == "T-001: 30% → 60%\n"


def test_signing_failure_changes_nothing(plan: Plan, r57: R57, tmp_path: Path) -> None:
    _ssh_signing(plan, tmp_path, tmp_path / "missing" / "id_ed25519")
    before = state(plan.repo)
    res = r57("update", "T-001", "--pct", "60", cwd=plan.repo)
    assert res.code == 2
    assert "git commit failed" in res.err
    assert "missing" in res.err
    assert state(plan.repo) == before


# ------------------------------------------------------------------------- 9. Vietnamese


def test_vietnamese_with_lang_option(plan: Plan, r57: R57) -> None:
    res = r57("update", "T-001", "--pct", "20", "--lang", "vi", cwd=plan.repo)
    assert res.code == 2
    assert 'giảm xuống 20% cần có --reason "lý do"' in res.err
    res = r57("update", "T-001", "--pct", "100", "--lang", "vi", cwd=plan.repo)
    assert "hãy dùng r57 done T-001" in res.err


def test_vietnamese_from_the_plan(plan: Plan, r57: R57) -> None:
    plan.write_plan({**PLAN, "language": "vi"})
    plan.commit("Vietnamese plan")
    _edit_task(plan)
    res = r57("update", "T-001", "--pct", "60", cwd=plan.repo)
    assert res.code == 2
    assert f"{TASK} có thay đổi chưa commit" in res.err
    git(plan.repo, "checkout", "-q", "--", TASK)
    _detached(plan)
    res = r57("update", "T-001", "--pct", "60", cwd=plan.repo)
    assert "HEAD đang tách rời" in res.err
    git(plan.repo, "checkout", "-q", "main")
    res = r57("update", "T-001", "--pct", "60", "--dry-run", cwd=plan.repo)
    assert res.code == 0, res.err
    assert "Chạy thử: chưa ghi hay commit gì" in res.out
    res = r57("update", "T-001", "--pct", "60", "--lang", "en", "--dry-run", cwd=plan.repo)
    assert "Dry run: nothing was written" in res.out


def test_pushes_from_one_clone_at_once(plan: Plan, tmp_path: Path) -> None:
    ids = with_tasks(plan, 5)
    remote, (other, mine) = _clones(plan, tmp_path, 2)
    assert cli(other, "update", "T-005", "--pct", "35", "--push").returncode == 0
    start = commits(remote, "main")
    procs = [
        spawn(mine, "update", t, "--pct", str(61 + i), "--push") for i, t in enumerate(ids[:4])
    ]
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, (out, err)
    assert commits(remote, "main") == start + 4
    assert git(mine, "status", "--porcelain") == ""
    assert git(mine, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")


@pytest.mark.parametrize(
    "journal",
    [
        pytest.param('{"path": null, "before": "", "after": ""}', id="wrong-types"),
        pytest.param('{"path": "../../x.yaml", "before": "", "after": "00"}', id="outside"),
        pytest.param(
            '{"path": "plan286/tasks/ndta/T-404.yaml", "before": "", "after": "0"}', id="file-gone"
        ),
        pytest.param("[1, 2", id="half-written"),
    ],
)
def test_a_journal_r57_cannot_use_is_dropped(plan: Plan, r57: R57, journal: str) -> None:
    folder = plan.repo / ".git" / "r57"
    folder.mkdir(exist_ok=True)
    (folder / "journal.json").write_text(journal, encoding="utf-8")
    res = r57("update", "T-001", "--pct", "40", cwd=plan.repo)
    assert res.code == 0, res.err
    assert not (folder / "journal.json").exists()
    assert pct_of(task_file(plan)) == 40


def test_a_done_task_cannot_keep_an_open_blocker(plan: Plan, r57: R57) -> None:
    """What two clones can produce through a rebase (one marks the task done, the other
    blocks it) is a plan error, so the push's re-validation stops it."""
    assert (
        r57("block", "T-001", "--kind", "budget", "--reason", "no money", cwd=plan.repo).code == 0
    )
    data = task_file(plan).read_text(encoding="utf-8")
    data = data.replace("pct: 30", "pct: 100").replace(
        "status: in_progress", "status: done\n  completed: 2025-03-19"
    )
    task_file(plan).write_text(data, encoding="utf-8")
    res = r57("validate", "--plan", str(plan.dir), "--format", "json", "--no-cache")
    assert res.code == 1
    assert '"R57E222"' in res.out


def test_block_reason_is_in_the_commit(plan: Plan, r57: R57) -> None:
    res = r57(
        "block", "T-001", "--kind", "budget", "--reason", "Ministry of Finance", cwd=plan.repo
    )
    assert res.code == 0, res.err
    message = git(plan.repo, "log", "-1", "--format=%B")
    assert message.startswith("T-001: blocked (B-1, budget)\n\nMinistry of Finance\n")


def test_push_setting_that_is_not_a_boolean_is_an_error(plan: Plan, r57: R57) -> None:
    git(plan.repo, "config", "r57.push", "maybe")
    res = r57("update", "T-001", "--pct", "40", cwd=plan.repo)
    assert res.code == 2
    assert "r57.push is not true or false" in res.err
    assert commits(plan.repo) == 2  # the commit itself was made, and is kept


def test_an_untracked_stray_file_does_not_block_an_update(plan: Plan, r57: R57) -> None:
    """The commit carries only the task file: a misplaced file nobody committed is the
    validator's business (r57 validate reports it), not a reason to refuse a report."""
    (plan.dir / "tasks" / "T-099.yaml").write_text("id: T-099\n", encoding="utf-8")
    res = r57("update", "T-001", "--pct", "40", cwd=plan.repo)
    assert res.code == 0, res.err
    assert r57("validate", "--plan", str(plan.dir), "--no-cache").code == 1


def test_done_with_an_open_blocker_says_to_lift_it(plan: Plan, r57: R57) -> None:
    assert r57("block", "T-001", "--kind", "budget", "--reason", "x", cwd=plan.repo).code == 0
    before = state(plan.repo)
    res = r57("done", "T-001", cwd=plan.repo)
    assert res.code == 2
    assert "r57 unblock T-001" in res.err
    assert state(plan.repo) == before


def test_push_goes_to_the_branch_it_tracks(plan: Plan, tmp_path: Path, r57: R57) -> None:
    """A local branch with another name pushes to the branch in branch.<name>.merge."""
    remote, (clone,) = _clones(plan, tmp_path, 1)
    git(clone, "switch", "-q", "-c", "report-week-12", "--track", "origin/main")
    res = r57("update", "T-001", "--pct", "40", "--push", cwd=clone)
    assert res.code == 0, res.err
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "T-001: 30% → 40%"
    assert "report-week-12" not in git(remote, "branch", "--list")


def test_dry_run_does_not_recover_an_interrupted_run(plan: Plan, r57: R57) -> None:
    killed = cli(plan.repo, "update", "T-001", "--pct", "45", R57_TEST_KILL_AT="after-write")
    assert killed.returncode == -signal.SIGKILL
    written = task_file(plan).read_bytes()
    res = r57("update", "T-001", "--pct", "50", "--dry-run", cwd=plan.repo)
    assert "interrupted" in res.err or res.code != 0
    assert task_file(plan).read_bytes() == written  # dry run changed nothing
    assert r57("update", "T-001", "--pct", "50", cwd=plan.repo).code == 0
    assert pct_of(task_file(plan)) == 50
