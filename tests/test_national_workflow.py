"""The shipped workflow for the national steering repository
(.github/workflows/national.yml): linted by actionlint, on the schedule it promises, and
its build script run for real with bash over a federation with one unreachable member:
the pages are written and the run warns, it does not fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.test_ci_files import GITHUB_BASH, WORKFLOW, actionlint
from tests.test_federation import TASKS_A, federation, member, member_repo

NATIONAL = WORKFLOW.with_name("national.yml")


def load() -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(NATIONAL.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return {str(key): value for key, value in data.items()}


def test_actionlint_accepts_it_and_rejects_a_broken_copy(tmp_path: Path) -> None:
    result = actionlint(NATIONAL)
    assert result.returncode == 0, result.stdout + result.stderr
    copy = tmp_path / "national.yml"
    copy.write_text(NATIONAL.read_text().replace("needs: build", "needs: biuld"))
    assert '"biuld"' in actionlint(copy).stdout


def test_it_runs_every_monday_at_seven_in_hanoi_and_by_hand() -> None:
    triggers = load()["on"]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    minute, hour, _d, _m, weekday = triggers["schedule"][0]["cron"].split()
    utc = datetime(2026, 12, 7, int(hour), int(minute), tzinfo=ZoneInfo("UTC"))
    hanoi = utc.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (weekday, hanoi.weekday(), hanoi.hour, hanoi.minute) == ("1", 0, 7, 0)
    jobs = load()["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("unreachable", [False, True], ids=["complete", "incomplete"])
def test_the_build_script_writes_the_pages(tmp_path: Path, unreachable: bool) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    members = [member("hanoi", f"file://{a.repo}")]
    if unreachable:
        members.append(member("hue", f"file://{tmp_path}/nowhere"))
    fed = federation(tmp_path / "steer", members)
    script = next(
        s["run"] for s in load()["jobs"]["build"]["steps"] if s.get("name") == "Build the pages"
    )
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "SOURCE_DATE_EPOCH": "1741572000",
        "R57_CACHE_DIR": str(tmp_path / "cache"),
        "R57_TODAY": "2025-03-20",
    }
    result = subprocess.run(
        [*GITHUB_BASH, "-c", str(script)],
        cwd=fed.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = sorted(p.name for p in (temp / "site").iterdir())
    assert site == ["index.html", "last-week.html", "month.html", "week.json"]
    doc = json.loads((temp / "site" / "week.json").read_text())
    assert doc["totals"]["tasks"] == 3
    warned = "::warning title=The national synthesis is incomplete::" in result.stdout
    assert warned is unreachable
    assert doc["federation"]["complete"] is not unreachable
