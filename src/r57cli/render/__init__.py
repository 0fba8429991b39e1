"""Output formats for validation results. Each renderer only formats; nothing here checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from r57cli.locale.messages import printable

if TYPE_CHECKING:
    # Only a type here: importing the engine (pydantic and the checks) cost every command
    # that renders anything ~90 ms, r57 report and r57 remind included.
    from r57cli.validate.engine import ValidationResult


@dataclass(frozen=True, slots=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False
    # Prefix that turns a plan-relative path into what the reader should see.
    display_prefix: str = ""
    tool_version: str = ""
    strict: bool = False
    # The terminal's width for the text format: the fix and the summary wrap to it and the
    # snippet is windowed to it (0: lines whole). The first line of an entry never wraps.
    width: int = 0

    def shown(self, relpath: str) -> str:
        """The path as the reader should see it, with control characters escaped: a file
        name can contain a newline or an escape sequence."""
        return printable(f"{self.display_prefix}{relpath}")

    def fix_label(self) -> str:
        return "Cách sửa" if self.lang == "vi" else "Fix"


def display_prefix(plan_dir: Path, base: Path) -> str:
    """`plan_dir` relative to `base` (cwd or repository root), as a POSIX prefix."""
    try:
        rel = os.path.relpath(plan_dir.resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        rel = str(plan_dir.resolve())
    rel = rel.replace(os.sep, "/")
    return "" if rel == "." else rel.rstrip("/") + "/"


Renderer = Callable[["ValidationResult", RenderOptions], str]


def renderer(name: str) -> Renderer:
    if name == "text":
        from r57cli.render.text import render_text

        return render_text
    if name == "github":
        from r57cli.render.github import render_github

        return render_github
    if name == "json":
        from r57cli.render.jsonout import render_json

        return render_json
    if name == "sarif":
        from r57cli.render.sarif import render_sarif

        return render_sarif
    raise ValueError(name)
