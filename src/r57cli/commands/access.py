"""`r57 codeowners` and `r57 allowed-signers`: access files generated from units.yaml."""

from __future__ import annotations

import difflib
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.options import LangOpt, PlanOpt
from r57cli.errors import ExitCode, R57Error

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace

CODEOWNERS_SHORT = "Write CODEOWNERS from units.yaml (--check: fail when it is stale)."
SIGNERS_SHORT = "Write the SSH allowed-signers file from units.yaml."

STDOUT = Path("-")
MAX_DIFF_LINES = 20
SIGNERS_SETTING = "gpg.ssh.allowedSignersFile"

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file; - for standard output."),
]
CheckOpt = Annotated[
    bool,
    typer.Option("--check", help="Write nothing; exit 1 when the file is stale or missing."),
]


def say(key: str, **fields: Any) -> str:
    """The sentence `key`, with the catalogue loaded only when one is said (not for
    `--help`: the root help builds this module)."""
    from r57cli.locale.texts import say as sentence

    return sentence(key, **fields)


def codeowners(
    plan: PlanOpt = None, output: OutputOpt = None, check: CheckOpt = False, lang: LangOpt = None
) -> None:
    """Write CODEOWNERS from units.yaml, so that GitHub asks the right people to review.

    Each unit's members own its task folder (leader, focal person, then the others);
    admins (roles: [admin]) own everything else: the workflows, CODEOWNERS itself,
    plan.yaml and units.yaml. When plan.yaml sets policy.co_units_may_update, a task
    shared with co-operating units is owned by their members too. A person is named by
    their `github` user name, else by their first e-mail.

    Writes <repository root>/.github/CODEOWNERS unless -o is given (-o - prints it).
    Run it again, and commit the result, whenever units.yaml changes; a CI step runs
    `r57 codeowners --check` to catch a file that was not regenerated.

    Exit codes: 0 written (or current, with --check), 1 stale or missing (--check),
    2 usage or environment error (no plan, not a git repository, cannot write), 3
    internal error.
    """
    from r57cli.gate import accessfiles as access

    ws = _workspace(plan, lang)
    tasks = _tasks(ws) if access.co_units_may_update(ws.plan_data) else {}
    text = access.codeowners(ws.plan_rel, _units(ws), ws.plan_data, tasks)
    if output == STDOUT:
        if check:
            raise R57Error(say("access-check-stdout"))
        _print(text)
        return
    target = output if output is not None else ws.repo.root / ".github" / "CODEOWNERS"
    fix = _command("r57 codeowners", plan, output)
    if check:
        raise typer.Exit(_check(target, text, fix))
    _write(target, text, make_parent=output is None)


