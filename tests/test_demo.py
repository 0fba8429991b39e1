"""`r57 demo DIR`: a plan repository with a believable, reproducible history, recorded
through record() as `r57 update` records it. Real git; one history built per module."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from r57cli.demo import replay as demo
from tests.conftest import Result, git

TODAY = "2025-06-20"
R57 = Callable[..., Result]
BUNDLED = Path(__file__).resolve().parent.parent / "plan286"


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    committer: str
    committer_email: str
    authored: datetime
    committed: datetime
    subject: str
    trailers: dict[str, str]

    @property
    def when(self) -> date:
        return date.fromisoformat(self.trailers["R57-Date"])


@dataclass
class Built:
    root: Path
    out: str
    commits: list[Commit]  # oldest first

    @property
    def reports(self) -> list[Commit]:
        return self.commits[1:]

    def action(self, name: str) -> list[Commit]:
        return [c for c in self.reports if c.trailers.get("R57-Action") == name]


def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    """What conftest's git_env does, for a fixture that outlives one test."""
    mp.setenv("HOME", str(home))
    mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("R57_LANG", "R57_PLAN", "R57_TODAY", "R57_CACHE_DIR", "GITHUB_ACTIONS"):
        mp.delenv(name, raising=False)


def _run(*args: str) -> Result:
    from r57cli.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            run(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def _log(root: Path) -> list[Commit]:
    fmt = "%H%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%aI%x1f%cI%x1f%s%x1f%(trailers:unfold,only)%x1e"
    out = git(root, "log", "--reverse", f"--format={fmt}")
    commits = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) != 9:
            continue
        sha, an, ae, cn, ce, ad, cd, subject, trailer_text = parts
        trailers = {}
        for line in trailer_text.splitlines():
            key, _, value = line.partition(":")
            trailers[key] = value.strip()
        commits.append(
            Commit(
                sha,
                an,
                ae,
                cn,
                ce,
                datetime.fromisoformat(ad),
                datetime.fromisoformat(cd),
                subject,
                trailers,
            )
        )
    return commits


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("demo") / "plan-repo"
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("home"))
        res = _run("demo", str(root), "--today", TODAY, "--lang", "en")
    assert res.code == 0, res.err
    return Built(root, res.out, _log(root))


def _units() -> dict[str, Any]:
    data = yaml.safe_load((BUNDLED / "units.yaml").read_text(encoding="utf-8"))
    return {u["id"]: u for u in data["units"]}


# ------------------------------------------------------------------------- the repository


def test_the_demo_is_a_valid_plan_that_r57_finds_from_its_root(built: Built, r57: R57) -> None:
    res = r57("validate", "--lang", "en", cwd=built.root)
    assert res.code == 0, res.out + res.err
    assert "plan286: 52 files" in res.out
    assert (built.root / "schemas" / "task.schema.json").is_file()  # the files' $schema
    assert git(built.root, "status", "--porcelain") == ""
    assert git(built.root, "branch", "--show-current").strip() == "main"


