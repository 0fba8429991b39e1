"""The house stays readable: no module over 400 lines, and every capability package says in
its `__init__` docstring what the room is for (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "r57cli"
MAX_LINES = 400


def _too_long(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*.py"):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            found.append(f"{path.relative_to(root)}: {n} lines")
    return sorted(found)


def test_no_module_is_over_400_lines() -> None:
    assert _too_long(PACKAGE) == []


def test_the_size_rule_finds_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "big.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert _too_long(tmp_path) == [f"big.py: {MAX_LINES + 1} lines"]


def test_every_package_says_what_it_is_for() -> None:
    packages = sorted(p.parent for p in PACKAGE.rglob("__init__.py"))
    assert len(packages) >= 10
    silent = [
        str(p.relative_to(PACKAGE.parent))
        for p in packages
        if len(ast.get_docstring(ast.parse((p / "__init__.py").read_text())) or "") < 40
    ]
    assert silent == []
