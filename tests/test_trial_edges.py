"""Rough edges a demanding first user hit (trial of r57): each test failed before its fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Plan, Result


@pytest.mark.parametrize(
    ("args", "usage", "line"),
    [
        ((), "Usage: r57 [OPTIONS] COMMAND [ARGS]...", "Commands:"),
        (("unit",), "Usage: r57 unit [OPTIONS] COMMAND [ARGS]...", "merge"),
        (("task",), "Usage: r57 task [OPTIONS] COMMAND [ARGS]...", "add"),
        (("signing",), "Usage: r57 signing [OPTIONS] COMMAND [ARGS]...", "setup"),
    ],
)
def test_a_group_without_its_command_shows_its_help(
    r57: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], usage: str, line: str
) -> None:
    """`r57` or `r57 unit` alone showed the help as one escaped line (`\\n` between its
    lines) after an "Error:", not the help."""
    res = r57(*args, cwd=tmp_path)
    assert res.code == 2
    assert "\\n" not in res.err
    assert res.err.startswith(usage + "\n")
    assert "Error" not in res.err
    assert any(row.strip().startswith(line) for row in res.err.splitlines())


@pytest.mark.parametrize("args", [("--lang", "vi", "unit"), ("unit",)])
def test_a_group_without_its_command_shows_its_help_in_vietnamese(
    r57: Callable[..., Result],
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    monkeypatch.setenv("R57_LANG", "vi")
    res = r57(*args, cwd=plan.dir)
    assert res.code == 2
    assert res.err.startswith("Cách dùng: r57 unit")
    assert "Add a unit" not in res.err
    assert "Show this message" not in res.err
    assert "\\n" not in res.err