def test_the_summary_counts_the_commits_and_says_what_to_run_next(built: Built) -> None:
    count = int(git(built.root, "rev-list", "--count", "HEAD"))
    assert f"{count} commits" in built.out
    assert count == len(built.commits) > 40
    # The hint names an r57 that works as typed (issue 15): run it.
    hint = built.out.rstrip("\n").splitlines()[-1].strip()
    assert hint.startswith(f"cd {built.root} && ")
    assert hint.endswith(" report --week")
    ran = subprocess.run(["sh", "-c", hint], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr


def test_history_starts_with_the_kickoff_and_every_task_reset(built: Built) -> None:
    first = built.commits[0]
    assert first.authored.isoformat().startswith("2025-02-05T")
    admin = [
        m for u in _units().values() for m in u.get("members", []) if "admin" in m.get("roles", [])
    ][0]
    assert (first.author, first.email) == (admin["name"], admin["emails"][0])
    # The bundled plan carries progress; the kick-off commit has none of it.
    assert "completed:" in (BUNDLED / "tasks" / "ndta" / "T-001.yaml").read_text("utf-8")
    files = git(built.root, "ls-tree", "-r", "--name-only", first.sha).split()
    tasks = [f for f in files if f.startswith("plan286/tasks/")]
    assert len(tasks) == 50
    for path in tasks:
        data = yaml.safe_load(git(built.root, "show", f"{first.sha}:{path}"))
        assert data["progress"] == {"pct": 0, "status": "not_started"}, path
        assert not {"blockers", "resources"} & set(data), path


def test_no_identity_or_key_is_left_in_the_repository_config(built: Built) -> None:
    # A newcomer's next commit there must be theirs, not the coordinator's or the admin's.
    local = git(built.root, "config", "--local", "--list")
    for name in ("user.name", "user.email", "user.signingkey", "commit.gpgsign", "gpg.format"):
        assert f"{name}=" not in local, local


def test_day_one_files_are_in_the_kickoff_and_current(built: Built, r57: R57) -> None:
    first = built.commits[0].sha
    files = set(git(built.root, "ls-tree", "-r", "--name-only", first).split())
    day_one = {
        ".github/CODEOWNERS",
        ".github/allowed_signers",
        ".github/workflows/plan.yml",
        ".github/workflows/report.yml",
        ".pre-commit-config.yaml",
    }
    assert day_one <= files
    for name in ("plan.yml", "report.yml"):
        shipped = (BUNDLED.parent / ".github" / "workflows" / name).read_text("utf-8")
        assert git(built.root, "show", f"{first}:.github/workflows/{name}") == shipped
    assert "id: r57-validate" in (built.root / ".pre-commit-config.yaml").read_text("utf-8")
    res = r57("codeowners", "--check", cwd=built.root)
    assert res.code == 0, res.out + res.err
    signers = ("allowed-signers", "--check", "-o", ".github/allowed_signers")
    res = r57(*signers, cwd=built.root)
    assert res.code == 0, res.out + res.err
    assert "ssh-ed25519 AAAA" in (built.root / ".github" / "allowed_signers").read_text("utf-8")


def test_every_commit_is_signed_and_r57_check_verifies_them(built: Built, r57: R57) -> None:
    raw = git(built.root, "log", "--format=%H%x00%B", "--no-show-signature")
    assert raw  # the signature sits in the commit object, not the message:
    for c in built.commits:
        assert "BEGIN SSH SIGNATURE" in git(built.root, "cat-file", "commit", c.sha)
    plan = (built.root / "plan286" / "plan.yaml").read_text("utf-8")
    assert "require_signed_commits: true" in plan
    res = r57("check", f"{built.commits[0].sha}..HEAD", "--lang", "en", cwd=built.root)
    assert res.code == 0, res.out + res.err
    assert "no errors" in res.out
    # The private keys stay outside the tracked tree, in .git/.
    keys = built.root / ".git" / "r57-demo-keys"
    assert len(list(keys.iterdir())) >= 10
    assert "r57-demo-keys" not in git(built.root, "ls-files")


# ------------------------------------------------------------------------- who and when


def _coordinator_made(c: Commit) -> bool:
    """A reschedule, a cancellation (policy.cancel_by), or the refusal of a request for
    more time: a coordinator's act."""
    t = c.trailers
    return t["R57-Action"] in ("reschedule", "cancel") or (
        t["R57-Action"] == "decide" and t.get("R57-Request-Kind") == "extension"
    )


def test_each_report_is_by_a_member_of_the_task_unit(built: Built) -> None:
    units = _units()
    coordinators = {
        (m["name"], e)
        for u in units.values()
        for m in u["members"]
        if "coordinator" in m.get("roles", [])
        for e in m["emails"]
    }
    for c in built.reports:
        if _coordinator_made(c):
            assert (c.author, c.email) in coordinators, c
            continue
        members = units[c.trailers["R57-Unit"]]["members"]
        assert any(c.email in m["emails"] and c.author == m["name"] for m in members), c
        assert (c.committer, c.committer_email) == (c.author, c.email)
    assert len({c.email for c in built.reports}) >= 10
    assert len({c.trailers["R57-Unit"] for c in built.reports}) >= 6


def test_commits_are_in_vietnam_working_hours_strictly_in_order(built: Built) -> None:
    times = [c.committed for c in built.commits]
    assert all(a < b for a, b in zip(times, times[1:], strict=False))
    for c in built.commits:
        assert c.committed == c.authored
        assert c.committed.utcoffset() == timedelta(hours=7)
        assert 8 <= c.committed.hour < 18, c
    assert times[-1].date() <= date.fromisoformat(TODAY)
    for c in built.reports:
        assert c.when <= c.committed.date()  # never a report for a later day


def test_some_reports_are_recorded_late_in_the_following_week(built: Built) -> None:
    late = [c for c in built.reports if c.when < _monday(c.committed.date())]
    assert len(late) >= 2
    assert all((c.committed.date() - c.when).days <= 14 for c in late)


# ------------------------------------------------------------------------- what happened


def test_tasks_start_and_progress_along_their_plan(built: Built) -> None:
    assert len(built.action("start")) >= 8
    updates = [c for c in built.action("update") if "R57-Pct" in c.trailers]
    assert len(updates) >= 20
    up = [c for c in updates if int(c.trailers["R57-Pct"]) > int(c.trailers["R57-Prev-Pct"])]
    assert len(up) >= 20


def test_a_blocker_is_raised_and_lifted_weeks_later(built: Built) -> None:
    raised = {(c.trailers["R57-Task"], c.trailers["R57-Blocker"]): c for c in built.action("block")}
    lifted = [
        (raised[key], c)
        for c in built.action("unblock")
        if (key := (c.trailers["R57-Task"], c.trailers["R57-Blocker"])) in raised
    ]
    assert lifted
    assert all((up.when - down.when).days >= 14 for down, up in lifted)
    regulatory = [c for c in raised.values() if c.trailers["R57-Blocker-Kind"] != "budget"]
    assert any("/" in c.trailers.get("R57-Ref", "") for c in regulatory)


def test_resources_are_requested_and_decided(built: Built) -> None:
    asked = {(c.trailers["R57-Task"], c.trailers["R57-Request"]) for c in built.action("request")}
    decided = [
        c
        for c in built.action("decide")
        if (c.trailers["R57-Task"], c.trailers["R57-Request"]) in asked
    ]
    assert asked
    assert decided


def test_one_extension_is_granted_by_decision_and_one_refused(built: Built, r57: R57) -> None:
    asked = {(c.trailers["R57-Task"], c.trailers["R57-Request"]): c for c in built.action("extend")}
    granted = [c for c in built.action("reschedule") if c.trailers.get("R57-Request")]
    refused = [c for c in built.action("decide") if c.trailers.get("R57-Request-Kind")]
    assert len(asked) == 2
    assert len(granted) == 1
    assert len(refused) == 1
    grant = granted[0].trailers
    assert (grant["R57-Task"], grant["R57-Request"]) in asked
    assert grant["R57-Decision"].endswith("/QĐ-BTTTT")
    assert (
        grant["R57-Due-To"] == asked[grant["R57-Task"], grant["R57-Request"]].trailers["R57-Due-To"]
    )
    # The grant lands in today's week, for the week report's list of moved deadlines.
    assert _monday(granted[0].when) == _monday(date.fromisoformat(TODAY))
    assert refused[0].trailers["R57-Request-Status"] == "refused"
    assert (refused[0].trailers["R57-Task"], refused[0].trailers["R57-Request"]) in asked
    for c in (*granted, *refused):  # a unit asks, a coordinator decides
        assert c.email != asked[c.trailers["R57-Task"], c.trailers["R57-Request"]].email
    res = r57("show", grant["R57-Task"], "--lang", "en", cwd=built.root)
    assert res.code == 0, res.err
    assert f"grants {grant['R57-Request']}" in res.out


def test_tasks_finish_early_and_late(built: Built) -> None:
    done = [c.subject for c in built.action("done")]
    assert any("days early" in s for s in done), done
    assert any("days late" in s for s in done), done


def test_some_reports_only_say_nothing_changed(built: Built) -> None:
    notes = built.action("report")
    assert notes
    stat = git(built.root, "show", "--format=", "--name-only", notes[0].sha)
    assert stat.strip() == ""  # an empty commit, as `r57 update T --note` makes


def test_about_a_third_of_active_tasks_reported_this_week(built: Built) -> None:
    today = date.fromisoformat(TODAY)
    active = set()
    for path in (built.root / "plan286" / "tasks").glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["start"] <= today and data["progress"]["status"] in ("in_progress", "not_started"):
            active.add(data["id"])
    reported = {
        c.trailers["R57-Task"]
        for c in built.reports
        if _monday(today) <= c.when and c.trailers["R57-Task"] in active
    }
    assert len(active) >= 6
    assert 0.2 <= len(reported) / len(active) <= 0.5, (len(reported), len(active))


# ------------------------------------------------------------------------- reproducible


def test_same_seed_same_history_another_seed_another(
    built: Built, tmp_path: Path, r57: R57
) -> None:
    before = dict(os.environ)
    # Ambient identities and dates (set by git_env) must not leak into the commits.
    again = r57("demo", str(tmp_path / "again"), "--today", TODAY)
    assert again.code == 0, again.err
    assert git(tmp_path / "again", "rev-parse", "HEAD") == git(built.root, "rev-parse", "HEAD")
    assert dict(os.environ) == before  # every variable set per commit is put back
    other = r57("demo", str(tmp_path / "other"), "--today", TODAY, "--seed", "7")
    assert other.code == 0, other.err
    assert git(tmp_path / "other", "rev-parse", "HEAD") != git(built.root, "rev-parse", "HEAD")


def test_today_defaults_to_r57_today(
    tmp_path: Path, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-07")
    res = r57("demo", str(tmp_path / "d"))
    assert res.code == 0, res.err
    last = _log(tmp_path / "d")[-1]
    assert last.committed.date() <= date(2025, 3, 7)
    assert last.committed.date() >= date(2025, 3, 3)
    assert os.environ["R57_TODAY"] == "2025-03-07"


def test_build_reports_progress_to_its_callback(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    summary = demo.build(
        tmp_path / "d",
        source=BUNDLED,
        today=date(2025, 3, 14),
        progress=lambda done, total: calls.append((done, total)),
    )
    total = summary.commits - 1
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert len(calls) == total + 1
    assert summary.first == date(2025, 2, 5)
    assert summary.last <= date(2025, 3, 14)


# ------------------------------------------------------------------------- refusals


def test_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path: Path, r57: R57) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me\n", encoding="utf-8")
    res = r57("demo", str(target), "--today", TODAY, "--lang", "en")
    assert res.code == 2
    assert "is not empty" in res.err
    assert "Traceback" not in res.err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_refuses_a_file(tmp_path: Path, r57: R57) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    res = r57("demo", str(target), "--today", TODAY, "--lang", "en")
    assert (res.code, "is not a folder" in res.err) == (2, True)
    assert target.read_text(encoding="utf-8") == "x"


def test_an_empty_folder_is_used(tmp_path: Path, r57: R57) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    res = r57("demo", str(target), "--today", "2025-02-21", "--lang", "en")
    assert res.code == 0, res.err
    assert (target / ".git").is_dir()
    assert (target / "plan286" / "plan.yaml").is_file()


@pytest.mark.parametrize(
    ("today", "message"),
    [("2025-01-31", "before the plan's kick-off on 2025-02-05"), ("2025-6-1", "--today")],
)
def test_refuses_a_bad_today(tmp_path: Path, r57: R57, today: str, message: str) -> None:
    res = r57("demo", str(tmp_path / "d"), "--today", today, "--lang", "en")
    assert (res.code, message in res.err) == (2, True), res.err
    assert not (tmp_path / "d").exists()


def test_a_run_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.errors import R57Error

    real = demo._record
    calls = []

    def failing(ws: Any, event: Any, key: Path) -> None:
        calls.append(event)
        if len(calls) == 5:
            raise R57Error("disk full")
        real(ws, event, key)

    monkeypatch.setattr(demo, "_record", failing)
    made, empty = tmp_path / "made", tmp_path / "empty"
    empty.mkdir()
    for target in (made, empty):
        calls.clear()
        with pytest.raises(R57Error, match="disk full"):
            demo.build(target, source=BUNDLED, today=date(2025, 3, 14))
    assert not made.exists()
    assert list(empty.iterdir()) == []


def test_without_git_it_says_so(tmp_path: Path, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    res = r57("demo", str(tmp_path / "d"), "--today", TODAY, "--lang", "en")
    assert res.code == 2
    assert "git is not installed" in res.err
    assert "Traceback" not in res.err
    assert not (tmp_path / "d").exists()


def test_help_mentions_the_next_step() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", "demo", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        check=True,
    )
    assert "--seed" in proc.stdout
    assert "report --week" in proc.stdout


def test_refuses_a_plan_with_errors(tmp_path: Path, r57: R57) -> None:
    import shutil

    source = tmp_path / "broken"
    shutil.copytree(BUNDLED, source)
    task = source / "tasks" / "ndta" / "T-001.yaml"
    task.write_text(task.read_text("utf-8").replace("unit: ndta", "unit: nope"), "utf-8")
    res = r57("demo", str(tmp_path / "d"), "--from", str(source), "--today", TODAY, "--lang", "en")
    assert res.code == 2
    assert "has errors" in res.err
    assert not (tmp_path / "d").exists()


def test_the_week_report_shows_a_small_unit_unranked_and_what_changed(
    built: Built, r57: R57
) -> None:
    """Issue 15: dic-laocai ranked first on 1 of 1 on time. A unit with fewer than 3 tasks
    judged is now listed, unranked, after the units that rank, even with a better rate."""
    res = r57("report", "--week", "--format", "json", cwd=built.root)
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    ranked = [u for u in doc["units"] if u["rank"]]
    small = [u for u in doc["units"] if 0 < u["due_or_done_baseline"] < 3]
    assert ranked
    assert small
    assert all(u["due_or_done_baseline"] >= 3 for u in ranked)
    assert all(u["rank"] is None for u in small)
    last = doc["units"].index(ranked[-1])
    assert all(doc["units"].index(u) > last for u in small)
    worst = min(u["on_time_rate_baseline"] for u in ranked)
    assert any(u["on_time_rate_baseline"] > worst for u in small)  # it would have outranked
    assert doc["changes"]["previous"]["kind"] == "week"
    assert doc["changes"]["status_changes"]


def test_the_demo_week_shows_next_weeks_plan(
    built: Built, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo records `--next` in its last weeks, so the report's next-period section
    shows what people said they will do (issue 15, item 11)."""
    monkeypatch.setenv("R57_TODAY", TODAY)
    res = r57("report", "--week", "--format", "json", cwd=built.root)
    assert res.code == 0, res.err
    planned = [t for t in json.loads(res.out)["next_period"]["tasks"] if t["plan"]]
    assert len(planned) >= 2, "the demo week says too little of what comes next"
    text = r57("report", "--week", "--lang", "en", "--wide", cwd=built.root).out
    assert planned[0]["plan"] in text
