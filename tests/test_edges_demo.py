"""Rough edges (issue 15): the demo's closing hint names an r57 that works when typed: `r57`
only when the r57 on PATH is the one that ran, else its full path, else `python -m r57cli`."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from r57cli.commands.demo import _r57_command


def script(folder: Path) -> Path:
    folder.mkdir(parents=True)
    path = folder / "r57"
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_the_script_that_ran_by_its_path_when_not_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = script(tmp_path / "proj" / ".venv" / "bin")
    monkeypatch.chdir(tmp_path / "proj")
    monkeypatch.setattr(sys, "argv", [".venv/bin/r57", "demo", ".demo"])  # as make demo runs it
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert _r57_command() == shlex.quote(str(ran))
    monkeypatch.setenv("PATH", f"{ran.parent}{os.pathsep}/usr/bin:/bin")
    assert _r57_command() == "r57"
    other = script(tmp_path / "elsewhere")
    monkeypatch.setenv("PATH", f"{other.parent}{os.pathsep}/usr/bin")
    assert _r57_command() == shlex.quote(str(ran))  # another r57 on PATH is not this one


def test_python_m_r57cli_when_there_is_no_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "bin" / "python3"
    python.parent.mkdir()
    python.symlink_to(sys.executable)
    monkeypatch.setattr(sys, "argv", ["/x/r57cli/__main__.py", "demo"])
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setenv("PATH", "/nonexistent")
    assert _r57_command() == f"{shlex.quote(str(python))} -m r57cli"
