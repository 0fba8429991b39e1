"""The confirmation line of a staff command says what was recorded in the run's language:
under vi in the words `r57 log` uses for the same commit, not the English commit subject
(which stays as it is); English unchanged (issue 15, try15 N29)."""

from __future__ import annotations

import pytest

from tests.conftest import Plan, git
from tests.test_reschedule import R57, as_coordinator, pinned_today  # noqa: F401


def _subject(plan: Plan) -> str:
    return git(plan.repo, "log", "-1", "--format=%s").strip()


def _run(r57: R57, plan: Plan, *args: str) -> str:
    res = r57(*args, "--lang", "vi", cwd=plan.repo)
    assert res.code == 0, res.err
    return res.out.splitlines()[0]


def test_vietnamese_confirmations(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = ["--ref", "NĐ 47/2020/NĐ-CP", "--reason", "x"]
    said = _run(r57, plan, "block", "T-001", "--kind", "decree", *ref)
    assert said.startswith("Đã ghi T-001: vướng mắc: NĐ 47/2020/NĐ-CP (B-1)  [main ")
    assert "blocked by" in _subject(plan)  # the commit subject itself stays English
    said = _run(r57, plan, "unblock", "T-001", "B-1")
    assert said.startswith("Đã ghi T-001: đã gỡ vướng mắc B-1  [main ")
    said = _run(r57, plan, "request", "T-001", "--need", "Hai cán bộ", "--from", "legal")
    assert said.startswith("Đã ghi T-001: đề xuất legal hỗ trợ (R-1)  [main ")
    said = _run(r57, plan, "decide", "T-001", "R-1", "--outcome", "granted")
    assert said.startswith("Đã ghi T-001: đề xuất R-1: ")
    said = _run(r57, plan, "extend", "T-001", "--to", "2025-11-30", "--reason", "Tỉnh chậm")
    assert said.startswith("Đã ghi T-001: đề nghị gia hạn 30/09/2025 → 30/11/2025 (R-2)")
    as_coordinator(monkeypatch)
    args = ["--due", "2025-12-31", "--reason", "x"]
    said = _run(r57, plan, "reschedule", "T-001", *args)
    assert said.startswith("Đã ghi T-001: điều chỉnh tiến độ")
    said = _run(r57, plan, "update", "T-001", "--pct", "40")
    assert said.startswith("Đã ghi T-001: ")
    assert "→ 40%" in said


def test_english_confirmation_is_the_subject(plan: Plan, r57: R57) -> None:
    args = ["--kind", "decree", "--ref", "Decree 47", "--reason", "x", "--lang", "en"]
    res = r57("block", "T-001", *args, cwd=plan.repo)
    assert res.code == 0, res.err
    assert res.out.startswith(f"Recorded {_subject(plan)}  [main ")
