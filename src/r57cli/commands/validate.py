"""`r57 validate`: check the whole plan and report every problem with its place."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from r57cli.errors import ExitCode, R57Error

if TYPE_CHECKING:
    from r57cli.validate.engine import ValidationResult

SHORT = "Check every plan file and report all problems with file:line:column."
HELP = (
    "Check every plan file and report all problems with file:line:column.\n\n"
    "Finds the plan folder (the one with plan.yaml) from the current directory, or takes "
    "--plan. Every problem is listed in one run, as `path:line:col: error R57Ennn: "
    "message`, with the source line, a ^ marker and how to fix it. Warnings never fail "
    "the run unless --strict.\n\n"
    "Exit codes: 0 valid (warnings allowed), 1 plan invalid, 2 usage or environment error "
    "(no plan found, unreadable path), 3 internal error."
)


class Format(StrEnum):
    text = "text"
    github = "github"
    json = "json"
    sarif = "sarif"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Lang(StrEnum):
    en = "en"
    vi = "vi"


# The options `r57 validate` and `r57 check` share, declared once.
PlanOption = Annotated[
    Path | None,
    typer.Option("--plan", "-p", envvar="R57_PLAN", help="The plan folder (holds plan.yaml)."),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="Output format. Default: github when GITHUB_ACTIONS=true, else text."
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", envvar="R57_LANG", help="Message language. Default: the plan's."),
]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color", help="Colour text output. auto: only on a terminal, honouring NO_COLOR."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write to this file, not stdout."),
]


def command(
    plan: PlanOption = None,
    fmt: FormatOption = None,
    strict: StrictOption = False,
    lang: LangOption = None,
    color: ColorOption = Color.auto,
    output: OutputOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not update the cache.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes for a cold run."),
    ] = None,
) -> None:
    from r57cli.plan.discovery import federation_folder, find_plan
    from r57cli.validate.engine import validate

    federation = federation_folder(Path.cwd(), plan)
    if federation is not None:
        from r57cli.validate.federation import validate_federation

        result = validate_federation(federation)
        emit(result, federation, fmt=fmt, lang=lang, color=color, output=output, strict=strict)
    plan_dir = find_plan(Path.cwd(), plan)
    result = validate(plan_dir, use_cache=not no_cache, jobs=jobs)
    emit(result, plan_dir, fmt=fmt, lang=lang, color=color, output=output, strict=strict)


def emit(
    result: ValidationResult,
    plan_dir: Path,
    *,
    fmt: Format | None,
    lang: Lang | None,
    color: Color,
    output: Path | None,
    strict: bool,
) -> None:
    """Render `result` in the chosen format to stdout or `output`, then exit with the
    verdict's code: the tail `r57 validate` and `r57 check` share."""
    from r57cli import __version__
    from r57cli.git.repo import repo_root
    from r57cli.render import RenderOptions, display_prefix, renderer
    from r57cli.render.table import terminal_width

    chosen = fmt or (Format.github if os.environ.get("GITHUB_ACTIONS") == "true" else Format.text)
    language = (lang.value if lang else None) or result.language or "en"
    if chosen in (Format.github, Format.sarif):
        base = repo_root(plan_dir) or Path.cwd()
    else:
        base = Path.cwd()
    use_color = color is Color.always or (
        color is Color.auto
        and output is None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )
    opts = RenderOptions(
        lang=language,
        color=use_color and chosen is Format.text,
        display_prefix=display_prefix(plan_dir, base),
        tool_version=__version__,
        strict=strict,
        width=terminal_width() if output is None and chosen is Format.text else 0,
    )
    text = renderer(chosen.value)(result, opts)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            from r57cli.locale.texts import os_reason, say

            raise R57Error(say("cannot-write-output", path=output, reason=os_reason(exc))) from None
    else:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # `r57 validate | head`: the reader left early. The verdict still sets the exit
            # code; point stdout at /dev/null so the interpreter's final flush stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(ExitCode.INVALID if result.failed(strict) else ExitCode.OK)
