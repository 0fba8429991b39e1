"""Builds the Typer app, registers the commands, and maps exceptions to exit codes. No logic."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, Protocol, runtime_checkable

import typer

from r57cli import __version__
from r57cli.commands import access as access_cmd
from r57cli.commands import check as check_cmd
from r57cli.commands import completion as completion_cmd
from r57cli.commands import demo as demo_cmd
from r57cli.commands import importing as import_cmd
from r57cli.commands import init as init_cmd
from r57cli.commands import listing as listing_cmd
from r57cli.commands import log as log_cmd
from r57cli.commands import planedit as planedit_cmd
from r57cli.commands import remind as remind_cmd
from r57cli.commands import report as report_cmd
from r57cli.commands import schedule as schedule_cmd
from r57cli.commands import schema as schema_cmd
from r57cli.commands import show as show_cmd
from r57cli.commands import signing as signing_cmd
from r57cli.commands import staff as staff_cmd
from r57cli.commands import units as units_cmd
from r57cli.commands import validate as validate_cmd
from r57cli.errors import ExitCode, R57Error
from r57cli.locale.messages import printable
from r57cli.locale.texts import say, set_language

HELP = (
    "r57 runs a ministry's action plan from a git repository.\n\n"
    "Tasks, deadlines, owners, milestones, blockers and resource requests live as YAML "
    "files in a git repository. r57 checks them, records each progress report as one "
    "git commit, and builds the weekly and monthly reports from that history.\n\n"
    "Exit codes: 0 success, 1 the plan is invalid, 2 usage or environment error, 3 "
    "internal error."
)
HELP_OPTION_NAMES = ("-h", "--help")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"r57 {__version__}")
        raise typer.Exit(0)


# The last `--lang` of the command line being run (set by run() before parsing).
_LAST_LANG: str | None = None


def _lang(value: str | None) -> str | None:
    """`r57 --lang vi ...`: the language of help and of every subcommand's output; eager, so
    that it is set before --help prints. A subcommand's own --lang still wins."""
    if value is not None:
        if value not in ("en", "vi"):
            raise typer.BadParameter(f"{value!r} is not one of 'en', 'vi'.")
        # The last --lang on the line wins: `r57 --lang en report --lang vi` is Vietnamese.
        chosen = _LAST_LANG or value
        os.environ["R57_LANG"] = chosen
        set_language(chosen)
    return value


def main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="[en|vi]",
            callback=_lang,
            is_eager=True,
            help="Message language: en or vi. Default: R57_LANG, else the plan's.",
        ),
    ] = None,
) -> None:
    """r57 runs a ministry's action plan from a git repository."""


# name -> (function, short help, long help); the order is the order `r57 --help` lists them.
COMMANDS: dict[str, tuple[Callable[..., None], str | None, str | None]] = {
    "init": (init_cmd.command, init_cmd.SHORT, init_cmd.HELP),
    "import": (import_cmd.command, import_cmd.SHORT, import_cmd.HELP),
    "validate": (validate_cmd.command, validate_cmd.SHORT, validate_cmd.HELP),
    "check": (check_cmd.command, check_cmd.SHORT, check_cmd.HELP),
    **{name: (function, None, None) for name, function in staff_cmd.COMMANDS.items()},
    **{name: (function, None, None) for name, function in schedule_cmd.COMMANDS.items()},
    "assign": (planedit_cmd.assign, planedit_cmd.ASSIGN_SHORT, None),
    "show": (show_cmd.command, show_cmd.SHORT, None),
    "list": (listing_cmd.command, listing_cmd.SHORT, None),
    "log": (log_cmd.command, log_cmd.SHORT, None),
    "report": (report_cmd.command, report_cmd.SHORT, None),
    "remind": (remind_cmd.command, remind_cmd.SHORT, None),
    "codeowners": (access_cmd.codeowners, access_cmd.CODEOWNERS_SHORT, None),
    "allowed-signers": (access_cmd.allowed_signers, access_cmd.SIGNERS_SHORT, None),
    "schema": (schema_cmd.command, schema_cmd.SHORT, schema_cmd.HELP),
    "completion": (completion_cmd.command, completion_cmd.SHORT, None),
    "demo": (demo_cmd.command, demo_cmd.SHORT, demo_cmd.HELP),
}
# name -> a group of subcommands (`r57 signing setup`), listed after the commands.
GROUPS: dict[str, typer.Typer] = {
    "task": planedit_cmd.app,
    "signing": signing_cmd.app,
    "unit": units_cmd.app,
}


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the one about to run: typer inspects each
    command's signature to build it, and 16 commands cost ~40 ms of every run."""
    application = typer.Typer(
        name="r57",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": list(HELP_OPTION_NAMES)},
    )
    application.callback()(main)
    for name, (function, short, long) in COMMANDS.items():
        if only is None or name == only:
            application.command(name=name, help=long, short_help=short)(function)
    for name, group in GROUPS.items():
        if only is None or name == only:
            application.add_typer(group, name=name)
    return application


