"""r57's own --help texts in Vietnamese (the `r57-help` domain), and English help unchanged.

The English help of every command is compared with tests/snapshots/help_en/, written from the
code before the translation existed (R57_UPDATE_SNAPSHOTS=1 rewrites them)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

R57 = Callable[..., Any]
SNAPSHOTS = Path(__file__).parent / "snapshots" / "help_en"


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of r57, as the words after `r57` ((): r57 itself)."""
    import typer

    from r57cli.cli import app

    out: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        out.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return out


PATHS = command_paths()


def _name(path: tuple[str, ...]) -> str:
    return "-".join(("r57", *path))


@pytest.fixture
def help_of(r57: R57, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """`r57 PATH... --help` in-process, 100 columns wide, with R57_LANG as given."""
    monkeypatch.setenv("COLUMNS", "100")

    def run(path: tuple[str, ...], *extra: str, env_lang: str | None = None) -> str:
        if env_lang is None:
            monkeypatch.delenv("R57_LANG", raising=False)
        else:
            monkeypatch.setenv("R57_LANG", env_lang)
        res = r57(*extra, *path, "--help")
        assert res.code == 0, res.err
        return str(res.out)

    return run


@pytest.mark.parametrize("path", PATHS, ids=_name)
def test_english_help_is_unchanged(help_of: Callable[..., str], path: tuple[str, ...]) -> None:
    text = help_of(path)
    snapshot = SNAPSHOTS / f"{_name(path)}.txt"
    if os.environ.get("R57_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")
