"""Issue 19's "done means": a province gets its plan as an Excel appendix, runs `r57 init`
and `r57 import`, pushes, and is in the national synthesis the same day — every imported
task counted, the member complete, the import commit passing the pull-request gate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, git
from tests.test_federation import federation, member
from tests.test_import import SAMPLE, empty_plan, run_import, tasks_in

__all__ = ["empty_plan"]  # the fixture, used by name below

WEEK = "2025-W10"  # the week of the conftest's pinned commit day, 3 March 2025


def test_an_imported_plan_is_in_the_national_synthesis_the_same_day(
    r57: Callable[..., Result],
    empty_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-03")  # the pinned commit day: the same day
    # The import is a coordinator's commit (plan286's units, which the fixture put in).
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Trần Thị Bình")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "binh.tt@ndta.example.gov.vn")
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))
    before = git(empty_plan, "rev-parse", "HEAD").strip()
    res = run_import(r57, empty_plan, SAMPLE)
    assert res.code == 0, res.err
    imported = {p.stem for p in tasks_in(empty_plan)}
    assert len(imported) > 20
    assert r57("validate", cwd=empty_plan).code == 0
    gate = r57("check", f"{before}..HEAD", cwd=empty_plan)
    assert gate.code == 0, gate.out + gate.err
    # "Pushes": the national repository reads the province's repository as a member.
    bare = tmp_path / "skhcn.git"
    git(tmp_path, "clone", "-q", "--bare", str(empty_plan), str(bare))
    fed = federation(tmp_path / "steer", [member("skhcn", f"file://{bare}")])
    out = r57("report", "--federation", str(fed), "--week", WEEK, "--format", "json")
    assert out.code == 0, out.err
    doc = json.loads(out.out)
    states = {m["id"]: m for m in doc["federation"]["members"]}
    assert states["skhcn"]["faults"] == []
    assert states["skhcn"]["tasks"] == len(imported)
    assert doc["federation"]["complete"] is True
    assert {t["id"] for t in doc["tasks"]} == {f"skhcn/{i}" for i in imported}