app = build_app()


@runtime_checkable
class _UsageError(Protocol):
    """Click's UsageError and its kin, whether typer uses click or its vendored copy of it
    (typer 0.29 ships `typer._click` and no longer depends on click), matched by shape."""

    exit_code: int

    def show(self) -> None: ...


class _HelpNames:
    help_option_names = HELP_OPTION_NAMES


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
        # The root --lang is a plain str that its callback checks: no TypeAdapter either.
        for param in getattr(command, "params", ()):
            if param.name == "lang" and getattr(param, "_runtime_param", 0) is None:
                param._runtime_param = PassThroughRuntimeParam(
                    parameter_info=param.type_descriptor.parameter_info, annotation=str
                )
    except (ImportError, AttributeError, TypeError):
        pass


def _command_at(args: list[str]) -> int:
    """Where the command's name is: after the root's own `--lang X` (or `--lang=X`)."""
    i = 0
    while i < len(args):
        if args[i] == "--lang":
            i += 2
        elif args[i].startswith("--lang="):
            i += 1
        else:
            break
    return i


def _help_lang(args: list[str]) -> str | None:
    """The language help is shown in: the last `--lang` on the command line (the root's or
    the command's; a command's --lang is not eager, so click would print --help before
    reading it), else R57_LANG."""
    lang = None
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg[len("--lang=") :]
        if value in ("en", "vi"):
            lang = value
    return lang


def _error_prefix() -> str:
    """The prefix "r57: error:" in the run's language (the plan's, once the command has read it)."""
    from r57cli.locale.texts import say

    return say("error-prefix")


def _plain(exc: object, message: str, args: list[str]) -> str:
    """A bad option value in r57's plain words, with the value given and a good example."""
    from r57cli.locale.clickwords import option_value, plain

    names = list(getattr(getattr(exc, "param", None), "opts", None) or [])
    if not names:
        return message
    value = option_value(args, names)
    option = max(names, key=len)
    return plain(message, option, printable(value) if value is not None else None)


def _plan_language(args: list[str]) -> str | None:
    """The plan's language, for an error said before the command read the plan (a bad
    option value): a Vietnamese plan is answered in Vietnamese. None when there is no plan."""
    from pathlib import Path

    from r57cli.locale.clickwords import option_value
    from r57cli.plan.workspace import Workspace

    chosen = option_value(args, ["--plan", "-p"]) or os.environ.get("R57_PLAN")
    try:
        return Workspace.find(Path(chosen) if chosen else None).language
    except (R57Error, OSError, ValueError):
        return None


def _group_help(exc: Any, args: list[str]) -> int:
    """`r57` or `r57 unit` alone: click raises its NoArgsIsHelpError, whose message is the
    group's help; shown as a usage error it came out as one escaped line after "Error:".
    Show the help itself, in the help's language, on stderr with exit 2 as click does."""
    from r57cli.locale.clickwords import set_help_language

    lang = _help_lang(args) or os.environ.get("R57_LANG")
    ctx = exc.ctx
    if lang == "vi":
        from r57cli.locale.helptexts import translate

        set_help_language(lang)
        translate(ctx.command, "vi", HELP_OPTION_NAMES)
    typer.echo(ctx.get_help(), err=True)
    return ExitCode.USAGE


def _missing_command(exc: Any) -> bool:
    """`r57 --lang vi` or `r57 unit --lang vi`: a group given only options and no command,
    which is `r57 unit` alone with a language; click calls it a usage error."""
    from r57cli.locale.clickwords import translate

    message = getattr(exc, "message", None)
    return getattr(exc, "ctx", None) is not None and message in (
        "Missing command.",
        translate("Missing command.", "vi"),
    )


