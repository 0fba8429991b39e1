"""`r57 unit add` and `r57 unit merge`: one commit each, in real repositories."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import UNITS, Plan, Result, git, task


def units_with_admin() -> dict[str, Any]:
    units = copy.deepcopy(UNITS)
    units["units"][0]["members"][0]["roles"] = ["admin"]
    return units


@pytest.fixture
def org(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The plan with an admin (boss, who runs the commands), two tasks of legal and one of
    ndta that legal co-operates on and was asked for resources."""
    plan.write_units(units_with_admin())
    plan.write_task(
        task(
            co_units=["legal"],
            resources=[
                {"id": "R-1", "unit": "legal", "need": "a lawyer", "asked": "2025-03-03"},
                {
                    "id": "R-2",
                    "unit": "legal",
                    "need": "a review",
                    "asked": "2025-03-03",
                    "status": "refused",
                    "decided": "2025-03-03",
                },
            ],
        )
    )
    for n in (2, 3):
        plan.write_task(task(f"T-00{n}", unit="legal", responsible="chi"))
    plan.commit("legal's tasks")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "boss@example.gov.vn")
    monkeypatch.setenv("R57_TODAY", "2025-03-10")
    return plan


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_merge_moves_tasks_members_and_keeps_a_record(
    org: Plan, r57: Callable[..., Result]
) -> None:
    head = git(org.repo, "rev-parse", "HEAD").strip()
    res = r57(
        "unit", "merge", "legal", "--into", "ndta", "--date", "2025-03-07",
        "--decision", "12/QĐ-BTTTT", cwd=org.dir,
    )  # fmt: skip
    assert res.code == 0, res.err + res.out
    assert "legal merged into ndta" in res.out
    # one commit, with its trailers
    assert git(org.repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    message = git(org.repo, "log", "-1", "--format=%B")
    assert "R57-Action: unit-merge" in message
    assert "R57-Into: ndta" in message
    assert "R57-Merged-On: 2025-03-07" in message
    assert "R57-Decision: 12/QĐ-BTTTT" in message
    units = {u["id"]: u for u in read(org.dir / "units.yaml")["units"]}
    legal = units["legal"]
    assert legal["merged_into"] == "ndta"
    assert str(legal["merged_on"]) == "2025-03-07"
    assert legal["decision"] == "12/QĐ-BTTTT"
    assert "members" not in legal
    assert [m["id"] for m in units["ndta"]["members"]] == ["an", "binh", "chi"]
    # the tasks moved folder and unit; the history follows the rename
    assert not (org.dir / "tasks" / "legal").exists()
    moved = read(org.dir / "tasks" / "ndta" / "T-002.yaml")
    assert moved["unit"] == "ndta"
    log = git(org.repo, "log", "--follow", "--format=%s", "--", "plan286/tasks/ndta/T-002.yaml")
    assert "legal's tasks" in log
    # the other task: co_units no longer lists its own unit; the open request names ndta,
    # the decided one stays history
    t1 = read(org.dir / "tasks" / "ndta" / "T-001.yaml")
    assert "co_units" not in t1
    assert [r["unit"] for r in t1["resources"]] == ["ndta", "legal"]
    assert git(org.repo, "status", "--porcelain") == ""
    assert r57("validate", cwd=org.dir).code == 0


def run_merge(r57: Callable[..., Result], plan: Plan, *extra: str) -> Result:
    return r57(
        "unit", "merge", "legal", "--into", "ndta", "--date", "2025-03-07",
        "--decision", "12/QĐ-BTTTT", *extra, cwd=plan.dir,
    )  # fmt: skip


def test_add_a_unit_with_a_moved_and_a_new_member(org: Plan, r57: Callable[..., Result]) -> None:
    before = (org.dir / "units.yaml").read_text(encoding="utf-8")
    res = r57(
        "unit", "add", "ics", "--name", "Information Security",
        "--name-vi", "Cục An toàn thông tin",
        "--parent", "mic", "--member", "chi", "--member", "dao:Đào Minh:dao@example.gov.vn",
        cwd=org.dir,
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "unit ics added" in res.out
    message = git(org.repo, "log", "-1", "--format=%B")
    assert "R57-Action: unit-add" in message
    assert "R57-Members: chi, dao" in message
    after = (org.dir / "units.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.split("- id: legal")[0])  # the lines above stay as they were
    units = {u["id"]: u for u in read(org.dir / "units.yaml")["units"]}
    assert units["ics"]["parent"] == "mic"
    assert [m["id"] for m in units["ics"]["members"]] == ["chi", "dao"]
    assert "members" not in units["legal"]
    assert r57("validate", cwd=org.dir).code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("legal", "--into", "legal"), "cannot be merged into itself"),
        (
            ("legal", "--into", "ndtaa"),
            "There is no unit 'ndtaa' in units.yaml. Did you mean ndta?",
        ),
        (
            ("legal", "--into", "ndta", "--date", "2025-03-11"),
            "is in the future (today is 2025-03-10)",
        ),
    ],
)
def test_a_merge_refused_writes_nothing(
    org: Plan, r57: Callable[..., Result], args: tuple[str, ...], said: str
) -> None:
    head = git(org.repo, "rev-parse", "HEAD")
    full = (*args, *(() if "--date" in args else ("--date", "2025-03-07")))
    res = r57("unit", "merge", *full, "--decision", "12/QĐ", cwd=org.dir)
    assert res.code == 2, res.out
    assert said in res.err
    assert git(org.repo, "rev-parse", "HEAD") == head
    assert git(org.repo, "status", "--porcelain") == ""


