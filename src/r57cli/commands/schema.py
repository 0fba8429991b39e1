"""`r57 schema`: write the JSON Schemas generated from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt
from r57cli.errors import ExitCode, R57Error

SHORT = "Write the JSON Schemas for plan, units and task files."
HELP = (
    "Write the JSON Schemas (draft 2020-12) for plan.yaml, units.yaml and task files.\n\n"
    "Editors use them through the `# yaml-language-server: $schema=…` first line of each "
    "file. With --check, write nothing and exit 1 if the files in --out are missing or "
    "stale."
)


def command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the schemas to.")] = Path(
        "schemas"
    ),
    check: Annotated[
        bool, typer.Option("--check", help="Only check that the files are current.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    from r57cli.locale.texts import os_reason, say, set_language
    from r57cli.plan.schemas import stale_schemas, write_schemas

    set_language(lang.value if lang else None)  # --lang, else R57_LANG, else English

    if check:
        stale = stale_schemas(out)
        for name in stale:
            typer.echo(say("schema-stale", path=out / name, out=out), err=True)
        raise typer.Exit(ExitCode.INVALID if stale else ExitCode.OK)
    try:
        for path in write_schemas(out):
            typer.echo(say("schema-wrote", path=path))
    except OSError as exc:
        raise R57Error(say("schema-cannot-write", path=out, reason=os_reason(exc))) from None
