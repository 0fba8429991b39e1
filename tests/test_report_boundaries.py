"""A trend's plan states are each built from the one before (history/listings.py: the
nearest listing plus a tree diff, only new blobs parsed) and its periods are spread over
forked children (report/synthesis.py `_spread`). Neither may change a report by one byte:
each is compared here with a from-scratch build, in which every period reads every plan
state it needs with `git ls-tree` into an empty cache. The histories are generated, with
r57 commands, hand edits, merged branches, late reports, moves, deletions and new tasks,
over about four months; the reports are a week, a 4-month trend and a 52-week trend, as
JSON and as the HTML page (which reads eight weeks). The trend's periods are built light
(report/synthesis.py LIGHT_TREND: forecasts only where they can change a class, the rows of
done tasks kept across periods); the reference builds every period in full."""

from __future__ import annotations

import itertools
import random
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from r57cli.history import cache, listings
from r57cli.history.chain import History
from r57cli.report import forked, synthesis
from tests.conftest import Plan
from tests.test_report_history import (
    FAR,
    R57,
    ZONE,
    Hist,
    Script,
    new_hist,
    plan_task,
)

REPORTS = [
    ("--week", "--format", "json"),
    ("--week", "--format", "html"),
    ("--month", "--months", "4", "--format", "json"),
    ("--month", "--format", "html"),
    ("--weeks", "52", "--format", "json"),
]
KINDS = ["update", "update", "update", "start", "done", "block", "edit", "merge"]
KINDS += ["move", "delete", "add", "late"]


def _play(script: Script, rng: random.Random, steps: int) -> None:
    for _ in range(steps):
        kind = rng.choice(KINDS)
        pick, amount, hours = rng.randrange(10), rng.randrange(100), rng.randrange(20, 90)
        if kind == "late":
            _late(script, pick, amount, hours)
        else:
            script.step(kind, pick, amount, hours)


def _late(script: Script, pick: int, amount: int, hours: int) -> None:
    """A hand edit written nine days ago (its author date) that lands only now: a late
    report for an earlier week."""
    script.tick(hours * 60)
    ids = script.ids()
    tid = ids[pick % len(ids)]
    script.hand_edit(tid, amount)
    h = script.h
    h.mp.setenv("GIT_AUTHOR_DATE", (script.clock - timedelta(days=9)).isoformat())
    h.commit(f"{tid} at {amount}% (written last week)")


def _history(root: Path, mp: pytest.MonkeyPatch, r57: R57, seed: int) -> tuple[Hist, Script]:
    units = ["ndta", "legal"]
    tasks = [plan_task(f"T-{n:03d}", (n * 17) % 60, units[n % 2]) for n in range(1, 9)]
    h = new_hist(root, mp, r57, tasks)
    script = Script(h, datetime(2025, 2, 3, 9, tzinfo=ZONE))
    _play(script, random.Random(seed), 45)
    return h, script


def _clear(h: Hist) -> None:
    shutil.rmtree(h.repo / ".git" / "r57", ignore_errors=True)


def _reports(h: Hist) -> list[str]:
    return [h.r57("report", *args).out for args in REPORTS]


def _from_scratch(h: Hist, mp: pytest.MonkeyPatch, where: Path) -> list[str]:
    """Every period built alone: a History of its own, over an empty cache that no other
    read shares, listing each plan state whole; one process."""
    with mp.context() as m:
        fresh = itertools.count()
        m.setattr(cache, "cache_dir", lambda repo, plan_rel: where / str(next(fresh)))
        m.setattr(listings.Listings, "_nearest_listing", lambda self, commit: None)
        m.setattr(listings, "_HELD_LISTINGS", 0)
        real = synthesis._one

        def alone(history: History, *args: Any, **kwargs: Any) -> Any:
            own = History(history.repo, history.plan_rel, history.zone, history.tip)
            try:
                return real(own, *args, **kwargs)
            finally:
                own.close()

        m.setattr(synthesis, "_one", alone)
        m.setattr(synthesis, "LIGHT_TREND", False)  # every period forecasts every task
        m.setenv("R57_JOBS", "1")
        return _reports(h)


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_boundaries_give_the_reports_of_a_build_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57, seed: int
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, seed)
    monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
    expected = _from_scratch(h, monkeypatch, tmp_path / "scratch")
    assert expected[2].count('"totals"') >= 5  # the main one and four months
    # Every plan state read with the cores free is parsed in slices, however small.
    monkeypatch.setattr(forked, "SPREAD_PARSE_MIN", 1)
    for jobs in ("1", "2", "3"):  # one process; a child beside; two children
        monkeypatch.setenv("R57_JOBS", jobs)
        _clear(h)
        assert _reports(h) == expected, f"cold, R57_JOBS={jobs}"
        assert _reports(h) == expected, f"warm, R57_JOBS={jobs}"


def test_one_new_commit_reuses_the_cache_and_gives_the_same_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    """The case a coordinator meets most: the cache made before a colleague's update, then
    one commit, then the reports again."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, 3)
    monkeypatch.setenv("R57_TODAY", FAR)
    _reports(h)
    for kind in ("update", "merge", "late", "delete"):
        if kind == "late":
            _late(script, 1, 44, 2)
        else:
            script.step(kind, 2, 35, 2)
        monkeypatch.setenv("R57_TODAY", FAR)
        after = _reports(h)
        assert after == _from_scratch(h, monkeypatch, tmp_path / f"scratch-{kind}"), kind


def test_on_the_demo_history_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> None:
    """The seeded demo: a plan's worth of tasks, reports by unit members, late reports,
    blockers, requests and extensions over months."""
    root = tmp_path / "demo"
    res = r57("demo", str(root), "--today", "2025-06-20", "--lang", "en")
    assert res.code == 0, res.err
    h = Hist(Plan(root, root / "plan286"), monkeypatch, r57)
    monkeypatch.setenv("R57_TODAY", "2025-06-20")
    expected = _from_scratch(h, monkeypatch, tmp_path / "scratch")
    for jobs in ("1", "3"):
        monkeypatch.setenv("R57_JOBS", jobs)
        _clear(h)
        assert _reports(h) == expected, f"cold, R57_JOBS={jobs}"
