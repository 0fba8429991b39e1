"""The benchmark plan generator: deterministic, and its output is a valid plan."""

from __future__ import annotations

import hashlib
from pathlib import Path

from r57cli.demo.genplan import main
from r57cli.validate.engine import validate


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_generated_plan_is_valid_and_deterministic(tmp_path: Path) -> None:
    assert main([str(tmp_path / "a"), "--tasks", "300", "--units", "7", "--seed", "5"]) == 0
    assert main([str(tmp_path / "b"), "--tasks", "300", "--units", "7", "--seed", "5"]) == 0
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert len(list((tmp_path / "a" / "tasks").iterdir())) == 7
    result = validate(tmp_path / "a", use_cache=False)
    assert result.files == 302
    assert result.diagnostics == []


def test_seed_changes_the_plan(tmp_path: Path) -> None:
    main([str(tmp_path / "a"), "--tasks", "50", "--seed", "1"])
    main([str(tmp_path / "b"), "--tasks", "50", "--seed", "2"])
    assert _digest(tmp_path / "a") != _digest(tmp_path / "b")
