"""Shared fixtures: an isolated git environment and small, valid plans built from dicts."""

from __future__ import annotations

import copy
import io
import os
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

PINNED = "2025-03-03T09:00:00+07:00"

PLAN: dict[str, Any] = {
    "number": 286,
    "title": {"en": "Plan 286", "vi": "Kế hoạch 286"},
    "issuing_body": {"en": "Ministry", "vi": "Bộ"},
    "legal_basis": [{"ref": "57-NQ/TW", "date": "2024-12-22"}],
    "timezone": "Asia/Ho_Chi_Minh",
    "week_start": "monday",
    "language": "en",
    "holidays": [{"date": "2025-04-30", "name": {"en": "Reunification Day", "vi": "Ngày 30/4"}}],
}

UNITS: dict[str, Any] = {
    "units": [
        {
            "id": "mic",
            "name": {"en": "Ministry", "vi": "Bộ"},
            "leader": "boss",
            "members": [{"id": "boss", "name": "Boss", "emails": ["boss@example.gov.vn"]}],
        },
        {
            "id": "ndta",
            "name": {"en": "NDTA", "vi": "Cục CĐS"},
            "parent": "mic",
            "leader": "an",
            "focal": "binh",
            "members": [
                {"id": "an", "name": "Nguyễn Văn An", "emails": ["an@example.gov.vn"]},
                {
                    "id": "binh",
                    "name": "Trần Thị Bình",
                    "emails": ["binh@example.gov.vn"],
                    "roles": ["coordinator"],
                },
            ],
        },
        {
            "id": "legal",
            "name": {"en": "Legal Department", "vi": "Vụ Pháp chế"},
            "parent": "mic",
            "members": [{"id": "chi", "name": "Lê Chi", "emails": ["chi@example.gov.vn"]}],
        },
    ]
}


def task(task_id: str = "T-001", **overrides: Any) -> dict[str, Any]:
    """A valid task owned by ndta; keyword arguments replace top-level fields."""
    base: dict[str, Any] = {
        "id": task_id,
        "title": {"en": "Roadmap for 2G switch-off", "vi": "Lộ trình dừng 2G"},
        "unit": "ndta",
        "co_units": ["legal"],
        "responsible": "an",
        "start": "2025-02-10",
        "due": "2025-09-30",
        "deliverable": "decision",
        "submission": "prime_minister",
        "legal_basis": ["57-NQ/TW"],
        "milestones": [
            {"date": "2025-03-31", "planned_pct": 20},
            {"date": "2025-09-30", "planned_pct": 100},
        ],
        "progress": {"pct": 30, "status": "in_progress"},
    }
    base.update(copy.deepcopy(overrides))
    return base


class _Dumper(yaml.SafeDumper):
    pass


def _date_string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Dates are given as strings in the dicts above; write them unquoted like a person would.
    if (
        len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and value.replace("-", "").isdigit()
    ):
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    return dumper.represent_str(value)


_Dumper.add_representer(str, _date_string)


def dump(data: Any, schema: str = "task") -> str:
    header = {
        "plan": "../schemas/plan.schema.json",
        "units": "../schemas/units.schema.json",
        "task": "../../../schemas/task.schema.json",
        "federation": "schemas/federation.schema.json",
    }[schema]
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return f"# yaml-language-server: $schema={header}\n{body}"


@dataclass
class Plan:
    """A plan folder inside a git repository, with helpers to change it."""

    repo: Path
    dir: Path

    def write_task(
        self, data: dict[str, Any], *, unit: str | None = None, name: str | None = None
    ) -> Path:
        folder = self.dir / "tasks" / (unit or str(data.get("unit", "ndta")))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name or data.get('id', 'T-000')}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        return path

    def write_raw(self, relpath: str, content: str | bytes) -> Path:
        path = self.dir / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def write_units(self, data: dict[str, Any]) -> None:
        (self.dir / "units.yaml").write_text(dump(data, "units"), encoding="utf-8")

    def write_plan(self, data: dict[str, Any]) -> None:
        (self.dir / "plan.yaml").write_text(dump(data, "plan"), encoding="utf-8")

    def commit(self, message: str = "update") -> None:
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "-q", "-m", message)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(autouse=True)
def git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git config leaks in; identities and dates are pinned."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in {
        "GIT_AUTHOR_NAME": "Nguyễn Văn An",
        "GIT_AUTHOR_EMAIL": "an@example.gov.vn",
        "GIT_COMMITTER_NAME": "Nguyễn Văn An",
        "GIT_COMMITTER_EMAIL": "an@example.gov.vn",
        "GIT_AUTHOR_DATE": PINNED,
        "GIT_COMMITTER_DATE": PINNED,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "R57_LANG", "R57_PLAN", "R57_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    """A committed, valid plan at <repo>/plan286 with one task."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    p = Plan(repo, repo / "plan286")
    p.dir.mkdir()
    p.write_plan(PLAN)
    p.write_units(UNITS)
    p.write_task(task())
    p.commit("initial plan")
    return p


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def r57(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in-process, the way the console script does, from a given directory."""
    from r57cli.cli import run

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                run(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
        return Result(code, out.getvalue(), err.getvalue())

    return invoke


@pytest.fixture
def validate_json(r57: Callable[..., Result]) -> Callable[[Plan], list[dict[str, Any]]]:
    import json

    def run_json(p: Plan, *extra: str) -> list[dict[str, Any]]:
        res = r57("validate", "--plan", str(p.dir), "--format", "json", "--no-cache", *extra)
        assert res.code in (0, 1), res.err
        diags: list[dict[str, Any]] = json.loads(res.out)["diagnostics"]
        return diags

    return run_json


def located(diags: list[dict[str, Any]]) -> set[tuple[str, str, int, int]]:
    """(code, file name, line, column) of each diagnostic."""
    return {(d["code"], Path(d["path"]).name, d["line"], d["column"]) for d in diags}


__all__ = ["Plan", "Result", "dump", "git", "located", "task"]


@pytest.fixture
def bounded_lookback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports read back only MIN_LOOKBACK_DAYS before the period, as on a national history
    (report/synthesis.py lookback), so that a small test history meets the bound."""
    from r57cli.report import synthesis

    monkeypatch.setattr(synthesis, "LOOKBACK_COMMITS", 0)