def run(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with r57's exit codes; never show a Python traceback, not even
    for a Ctrl-C that lands while the command tree is still being built."""
    lang = os.environ.get("R57_LANG", "")
    if lang.strip().lower() in ("en", "vi") and lang != lang.strip().lower():
        os.environ["R57_LANG"] = lang.strip().lower()  # R57_LANG=VI, as a person may set it
    try:
        _run(argv)
    except KeyboardInterrupt:
        set_language(_help_lang(sys.argv[1:] if argv is None else argv))  # --lang, R57_LANG
        typer.echo(say("interrupted"), err=True)
        sys.exit(ExitCode.INTERRUPTED)


def _run(argv: list[str] | None) -> None:
    # A console that cannot encode ✓ or Vietnamese (a Windows pipe, PYTHONIOENCODING=ascii)
    # must degrade to escapes, not crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if os.environ.get("_R57_COMPLETE"):
        # The shell asks for completions (see `r57 completion`). Typer registers its shell
        # classes only for apps with --install-completion, which r57 leaves out for speed.
        from typer._completion_classes import completion_init

        completion_init()
    args = sys.argv[1:] if argv is None else argv
    completing = bool(os.environ.get("_R57_COMPLETE"))
    at = _command_at(args)
    known = at < len(args) and (args[at] in COMMANDS or args[at] in GROUPS)
    only = args[at] if known and not completing else None
    if only == "report":
        args = [*args[: at + 1], *report_cmd.optional_values(args[at + 1 :])]
    command = typer.main.get_command(app if only is None else build_app(only))
    _light_help(command)
    from r57cli.locale.clickwords import install, set_help_language

    install()
    saved_lang = os.environ.get("R57_LANG")
    global _LAST_LANG
    chosen = _LAST_LANG = _help_lang(args)
    if chosen in ("en", "vi"):
        # The last --lang on the line (the root's or the command's) holds from the start, so
        # what is said before the command reads its own options (no plan found, a bad
        # option value) is in that language too.
        os.environ["R57_LANG"] = chosen
    # Until the command reads the plan: --lang, else R57_LANG, else English (never the
    # language an earlier in-process run left behind).
    set_language(chosen)
    if not args or completing or "-h" in args or "--help" in args:
        # Help may be shown (or completion descriptions): in Vietnamese, r57's own help texts
        # too. English does no work here, so its help and start-up stay as they were.
        lang = _help_lang(args) or os.environ.get("R57_LANG")
        set_help_language(lang)
        if lang == "vi":
            from r57cli.locale.helptexts import translate

            translate(command, "vi", HELP_OPTION_NAMES)
    try:
        code = command.main(args=args, prog_name="r57", standalone_mode=False)
        if code == ExitCode.INTERRUPTED:
            # Typer turns a Ctrl-C inside the command into a silent exit 130 (r57 exits 130
            # for nothing else): say it, as for one anywhere else.
            typer.echo(say("interrupted"), err=True)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        typer.echo(say("aborted"), err=True)
        code = ExitCode.INTERRUPTED
    except R57Error as exc:
        # Each line escaped: no argument echoed back can carry a control character to the log.
        shown = "\n".join(printable(line) for line in str(exc).split("\n"))
        typer.echo(f"{_error_prefix()} {shown}", err=True)
        code = exc.exit_code
    except OSError as exc:
        # The machine, not r57: a full disk, a read-only folder, a permission. Say which
        # file and why; R57_DEBUG shows the trace.
        if os.environ.get("R57_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        from r57cli.locale.texts import os_reason

        typer.echo(f"{_error_prefix()} {where}{os_reason(exc)}", err=True)
        code = ExitCode.USAGE
    except KeyboardInterrupt:
        typer.echo(say("interrupted"), err=True)
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # the one place that turns bugs into exit 3
        if type(exc).__name__ == "NoArgsIsHelpError" or _missing_command(exc):
            code = _group_help(exc, args)
        elif isinstance(exc, _UsageError):
            # Click echoes the bad value (`--format $'x\ny'`): escape it, one line stays one.
            if isinstance(getattr(exc, "message", None), str):
                exc.message = _plain(exc, printable(exc.message), args)  # type: ignore[attr-defined]
            lang = os.environ.get("R57_LANG") or _plan_language(args)
            if lang == "vi" and hasattr(exc, "format_message"):
                from r57cli.locale.clickwords import usage_error

                typer.echo(usage_error(exc, lang), err=True)
            else:
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
    finally:
        _LAST_LANG = None
        set_help_language(None)
        # `r57 --lang` passes the language to the subcommand through R57_LANG; an in-process
        # caller (the tests) gets its environment back as it was.
        if saved_lang is None:
            os.environ.pop("R57_LANG", None)
        else:
            os.environ["R57_LANG"] = saved_lang
    sys.exit(int(code) if isinstance(code, int) else 0)