def allowed_signers(
    plan: PlanOpt = None,
    output: OutputOpt = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 when the file (-o or --git-config) is stale or missing.",
        ),
    ] = False,
    git_config: Annotated[
        bool,
        typer.Option(
            "--git-config",
            help=f"Write <git dir>/r57/allowed_signers and point {SIGNERS_SETTING} at it.",
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Write the SSH allowed-signers file from units.yaml: who may sign commits, with
    which keys.

    One line per public key in the ssh_keys of the people in units.yaml, with the
    person's e-mails as its principals, so git names the person of a good signature and
    the pull-request gate can tell who signed. Key comments are left out.

    Prints the file unless -o PATH is given. --git-config writes it into this clone's git
    directory and sets the repository's gpg.ssh.allowedSignersFile to it, so that
    `git log --show-signature` and `git verify-commit` check signatures against
    units.yaml. Run it again whenever units.yaml changes.

    Exit codes: 0 written (or current, with --check), 1 stale or missing (--check),
    2 usage or environment error (no plan, not a git repository, cannot write), 3
    internal error.
    """
    from r57cli.gate import accessfiles as access

    # The plan first, so that even a wrong pair of options is answered in its language.
    ws = _workspace(plan, lang)
    if git_config and output is not None:
        raise R57Error(say("access-output-or-config"))
    if check and (output is None or output == STDOUT) and not git_config:
        raise R57Error(say("access-check-needs-file"))
    text = access.allowed_signers(_units(ws))
    if git_config:
        _git_config(ws, text, check)
    elif output is None or output == STDOUT:
        _print(text)
    elif check:
        raise typer.Exit(_check(output, text, _command("r57 allowed-signers", plan, output)))
    else:
        _write(output, text, make_parent=False)
        _warn_if_keyless(text)


# ------------------------------------------------------------------------- helpers


def _workspace(plan: Path | None, lang: Any = None) -> Workspace:
    from r57cli.locale.texts import set_language
    from r57cli.plan.workspace import Workspace

    set_language(lang.value if lang else None)  # "no plan found" in the chosen language
    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)  # --lang, R57_LANG, the plan's
    return ws


def _units(ws: Workspace) -> dict[str, Any]:
    # Nothing to go on would mean an empty file, which takes everyone's access away:
    # refuse instead, and let the validator say what is wrong with units.yaml.
    if not ws.units_data:
        raise R57Error(say("access-no-units", path=_shown(ws.plan_dir / "units.yaml")))
    return {"units": ws.units_data}


def _tasks(ws: Workspace) -> dict[str, Any]:
    """Each task file's plan-relative path and parsed content; one that cannot be read or
    parsed is left out (r57 validate reports it)."""
    from r57cli.gate.accessfiles import load_task
    from r57cli.plan.planfile import read_plan_file

    found: dict[str, Any] = {}
    for path in ws.task_ids().values():
        raw, _problem = read_plan_file(ws.plan_dir, path)
        if raw is not None:
            found[path] = load_task(raw)
    return found


def _git_config(ws: Workspace, text: str, check: bool) -> None:
    common = ws.repo.run("rev-parse", "--git-common-dir").stdout.strip()
    target = (ws.repo.root / common).resolve() / "r57" / "allowed_signers"
    fix = "r57 allowed-signers --git-config"
    if check:
        code = _check(target, text, fix)
        setting = ws.repo.run("config", "--local", "--get", SIGNERS_SETTING, check=False)
        if code == ExitCode.OK and setting.stdout.strip() != str(target):
            typer.echo(
                say("access-setting-elsewhere", setting=SIGNERS_SETTING, target=target, fix=fix),
                err=True,
            )
            code = ExitCode.INVALID
        raise typer.Exit(code)
    _write(target, text, make_parent=True)
    ws.repo.run("config", "--local", SIGNERS_SETTING, str(target))
    typer.echo(say("access-setting-set", setting=SIGNERS_SETTING, fix=fix))
    _warn_if_keyless(text)


def _warn_if_keyless(text: str) -> None:
    if not any(line and not line.startswith("#") for line in text.splitlines()):
        typer.echo(say("access-no-keys"), err=True)


def _check(target: Path, text: str, fix: str) -> int:
    """Compare the file with what it should hold and say so; the exit code."""
    shown = _shown(target)
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise R57Error(say("access-cannot-read", path=shown, reason=exc.strerror or exc)) from None
    if current == text.encode("utf-8"):
        typer.echo(say("access-current", path=shown))
        return ExitCode.OK
    if current is None:
        typer.echo(say("access-missing", path=shown, fix=fix), err=True)
        return ExitCode.INVALID
    old = current.decode("utf-8", "replace").splitlines()
    diff = list(
        difflib.unified_diff(
            old, text.splitlines(), f"{shown} (now)", f"{shown} (generated)", n=1, lineterm=""
        )
    )
    for line in diff[:MAX_DIFF_LINES]:
        typer.echo(line, err=True)
    if len(diff) > MAX_DIFF_LINES:
        typer.echo(say("access-more-lines", count=len(diff) - MAX_DIFF_LINES), err=True)
    typer.echo(say("access-stale", path=shown, fix=fix), err=True)
    return ExitCode.INVALID


def _write(target: Path, text: str, *, make_parent: bool) -> None:
    """Write the file whole or not at all (temp file, then rename), and say so."""
    from r57cli.record.durable import write_atomically

    shown = _shown(target)
    data = text.encode("utf-8")
    try:
        unchanged = target.is_file() and target.read_bytes() == data
    except OSError:
        unchanged = False
    if unchanged:
        typer.echo(say("access-unchanged", path=shown))
        return
    try:
        if make_parent:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError as exc:
        raise R57Error(say("access-cannot-write", path=shown, reason=exc.strerror or exc)) from None
    typer.echo(say("access-wrote", path=shown))


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `r57 allowed-signers | head`: the reader left early; keep the final flush quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _command(name: str, plan: Path | None, output: Path | None) -> str:
    """The command line that regenerates the file, with the options this run was given."""
    parts = [name]
    if plan is not None:
        parts += ["--plan", shlex.quote(str(plan))]
    if output is not None:
        parts += ["-o", shlex.quote(str(output))]
    return " ".join(parts)


def _shown(path: Path) -> Path:
    """A path as short as it can be said: relative to the current folder when inside it."""
    try:
        return (Path.cwd() / path).relative_to(Path.cwd())
    except (ValueError, OSError):
        return path
