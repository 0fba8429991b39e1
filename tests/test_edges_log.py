"""Rough edges (issue 15): `r57 log` says how many entries it left out, and `--all` shows them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Plan, Result
from tests.test_views import at

R57 = Callable[..., Result]


def reports(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    for day in range(n):
        at(monkeypatch, f"2025-03-{10 + day:02d}")
        res = r57("update", "T-001", "--pct", str(40 + day), cwd=plan.repo)
        assert res.code == 0, res.err


def test_log_says_how_many_it_left_out(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports(plan, r57, monkeypatch, 4)  # 4 updates + the initial commit = 5 entries
    res = r57("log", "-n", "2")
    assert res.code == 0, res.err
    last = " ".join(res.out.rstrip("\n").splitlines()[-2:])  # piped: wrapped at 80 columns
    assert last == (
        "The newest 2 of 5 entries; 3 older ones left out. "
        "See them all with --all, or more with -n N."
    )
    vi = r57("log", "-n", "2", "--lang", "vi")
    assert vi.out.rstrip("\n").splitlines()[-2].startswith("2 mục mới nhất trong tổng số 5; 3 mục")
    # Nothing left out, nothing said.
    whole = r57("log", "-n", "5")
    assert "left out" not in whole.out
    assert "left out" not in r57("log", "--all").out
    # --all lists every entry, past the default of 50 too; JSON stays a plain list and the
    # note goes to stderr.
    everything = json.loads(r57("log", "--all", "--format", "json").out)
    assert len(everything) == 5
    two = r57("log", "-n", "2", "--format", "json")
    assert len(json.loads(two.out)) == 2
    assert "3 older ones left out" in two.err


def test_log_of_a_task_counts_its_empty_reports(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report with no change is an empty commit, which a path-limited count would miss."""
    reports(plan, r57, monkeypatch, 2)
    at(monkeypatch, "2025-03-20")
    assert r57("update", "T-001", "--note", "No change", cwd=plan.repo).code == 0
    res = r57("log", "T-001", "-n", "1")
    assert "The newest 1 of 4 entries; 3 older ones left out." in res.out
