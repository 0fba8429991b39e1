"""`r57 completion`: tab completion of commands, options, task IDs and unit IDs, through
Typer's own completion machinery (the shell calls r57 back with _R57_COMPLETE set)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


SHORT = "Print or install shell tab completion (task and unit IDs included)."


def command(
    shell: Annotated[Shell, typer.Argument(help="Your shell.")] = Shell.bash,
    install: Annotated[
        bool, typer.Option("--install", help="Add it to the shell's start-up file.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Print the tab-completion script for your shell, or --install it.

    Then `r57 update T-0<Tab>` offers the plan's task IDs, and `--unit <Tab>` its units.
    To try it in the current bash session: eval "$(r57 completion bash)".
    """
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    from r57cli.locale.texts import say, set_language

    set_language(lang.value if lang else None)
    if install:
        name, path = install_script(
            shell=shell.value, prog_name="r57", complete_var="_R57_COMPLETE"
        )
        typer.echo(say("completion-installed", shell=name, path=path))
        return
    typer.echo(
        get_completion_script(prog_name="r57", complete_var="_R57_COMPLETE", shell=shell.value)
    )
