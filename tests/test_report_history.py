"""`r57 report` read against git history: what the plan was as of any instant, which commits
are a period's reports, and the workflows people use to land them (pull requests, squash,
rebase, moves, deletions, hand edits, shallow clones). Real git repositories with pinned
dates and identities; every expected figure is worked out from the history the test built,
never read back from r57."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from r57cli.locale import texts
from tests.conftest import PLAN, UNITS, Plan, Result, dump, git, task

R57 = Callable[..., Result]
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FAR = "2025-12-31"  # "today" for runs that must see every commit
AN = ("Nguyễn Văn An", "an@example.gov.vn")
CHI = ("Lê Chi", "chi@example.gov.vn")
BINH = ("Trần Thị Bình", "binh@example.gov.vn")


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", FAR)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("R57_DEBUG", raising=False)
    monkeypatch.setattr(texts, "_language", "")


# ------------------------------------------------------------------------- building histories


def plan_task(task_id: str, pct: int, unit: str = "ndta", **extra: Any) -> dict[str, Any]:
    """A task from 3 Feb to 30 June 2025 (unless `extra` says otherwise), planned linearly
    from start to due, in progress at `pct` (not started at 0)."""
    person = {"ndta": "an", "legal": "chi"}[unit]
    data = task(
        task_id,
        unit=unit,
        co_units=[],
        responsible=person,
        start="2025-02-03",
        due="2025-06-30",
        milestones=[{"date": "2025-06-30", "planned_pct": 100}],
        progress={"pct": pct, "status": "in_progress" if pct else "not_started"},
        title={"en": f"Task {task_id}", "vi": f"Nhiệm vụ {task_id}"},
    )
    data.update(extra)
    if "milestones" not in extra:
        data["milestones"] = [{"date": data["due"], "planned_pct": 100}]
    return data


@dataclass
class Hist:
    """A plan repository whose commits are made at chosen instants by chosen people."""

    plan: Plan
    mp: pytest.MonkeyPatch
    run: R57

    @property
    def repo(self) -> Path:
        return self.plan.repo

    def at(self, when: str, who: tuple[str, str] = AN) -> None:
        """Commits from now on are authored and committed at `when` (local time in Hanoi
        unless it names an offset) by `who`; r57's today is that day."""
        stamp = when if re.search(r"[+-]\d\d:\d\d$", when) else f"{when}+07:00"
        for role in ("AUTHOR", "COMMITTER"):
            self.mp.setenv(f"GIT_{role}_DATE", stamp)
            self.mp.setenv(f"GIT_{role}_NAME", who[0])
            self.mp.setenv(f"GIT_{role}_EMAIL", who[1])
        self.mp.setenv("R57_TODAY", stamp[:10])

    def git(self, *args: str) -> str:
        return git(self.repo, *args)

    def path_of(self, task_id: str) -> Path:
        found = sorted(self.plan.dir.glob(f"tasks/*/{task_id}.yaml"))
        assert len(found) == 1, found
        return found[0]

    def read(self, task_id: str) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.path_of(task_id).read_text(encoding="utf-8"))
        return data

    def write(self, task_id: str, data: dict[str, Any]) -> None:
        self.path_of(task_id).write_text(dump(data), encoding="utf-8")

    def edit(self, task_id: str, pct: int, status: str = "in_progress") -> None:
        """Change a task's figure by hand, as someone without r57 would (not committed)."""
        data = self.read(task_id)
        data["progress"] = {"pct": pct, "status": status}
        self.write(task_id, data)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def r57(self, *args: str) -> Result:
        res = self.run(*args, cwd=self.repo)
        assert res.code == 0, res.err
        return res

    def report(self, *args: str) -> dict[str, Any]:
        res = self.run("report", *args, "--format", "json", cwd=self.repo)
        assert res.code == 0, res.err
        doc: dict[str, Any] = json.loads(res.out)
        return doc


def new_hist(root: Path, mp: pytest.MonkeyPatch, run: R57, tasks: list[dict[str, Any]]) -> Hist:
    """A repository whose first commit (Monday 3 Feb 2025, 09:00) holds `tasks`."""
    repo = root / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    h = Hist(Plan(repo, repo / "plan286"), mp, run)
    h.plan.dir.mkdir()
    h.plan.write_plan(PLAN)
    h.plan.write_units(UNITS)
    for data in tasks:
        h.plan.write_task(data)
    h.at("2025-02-03T09:00:00")
    h.commit("the plan")
    return h


@pytest.fixture
def hist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    """T-001 (30%), T-002 (20%) at ndta and T-003 (10%) at legal, committed on 3 Feb."""
    return new_hist(
        tmp_path,
        monkeypatch,
        r57,
        [plan_task("T-001", 30), plan_task("T-002", 20), plan_task("T-003", 10, "legal")],
    )


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in doc["tasks"]}


