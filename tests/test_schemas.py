"""The committed JSON Schemas are current, and an independent validator agrees with r57 on
the structure of single files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.plan.schemas import SCHEMA_MODELS, schema_text, stale_schemas
from tests.conftest import Plan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus" / "broken"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

EXPECTED = {
    "unknown-key": "R57E101",
    "missing-due": "R57E102",
    "impossible-date": "R57E104",
    "int-date": "R57E103",
    "pct-over-100": "R57E106",
    "pct-as-text": "R57E103",
    "bad-task-id": "R57E107",
    "bad-enum": "R57E109",
    "bool-yes": "R57E109",
    "title-not-bilingual": "R57E102",
    "milestones-not-list": "R57E103",
}


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(ROOT / "schemas") == []


def test_stale_schema_is_detected(tmp_path: Path, r57: Callable[..., Any]) -> None:
    assert r57("schema", "--out", str(tmp_path)).code == 0
    assert r57("schema", "--out", str(tmp_path), "--check").code == 0
    (tmp_path / "task.schema.json").write_text("{}", encoding="utf-8")
    res = r57("schema", "--out", str(tmp_path), "--check")
    assert res.code == 1
    assert "task.schema.json: stale" in res.err


def test_schemas_are_draft_2020_12() -> None:
    for name in SCHEMA_MODELS:
        doc = json.loads(schema_text(name))
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert doc["additionalProperties"] is False


def test_corpus_covers_every_case() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_r57_rejects_broken_file(name: str, plan: Plan, r57: Callable[..., Any]) -> None:
    shutil.copy(CORPUS / f"{name}.yaml", plan.dir / "tasks" / "ndta" / "T-001.yaml")
    res = r57("validate", "--plan", str(plan.dir), "--format", "json", "--no-cache")
    assert res.code == 1
    found = {d["code"] for d in json.loads(res.out)["diagnostics"]}
    assert EXPECTED[name] in found


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(ROOT / "schemas" / schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


needs_checker = pytest.mark.skipif(
    not CHECK_JSONSCHEMA.exists(),
    reason="check-jsonschema is not installed (pip install -e .[dev])",
)


@needs_checker
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_independent_validator_rejects_broken_file(name: str) -> None:
    result = _check_jsonschema("task.schema.json", CORPUS / f"{name}.yaml")
    assert result.returncode != 0, result.stdout


@needs_checker
def test_independent_validator_accepts_bundled_plan() -> None:
    plan = ROOT / "plan286"
    assert _check_jsonschema("plan.schema.json", plan / "plan.yaml").returncode == 0
    assert _check_jsonschema("units.schema.json", plan / "units.yaml").returncode == 0
    tasks = sorted((plan / "tasks").glob("*/*.yaml"))
    result = _check_jsonschema("task.schema.json", *tasks)
    assert result.returncode == 0, result.stdout + result.stderr
