"""The shipped workflow that publishes the report (.github/workflows/report.yml): linted by
actionlint like plan.yml, shaped so that only its publishing job may publish, on the
schedule it promises, and its build script run for real with bash on a plan repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.conftest import Plan, git
from tests.test_ci_files import GITHUB_BASH, WORKFLOW, actionlint

REPORT_WORKFLOW = WORKFLOW.with_name("report.yml")
EPOCH = "1765152000"  # 2025-12-08 07:00 in Asia/Ho_Chi_Minh


def load() -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(REPORT_WORKFLOW.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return {str(key): value for key, value in data.items()}


def step(job: str, name_part: str) -> dict[str, Any]:
    found = [s for s in load()["jobs"][job]["steps"] if name_part in str(s.get("name", ""))]
    assert len(found) == 1, found
    chosen: dict[str, Any] = found[0]
    return chosen


def test_actionlint_accepts_the_report_workflow() -> None:
    result = actionlint(REPORT_WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("original", "broken", "complaint"),
    [
        ("needs: build", "needs: biuld", '"biuld"'),
        ("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url", '"deploy"'),
        ('cron: "0 0 * * 1"', 'cron: "0 0 * * 8"', "cron"),
    ],
    ids=["unknown-job", "unknown-step", "bad-cron"],
)
def test_actionlint_rejects_a_broken_copy(
    tmp_path: Path, original: str, broken: str, complaint: str
) -> None:
    text = REPORT_WORKFLOW.read_text(encoding="utf-8")
    assert original in text
    copy = tmp_path / "report.yml"
    copy.write_text(text.replace(original, broken, 1), encoding="utf-8")
    result = actionlint(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert complaint in result.stdout


def test_it_runs_on_pushes_to_main_every_monday_at_seven_in_hanoi_and_by_hand() -> None:
    triggers = load()["on"]
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    [entry] = triggers["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert (day, month, weekday) == ("*", "*", "1")  # GitHub's cron is UTC; 1 is Monday
    utc = datetime(2026, 12, 7, int(hour), int(minute), tzinfo=ZoneInfo("UTC"))
    assert utc.weekday() == 0
    hanoi = utc.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (hanoi.weekday(), hanoi.hour, hanoi.minute) == (0, 7, 0)
    # ... all year: Vietnam keeps no daylight saving time.
    summer = (utc + timedelta(weeks=30)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (summer.weekday(), summer.hour) == (0, 7)


def test_only_the_publishing_job_may_publish_and_only_when_pages_is_on() -> None:
    workflow = load()
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "permissions" not in build
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["needs"] == "build"
    assert publish["if"] == "vars.R57_PAGES == 'true'"
    assert [str(s["uses"]).split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
    pages = step("build", "for GitHub Pages")
    artifact = step("build", "as an artifact")
    assert str(pages["uses"]).startswith("actions/upload-pages-artifact@")
    assert str(artifact["uses"]).startswith("actions/upload-artifact@")
    assert (pages["if"], artifact["if"]) == ("vars.R57_PAGES == 'true'", "vars.R57_PAGES != 'true'")
    assert pages["with"]["path"] == artifact["with"]["path"] == "${{ runner.temp }}/site"


def test_it_installs_r57_exactly_as_the_checking_workflow_does() -> None:
    plan = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    ours = step("build", "Install r57")
    theirs = next(s for s in plan["jobs"]["r57"]["steps"] if s.get("id") == "install")
    assert ours["run"] == theirs["run"]
    assert ours["env"] == {"TRUSTED_SHA": "${{ github.sha }}"}  # main, already merged
    assert load()["env"]["R57_PACKAGE"] == "${{ vars.R57_PACKAGE }}"


def build_site(plan: Plan, tmp_path: Path) -> dict[str, bytes]:
    """The workflow's build script, run by bash as GitHub would, with this r57 on PATH."""
    script = str(step("build", "Build the pages")["run"])
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(runner_temp),
        "SOURCE_DATE_EPOCH": EPOCH,
    }
    result = subprocess.run(
        [*GITHUB_BASH, "-c", script],
        cwd=plan.repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = runner_temp / "site"
    return {p.name: p.read_bytes() for p in sorted(site.iterdir())}


def test_the_build_script_makes_stamped_pages_that_rebuild_byte_for_byte(
    plan: Plan, tmp_path: Path
) -> None:
    head = git(plan.repo, "rev-parse", "HEAD").strip()
    site = build_site(plan, tmp_path)
    assert sorted(site) == ["index.html", "last-week.html", "month.html", "week.json"]
    # last week, closed: what the Monday 07:00 run's readers chase (2025-12-08 is a Monday)
    import re

    def week_of(name: str) -> str:
        found = re.search(r"<title>[^<]*?(\d{4}-W\d\d)", site[name].decode("utf-8"))
        assert found, name
        return found[1]

    year, week = week_of("index.html").split("-W")
    assert week_of("last-week.html") == f"{year}-W{int(week) - 1:02d}"
    page = site["index.html"].decode("utf-8")
    assert f"from commit {head[:12]}" in page or f"từ commit {head[:12]}" in page
    assert "2025-12-08 07:00" in page or "07:00 ngày 08/12/2025" in page
    doc = json.loads(site["week.json"])
    assert doc["generated_at"] == "2025-12-08T07:00:00+07:00"
    assert build_site(plan, tmp_path) == site  # the same commit and time: the same bytes


def test_it_restores_r57s_history_cache_and_the_cache_changes_no_page(
    plan: Plan, tmp_path: Path
) -> None:
    """The build restores the last run's history cache (a run then reads only the commits
    since): the folder r57 keeps it in, before the pages are built; and pages built with
    the last run's cache after a new commit are the pages built from nothing."""
    import shutil

    from r57cli.git.repo import open_repo
    from r57cli.history.cache import cache_dir
    from tests.conftest import task

    names = [s.get("name") for s in load()["jobs"]["build"]["steps"]]
    cache = step("build", "history cache")
    assert str(cache["uses"]).startswith("actions/cache@")
    assert names.index(cache["name"]) < names.index(step("build", "Build the pages")["name"])
    folder = plan.repo / cache["with"]["path"]
    assert cache_dir(open_repo(plan.repo), "plan286/").is_relative_to(folder)
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert key.startswith(restore)
    assert "github.run_id" in key  # a new key each run: the newest cache is the one kept

    build_site(plan, tmp_path)
    assert folder.is_dir()  # what the post step saves
    plan.write_task(task(progress={"pct": 40, "status": "in_progress"}))
    plan.commit("T-001 to 40%")
    with_cache = build_site(plan, tmp_path)
    shutil.rmtree(folder)
    assert build_site(plan, tmp_path) == with_cache
