"""`r57 signing setup`: make commits signed with an SSH key, as plans with
policy.require_signed_commits (the default) ask."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from r57cli.commands.options import group_lang
from r57cli.commands.validate import LangOption
from r57cli.errors import R57Error
from r57cli.locale.texts import say

SHORT = "Set git up to sign your commits with an SSH key (makes one if needed)."

app = typer.Typer(
    name="signing",
    help="Commit signatures: set git up to sign with an SSH key.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.callback()(group_lang)

DEFAULT_KEY = Path("~/.ssh/id_ed25519")


@app.command("setup", short_help=SHORT)
def setup(
    key: Annotated[
        Path | None,
        typer.Option("--key", help="Sign with this existing key (private or .pub)."),
    ] = None,
    global_: Annotated[
        bool,
        typer.Option("--global", help="Set it up for every repository of this user."),
    ] = False,
    email: Annotated[
        str | None,
        typer.Option("--email", help="Your e-mail in units.yaml (default: git's user.email)."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Set git up to sign your commits with an SSH key: gpg.format ssh, user.signingkey
    and commit.gpgsign true, in this clone (or with --global, for all of them).

    Without --key, uses ~/.ssh/id_ed25519, and makes it with ssh-keygen (no passphrase;
    add one with `ssh-keygen -p -f PATH`) when there is none; an existing key is never
    overwritten. Prints the public line to send to the plan's admin, and the ssh_keys
    entry for your member in units.yaml.

    Exit codes: 0 set up, 2 usage or environment error (no ssh-keygen, not a git
    repository, unreadable key), 3 internal error.
    """
    from r57cli.git import signing
    from r57cli.locale.texts import set_language

    set_language(lang.value if lang else None, _plan_language())
    signing.ssh_keygen()
    root = None if global_ else signing.repo_root(Path.cwd())
    address = email or signing.configured_email(root) or "you@example.gov.vn"
    if key is not None:
        path = key.expanduser()
        if not path.is_file():
            raise R57Error(say("signing-key-missing", path=path))
        made = False
    else:
        path = DEFAULT_KEY.expanduser()
        made = not path.is_file()
        if made:
            signing.make_key(path, address)
    line = signing.public_line(path)  # before saying it is used: it may be no key at all
    typer.echo(say("signing-key-created" if made else "signing-key-used", path=path))
    pub = path if path.name.endswith(".pub") else path.with_name(path.name + ".pub")
    signing.configure(root, pub if pub.is_file() else path)
    where = say("signing-where-global") if root is None else str(root)
    typer.echo(say("signing-configured", where=where))
    typer.echo(say("signing-send-admin"))
    typer.echo(f"    {line}")
    typer.echo(say("signing-snippet", email=address))
    typer.echo(f"        ssh_keys:\n          - {line}")


def _plan_language() -> str | None:
    """The plan's language when run inside a plan repository ("Default: the plan's"), so a
    Vietnamese plan's people are answered in Vietnamese; None elsewhere."""
    from r57cli.plan.workspace import Workspace

    try:
        return Workspace.find(None).language
    except (R57Error, OSError, ValueError):
        return None
