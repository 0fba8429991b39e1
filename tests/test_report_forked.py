"""The previous period of "what changed" built on another core (report/forked.py): the
same report as one process gives, byte for byte; a child that fails changes nothing; the
cache is the parent's to write. The history is test_report_changes.py's week."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from r57cli.report import forked, synthesis
from tests.test_report_changes import W07, week  # noqa: F401 - the fixture
from tests.test_report_history import Hist

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the forked helper runs on Linux only"
)


def _text(h: Hist, *args: str) -> str:
    return h.r57("report", *args).out


def _both(h: Hist, mp: pytest.MonkeyPatch, *args: str) -> tuple[str, str]:
    cache = h.repo / ".git" / "r57"
    outs = []
    for jobs in ("1", "2"):
        mp.setenv("R57_JOBS", jobs)
        if cache.exists():
            for path in sorted(cache.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        outs.append(_text(h, *args))
    return outs[0], outs[1]


@pytest.mark.parametrize(
    "args",
    [
        [*W07, "--format", "json"],
        [*W07, "--lang", "vi"],
        [*W07, "--format", "markdown"],
        ["--month", "2025-02", "--format", "json"],
    ],
)
def test_forked_and_single_give_the_same_report(
    week: Hist,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    single, two = _both(week, monkeypatch, *args)
    assert two == single
    if "json" in args and "--week" in args:
        assert '"newly_overdue"' in two  # the previous week was there to compare with


def test_a_child_that_fails_is_replaced_by_the_work_done_here(
    week: Hist,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("R57_JOBS", "1")
    single = week.report(*W07)
    for path in (week.repo / ".git" / "r57" / "history").rglob("*"):
        if path.is_file():
            path.unlink()
    parent = os.getpid()
    real, real_result = synthesis._beside, forked.Forked.result
    answers: list[Any] = []

    def failing(history: Any, period: Any, build_it: Any) -> Any:
        def broken(p: Any) -> Any:
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return build_it(p)

        return real(history, period, broken)

    def result(self: forked.Forked) -> Any:
        answers.append(real_result(self))
        return answers[-1]

    monkeypatch.setattr(synthesis, "_beside", failing)
    monkeypatch.setattr(forked.Forked, "result", result)
    monkeypatch.setenv("R57_JOBS", "2")
    assert week.report(*W07) == single
    assert answers == [None]  # the child failed, and the parent built W06 itself


def test_the_parent_keeps_the_previous_period_and_the_child_writes_nothing(
    week: Hist,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("R57_JOBS", "2")
    first = week.report(*W07)
    cache = week.repo / ".git" / "r57" / "history"
    assert list(cache.glob("*/period-*")), "the previous week W06 was not kept"
    assert not list(cache.rglob(".*.tmp")), "a temporary file was left"
    for path in cache.glob("*/output-*"):
        path.unlink()
    monkeypatch.setenv("R57_JOBS", "1")
    assert week.report(*W07) == first  # W06 read from the cache the parent wrote


def test_jobs_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("R57_JOBS", "1")
    assert not forked.wanted()
    monkeypatch.setenv("R57_JOBS", "2")
    assert forked.wanted()


def test_a_result_that_does_not_arrive_is_none() -> None:
    child = forked.Forked(lambda: os._exit(3))
    assert child.result() is None
    child = forked.Forked(lambda: {"a": Path("x")})
    assert child.result() == {"a": Path("x")}


def test_versions_parsed_in_slices_are_those_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from r57cli.plan.taskfacts import parse_many

    raws = {
        f"{n:040x}": (
            f"id: T-{n:03d}\nunit: ndta\nstart: 2025-02-03\ndue: 2025-06-30\n"
            f"progress:\n  pct: {n}\n  status: in_progress\n"
        ).encode()
        for n in range(1, 8)
    }
    raws["f" * 40] = b"id: [broken\n"
    monkeypatch.setattr(forked, "SPREAD_PARSE_MIN", 1)
    monkeypatch.setenv("R57_JOBS", "3")
    alone = parse_many(raws)
    assert alone["f" * 40] is None
    assert alone[f"{3:040x}"] is not None
    assert forked.parse_spread(raws) == alone
    parent, here = os.getpid(), []

    def failing(part: dict[str, bytes]) -> Any:
        if os.getpid() != parent:
            os._exit(2)  # a child dies: its slice is parsed here
        here.append(len(part))
        return parse_many(part)

    monkeypatch.setattr(forked, "parse_many", failing)
    assert forked.parse_spread(raws) == alone
    assert sorted(here) == [2, 3, 3]  # this process's slice, then the two children's
