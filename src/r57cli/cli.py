"""Builds the Typer app, registers the commands, and maps exceptions to exit codes. No logic."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Protocol, runtime_checkable

import typer

from r57cli import __version__
from r57cli.commands import schema as schema_cmd
from r57cli.commands import staff as staff_cmd
from r57cli.commands import validate as validate_cmd
from r57cli.errors import ExitCode, R57Error

HELP = (
    "r57 runs a ministry's action plan from a git repository.\n\n"
    "Tasks, deadlines, owners, milestones, blockers and resource requests live as YAML "
    "files; r57 checks them and (in later versions) records progress and builds weekly "
    "and monthly reports.\n\n"
    "Exit codes: 0 success, 1 the plan is invalid, 2 usage or environment error, 3 "
    "internal error."
)

app = typer.Typer(
    name="r57",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"r57 {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """r57 runs a ministry's action plan from a git repository."""


app.command(name="validate", help=validate_cmd.HELP, short_help=validate_cmd.SHORT)(
    validate_cmd.command
)
app.command(name="schema", help=schema_cmd.HELP, short_help=schema_cmd.SHORT)(schema_cmd.command)
for _name, _function in staff_cmd.COMMANDS.items():
    app.command(name=_name)(_function)


@runtime_checkable
class _UsageError(Protocol):
    """Click's UsageError and its kin, whether typer uses click or its vendored copy of it
    (typer 0.29 ships `typer._click` and no longer depends on click), matched by shape."""

    exit_code: int

    def show(self) -> None: ...


class _HelpNames:
    help_option_names = ("-h", "--help")


def _light_help(command: object) -> None:
    """Typer 0.29 coerces every parsed flag through a pydantic TypeAdapter, built on first
    use; for the --help flag alone that imports pydantic and costs ~90 ms of `r57 x --help`.
    The flag is a plain bool, so give it typer's pass-through coercion up front. If typer's
    internals move, this does nothing and help is merely slower."""
    try:
        from typer._coercion import PassThroughRuntimeParam

        for cmd in (command, *getattr(command, "commands", {}).values()):
            option = cmd.get_help_option(_HelpNames())
            if option is not None and getattr(option, "_runtime_param", 0) is None:
                option._runtime_param = PassThroughRuntimeParam(
                    parameter_info=option.type_descriptor.parameter_info, annotation=bool
                )
    except (ImportError, AttributeError, TypeError):
        pass


def run(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with r57's exit codes; never show a Python traceback."""
    # A console that cannot encode ✓ or Vietnamese (a Windows pipe, PYTHONIOENCODING=ascii)
    # must degrade to escapes, not crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    command = typer.main.get_command(app)
    _light_help(command)
    try:
        code = command.main(args=argv, prog_name="r57", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        code = ExitCode.INTERRUPTED
    except R57Error as exc:
        typer.echo(f"r57: error: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # the one place that turns bugs into exit 3
        if isinstance(exc, _UsageError):
            exc.show()
            code = ExitCode.USAGE
        elif os.environ.get("R57_DEBUG"):
            raise
        else:
            typer.echo(
                f"r57: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in r57. Run again with R57_DEBUG=1 for details and report it.",
                err=True,
            )
            code = ExitCode.INTERNAL
    sys.exit(int(code) if isinstance(code, int) else 0)