def figures(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return {t["id"]: t[key] for t in doc["tasks"]}


def late(doc: dict[str, Any], which: str) -> list[tuple[str, str, str]]:
    """(task, report day, landing day) of each late report in a section."""
    return [(r["task"], r["for"], r["landed"][:10]) for r in doc["late_reports"][which]]


def tree_tasks(repo: Path, sha: str | None) -> dict[str, tuple[int, str, str]]:
    """(pct, status, unit) of every task file at `sha`, read straight from git."""
    if sha is None:
        return {}
    out = {}
    names = git(repo, "ls-tree", "-r", "--name-only", sha, "--", "plan286/tasks").split()
    for name in names:
        data = yaml.safe_load(git(repo, "show", f"{sha}:{name}"))
        out[data["id"]] = (data["progress"]["pct"], data["progress"]["status"], data["unit"])
    return out


def as_of_git(repo: Path, instant: datetime) -> str | None:
    """The last first-parent commit git dates at or before `instant`."""
    sha = git(
        repo, "rev-list", "--first-parent", "-1", f"--before={instant.isoformat()}", "HEAD"
    ).strip()
    return sha or None


# ------------------------------------------------------------------------- workflows
# Weeks of 2025: W06 = 3-9 Feb, W07 = 10-16 Feb, W08 = 17-23 Feb, W09 = 24 Feb-2 Mar,
# W10 = 3-9 Mar, W11 = 10-16 Mar.


def test_merged_pull_request_counts_when_merged(hist: Hist) -> None:
    hist.git("checkout", "-q", "-b", "pr")
    hist.at("2025-02-11T10:00:00")  # W07
    hist.r57("update", "T-001", "--pct", "50", "--note", "draft done")
    branch_sha = hist.git("rev-parse", "HEAD").strip()
    hist.git("checkout", "-q", "main")
    hist.at("2025-02-18T15:00:00", CHI)  # W08
    hist.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1")
    hist.at("2025-02-24T09:00:00")

    w07 = hist.report("--week", "2025-W07")
    t = by_id(w07)["T-001"]
    assert (t["pct_start"], t["pct_end"], t["reported_in_period"]) == (30, 30, False)
    assert t["status"] == "stale"
    # Written in week 7, it reached the branch after the week closed.
    assert late(w07, "recorded_after_close") == [("T-001", "2025-02-11", "2025-02-18")]
    assert w07["late_reports"]["recorded_after_close"][0]["commit"] == branch_sha
    assert w07["late_reports"]["recorded_in_period"] == []

    w08 = hist.report("--week", "2025-W08")
    t = by_id(w08)["T-001"]
    assert (t["pct_start"], t["pct_end"], t["reported_in_period"]) == (30, 50, True)
    assert "late_report" in t["flags"]
    assert t["last_report_by"] == AN[0]  # the author of the report, not who merged it
    assert late(w08, "recorded_in_period") == [("T-001", "2025-02-11", "2025-02-18")]
    # The merge itself is not a report: only T-001 was reported in week 8.
    assert figures(w08, "reported_in_period") == {"T-001": True, "T-002": False, "T-003": False}


def test_merged_branch_from_two_time_zones_keeps_the_order_of_work(hist: Hist) -> None:
    hist.git("checkout", "-q", "-b", "pr")
    hist.at("2025-02-11T10:00:00+07:00", CHI)  # 03:00 UTC
    hist.edit("T-001", 40)
    hist.commit("T-001 at 40")
    hist.at("2025-02-11T05:00:00+00:00", BINH)  # 12:00 in Hanoi: two hours after Chi
    hist.edit("T-001", 45)
    hist.commit("T-001 at 45")
    hist.git("checkout", "-q", "main")
    hist.at("2025-02-12T09:00:00")
    hist.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #3")
    t = by_id(hist.report("--week", "2025-W07"))["T-001"]
    assert t["pct_end"] == 45
    # The last report is Bình's, which came after Chi's (and on top of it).
    assert (t["last_report_by"], t["last_report_at"]) == (BINH[0], "2025-02-11T12:00:00+07:00")


def test_merged_branch_keeps_the_order_of_work_whatever_the_clocks_say(hist: Hist) -> None:
    """Binh's commit is on top of Chi's, but her clock is a day behind: the commits a
    merge brings count parents first, so hers is still the last report."""
    hist.git("checkout", "-q", "-b", "pr")
    hist.at("2025-02-11T10:00:00", CHI)
    hist.edit("T-001", 40)
    hist.commit("T-001 at 40")
    hist.at("2025-02-10T10:00:00", BINH)  # authored "before" its parent
    hist.edit("T-001", 45)
    hist.commit("T-001 at 45")
    hist.git("checkout", "-q", "main")
    hist.at("2025-02-12T09:00:00")
    hist.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #4")
    t = by_id(hist.report("--week", "2025-W07"))["T-001"]
    assert t["pct_end"] == 45
    assert (t["last_report_by"], t["last_report_at"]) == (BINH[0], "2025-02-10T10:00:00+07:00")


@pytest.mark.usefixtures("bounded_lookback")
def test_squash_merge_counts_once_when_it_lands(hist: Hist) -> None:
    hist.git("checkout", "-q", "-b", "pr")
    hist.at("2025-02-11T10:00:00")
    hist.edit("T-001", 40)
    hist.commit("T-001 to 40")
    hist.at("2025-02-12T10:00:00")
    hist.edit("T-001", 45)
    hist.edit("T-002", 25)
    hist.commit("T-001 to 45, T-002 to 25")
    hist.git("checkout", "-q", "main")
    hist.at("2025-02-19T11:00:00", BINH)
    hist.git("merge", "-q", "--squash", "pr")
    squash = hist.commit("Squashed PR #2")
    hist.git("branch", "-q", "-D", "pr")

    w07 = hist.report("--week", "2025-W07")
    assert figures(w07, "pct_end") == {"T-001": 30, "T-002": 20, "T-003": 10}
    assert figures(w07, "reported_in_period") == {"T-001": False, "T-002": False, "T-003": False}
    # The squash commit is new and dated when it was made: nothing reports on week 7.
    assert w07["late_reports"]["recorded_after_close"] == []
    assert w07["no_report"] == {"units": ["legal", "ndta"], "people": ["an", "chi"]}

    w08 = hist.report("--week", "2025-W08")
    assert figures(w08, "pct_start") == {"T-001": 30, "T-002": 20, "T-003": 10}
    assert figures(w08, "pct_end") == {"T-001": 45, "T-002": 25, "T-003": 10}
    assert figures(w08, "reported_in_period") == {"T-001": True, "T-002": True, "T-003": False}
    # T-003's last record is the commit that put it in the plan.
    # T-003 was last touched by the plan's first commit, before the week read ahead of W08.
    assert figures(w08, "last_report_by") == {"T-001": BINH[0], "T-002": BINH[0], "T-003": None}
    assert figures(w08, "last_report_at") == {
        "T-001": "2025-02-19T11:00:00+07:00",
        "T-002": "2025-02-19T11:00:00+07:00",
        "T-003": None,
    }
    assert all("late_report" not in t["flags"] for t in w08["tasks"])
    assert w08["period"]["commit_end"] == squash


def test_rebased_branch_lands_at_the_rebase(hist: Hist) -> None:
    hist.git("checkout", "-q", "-b", "pr")
    hist.at("2025-02-11T10:00:00")  # W07: written, with R57-Date 2025-02-11
    hist.r57("update", "T-002", "--pct", "35")
    hist.git("checkout", "-q", "main")
    hist.at("2025-02-12T10:00:00")
    hist.r57("update", "T-001", "--pct", "40")
    hist.git("checkout", "-q", "pr")
    hist.at("2025-02-18T16:00:00")  # W08: the rebase gives the commit a new committer date
    hist.git("rebase", "-q", "main")
    hist.git("checkout", "-q", "main")
    hist.git("merge", "-q", "--ff-only", "pr")
    hist.at("2025-02-24T09:00:00")

    w07 = hist.report("--week", "2025-W07")
    assert figures(w07, "pct_end") == {"T-001": 40, "T-002": 20, "T-003": 10}
    assert figures(w07, "reported_in_period") == {"T-001": True, "T-002": False, "T-003": False}
    assert late(w07, "recorded_after_close") == [("T-002", "2025-02-11", "2025-02-18")]

    w08 = hist.report("--week", "2025-W08")
    assert figures(w08, "pct_start") == {"T-001": 40, "T-002": 20, "T-003": 10}
    assert figures(w08, "pct_end") == {"T-001": 40, "T-002": 35, "T-003": 10}
    assert figures(w08, "reported_in_period") == {"T-001": False, "T-002": True, "T-003": False}
    assert "late_report" in by_id(w08)["T-002"]["flags"]
    assert late(w08, "recorded_in_period") == [("T-002", "2025-02-11", "2025-02-18")]
    # The report keeps its author date: recorded on 11 Feb.
    assert by_id(w08)["T-002"]["last_report_at"] == "2025-02-11T10:00:00+07:00"


def test_one_commit_reporting_on_many_tasks(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.edit("T-001", 35)
    hist.edit("T-002", 25)
    hist.edit("T-003", 15)
    sha = hist.commit("weekly figures for three tasks")
    w07 = hist.report("--week", "2025-W07")
    assert figures(w07, "reported_in_period") == {"T-001": True, "T-002": True, "T-003": True}
    assert figures(w07, "pct_end") == {"T-001": 35, "T-002": 25, "T-003": 15}
    assert [t["status"] for t in w07["tasks"]] == ["on_track"] * 3
    assert (w07["totals"]["active"], w07["totals"]["reported"]) == (3, 3)
    assert w07["no_report"] == {"units": [], "people": []}
    assert w07["period"]["commit_end"] == sha


def test_moved_task_keeps_its_history(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    (hist.plan.dir / "tasks" / "legal").mkdir(exist_ok=True)
    hist.git("mv", "plan286/tasks/ndta/T-002.yaml", "plan286/tasks/legal/T-002.yaml")
    data = hist.read("T-002")
    data.update(unit="legal", responsible="chi")
    data["progress"]["pct"] = 25
    hist.write("T-002", data)
    hist.commit("T-002 goes to Legal")

    w07 = hist.report("--week", "2025-W07")
    t = by_id(w07)["T-002"]
    assert (t["unit"], t["pct_start"], t["pct_end"]) == ("legal", 20, 25)
    assert (t["responsible"], t["responsible_name"]) == ("chi", "Lê Chi")
    assert t["reported_in_period"]
    assert "new" not in t["flags"]
    assert w07["removed"] == []
    units = {u["id"]: u["tasks"] for u in w07["units"]}
    assert units == {"ndta": 1, "legal": 2}

    hist.at("2025-02-19T10:00:00", CHI)
    hist.edit("T-002", 30)
    hist.commit("T-002 at 30")
    w08 = hist.report("--week", "2025-W08")
    t = by_id(w08)["T-002"]
    assert (t["unit"], t["pct_start"], t["pct_end"], t["last_report_by"]) == (
        "legal",
        25,
        30,
        CHI[0],
    )


def test_deleted_task_is_listed_as_removed(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.git("rm", "-q", "plan286/tasks/legal/T-003.yaml")
    hist.commit("T-003 dropped from the plan")
    w06 = hist.report("--week", "2025-W06")
    assert sorted(by_id(w06)) == ["T-001", "T-002", "T-003"]
    assert w06["removed"] == []
    w07 = hist.report("--week", "2025-W07")
    assert sorted(by_id(w07)) == ["T-001", "T-002"]
    assert w07["removed"] == ["T-003"]
    assert [u["id"] for u in w07["units"]] == ["ndta"]
    w08 = hist.report("--week", "2025-W08")
    assert w08["removed"] == []


def test_hand_edits_count_as_reports(hist: Hist) -> None:
    hist.at("2025-02-13T14:30:00", CHI)
    hist.edit("T-003", 20)
    hist.commit("Legal: progress")
    hist.at("2025-02-14T08:00:00+00:00", BINH)  # 15:00 in Hanoi, from a laptop set to UTC
    hist.edit("T-001", 31)
    tip = hist.commit("T-001 one point more")
    w07 = hist.report("--week", "2025-W07")
    t = by_id(w07)
    assert (t["T-003"]["reported_in_period"], t["T-003"]["last_report_by"]) == (True, CHI[0])
    assert t["T-003"]["last_report_email"] == CHI[1]
    assert t["T-003"]["last_report_at"] == "2025-02-13T14:30:00+07:00"
    assert t["T-003"]["last_report_for"] == "2025-02-13"
    assert (t["T-001"]["last_report_by"], t["T-001"]["last_report_at"]) == (
        BINH[0],
        "2025-02-14T15:00:00+07:00",
    )
    assert t["T-002"]["reported_in_period"] is False
    assert t["T-002"]["status"] == "stale"
    assert w07["no_report"] == {"units": [], "people": []}  # an has T-001
    assert w07["period"]["commit_end"] == tip


def test_a_wrong_clock_cannot_move_a_change_back_in_time(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.edit("T-001", 40)
    hist.commit("T-001 at 40")
    hist.at("2025-02-05T10:00:00")  # a laptop whose clock is a week behind
    hist.edit("T-002", 50)
    hist.commit("T-002 at 50")
    w06 = hist.report("--week", "2025-W06")
    assert figures(w06, "pct_end") == {"T-001": 30, "T-002": 20, "T-003": 10}
    w07 = hist.report("--week", "2025-W07")
    assert figures(w07, "pct_end") == {"T-001": 40, "T-002": 50, "T-003": 10}
    assert figures(w07, "reported_in_period") == {"T-001": True, "T-002": True, "T-003": False}
    # Dated 5 Feb by its author, it reached the branch in week 7: a late report there.
    assert late(w07, "recorded_in_period") == [("T-002", "2025-02-05", "2025-02-12")]


def test_as_of_is_strictly_before_the_instant(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.edit("T-001", 40)
    hist.commit("T-001 at 40")
    for instant, expected in (
        ("2025-02-12T09:59", 30),
        ("2025-02-12T10:00", 30),  # landed at 10:00: not before 10:00
        ("2025-02-12T10:00:01", 40),
        ("2025-02-12T03:00:01+00:00", 40),
        ("2025-02-12", 40),  # a day: the end of that day
        ("2025-02-11", 30),
    ):
        doc = hist.report("--at", instant)
        assert by_id(doc)["T-001"]["pct_end"] == expected, instant


@pytest.mark.usefixtures("bounded_lookback")
def test_last_report_is_true_however_old_it_is(hist: Hist) -> None:
    """A report reads history back to `history_from` only: a task whose last report is
    older shows none, and then the table must say it is older than that day."""
    hist.at("2025-02-05T10:00:00", CHI)
    hist.r57("update", "T-003", "--pct", "12", "--note", "first draft")
    hist.at("2025-02-20T10:00:00")
    hist.r57("update", "T-002", "--pct", "22")
    hist.at("2025-03-11T10:00:00")
    hist.r57("update", "T-001", "--pct", "45")
    hist.mp.setenv("R57_TODAY", "2025-03-20")
    w11 = hist.report("--week", "2025-W11")
    t = by_id(w11)
    assert (t["T-003"]["pct_end"], t["T-003"]["reported_in_period"]) == (12, False)
    assert t["T-001"]["last_report_at"] == "2025-03-11T10:00:00+07:00"
    history_from = w11["period"]["history_from"]
    # Reports are read from a week before the period (3 March): T-002's, on 20 February,
    # is older, so none is shown, and the table says since when there is none.
    assert history_from == "2025-03-03"
    assert t["T-002"]["last_report_at"] is None
    if t["T-003"]["last_report_at"] is None:
        assert history_from > "2025-02-05"
        table = hist.run(
            "report", "--week", "2025-W11", "--lang", "en", "--wide", cwd=hist.repo
        ).out
        row = next(line for line in table.splitlines() if line.startswith("T-003"))
        day = history_from
        assert f"before {day}" in row
    else:
        assert t["T-003"]["last_report_at"] == "2025-02-05T10:00:00+07:00"
        assert t["T-003"]["last_report_by"] == CHI[0]


# ------------------------------------------------------------------------- closed periods


def continuity_history(h: Hist) -> None:
    """Changes spread over February and March 2025, some right at week and month ends."""
    steps = [
        ("2025-02-09T23:59:00", "T-001", 35),  # the last minute of W06
        ("2025-02-10T00:00:00", "T-002", 25),  # the first second of W07
        ("2025-02-16T12:00:00", "T-003", 15),
        ("2025-02-20T09:00:00", "T-001", 45),
        ("2025-02-28T23:30:00", "T-002", 40),  # the last day of February
        ("2025-03-01T00:00:00", "T-003", 30),  # midnight on 1 March, in Hanoi
        ("2025-03-05T08:00:00", "T-001", 60),
    ]
    for when, task_id, pct in steps:
        h.at(when)
        h.edit(task_id, pct)
        h.commit(f"{task_id} at {pct}")


def assert_continuous(docs: list[dict[str, Any]]) -> None:
    for before, after in zip(docs, docs[1:], strict=False):
        assert before["period"]["end"] == after["period"]["start"]
        ended, started = figures(before, "pct_end"), figures(after, "pct_start")
        # A task that did not exist when the period started has no start figure.
        assert started == {k: ended.get(k) for k in started}, after["period"]["id"]
        assert {k for k, t in by_id(after).items() if "new" in t["flags"]} == set(started) - set(
            ended
        )


def test_each_period_starts_where_the_last_one_ended(hist: Hist) -> None:
    continuity_history(hist)
    # W05: the plan was first committed on 3 Feb, in W06; a week before it is a clear
    # message, not a report of empty tables (issue 15).
    before = hist.run("report", "--week", "2025-W05", cwd=hist.repo)
    assert before.code == 2
    assert "ends before the plan's history starts" in before.err
    weeks = [f"2025-W{n:02d}" for n in range(6, 12)]
    docs = [hist.report("--week", w) for w in weeks]
    assert_continuous(docs)
    # What the weeks should read, worked out from the commits above.
    assert [figures(d, "pct_end") for d in docs] == [
        {"T-001": 35, "T-002": 20, "T-003": 10},
        {"T-001": 35, "T-002": 25, "T-003": 15},
        {"T-001": 45, "T-002": 25, "T-003": 15},
        {"T-001": 45, "T-002": 40, "T-003": 30},
        {"T-001": 60, "T-002": 40, "T-003": 30},
        {"T-001": 60, "T-002": 40, "T-003": 30},
    ]
    assert figures(docs[0], "pct_start") == {"T-001": None, "T-002": None, "T-003": None}
    assert hist.run("report", "--month", "2025-01", cwd=hist.repo).code == 2  # before it
    months = [hist.report("--month", m) for m in ("2025-02", "2025-03", "2025-04")]
    assert_continuous(months)
    assert [figures(d, "pct_end") for d in months] == [
        {"T-001": 45, "T-002": 40, "T-003": 15},
        {"T-001": 60, "T-002": 40, "T-003": 30},
        {"T-001": 60, "T-002": 40, "T-003": 30},
    ]


def split_late(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Any], str]:
    """The document without what may change after a period closes, and those parts."""
    rest = json.loads(json.dumps(doc))
    after = rest["late_reports"].pop("recorded_after_close")
    return rest, after, rest.pop("commit")


def test_closed_week_reads_the_same_whatever_lands_later(hist: Hist) -> None:
    hist.at("2025-02-11T10:00:00")
    hist.r57("update", "T-001", "--pct", "40", "--note", "workshop held")
    hist.at("2025-02-13T16:00:00", CHI)
    hist.r57("update", "T-003", "--pct", "20")
    hist.mp.setenv("R57_TODAY", "2025-03-20")  # one "today" for every run of W07 below
    first = hist.run("report", "--week", "2025-W07", "--format", "json", cwd=hist.repo).out
    doc1, after1, tip1 = split_late(json.loads(first))
    assert after1 == []

    # Work goes on in the following weeks, by r57 and by hand, on every task.
    hist.at("2025-02-18T09:00:00")
    hist.r57("update", "T-001", "--pct", "55")
    hist.at("2025-02-19T09:00:00", CHI)
    hist.edit("T-003", 25)
    hist.commit("T-003 at 25")
    hist.at("2025-02-20T09:00:00")
    hist.r57("block", "T-002", "--kind", "decree", "--ref", "Decree 47/2020/ND-CP", "--reason", "x")
    hist.mp.setenv("R57_TODAY", "2025-03-20")
    second = hist.run("report", "--week", "2025-W07", "--format", "json", cwd=hist.repo).out
    doc2, after2, tip2 = split_late(json.loads(second))
    assert after2 == []
    assert tip2 != tip1
    assert second.replace(tip2, tip1) == first  # byte for byte, but for the branch tip

    # Two weeks after W07 closed, An records what T-002 was at on 14 Feb.
    hist.at("2025-02-26T09:00:00")  # W09
    hist.r57("update", "T-002", "--pct", "30", "--date", "2025-02-14", "--note", "forgot")
    late_sha = hist.git("rev-parse", "HEAD").strip()
    hist.mp.setenv("R57_TODAY", "2025-03-20")
    third = json.loads(
        hist.run("report", "--week", "2025-W07", "--format", "json", cwd=hist.repo).out
    )
    doc3, after3, _ = split_late(third)
    assert doc3 == doc1
    assert figures(third, "pct_end") == {"T-001": 40, "T-002": 20, "T-003": 20}
    assert [(r["task"], r["for"], r["landed"], r["pct"], r["commit"]) for r in after3] == [
        ("T-002", "2025-02-14", "2025-02-26T09:00:00+07:00", 30, late_sha)
    ]

    w09 = hist.report("--week", "2025-W09")
    t = by_id(w09)["T-002"]
    assert (t["pct_start"], t["pct_end"], t["reported_in_period"]) == (20, 30, True)
    assert "late_report" in t["flags"]
    assert late(w09, "recorded_in_period") == [("T-002", "2025-02-14", "2025-02-26")]
    assert all("late_report" not in x["flags"] for x in w09["tasks"] if x["id"] != "T-002")
    # W08 is not concerned: the late report is for a day of W07.
    w08 = hist.report("--week", "2025-W08")
    assert w08["late_reports"] == {"recorded_in_period": [], "recorded_after_close": []}


def test_closed_week_rerun_later_differs_only_in_today(hist: Hist) -> None:
    hist.at("2025-02-11T10:00:00")
    hist.r57("update", "T-001", "--pct", "40")
    hist.mp.setenv("R57_TODAY", "2025-02-17")  # the Monday after W07
    doc1, _, tip1 = split_late(hist.report("--week", "2025-W07"))
    hist.at("2025-02-21T10:00:00")
    hist.r57("update", "T-001", "--pct", "50")
    hist.mp.setenv("R57_TODAY", "2025-04-01")
    doc2, _, tip2 = split_late(hist.report("--week", "2025-W07"))
    assert (doc1.pop("today"), doc2.pop("today")) == ("2025-02-17", "2025-04-01")
    assert doc1 == doc2
    assert tip1 != tip2


# ------------------------------------------------------------------------- shallow clones


def test_shallow_clone_refuses_history_it_does_not_have(hist: Hist, tmp_path: Path) -> None:
    for when, pct in (("2025-02-11T10:00:00", 40), ("2025-02-20T10:00:00", 50)):
        hist.at(when)
        hist.r57("update", "T-001", "--pct", str(pct))
    hist.at("2025-02-26T10:00:00")  # W09: the tip, and the only commit a depth-1 clone has
    hist.r57("update", "T-002", "--pct", "30")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{hist.repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert (clone / ".git" / "shallow").exists()
    hist.mp.setenv("R57_TODAY", "2025-03-05")  # Wednesday of W10

    for args in (("--week", "2025-W07"), ("--month", "2025-02"), ("--at", "2025-02-25")):
        res = hist.run("report", *args, "--format", "json", cwd=clone)
        assert res.code == 2, args
        assert res.out == ""
        assert "git fetch --unshallow" in res.err
        assert "fetch-depth: 0" in res.err
        assert "Traceback" not in res.err
    # The current week starts after the shallow commit, so its start and end figures are in
    # the clone; but its forecasts and "at risk" need the plan four weeks before its
    # reference day (5 Mar - 28 days), which the clone lacks. Figures that silently assume
    # "no movement" would be wrong, so r57 must stop with the same clear message.
    res = hist.run("report", "--week", "--format", "json", cwd=clone)
    assert (res.code, res.out) == (2, "")
    assert "git fetch --unshallow" in res.err

    # Once the whole history is fetched, the clone reports exactly what the original does.
    git(clone, "fetch", "-q", "--unshallow")
    runs: list[tuple[str, ...]] = [("--week", "2025-W07"), ("--week",)]
    for run in runs:
        assert hist.report(*run) == _in(hist, clone, *run)


def _in(h: Hist, where: Path, *args: str) -> dict[str, Any]:
    res = h.run("report", *args, "--format", "json", cwd=where)
    assert res.code == 0, res.err
    doc: dict[str, Any] = json.loads(res.out)
    return doc


def test_shallow_clone_whose_history_suffices(hist: Hist, tmp_path: Path) -> None:
    """A clone cut at a commit older than anything a report needs reads like a full one."""
    hist.at("2025-02-11T10:00:00")
    hist.r57("update", "T-001", "--pct", "40")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{hist.repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    # W31: its reports are read back 91 days (28 April), after the clone's one commit
    hist.mp.setenv("R57_TODAY", "2025-07-30")
    assert _in(hist, clone, "--week") == hist.report("--week")
    res = hist.run("report", "--week", "2025-W07", cwd=clone)
    assert res.code == 2
    assert "git fetch --unshallow" in res.err


# ------------------------------------------------------------------------- the cache


def cache_dir(h: Hist) -> Path:
    """r57's report cache: one folder in it per plan folder of the repository."""
    return h.repo / ".git" / "r57" / "history"


def cache_files(h: Hist) -> list[Path]:
    """Every file of the cache, whichever plan's folder it is in."""
    return sorted(p for p in cache_dir(h).rglob("*") if p.is_file())


def outputs(h: Hist) -> list[str]:
    """Reports that use every part of the cache: chain, listings, blobs, closed periods."""
    runs = [
        ("--week", "2025-W09", "--weeks", "4", "--format", "json"),
        ("--month", "2025-02", "--months", "2", "--format", "json"),
        ("--week", "2025-W07", "--format", "csv", "--csv-dialect", "plain"),
        ("--at", "2025-02-20T12:00", "--format", "json"),
        ("--week", "2025-W10", "--format", "json"),
    ]
    out = []
    for args in runs:
        res = h.run("report", *args, cwd=h.repo)
        assert res.code == 0, res.err
        out.append(res.out)
    return out


def warm_history(h: Hist) -> list[str]:
    """Reports of a history, run on a cold cache and then again on the warm one."""
    continuity_history(h)
    h.mp.setenv("R57_TODAY", "2025-03-12")
    shutil.rmtree(cache_dir(h), ignore_errors=True)
    cold = outputs(h)
    assert outputs(h) == cold
    return cold


def test_cache_cold_and_warm_agree(hist: Hist) -> None:
    cold = warm_history(hist)
    # Everything is in the one plan's folder, plan-<hash>, none of it beside it.
    folders = {p.parent.relative_to(cache_dir(hist)).as_posix() for p in cache_files(hist)}
    assert len(folders) == 1
    assert re.fullmatch(r"plan-[0-9a-f]{12}", folders.pop())
    files = [p.name for p in cache_files(hist)]
    assert "chain.msgpack" in files
    assert "blobs.msgpack" in files
    assert any(name.startswith("period-") for name in files)
    assert any(re.fullmatch(r"output-[0-9a-f]+\.msgpack", name) for name in files)
    # Figures a reader can check: the four weeks ending with W09 and W07's tasks.
    trend = json.loads(cold[0])
    assert [p["id"] for p in trend["periods"]] == ["2025-W06", "2025-W07", "2025-W08", "2025-W09"]
    assert [p["totals"]["avg_pct_end"] for p in trend["periods"]] == [21.7, 25.0, 28.3, 38.3]
    rows = list(csv.DictReader(io.StringIO(cold[2])))
    assert {r["id"]: (r["pct_start"], r["pct_end"]) for r in rows} == {
        "T-001": ("35", "35"),
        "T-002": ("20", "25"),
        "T-003": ("10", "15"),
    }


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b"not msgpack at all", id="garbage"),
        pytest.param(lambda b: b"\x80\x05\x95garbage", id="pickle-header"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b[: len(b) // 2], id="cut-short"),
    ],
)
def test_damaged_cache_never_changes_a_report(hist: Hist, damage: Callable[[bytes], bytes]) -> None:
    cold = warm_history(hist)
    files = cache_files(hist)
    assert len(files) >= 4  # chain, listings, blobs, periods, finished outputs
    for path in files:
        path.write_bytes(damage(path.read_bytes()))
    assert outputs(hist) == cold
    assert outputs(hist) == cold


class _Marker:
    """A pickle that, when loaded, creates a file: what pickle would let a hostile cache
    file do (pickle.loads calls open(path, "w"))."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def _wrong_shape(raw: bytes) -> list[bytes]:
    """Valid MessagePack with the very version stamp the file had, holding the wrong
    thing: what only a typed decoder can tell from the real one."""
    import msgspec

    try:
        version = msgspec.msgpack.decode(raw)[0]
    except (msgspec.DecodeError, IndexError, KeyError, TypeError):
        version = "2"
    enc = msgspec.msgpack.encode
    return [
        enc([version, {"a": 1}]),
        enc([version, [1, 2, 3]]),
        enc([version, ["--output=/tmp/r57-x", b"\x01" * 20, b"\x00" * 7, True, False]]),
        enc([version, [{"x": None}], "extra"]),
        enc([version, {"0" * 40: [1, 2]}]),
        enc([version, 1.5]),
        enc(version),
    ]


@pytest.mark.parametrize("kind", ["garbage", "truncated", "wrong-shape", "pickle"])
def test_hostile_cache_runs_nothing_and_is_rebuilt(hist: Hist, tmp_path: Path, kind: str) -> None:
    """Every cache file (and the names r57 used for its pickles) is replaced by something
    hostile; the reports read the same as a cold run, nothing in the cache runs, and the
    cache is written anew."""
    import pickle

    import msgspec

    cold = warm_history(hist)
    files = cache_files(hist)
    names = {p.name for p in files}
    assert {"chain.msgpack", "blobs.msgpack"} <= names
    marker = tmp_path / "pwned"
    crafted = pickle.dumps((1, _Marker(marker)), protocol=pickle.HIGHEST_PROTOCOL)
    # The same files under the names of the pickle cache: an old r57's, or planted.
    legacy = [p.with_suffix(".pickle") for p in files]
    for legacy_path in legacy:
        legacy_path.write_bytes(crafted)
    for i, path in enumerate(files):
        raw = path.read_bytes()
        bad = {
            "garbage": b"\xc1\xff not msgpack \x00" * 3,
            "truncated": raw[: max(1, len(raw) // 3)],
            "wrong-shape": _wrong_shape(raw)[i % 7],
            "pickle": crafted,
        }[kind]
        path.write_bytes(bad)
    damaged = {p: p.read_bytes() for p in files}
    for _ in range(2):
        out = []
        for args in [
            ("--week", "2025-W09", "--weeks", "4", "--format", "json"),
            ("--month", "2025-02", "--months", "2", "--format", "json"),
            ("--week", "2025-W07", "--format", "csv", "--csv-dialect", "plain"),
            ("--at", "2025-02-20T12:00", "--format", "json"),
            ("--week", "2025-W10", "--format", "json"),
        ]:
            res = hist.run("report", *args, cwd=hist.repo)
            assert res.code == 0, res.err
            assert "Traceback" not in res.err
            out.append(res.out)
        assert out == cold
    assert not marker.exists()
    # Rebuilt: the old pickles are gone, and what a report needed again was written anew
    # and reads back.
    assert not [p for p in legacy if p.exists()]
    for name in ("chain.msgpack", "blobs.msgpack"):
        path = files[0].parent / name
        assert path.read_bytes() != damaged[path]
        version, _ = msgspec.msgpack.decode(path.read_bytes())
        assert isinstance(version, str)
    rewritten = [p for p in files if p.exists() and p.read_bytes() != damaged[p]]
    assert len(rewritten) >= len(files) // 2
    assert marker.exists() is False


def test_unwritable_cache_is_not_used(hist: Hist) -> None:
    cold = warm_history(hist)
    shutil.rmtree(cache_dir(hist))
    cache_dir(hist).write_text("a file where the folder should be")
    assert outputs(hist) == cold


def test_cache_follows_rewritten_history(hist: Hist) -> None:
    continuity_history(hist)
    hist.mp.setenv("R57_TODAY", "2025-03-12")
    warm = outputs(hist)
    # The last commit is amended (T-001 at 65, not 60), then the branch is moved back two.
    hist.at("2025-03-05T08:00:00")
    hist.edit("T-001", 65)
    hist.git("commit", "-q", "-a", "--amend", "-m", "T-001 at 65")
    hist.mp.setenv("R57_TODAY", "2025-03-12")
    amended = outputs(hist)
    assert amended != warm
    assert by_id(json.loads(amended[4]))["T-001"]["pct_end"] == 65
    shutil.rmtree(cache_dir(hist))
    assert outputs(hist) == amended
    hist.git("reset", "-q", "--hard", "HEAD~2")
    back = outputs(hist)
    assert by_id(json.loads(back[4]))["T-003"]["pct_end"] == 15  # 1 March's commit is gone
    shutil.rmtree(cache_dir(hist))
    assert outputs(hist) == back


def test_cache_grown_commit_by_commit_matches_a_cold_run(hist: Hist) -> None:
    """Reports run as the branch grows (each extending the cached chain and listings)
    read the same as reports of those commits on an empty cache."""
    seen = []
    for when, task_id, pct in [
        ("2025-02-05T10:00:00", "T-001", 35),
        ("2025-02-11T10:00:00", "T-002", 25),
        ("2025-02-11T15:00:00", "T-003", 15),
        ("2025-02-19T10:00:00", "T-001", 45),
        ("2025-02-26T10:00:00", "T-002", 40),
        ("2025-03-04T10:00:00", "T-003", 30),
    ]:
        hist.at(when)
        hist.edit(task_id, pct)
        sha = hist.commit(f"{task_id} at {pct}")
        for args in (("--week", "--weeks", "3"), ("--month",), ("--at", when[:10])):
            res = hist.run("report", *args, "--format", "json", cwd=hist.repo)
            assert res.code == 0, res.err
            seen.append((when[:10], sha, args, res.out))
    last = json.loads(seen[-3][3])
    assert figures(last, "pct_end") == {"T-001": 45, "T-002": 40, "T-003": 30}
    for day, sha, args, out in seen:
        shutil.rmtree(cache_dir(hist), ignore_errors=True)
        hist.mp.setenv("R57_TODAY", day)
        res = hist.run("report", *args, "--format", "json", "--rev", sha, cwd=hist.repo)
        # The same figures; only what it is made from says the commit, not the branch.
        cold, warm = json.loads(res.out), json.loads(out)
        assert cold.pop("ref") == {"name": sha, "kind": "rev"}
        assert warm.pop("ref") == {"name": "main", "kind": "branch"}
        assert cold == warm, (day, args)


@pytest.mark.parametrize("number", [286, 999], ids=["same-settings", "other-number"])
def test_two_plans_in_one_repository_do_not_share_figures(hist: Hist, number: int) -> None:
    """A second plan folder in the same repository (another plan, or a copy to try
    things on) has its own figures, whichever plan was reported on first."""
    other = hist.repo / "plan999"
    shutil.copytree(hist.plan.dir, other)
    for path in other.glob("tasks/*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["progress"]["pct"] = 77
        path.write_text(dump(data), encoding="utf-8")
    settings = json.loads(json.dumps(PLAN))
    settings["number"] = number
    (other / "plan.yaml").write_text(dump(settings, "plan"), encoding="utf-8")
    hist.at("2025-02-04T10:00:00")
    hist.commit("a second plan, every task at 77%")
    mine = hist.report("--week", "2025-W07", "--plan", str(hist.plan.dir))
    assert figures(mine, "pct_end") == {"T-001": 30, "T-002": 20, "T-003": 10}
    theirs = hist.report("--week", "2025-W07", "--plan", str(other))
    assert figures(theirs, "pct_end") == {"T-001": 77, "T-002": 77, "T-003": 77}
    # Each plan has its own folder of the cache.
    folders = {p.parent for p in cache_files(hist)}
    assert len(folders) == 2
    assert {p.parent for p in folders} == {cache_dir(hist)}


def test_trend_uses_the_unit_names_of_today(hist: Hist) -> None:
    """Closed periods are cached; what they show must not depend on whether they were."""
    continuity_history(hist)
    hist.mp.setenv("R57_TODAY", "2025-03-12")
    hist.report("--week", "2025-W09", "--weeks", "3")  # fills the cache
    units = json.loads(json.dumps(UNITS))
    units["units"][1]["name"] = {"en": "Digital Agency", "vi": "Cục Chuyển đổi số"}
    hist.plan.write_units(units)
    hist.at("2025-03-12T10:00:00")
    hist.commit("NDTA renamed")
    warm = hist.report("--week", "2025-W09", "--weeks", "3")
    shutil.rmtree(cache_dir(hist))
    cold = hist.report("--week", "2025-W09", "--weeks", "3")
    names = [sorted(u["name"]["en"] for u in p["units"]) for p in cold["periods"]]
    assert names == [["Digital Agency", "Legal Department"]] * 3
    assert warm == cold


# ------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--week", "2025-W60"), "2025-W60 is not a week"),
        (("--week", "2025-W53"), "2025-W53 is not a week"),  # 2025 has 52 ISO weeks
        (("--month", "2025-13"), "2025-13 is not a month"),
        (("--month", "2025-00"), "2025-00 is not a month"),
        (("--from", "2025-02-01"), "--from and --to go together"),
        (("--to", "2025-02-01"), "--from and --to go together"),
        (("--from", "2025-03-01", "--to", "2025-02-01"), "is after --to"),
        (("--from", "2025-02-30", "--to", "2025-03-01"), "2025-02-30 is not a date"),
        (("--week", "2025-W07", "--month", "2025-02"), "Choose one period"),
        (("--week", "--month"), "Choose one period"),
        (("--at", "yesterday"), "is not a date or time"),
        (("--weeks", "0"), "from 1 to 120"),
        (("--months", "121"), "from 1 to 120"),
        (("--at", "2025-02-14", "--weeks", "2"), "--weeks makes a trend"),
        (("--unit", "nope"), "There is no unit 'nope'"),
        (("--person", "nobody"), "--person nobody is not anyone"),
        (("-o", "x.odt"), "cannot tell the format"),
        (("--rev", "no-such-branch"), "no-such-branch"),
    ],
)
def test_bad_options_are_plain_usage_errors(hist: Hist, args: tuple[str, ...], words: str) -> None:
    before = sorted(p.relative_to(hist.repo).as_posix() for p in hist.repo.rglob("*"))
    res = hist.run("report", *args, cwd=hist.repo)
    assert res.code == 2, res.err
    assert res.out == ""
    assert res.err.startswith("r57: error: ") or res.err.startswith("Usage"), res.err
    assert words in res.err
    assert "Traceback" not in res.err
    assert not (hist.repo / "x.odt").exists()
    after = sorted(p.relative_to(hist.repo).as_posix() for p in hist.repo.rglob("*"))
    assert [p for p in after if not p.startswith(".git/")] == [
        p for p in before if not p.startswith(".git/")
    ]


# ------------------------------------------------------------------------- any instant


class Script:
    """Plays a random history on a plan: r57 commands, hand edits, merged branches, moves
    and deletions, each step later than the last, and notes when each commit was made."""

    def __init__(self, h: Hist, start: datetime) -> None:
        self.h = h
        self.clock = start
        self.stamps: list[datetime] = [start]
        self.next_id = 100

    def tick(self, minutes: int, offset: int = 7) -> None:
        self.clock += timedelta(minutes=minutes)
        self.stamps.append(self.clock)
        tz = {7: ZONE, 0: UTC, -5: ZoneInfo("America/New_York")}[offset]
        self.h.at(self.clock.astimezone(tz).isoformat(), (AN, CHI, BINH)[minutes % 3])

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.h.plan.dir.glob("tasks/*/*.yaml"))

    def hand_edit(self, task_id: str, pct: int) -> None:
        """A new figure typed into the file (one more than asked if it is the same)."""
        if self.h.read(task_id)["progress"].get("pct") == pct:
            pct = (pct + 1) % 100
        self.h.edit(task_id, pct, "in_progress" if pct else "not_started")

    def step(self, kind: str, pick: int, amount: int, hours: int) -> None:
        h = self.h
        self.tick(hours * 60, (7, 0, -5)[amount % 3])
        ids = self.ids()
        if len(ids) < 2 and kind == "delete":
            kind = "add"
        if not ids:
            kind = "add"
        tid = ids[pick % len(ids)] if ids else ""
        data = h.read(tid) if tid else {}
        progress = data.get("progress", {})
        pct, status = progress.get("pct", 0), progress.get("status", "")
        open_blockers = any("lifted" not in b for b in data.get("blockers") or [])
        active = status in ("not_started", "in_progress")
        if kind == "update" and active and pct < 98:
            h.r57("update", tid, "--pct", str(min(99, pct + 1 + amount % 20)))
        elif kind == "start" and status == "not_started":
            h.r57("start", tid)
        elif kind == "done" and active and not open_blockers:
            h.r57("done", tid)
        elif kind == "block" and active:
            h.r57("block", tid, "--kind", "budget", "--reason", "no budget line yet")
        elif kind == "merge":
            self.merge(ids, pick, amount)
        elif kind == "move":
            unit = "legal" if data["unit"] == "ndta" else "ndta"
            (h.plan.dir / "tasks" / unit).mkdir(exist_ok=True)
            h.git("mv", str(h.path_of(tid)), str(h.plan.dir / "tasks" / unit / f"{tid}.yaml"))
            data.update(unit=unit, responsible={"ndta": "an", "legal": "chi"}[unit])
            data["progress"] = {"pct": amount, "status": "in_progress" if amount else "not_started"}
            h.write(tid, data)
            h.commit(f"{tid} moves to {unit}")
        elif kind == "delete":
            h.git("rm", "-q", str(h.path_of(tid)))
            h.commit(f"{tid} dropped")
        elif kind == "add":
            self.next_id += 1
            new = f"T-{self.next_id}"
            h.plan.write_task(plan_task(new, amount % 90, ("ndta", "legal")[amount % 2]))
            h.commit(f"{new} added")
        else:
            self.hand_edit(tid, amount)
            h.commit(f"{tid} at {amount}% (by hand)")

    def merge(self, ids: list[str], pick: int, amount: int) -> None:
        """A branch with one or two hand edits, maybe a commit on main meanwhile, then a
        merge commit made later than all of them."""
        h = self.h
        h.git("checkout", "-q", "-b", "side")
        on_side = list(dict.fromkeys([ids[pick % len(ids)], ids[(pick + 1) % len(ids)]]))
        for n, tid in enumerate(on_side):
            if n:
                self.tick(10)
            self.hand_edit(tid, (amount + 7 * n) % 100)
            h.commit(f"{tid} on a branch")
        h.git("checkout", "-q", "main")
        if len(ids) > len(on_side):
            self.tick(10)
            other = ids[(pick + 2) % len(ids)]
            self.hand_edit(other, (amount + 3) % 100)
            h.commit(f"{other} on main meanwhile")
        self.tick(10)
        h.git("merge", "-q", "--no-ff", "side", "-m", "Merge branch 'side'")
        h.git("branch", "-q", "-D", "side")


STEP = st.tuples(
    st.sampled_from(
        ["update", "update", "start", "done", "block", "edit", "merge", "move", "delete", "add"]
    ),
    st.integers(0, 9),
    st.integers(0, 99),
    st.integers(1, 60),
)
PROBE = st.tuples(st.integers(0, 99), st.sampled_from([-3599, -61, -1, 1, 59, 601]))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Shrinking a failing history could take minutes; a failing one is short enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@example(  # every kind of step once; probes just after each commit of the merged branch
    count=3,
    steps=[
        ("merge", 0, 50, 2),
        ("update", 1, 10, 3),
        ("move", 2, 40, 3),
        ("block", 0, 0, 1),
        ("start", 2, 0, 1),
        ("done", 1, 0, 20),
        ("delete", 2, 0, 5),
        ("add", 0, 33, 30),
        ("edit", 0, 70, 1),
    ],
    probes=[(1, 1), (2, 1), (3, 1), (4, -1), (4, 1), (6, 1), (8, -1)],
)
@given(
    count=st.integers(3, 6),
    steps=st.lists(STEP, min_size=3, max_size=9),
    probes=st.lists(PROBE, min_size=2, max_size=4),
)
def test_plan_as_of_any_instant_is_the_tree_git_dates_before_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r57: R57,
    count: int,
    steps: list[tuple[str, int, int, int]],
    probes: list[tuple[int, int]],
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        units = ["ndta", "legal"]
        h = new_hist(
            root,
            monkeypatch,
            r57,
            [plan_task(f"T-{n:03d}", (n * 17) % 60, units[n % 2]) for n in range(1, count + 1)],
        )
        script = Script(h, datetime(2025, 2, 3, 9, tzinfo=ZONE))
        for step in steps:
            script.step(*step)
        monkeypatch.setenv("R57_TODAY", FAR)
        stamps = script.stamps
        instants = [stamps[i % len(stamps)] + timedelta(seconds=s) for i, s in probes]
        instants += [stamps[0] - timedelta(hours=1), stamps[-1] + timedelta(seconds=1)]
        for instant in instants:
            expected = tree_tasks(h.repo, as_of_git(h.repo, instant))
            doc = h.report("--at", instant.isoformat())
            actual = {
                t["id"]: (t["pct_end"], t["progress_status"], t["unit"]) for t in doc["tasks"]
            }
            assert actual == expected, instant.isoformat()
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------------- options


def test_a_report_without_a_new_figure_counts(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00", CHI)
    hist.r57("update", "T-003", "--note", "Waiting for the Ministry of Justice")
    w07 = hist.report("--week", "2025-W07")
    t = by_id(w07)["T-003"]
    assert (t["pct_start"], t["pct_end"], t["reported_in_period"]) == (10, 10, True)
    assert [(n["by"], n["text"]) for n in t["notes"]] == [
        (CHI[0], "Waiting for the Ministry of Justice")
    ]
    assert t["last_report_by"] == CHI[0]
    assert "legal" not in w07["no_report"]["units"]


def test_unmoved_for_14_days_is_at_risk_though_the_speed_is_fine(hist: Hist) -> None:
    """W09 (24 Feb - 2 Mar) is judged on 2 March; 14 days before is 16 February. Every
    task began on 3 Feb: its speed since then forecasts it well before its due date (30
    June). T-003 last moved on 16 Feb and T-001 never did (30% since 3 Feb): 14 days or
    more unmoved, at risk. T-002 moved on 17 Feb, 13 days before: not at risk."""
    hist.at("2025-02-16T10:00:00", CHI)
    hist.edit("T-003", 20)
    hist.commit("T-003 at 20")
    hist.at("2025-02-17T10:00:00")
    hist.edit("T-002", 25)
    hist.commit("T-002 at 25")
    hist.mp.setenv("R57_TODAY", "2025-03-05")
    w09 = hist.report("--week", "2025-W09")
    assert {
        k: (t["pct_end"], t["forecast"], t["velocity_pct_per_week"], t["forecast_reason"])
        for k, t in by_id(w09).items()
    } == {
        # 28 days of work, 3 Feb (counted) to 2 March. The two that stopped get no date:
        # "stalled 14+ days" says why (their speed would have said 7 May and 22 June).
        "T-001": (30, None, 7.5, "stalled"),
        "T-002": (25, "2025-05-25", 6.2, None),  # 75 to go at 25/28 a day: 84 days
        "T-003": (20, None, 5.0, "stalled"),
    }
    assert figures(w09, "status") == {"T-001": "at_risk", "T-002": "stale", "T-003": "at_risk"}
    assert figures(w09, "flags") == {
        "T-001": ["at_risk", "stale"],
        "T-002": ["stale"],
        "T-003": ["at_risk", "stale"],
    }


def test_scope_by_unit_and_person(hist: Hist) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.git("rm", "-q", "plan286/tasks/legal/T-003.yaml")
    hist.edit("T-001", 35)
    hist.commit("T-003 dropped, T-001 at 35")
    ndta = hist.report("--week", "2025-W07", "--unit", "ndta")
    assert sorted(by_id(ndta)) == ["T-001", "T-002"]
    assert ndta["removed"] == []  # T-003 was Legal's
    assert [u["id"] for u in ndta["units"]] == ["ndta"]
    assert ndta["totals"]["avg_pct_end"] == 27.5  # (35 + 20) / 2
    legal = hist.report("--week", "2025-W07", "--unit", "legal")
    assert (legal["tasks"], legal["removed"]) == ([], ["T-003"])
    mic = hist.report("--week", "2025-W07", "--unit", "mic")
    assert sorted(by_id(mic)) == ["T-001", "T-002"]
    chi = hist.report("--week", "2025-W07", "--person", "chi")
    assert (chi["tasks"], chi["removed"]) == ([], ["T-003"])
    an = hist.report("--week", "2025-W07", "--person", "an")
    assert sorted(by_id(an)) == ["T-001", "T-002"]


def test_another_branch_with_rev(hist: Hist) -> None:
    hist.git("checkout", "-q", "-b", "draft")
    hist.at("2025-02-12T10:00:00")
    hist.edit("T-001", 90)
    hist.commit("T-001 at 90 on a draft branch")
    hist.git("checkout", "-q", "main")
    assert by_id(hist.report("--week", "2025-W07"))["T-001"]["pct_end"] == 30
    assert by_id(hist.report("--week", "2025-W07", "--rev", "draft"))["T-001"]["pct_end"] == 90


def test_plan_whose_week_starts_on_sunday(hist: Hist) -> None:
    settings = json.loads(json.dumps(PLAN))
    settings["week_start"] = "sunday"
    hist.plan.write_plan(settings)
    hist.at("2025-02-08T10:00:00")  # a Saturday: week 6 (2-8 Feb)
    hist.commit("weeks start on Sunday")
    hist.at("2025-02-09T10:00:00")  # a Sunday: week 7 (9-15 Feb)
    hist.edit("T-001", 40)
    hist.commit("T-001 at 40")
    hist.at("2025-02-16T10:00:00")  # a Sunday: week 8
    hist.edit("T-001", 50)
    hist.commit("T-001 at 50")
    w07 = hist.report("--week", "2025-W07")
    assert (w07["period"]["first_day"], w07["period"]["last_day"]) == ("2025-02-09", "2025-02-15")
    t = by_id(w07)["T-001"]
    assert (t["pct_start"], t["pct_end"], t["reported_in_period"]) == (30, 40, True)


def test_output_file_takes_its_format_from_the_name(hist: Hist, tmp_path: Path) -> None:
    hist.at("2025-02-12T10:00:00")
    hist.r57("update", "T-001", "--pct", "40")
    target = tmp_path / "week7.json"
    res = hist.run("report", "--week", "2025-W07", "-o", str(target), cwd=hist.repo)
    assert (res.code, res.out) == (0, "")
    assert str(target) in res.err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert figures(doc, "pct_end") == {"T-001": 40, "T-002": 20, "T-003": 10}
    md = tmp_path / "week7.md"
    assert hist.run("report", "--week", "2025-W07", "-o", str(md), cwd=hist.repo).code == 0
    assert md.read_text(encoding="utf-8").startswith("# ")
    res = hist.run("report", "--week", "2025-W07", "-o", str(tmp_path / "no" / "x.md"))
    assert res.code == 2
    assert "Traceback" not in res.err
    assert not (tmp_path / "no").exists()


def test_long_history_read_in_cached_blocks(hist: Hist) -> None:
    """1,100 commits, every 30 minutes from 3 Feb 09:30: more than one block of the
    commit cache (1,024 chain commits). T-001 moves on every commit, T-002 on every
    seventh, T-003 once, on commit 1,030 (24 Feb 20:00, in W09)."""
    base = {tid: hist.read(tid) for tid in ("T-001", "T-002", "T-003")}
    start = int(datetime(2025, 2, 3, 9, tzinfo=ZONE).timestamp())
    stream = []
    for n in range(1, 1101):
        when = start + n * 1800
        changed = ["T-001"] + (["T-002"] if n % 7 == 0 else []) + (["T-003"] if n == 1030 else [])
        stream.append(f"commit refs/heads/main\nmark :{n}\n")
        stream.append(f"author An <an@example.gov.vn> {when} +0700\n")
        stream.append(f"committer An <an@example.gov.vn> {when} +0700\n")
        message = f"commit {n}"
        stream.append(f"data {len(message.encode())}\n{message}\n")
        if n == 1:
            stream.append("from refs/heads/main^0\n")
        for tid in changed:
            data = json.loads(json.dumps(base[tid], default=str))
            data["progress"] = {"pct": n % 100, "status": "in_progress"}
            body = dump(data).encode()
            unit = "legal" if tid == "T-003" else "ndta"
            stream.append(f"M 100644 inline plan286/tasks/{unit}/{tid}.yaml\n")
            stream.append(f"data {len(body)}\n{body.decode()}\n")
    imported = subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=hist.repo,
        input="".join(stream).encode(),
        check=False,
        capture_output=True,
    )
    assert imported.returncode == 0, imported.stderr.decode()
    hist.git("reset", "-q", "--hard", "main")
    assert hist.git("rev-list", "--count", "HEAD").strip() == "1101"
    hist.mp.setenv("R57_TODAY", "2025-03-10")
    shutil.rmtree(cache_dir(hist), ignore_errors=True)
    runs = [("--week", "2025-W08"), ("--week", "2025-W09", "--weeks", "3"), ("--month", "2025-02")]
    cold = [hist.report(*args) for args in runs]
    assert any(p.name.startswith("commits-") for p in cache_files(hist))
    assert [hist.report(*args) for args in runs] == cold  # warm: block 0 from the cache
    memos = [p for p in cache_files(hist) if p.name.startswith("output-")]
    assert len(memos) == len(runs)
    for path in memos:
        path.unlink()  # finished reports aside, so the blocks are read back
    assert [hist.report(*args) for args in runs] == cold
    w08, w09 = by_id(cold[0]), by_id(cold[1])
    # W08 ends at 24 Feb 00:00 = 3 Feb 09:00 + 990 half hours: commit 990 landed exactly
    # then, so it belongs to W09 and 989 was W08's last (T-002's last was 987).
    assert (w08["T-001"]["pct_end"], w08["T-002"]["pct_end"], w08["T-003"]["pct_end"]) == (
        89,
        87,
        10,
    )
    assert w09["T-001"]["pct_start"] == 89
    assert (w08["T-003"]["reported_in_period"], w09["T-003"]["reported_in_period"]) == (
        False,
        True,
    )
    assert w09["T-003"]["pct_end"] == 30
    assert w09["T-003"]["last_report_at"] == "2025-02-24T20:00:00+07:00"
    assert w09["T-001"]["last_report_at"] == "2025-02-26T07:00:00+07:00"  # commit 1,100
