"""The command line: discovery, formats, languages, colour, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Plan, git, task

R57 = Callable[..., Any]
SNAPSHOTS = Path(__file__).parent / "snapshots"


def snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; R57_UPDATE_SNAPSHOTS=1 (re)writes it."""
    path = SNAPSHOTS / name
    if os.environ.get("R57_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def broken(plan: Plan) -> None:
    plan.write_task(task(co_units=["legall"], due="2025-02-30", progress={"pct": 120}))
    plan.write_raw("tasks/ndta/T-002.yaml", "id: T-002\nid: T-003\n")


def test_version(r57: R57) -> None:
    res = r57("--version")
    assert (res.code, res.out.strip()) == (0, "r57 0.1.0")


def test_help_lists_every_command(r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    res = r57("--help")
    assert res.code == 0
    for command in ("validate", "schema"):
        assert command in res.out
    assert "Exit codes" in res.out


def test_validate_help_documents_exit_codes(r57: R57) -> None:
    res = r57("validate", "--help")
    assert res.code == 0
    assert "1 plan invalid" in " ".join(res.out.split())


def test_finds_plan_from_a_subfolder(plan: Plan, r57: R57) -> None:
    res = r57("validate", "--lang", "en", cwd=plan.dir / "tasks" / "ndta")
    assert res.code == 0
    assert "plan is valid" in res.out


def test_finds_plan_from_repository_root(plan: Plan, r57: R57) -> None:
    res = r57("validate", "--lang", "en", cwd=plan.repo)
    assert (res.code, "plan286: 3 files" in res.out) == (0, True)


def test_no_plan_is_a_usage_error(tmp_path: Path, r57: R57) -> None:
    git(tmp_path, "init", "-q")
    res = r57("validate", cwd=tmp_path)
    assert res.code == 2
    assert "no plan found" in res.err
    assert "--plan" in res.err


def test_missing_plan_folder(tmp_path: Path, r57: R57) -> None:
    res = r57("validate", "--plan", str(tmp_path / "nope"))
    assert res.code == 2
    assert "no such folder" in res.err


def test_plan_option_accepts_plan_yaml(plan: Plan, r57: R57) -> None:
    res = r57("validate", "--lang", "en", "--plan", str(plan.dir / "plan.yaml"))
    assert (res.code, "plan is valid" in res.out) == (0, True)
    res = r57("validate", "--plan", str(plan.dir / "units.yaml"))
    assert res.code == 2
    assert "Give --plan the folder" in res.err


def test_two_plans_need_a_choice(plan: Plan, r57: R57) -> None:
    other = plan.repo / "plan2"
    other.mkdir()
    (other / "plan.yaml").write_text("number: 2\n", encoding="utf-8")
    res = r57("validate", cwd=plan.repo)
    assert res.code == 2
    assert "several plans" in res.err


def test_invalid_plan_exits_1_with_located_errors(plan: Plan, r57: R57) -> None:
    broken(plan)
    res = r57("validate", "--lang", "en", "--no-cache", cwd=plan.repo)
    assert res.code == 1
    assert "plan286/tasks/ndta/T-001.yaml:11:6: error R57E104:" in res.out
    assert "plan286/tasks/ndta/T-002.yaml:2:1: error R57E008:" in res.out


def test_text_output_snapshot(plan: Plan, r57: R57) -> None:
    broken(plan)
    res = r57("validate", "--lang", "en", "--no-cache", "--color", "never", cwd=plan.repo)
    snapshot("validate-broken.en.txt", res.out)


def test_text_output_snapshot_vietnamese(plan: Plan, r57: R57) -> None:
    broken(plan)
    res = r57("validate", "--lang", "vi", "--no-cache", "--color", "never", cwd=plan.repo)
    snapshot("validate-broken.vi.txt", res.out)
    assert "lỗi R57E" not in res.out  # the location line keeps its stable English shape
    assert "error R57E104: 'due': 2025-02-30 không phải ngày có thật" in res.out


def test_language_defaults_to_the_plans(plan: Plan, r57: R57) -> None:
    plan.write_raw(
        "plan.yaml",
        (plan.dir / "plan.yaml")
        .read_text(encoding="utf-8")
        .replace("language: en", "language: vi"),
    )
    assert "kế hoạch hợp lệ" in r57("validate", cwd=plan.repo).out
    assert "plan is valid" in r57("validate", "--lang", "en", cwd=plan.repo).out


def test_json_output(plan: Plan, r57: R57) -> None:
    broken(plan)
    res = r57("validate", "--format", "json", "--lang", "en", cwd=plan.repo)
    doc = json.loads(res.out)
    assert (res.code, doc["version"], doc["valid"], doc["errors"]) == (1, 1, False, 4)
    first = doc["diagnostics"][0]
    assert set(first) == {
        "path",
        "line",
        "column",
        "end_column",
        "severity",
        "code",
        "rule",
        "category",
        "message",
        "hint",
        "related",
    }


def test_github_annotations_chosen_automatically(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken(plan)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    res = r57("validate", "--lang", "en", cwd=plan.dir / "tasks")
    assert res.code == 1
    lines = res.out.splitlines()
    assert lines[0].startswith("::error file=plan286/tasks/ndta/T-001.yaml,line=")
    assert any("title=R57E008::key 'id' appears twice" in ln for ln in lines)


def test_sarif_output(plan: Plan, r57: R57, tmp_path: Path) -> None:
    broken(plan)
    out = tmp_path / "r57.sarif"
    res = r57("validate", "--format", "sarif", "-o", str(out), cwd=plan.repo)
    assert (res.code, res.out) == (1, "")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("plan286/tasks/")
        assert loc["region"]["startLine"] >= 1


def test_colour_only_when_asked(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    broken(plan)
    assert "\x1b[" not in r57("validate", cwd=plan.repo).out  # not a terminal
    assert "\x1b[" in r57("validate", "--color", "always", cwd=plan.repo).out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\x1b[" not in r57("validate", cwd=plan.repo).out


def test_unwritable_output_is_a_usage_error(plan: Plan, r57: R57, tmp_path: Path) -> None:
    res = r57("validate", "-o", str(tmp_path / "missing" / "x.txt"), cwd=plan.repo)
    assert res.code == 2
    assert "cannot write the report" in res.err


def test_bad_option_is_a_usage_error(r57: R57, tmp_path: Path) -> None:
    res = r57("validate", "--format", "xml", cwd=tmp_path)  # no plan, so English
    assert res.code == 2
    assert "'xml' is not one of" in res.err
    assert r57("validate", "--no-such-option").code == 2
    assert r57("no-such-command").code == 2


def test_pipe_is_reported_without_blocking(plan: Plan, r57: R57) -> None:
    os.mkfifo(plan.dir / "tasks" / "ndta" / "T-009.yaml")  # reading it would wait forever
    res = r57("validate", "--format", "json", "--no-cache", "--lang", "en", cwd=plan.repo)
    assert res.code == 1
    diags = json.loads(res.out)["diagnostics"]
    assert [(d["code"], d["message"]) for d in diags] == [
        ("R57E001", "cannot read the file: it is not a regular file (a pipe, device or socket)")
    ]
    assert r57("validate", "--no-cache", cwd=plan.repo).code == 1  # the text snippet too


def test_symlinks_are_not_followed(plan: Plan, r57: R57) -> None:
    (plan.dir / "tasks" / "ndta" / "T-009.yaml").symlink_to("/dev/zero")
    res = r57("validate", "--format", "json", "--no-cache", cwd=plan.repo)
    assert res.code == 0
    assert [d["code"] for d in json.loads(res.out)["diagnostics"]] == ["R57W008"]


def test_folder_where_a_file_belongs(plan: Plan, r57: R57) -> None:
    (plan.dir / "units.yaml").unlink()
    (plan.dir / "units.yaml").mkdir()
    res = r57("validate", "--format", "json", "--no-cache", "--lang", "en", cwd=plan.repo)
    assert [(d["code"], d["message"]) for d in json.loads(res.out)["diagnostics"]] == [
        ("R57E001", "cannot read the file: it is a folder, not a file")
    ]


def test_subprocess_run_never_shows_a_traceback(plan: Plan) -> None:
    broken(plan)
    plan.write_raw("tasks/ndta/T-003.yaml", b"\xff\xfe\x00garbage")
    plan.write_raw("units.yaml", "[" * 50_000)
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", "validate", "--no-cache"],
        cwd=plan.repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_task_file_content_gives_a_clean_result(plan: Plan, r57: R57, content: bytes) -> None:
    plan.write_raw("tasks/ndta/T-001.yaml", content)
    res = r57("validate", "--format", "json", "--no-cache", cwd=plan.repo)
    assert res.code in (0, 1), res.err
    assert res.err == ""
    json.loads(res.out)


def test_docs_list_every_code_and_readme_opens_with_the_two_commands() -> None:
    from r57cli.locale.messages import CATALOGUE

    root = Path(__file__).resolve().parent.parent
    table = (root / "docs" / "validate.md").read_text(encoding="utf-8")
    for code, message in CATALOGUE.items():
        assert f"| {code} | {message.severity.value} | {message.category.value} |" in table
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 4096
    assert readme.splitlines()[2:5] == [
        "```sh",
        "make demo   # sets up .venv, builds a demo plan repository with a history of weekly"
        " reports, prints this week's report",
        "make test   # sets up .venv with test tools, runs ruff, mypy --strict and the whole"
        " test suite",
    ]


@pytest.mark.parametrize(
    "command", ["", "validate", "update", "list", "block", "report", "check", "codeowners"]
)
def test_help_snapshot(command: str) -> None:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", *([command] if command else []), "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    text = "\n".join(line.rstrip() for line in proc.stdout.splitlines()) + "\n"
    snapshot(f"{command or 'r57'}-help.txt", text)


def test_help_of_one_command_builds_only_that_command() -> None:
    """`r57 update ...` builds a one-command app (speed); the result must be the same."""
    from r57cli.cli import COMMANDS, build_app

    full = build_app().registered_commands
    assert [c.name for c in full] == list(COMMANDS)
    assert [c.name for c in build_app("update").registered_commands] == ["update"]


def test_a_bug_is_exit_3_without_traceback(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.validate import engine as validate_module

    def broken_validate(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(validate_module, "validate", broken_validate)
    res = r57("validate", cwd=plan.repo)
    assert res.code == 3
    assert "internal error: RuntimeError: boom" in res.err
    assert "Traceback" not in res.err
    monkeypatch.setenv("R57_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        r57("validate", cwd=plan.repo)


def test_broken_pipe_keeps_the_verdict(plan: Plan) -> None:
    for content, expected in (("", 0), ("id: [\n", 1)):
        if content:
            plan.write_raw("tasks/ndta/T-009.yaml", content)
        proc = subprocess.Popen(
            [sys.executable, "-m", "r57cli", "validate", "--no-cache"],
            cwd=plan.repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # the reader is gone before r57 writes a byte
        err = proc.stderr.read()
        assert proc.wait() == expected
        assert b"Traceback" not in err
