"""`r57 demo DIR --national`: the ministry and three provinces, each a plan repository with
its own history, and a steering repository whose national report names every member, the
unreachable one included, and the national targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, git


def test_the_national_demo(
    tmp_path: Path, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("R57_TODAY", "2025-06-30")
    target = tmp_path / "national"
    made = r57("demo", str(target), "--national", "--today", "2025-06-30", "--lang", "en")
    assert made.code == 0, made.err
    assert "cd " in made.out
    assert "report --week" in made.out
    assert int(git(target / "mic", "rev-list", "--count", "HEAD")) > 10
    for member in ("hanoi", "danang", "cantho"):  # each its own history (short by June 2025)
        assert int(git(target / member, "rev-list", "--count", "HEAD")) > 2, member
    for province in ("hanoi", "danang", "cantho"):
        checked = r57("validate", "--plan", str(target / province / "plan"), "--format", "json")
        assert checked.code == 0, checked.out
    steer = target / "steer"
    assert r57("validate", "--plan", str(steer)).code == 0
    res = r57("report", "--week", "--format", "json", cwd=steer)
    assert res.code == 4, res.err  # hue is unreachable, on purpose
    doc = json.loads(res.out)
    states = {m["id"]: m for m in doc["federation"]["members"]}
    assert list(states) == ["mic", "hanoi", "danang", "cantho", "hue"]
    assert [f["kind"] for f in states["hue"]["faults"]] == ["unreachable", "never-fetched"]
    assert all(states[m]["faults"] == [] for m in ("mic", "hanoi", "danang", "cantho"))
    assert {u["id"] for u in doc["units"]} == {"mic", "hanoi", "danang", "cantho"}
    assert doc["totals"]["tasks"] == sum(states[m]["tasks"] for m in states if states[m]["tasks"])
    targets = {t["id"]: t for t in doc["federation"]["targets"]}
    assert {m["id"] for m in targets["NT-1"]["members"]} == {"hanoi", "danang", "cantho", "hue"}
    assert [m["state"] for m in targets["NT-2"]["members"]] == ["gap"]
    text = r57("report", "--week", "--lang", "vi", cwd=steer).out
    assert "Thành viên: 4/5 có số liệu đầy đủ, cập nhật" in text
