"""Regression tests for hostile or odd input found by adversarial testing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.cache import cache_path
from r57cli.planfile import MAX_PROBLEMS_PER_FILE, load
from r57cli.validate import validate
from tests.conftest import PLAN, Plan, dump, git, task

R57 = Callable[..., Any]


def test_control_characters_cannot_forge_output(plan: Plan, r57: R57) -> None:
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '"x\\nFAKE.yaml:1:1: error R57E999: injected": 1\n'
        + '"\\e[2J\\e[31mred": 2\n',
        encoding="utf-8",
    )
    res = r57("validate", "--lang", "en", "--no-cache", "--color", "never", cwd=plan.repo)
    assert res.code == 1
    assert "\x1b" not in res.out
    assert not any(line.startswith("FAKE.yaml") for line in res.out.splitlines())
    assert "unknown key 'x\\nFAKE.yaml:1:1: error R57E999: injected'" in res.out


def test_strict_verdict_agrees_with_exit_code(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.write_task(task(milestones=[{"date": "2025-09-27", "planned_pct": 100}]))  # Saturday
    text = r57("validate", "--lang", "en", "--strict", "--no-cache", cwd=plan.repo)
    assert text.code == 1
    assert text.out.splitlines()[-1].startswith("✗ plan is invalid (--strict")
    doc = json.loads(r57("validate", "--strict", "--format", "json", cwd=plan.repo).out)
    assert (doc["valid"], doc["strict"], doc["warnings"]) == (False, True, 1)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines = r57("validate", "--strict", cwd=plan.repo).out.splitlines()
    assert lines[-1].startswith("::error::r57 validate")
    assert r57("validate", cwd=plan.repo).out.splitlines()[-1].startswith("::notice::")


def test_broken_task_does_not_cascade(plan: Plan, validate_json: Callable[..., Any]) -> None:
    plan.write_raw("tasks/ndta/T-001.yaml", "id: T-001\ntitle: [unclosed\n")
    plan.write_task(task("T-002", depends_on=["T-001"]))
    assert [d["code"] for d in validate_json(plan)] == ["R57E006"]


@pytest.mark.parametrize("zone", ["Asia", "Europe", "x" * 300, "../../etc/passwd", "Mars/Base"])
def test_bad_time_zone_is_a_plain_error(
    plan: Plan, validate_json: Callable[..., Any], zone: str
) -> None:
    plan.write_plan({**PLAN, "timezone": zone})
    diags = validate_json(plan)
    assert [(d["code"], Path(d["path"]).name) for d in diags] == [("R57E110", "plan.yaml")]
    assert "unknown time zone" in diags[0]["message"]


def test_plan_option_without_plan_yaml(plan: Plan, r57: R57) -> None:
    res = r57("validate", "--plan", str(plan.dir / "tasks"))
    assert res.code == 2
    assert "no plan.yaml here" in res.err


def test_long_line_snippet_is_bounded(plan: Plan, r57: R57) -> None:
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "note: " + "x" * 200_000 + " &a\n", encoding="utf-8"
    )
    res = r57("validate", "--lang", "en", "--no-cache", "--color", "never", cwd=plan.repo)
    assert res.code == 1
    assert max(len(line) for line in res.out.splitlines()) < 300
    assert "…" in res.out


def test_alias_flood_is_capped() -> None:
    raw = b"x: [" + b",".join([b"*a"] * 80_000) + b"]\n"
    diags = load("f.yaml", raw).diagnostics
    assert len(diags) == MAX_PROBLEMS_PER_FILE
    assert {d.code for d in diags} == {"R57E009"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a: x\n  vi: Bộ\x00".encode(), ("R57E004", 2, 9)),
        (b"\xef\xbb\xbfa: \x00", ("R57E004", 1, 4)),
        (b"\xef\xbb\xbfa: \xff", ("R57E003", 1, 4)),
        (b"a: 1\nb: 2\nc: 'abc\nd: 4\n", ("R57E006", 3, 4)),
        (b"a: 1\rb: [x\r", ("R57E006", 2, 4)),
        ("a: x\u2028y\n".encode(), ("R57E013", 1, 5)),
        ("a: x\x85y\n".encode(), ("R57E013", 1, 5)),
        (b"a: 1\nb\nc: 2\n", ("R57E006", 2, 1)),
    ],
)
def test_positions_of_odd_input(raw: bytes, expected: tuple[str, int, int]) -> None:
    assert [(d.code, d.line, d.column) for d in load("f.yaml", raw).diagnostics] == [expected]


def test_tab_after_block_scalar_indentation_is_text() -> None:
    loaded = load("f.yaml", b"a: |\n  x\n  \ty\nb: 1\n")
    assert loaded.data == {"a": "x\n\ty\n", "b": 1}
    assert [d.code for d in loaded.diagnostics] == ["R57W004"]


def test_crlf_and_bom_files_are_valid(plan: Plan, validate_json: Callable[..., Any]) -> None:
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert validate_json(plan) == []


def test_layout_problems(plan: Plan, validate_json: Callable[..., Any]) -> None:
    plan.write_raw("tasks/T-005.yaml", dump(task("T-005")))
    plan.write_raw("tasks/ndta/deep/T-007.yaml", dump(task("T-007")))
    found = sorted((d["code"], d["path"].split("plan286/")[-1]) for d in validate_json(plan))
    assert found == [("R57E112", "tasks/T-005.yaml"), ("R57E112", "tasks/ndta/deep/T-007.yaml")]


def test_plan_without_tasks_folder_warns(plan: Plan, validate_json: Callable[..., Any]) -> None:
    for path in (plan.dir / "tasks" / "ndta").iterdir():
        path.unlink()
    (plan.dir / "tasks" / "ndta").rmdir()
    (plan.dir / "tasks").rmdir()
    assert [d["code"] for d in validate_json(plan)] == ["R57W009"]
    (plan.dir / "tasks").write_text("not a folder", encoding="utf-8")
    assert [d["code"] for d in validate_json(plan)] == ["R57E001"]


def test_damaged_cache_entry_is_a_miss(plan: Plan) -> None:
    validate(plan.dir)
    location = cache_path(plan.dir)
    doc = json.loads(location.read_bytes())
    doc["entries"]["tasks/ndta/T-001.yaml"][1] = {"x": 1}
    doc["entries"]["units.yaml"][1] = {"d": [["R57E999"]], "f": None}
    location.write_text(json.dumps(doc), encoding="utf-8")
    result = validate(plan.dir)
    assert (result.from_cache, result.diagnostics) == (1, [])


def test_discovery_outside_git_ignores_sibling_plans(tmp_path: Path, r57: R57) -> None:
    (tmp_path / "other-plan").mkdir()
    (tmp_path / "other-plan" / "plan.yaml").write_text("number: 1\n", encoding="utf-8")
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    res = r57("validate", cwd=work)
    assert res.code == 2
    assert "no plan found" in res.err


def test_validate_never_writes_the_work_tree(plan: Plan, r57: R57) -> None:
    plan.write_task(task(due="2025-02-30"))
    git(plan.repo, "add", "-A")
    before = git(plan.repo, "status", "--porcelain")
    for fmt in ("text", "json", "github", "sarif"):
        r57("validate", "--format", fmt, cwd=plan.repo)
    assert git(plan.repo, "status", "--porcelain", "--ignored") == before
    assert sorted(p.name for p in plan.repo.iterdir()) == [".git", "plan286"]
