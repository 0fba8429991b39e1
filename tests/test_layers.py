"""The house's layers are a contract: `lint-imports` keeps it, and breaks on an upward import.

The second test copies the package to a temporary folder, adds one import that goes upward,
and checks that lint-imports fails naming the two layers, so the guard itself is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="lint-imports is not installed")


def _lint(config_dir: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", str(config_dir / "pyproject.toml")],
        cwd=config_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_house_keeps_its_layers() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward", "layers"),
    [
        ("plan/model.py", "r57cli.report.views", ("r57cli.report", "r57cli.plan")),
        ("git/repo.py", "r57cli.plan.workspace", ("r57cli.plan", "r57cli.git")),
        ("report/period.py", "r57cli.gate.rules", ("r57cli.report", "r57cli.gate")),
    ],
)
def test_an_upward_import_breaks_the_contract(
    tmp_path: Path, module: str, upward: str, layers: tuple[str, str]
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "r57cli", src / "r57cli", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = src / "r57cli" / module
    target.write_text(target.read_text() + f"\nimport {upward}  # noqa: E402\n")
    result = _lint(tmp_path, src)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert all(layer in result.stdout for layer in layers), result.stdout