def test_a_merged_unit_cannot_be_merged_again_nor_receive_one(
    org: Plan, r57: Callable[..., Result]
) -> None:
    assert run_merge(r57, org).code == 0
    again = run_merge(r57, org)
    assert again.code == 2
    # no placeholder name ("OLD") in the message, in either language, and no advice to name
    # the unit that carries on (that is for --into)
    assert "Unit legal was merged into ndta already: there is nothing left to merge" in again.err
    assert "OLD" not in again.err
    vi = run_merge(r57, org, "--lang", "vi")
    assert vi.code == 2
    assert "Đơn vị legal đã được sáp nhập vào ndta" in vi.err
    assert "OLD" not in vi.err
    into = r57("unit", "merge", "mic", "--into", "legal", "--date", "2025-03-07",
               "--decision", "1/QĐ", cwd=org.dir)  # fmt: skip
    assert into.code == 2
    assert "--into legal was merged into ndta" in into.err


def test_dry_run_shows_the_renames_and_changes_nothing(
    org: Plan, r57: Callable[..., Result]
) -> None:
    res = run_merge(r57, org, "--dry-run")
    assert res.code == 0, res.err
    assert "rename tasks/legal/T-002.yaml → tasks/ndta/T-002.yaml" in res.out
    assert "+  merged_into: ndta" in res.out
    assert git(org.repo, "status", "--porcelain") == ""


def test_someone_without_the_role_is_refused_in_vietnamese(
    org: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "binh@example.gov.vn")
    monkeypatch.setenv("R57_LANG", "vi")
    res = run_merge(r57, org)
    assert res.code == 2
    assert "binh không được thêm hoặc sáp nhập đơn vị (policy.edit_units_by: admin)" in res.err


def test_merging_a_parent_into_its_child(org: Plan, r57: Callable[..., Result]) -> None:
    res = r57("unit", "merge", "mic", "--into", "ndta", "--date", "2025-03-07",
              "--decision", "1/QĐ", cwd=org.dir)  # fmt: skip
    assert res.code == 0, res.err
    units = {u["id"]: u for u in read(org.dir / "units.yaml")["units"]}
    assert "parent" not in units["ndta"]  # it takes mic's place, at the top
    assert units["legal"]["parent"] == "ndta"
    assert r57("validate", cwd=org.dir).code == 0


def test_a_merge_into_a_plan_that_would_not_validate_writes_nothing(
    org: Plan, r57: Callable[..., Result]
) -> None:
    """The plan as the commit would have it is validated whole, as for r57 update."""
    org.write_task(task("T-009", unit="legal", responsible="nobody", co_units=[]))
    org.commit("a task for someone units.yaml does not list")
    res = run_merge(r57, org)
    assert res.code == 1, res.out + res.err
    assert "R57E202" in res.err
    assert "tasks/ndta/T-009.yaml" in res.err  # where the file would be
    assert git(org.repo, "status", "--porcelain") == ""


def test_a_run_killed_after_writing_is_undone_by_the_next(
    org: Plan, r57: Callable[..., Result]
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "R57_TEST_KILL_AT": "after-write"}
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", "unit", "merge", "legal", "--into", "ndta",
         "--date", "2025-03-07", "--decision", "12/QĐ"],
        cwd=org.dir, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode != 0
    assert git(org.repo, "status", "--porcelain") != ""  # half-way: files written, no commit
    res = r57("unit", "add", "ics", "--name", "ICS", "--name-vi", "Cục ATTT", cwd=org.dir)
    assert res.code == 0, res.err
    assert "were put back as they were" in res.err
    assert git(org.repo, "status", "--porcelain") == ""
    assert (org.dir / "tasks" / "legal" / "T-002.yaml").exists()
    assert not (org.dir / "tasks" / "ndta" / "T-002.yaml").exists()


def test_log_and_show_say_what_the_merge_did(
    org: Plan, r57: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_merge(r57, org).code == 0
    monkeypatch.setenv("COLUMNS", "200")
    shown = r57("show", "T-002", cwd=org.dir)
    assert "unit legal merged into ndta from 2025-03-07 (2 tasks moved; 12/QĐ-BTTTT)" in shown.out
    assert "legal's tasks" in shown.out  # the history from before the move
    monkeypatch.setenv("R57_LANG", "vi")
    log = r57("log", cwd=org.dir)
    assert "sáp nhập đơn vị legal vào ndta từ ngày 2025-03-07 (chuyển 2 nhiệm vụ" in log.out
