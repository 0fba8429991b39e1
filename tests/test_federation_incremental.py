"""The national synthesis after members gain commits reuses what the last run left (each
member's copied-out plan, its validation and history caches, workers started while others
still fetch): it must read exactly as a run from nothing, byte for byte, whatever the
members did meanwhile (new reports, a task moved to another unit, a task removed, history
rewritten, a plan become invalid), and a copied-out plan that cannot be trusted is rebuilt."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Plan, Result, git, task
from tests.test_federation import (
    TASKS_A,
    TASKS_B,
    WEEK,
    _commit,
    federation,
    member,
    member_repo,
    progress,
)

FORMATS = ("json", "markdown")
# The one thing a rerun may differ in: when a member with a fault was fetched (the clock).
_FETCHED = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00|(\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}) \d\d:\d\d UTC"
)


def _reports(
    r57: Callable[..., Result], fed: Path, cache: Path, mp: pytest.MonkeyPatch, *extra: str
) -> dict[str, str]:
    mp.setenv("R57_CACHE_DIR", str(cache))
    out = {}
    for i, fmt in enumerate(FORMATS):
        more = extra if i == 0 else ()  # --accept-rewritten acts once
        res = r57("report", "--federation", str(fed), "--week", WEEK, "--format", fmt, *more)
        assert res.code in (0, 4), res.err
        out[fmt] = _FETCHED.sub("<fetched>", res.out)
    return out


def _four(tmp_path: Path) -> tuple[list[Plan], Path]:
    plans = [
        member_repo(tmp_path, "hanoi", TASKS_A),
        member_repo(tmp_path, "hue", TASKS_B),
        member_repo(tmp_path, "danang", TASKS_A),
        member_repo(tmp_path, "quangnam", TASKS_B),
    ]
    urls = [member(p.repo.name, f"file://{p.repo}") for p in plans]
    return plans, federation(tmp_path / "steer", urls)


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_after_new_commits_the_report_equals_one_built_from_nothing(
    tmp_path: Path,
    r57: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    monkeypatch.setenv("R57_JOBS", jobs)
    (hanoi, hue, danang, quangnam), fed = _four(tmp_path)
    warm = tmp_path / "cache-warm"
    before = _reports(r57, fed, warm, monkeypatch)
    assert '"complete": true' in before["json"]

    # hanoi: a new report, a task removed, a task moved to another unit (its folder emptied)
    hanoi.write_task(task("T-001", progress=progress(75)))
    (hanoi.dir / "tasks" / "ndta" / "T-003.yaml").unlink()
    _commit(hanoi.repo, "later reports", "2025-03-13T10:00:00+07:00")
    # hue: the only task of the legal department moves to ndta, leaving tasks/legal empty
    (hue.dir / "tasks" / "legal" / "T-007.yaml").unlink()
    hue.write_task(task("T-007", progress=progress(60)))
    _commit(hue.repo, "T-007 moves", "2025-03-13T11:00:00+07:00")
    # danang rewrites its history: the week's figures change under the same period
    git(danang.repo, "reset", "-q", "--hard", "HEAD~1")
    danang.write_task(task("T-001", progress=progress(90)))
    _commit(danang.repo, "rewritten reports", "2025-03-12T11:00:00+07:00")
    # quangnam's plan becomes invalid (its figures still shown, marked)
    quangnam.write_task({**task("T-001"), "progress": {"pct": 150, "status": "in_progress"}})
    _commit(quangnam.repo, "a bad report", "2025-03-13T12:00:00+07:00")

    after = _reports(r57, fed, warm, monkeypatch)
    members = {m["id"]: m for m in json.loads(after["json"])["federation"]["members"]}
    assert [f["kind"] for f in members["danang"]["faults"]] == ["rewritten"]
    assert [f["kind"] for f in members["quangnam"]["faults"]] == ["invalid"]
    assert after != before

    # The rewrite accepted, the warm cache's report is the one built from nothing.
    accepted = _reports(r57, fed, warm, monkeypatch, "--accept-rewritten", "danang")
    fresh = _reports(r57, fed, tmp_path / "cache-fresh", monkeypatch)
    assert accepted == fresh
    assert '"tasks": 2' in fresh["json"]  # hanoi lost T-003
    mirror = warm / "federation" / "hanoi.git" / "r57-plan"
    assert not (mirror / "tasks" / "ndta" / "T-003.yaml").exists()
    assert not (warm / "federation" / "hue.git" / "r57-plan" / "tasks" / "legal").exists()
    # A closed week read twice reads the same (the kept report aside: built again).
    for kept in (warm / "federation").glob("national-*.out"):
        kept.unlink()
    assert _reports(r57, fed, warm, monkeypatch) == accepted


def test_a_copied_out_plan_that_cannot_be_trusted_is_rebuilt(
    tmp_path: Path, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    cache = tmp_path / "cache"
    first = _reports(r57, fed, cache, monkeypatch)
    export = cache / "federation" / "hanoi.git" / "r57-plan"
    manifest = export / ".r57-files"
    listed = json.loads(manifest.read_text())
    assert sorted(listed) == [
        "plan.yaml",
        "tasks/ndta/T-001.yaml",
        "tasks/ndta/T-002.yaml",
        "tasks/ndta/T-003.yaml",
        "units.yaml",
    ]
    # A file changed behind r57's back, and a manifest claiming a path outside the plan:
    # the manifest is not believed, the folder is built afresh from the tip's blobs.
    (export / "tasks" / "ndta" / "T-001.yaml").write_text("id: [", encoding="utf-8")
    manifest.write_text(json.dumps({**listed, "../../escape": "0" * 40}), encoding="utf-8")
    a.write_task(task("T-002", progress=progress(70)))
    _commit(a.repo, "a new report", "2025-03-13T10:00:00+07:00")
    again = _reports(r57, fed, cache, monkeypatch)
    shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
    assert again == _reports(r57, fed, tmp_path / "fresh", monkeypatch)
    assert again != first
    assert "id: [" not in (export / "tasks" / "ndta" / "T-001.yaml").read_text()
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_ranking_names_the_members_in_every_format(
    tmp_path: Path, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Without --rollup the ranked rows are the members, and every format says so; with
    --rollup they are the members' units, and say that."""
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    b = member_repo(tmp_path, "hue", TASKS_B)
    urls = [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{b.repo}")]
    fed = federation(tmp_path / "steer", urls)
    words = {
        "en": ("Members ranked by on-time delivery", "Units ranked by on-time delivery"),
        "vi": ("Xếp hạng thành viên theo tỷ lệ đúng hạn", "Xếp hạng đơn vị theo tỷ lệ đúng hạn"),
    }[lang]
    args = ("report", "--federation", str(fed), "--week", WEEK, "--lang", lang)
    for fmt in ("markdown", "table", "html"):
        by_member = r57(*args, "--format", fmt, "--wide").out
        assert words[0] in by_member, fmt
        assert words[1] not in by_member, fmt
        rolled = r57(*args, "--format", fmt, "--wide", "--rollup").out
        assert words[1] in rolled, fmt
        assert words[0] not in rolled, fmt
    member_word = {"en": "Member", "vi": "Thành viên"}[lang]
    from openpyxl import load_workbook

    book = tmp_path / "n.xlsx"
    assert r57(*args, "-o", str(book)).code == 0
    sheets = load_workbook(book, read_only=True)
    sheet = {"en": "Ranking of members", "vi": "Xếp hạng thành viên"}[lang]
    assert sheet in sheets.sheetnames
    head = next(r for r in sheets[sheet].iter_rows(values_only=True) if member_word in r)
    assert {"en": "Unit", "vi": "Đơn vị"}[lang] not in head
    from docx import Document

    paper = tmp_path / "n.docx"
    assert r57(*args, "-o", str(paper)).code == 0
    text = "\n".join(p.text for p in Document(str(paper)).paragraphs)
    cells = {c.text for t in Document(str(paper)).tables for r in t.rows for c in r.cells}
    lead = {"en": "Results by member:", "vi": "Kết quả theo thành viên:"}[lang]
    assert lead in text
    assert member_word in cells


@pytest.mark.parametrize(
    ("args", "lang", "said"),
    [
        (
            ("--week", "--months", "3"),
            "en",
            "--months 3 goes with --month, not with --week: "
            "use --week --weeks 3 for a trend of 3 weeks, or --month --months 3 for 3 months.",
        ),
        (("--month", "--weeks", "2"), "vi", "--weeks 2 dùng cùng --week, không dùng cùng --month"),
    ],
)
def test_a_trend_of_the_wrong_unit_names_both_options_and_the_fix(
    tmp_path: Path,
    r57: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    lang: str,
    said: str,
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    res = r57("report", "--federation", str(fed), *args, "--lang", lang)
    assert res.code == 2
    assert said in " ".join(res.err.split())
    single = r57("report", "--plan", str(a.dir), *args, "--lang", lang)  # one plan: the same
    assert (single.code, " ".join(single.err.split())) == (2, " ".join(res.err.split()))
