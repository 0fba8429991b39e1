"""Regression tests for hostile or odd input found by adversarial testing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.plan.planfile import load
from r57cli.plan.yamlevents import MAX_PROBLEMS_PER_FILE
from r57cli.validate.cache import cache_path, summary_path
from r57cli.validate.engine import validate
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
    assert text.out.rstrip().split("\n\n")[-1].startswith("✗ plan is invalid (--strict")
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
        (b"a: 1\nb: 2\nc: 'abc\nd: 4\n", ("R57E017", 3, 4)),  # a quote left open
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
    assert [d["code"] for d in validate_json(plan)] == ["R57E113"]


def test_damaged_cache_entry_is_a_miss(plan: Plan) -> None:
    validate(plan.dir)
    location = cache_path(plan.dir)
    doc = json.loads(location.read_bytes())
    doc["entries"]["tasks/ndta/T-001.yaml"][1] = {"x": 1}
    doc["entries"]["units.yaml"][1] = {"d": [["R57E999"]], "f": None}
    location.write_text(json.dumps(doc), encoding="utf-8")
    summary_path(location).unlink()  # else the unchanged plan's report is reused whole
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


# ------------------------------------------------------------------ second adversarial round


def test_symlinked_plan_file_is_refused_and_not_quoted(
    plan: Plan, r57: R57, tmp_path: Path
) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("https://user:ghp_SECRETTOKEN123@github.com\n", encoding="utf-8")
    (plan.dir / "units.yaml").unlink()
    (plan.dir / "units.yaml").symlink_to(secret)
    res = r57("validate", "--lang", "en", "--no-cache", cwd=plan.repo)
    assert res.code == 1
    assert "SECRETTOKEN" not in res.out + res.err
    assert "R57E001" in res.out
    assert "symbolic link" in res.out


def test_one_bad_field_in_units_keeps_plan_wide_checks(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    import copy

    from tests.conftest import UNITS

    units = copy.deepcopy(UNITS)
    units["units"][1]["members"][0]["emails"] = ["an at example"]  # schema error
    units["units"][2]["leader"] = "an"  # not a member of legal
    plan.write_units(units)
    plan.write_task(task(unit="ndta", responsible="nobody", co_units=["legall"]))
    codes = sorted(d["code"] for d in validate_json(plan))
    assert codes == ["R57E107", "R57E201", "R57E202", "R57E216"]


def test_bad_language_keeps_holiday_warnings(plan: Plan, validate_json: Callable[..., Any]) -> None:
    plan.write_plan({**PLAN, "language": "vn"})
    plan.write_task(task(milestones=[{"date": "2025-04-30", "planned_pct": 100}]))
    assert sorted(d["code"] for d in validate_json(plan)) == ["R57E109", "R57W002"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # an empty label (optional) must not hide order and percentage rules
        (
            {
                "milestones": [
                    {"date": "2025-06-30", "planned_pct": 60, "label": ""},
                    {"date": "2025-03-31", "planned_pct": 40},
                    {"date": "2025-09-30", "planned_pct": 100},
                ]
            },
            ["R57E110", "R57E208", "R57E209"],
        ),
        # an unknown key inside progress must not hide done-without-100
        (
            {"progress": {"pct": 60, "status": "done", "completed": "2025-09-01", "comment": "x"}},
            ["R57E101", "R57E210"],
        ),
        # a blocker without description must not hide lifted-before-raised
        (
            {
                "blockers": [
                    {"id": "B-1", "kind": "budget", "raised": "2025-05-05", "lifted": "2025-04-01"}
                ]
            },
            ["R57E102", "R57E212"],
        ),
        # a broken start must not hide milestone order
        (
            {
                "start": "2025-02-30",
                "milestones": [
                    {"date": "2025-06-30", "planned_pct": 20},
                    {"date": "2025-03-31", "planned_pct": 100},
                ],
            },
            ["R57E104", "R57E208"],
        ),
    ],
)
def test_nested_schema_errors_keep_task_rules(
    plan: Plan, validate_json: Callable[..., Any], overrides: dict[str, Any], expected: list[str]
) -> None:
    plan.write_task(task(**overrides))
    assert sorted(d["code"] for d in validate_json(plan)) == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e["tasks/ndta/T-001.yaml"][1]["f"].update(milestones=[["notadate", 1, 1, 1]]),
        lambda e: e["plan.yaml"][1]["f"].update(holidays=5),
        lambda e: e["tasks/ndta/T-001.yaml"][1]["d"].append(["R57E101", "x", "1", 1, [], 1, []]),
    ],
)
def test_nonsense_inside_a_well_shaped_cache_entry(
    plan: Plan, damage: Callable[[dict[str, Any]], None]
) -> None:
    validate(plan.dir)
    location = cache_path(plan.dir)
    doc = json.loads(location.read_bytes())
    damage(doc["entries"])
    location.write_text(json.dumps(doc), encoding="utf-8")
    summary_path(location).unlink()
    assert validate(plan.dir).diagnostics == []
    assert validate(plan.dir).from_cache == 3  # rebuilt, and good again


def test_output_encoding_that_cannot_show_the_text(plan: Plan) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", "validate", "--lang", "vi"],
        cwd=plan.repo,
        env=env,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"\\u2713" in proc.stdout  # the check mark, escaped


def test_file_names_are_escaped(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    plan.write_raw("tasks/ndta/T-001\nFAKE.yaml:1:1: error R57E999: forged.yaml", "id: [\n")
    plan.write_raw("tasks/\x1b[31mred/T-002.yaml", dump(task("T-002")))
    res = r57("validate", "--lang", "en", "--no-cache", "--color", "never", cwd=plan.repo)
    assert "\x1b" not in res.out
    assert not any(line.startswith("FAKE.yaml") for line in res.out.splitlines())
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert "\x1b" not in r57("validate", cwd=plan.repo).out


def test_control_characters_are_located() -> None:
    raw = b"a: 1\nb: x\x07y\nc: \x7f\n"
    found = [(d.code, d.line, d.column, d.args["char"]) for d in load("f.yaml", raw).diagnostics]
    assert found == [("R57E014", 2, 5, "U+0007"), ("R57E014", 3, 4, "U+007F")]


def test_duplicate_keys_and_tabs_are_capped() -> None:
    assert len(load("f.yaml", b"a: 1\n" * 50_000).diagnostics) == MAX_PROBLEMS_PER_FILE
    tabs = load("f.yaml", b"a: 1\n" + b"b: 'x\ty'\n" + b"# \t\n" * 40_000).diagnostics
    assert [d.code for d in tabs] == ["R57W004"] * 20


def test_long_cycle_is_shortened(plan: Plan, validate_json: Callable[..., Any]) -> None:
    for n in range(1, 41):
        plan.write_task(task(f"T-{n:03d}", depends_on=[f"T-{n % 40 + 1:03d}"]))
    (cycle,) = [d for d in validate_json(plan) if d["code"] == "R57E205"]
    assert "… 30 more …" in cycle["message"]
    assert len(cycle["message"]) < 200


def test_sarif_uri_is_percent_encoded(plan: Plan, r57: R57) -> None:
    folder = plan.repo / "kế hoạch,a b%25"
    plan.dir.rename(folder)
    Plan(plan.repo, folder).write_task(task(due="2025-02-30"))
    doc = json.loads(r57("validate", "--format", "sarif", "--plan", str(folder)).out)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "k%E1%BA%BF%20ho%E1%BA%A1ch%2Ca%20b%2525/tasks/ndta/T-001.yaml"


def test_missing_key_in_a_list_item_points_at_the_item(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    plan.write_task(
        task(milestones=[{"date": "2025-03-31", "planned_pct": 20}, {"date": "2025-09-30"}])
    )
    (diag,) = validate_json(plan)
    text = (plan.dir / "tasks" / "ndta" / "T-001.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("- date: 2025-09-30") + 1
    assert (diag["code"], diag["line"], diag["column"]) == ("R57E102", line, 3)


def test_same_day_milestones_are_worded_right(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    plan.write_task(
        task(
            milestones=[
                {"date": "2025-04-25", "planned_pct": 20},
                {"date": "2025-04-25", "planned_pct": 100},
            ]
        )
    )
    (diag,) = validate_json(plan)
    assert diag["message"] == (
        "milestone date 2025-04-25 is not after the previous milestone (2025-04-25)"
    )


def test_duplicate_holiday_and_email_as_written(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    import copy

    from tests.conftest import UNITS

    holidays = [*PLAN["holidays"], {"date": "2025-04-30", "name": {"en": "Again", "vi": "Lại"}}]
    plan.write_plan({**PLAN, "holidays": holidays})
    units = copy.deepcopy(UNITS)
    units["units"][2]["members"][0]["emails"] = ["An@Example.gov.vn"]
    plan.write_units(units)
    messages = sorted(d["message"] for d in validate_json(plan))
    assert messages == [
        "e-mail address 'An@Example.gov.vn' is used more than once",
        "holiday date '2025-04-30' is used more than once",
    ]


def test_the_file_named_after_the_id_keeps_it(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    plan.write_raw("tasks/ndta/T 001 copy.yaml", dump(task()))
    blamed = sorted((d["code"], Path(d["path"]).name) for d in validate_json(plan))
    assert blamed == [("R57E108", "T 001 copy.yaml"), ("R57E203", "T 001 copy.yaml")]


def test_upper_case_extension_is_a_task_file(plan: Plan, validate_json: Callable[..., Any]) -> None:
    plan.write_raw("tasks/ndta/T-002.YAML", dump(task("T-002", due="2025-02-30")))
    assert [d["code"] for d in validate_json(plan)] == ["R57E104"]


def test_tags_are_shown_as_written_and_decimals_named() -> None:
    diag = load("f.yaml", b"x: !!str 5\n").diagnostics[0]
    assert diag.args["tag"] == "!!str"


def test_decimal_where_a_whole_number_belongs(
    plan: Plan, validate_json: Callable[..., Any]
) -> None:
    plan.write_task(task(progress={"pct": 1.5, "status": "in_progress"}))
    (diag,) = validate_json(plan)
    assert diag["message"] == "'progress.pct' must be a whole number, found a decimal number"


def test_fifo_plan_yaml_is_found_and_explained(plan: Plan, r57: R57) -> None:
    (plan.dir / "plan.yaml").unlink()
    os.mkfifo(plan.dir / "plan.yaml")
    res = r57("validate", "--format", "json", "--no-cache", cwd=plan.dir / "tasks")
    assert res.code == 1
    assert [d["code"] for d in json.loads(res.out)["diagnostics"]] == ["R57E001"]
