"""`r57 init DIR`: make a new plan repository; asks in a terminal, takes options otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from r57cli.commands.options import Lang, LangOpt
from r57cli.errors import ExitCode

SHORT = "Make a new plan repository: plan.yaml, units.yaml, tasks/, the CI files."
HELP = (
    "Make a git repository in DIR (new or empty) for a new plan: DIR/plan/plan.yaml, "
    "units.yaml with the first unit and its coordinator (who is also the plan's admin), an "
    "empty tasks/ folder, the JSON schemas the files point to, .github/CODEOWNERS, "
    "allowed_signers, the CI workflows and .pre-commit-config.yaml, all in a first commit.\n\n"
    "In a terminal it asks for what the options do not give; otherwise every option without "
    "a default is needed. --force adds the plan to a folder with other things in it; r57 "
    "init never overwrites or deletes a file. Then add the units and run `r57 import`."
)


def _opt(name: str, help_text: str, metavar: str = "TEXT") -> Any:
    return typer.Option(name, help=help_text, metavar=metavar)


def command(
    target: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to make it: a new or empty folder.")
    ],
    number: Annotated[int | None, _opt("--number", "The plan's number, e.g. 286.", "N")] = None,
    symbol: Annotated[str | None, _opt("--symbol", "Its full symbol, e.g. 286/KH-BTTTT.")] = None,
    title_vi: Annotated[str | None, _opt("--title-vi", "The plan's title in Vietnamese.")] = None,
    title_en: Annotated[str | None, _opt("--title-en", "The plan's title in English.")] = None,
    body_vi: Annotated[str | None, _opt("--body-vi", "The issuing body in Vietnamese.")] = None,
    body_en: Annotated[str | None, _opt("--body-en", "The issuing body in English.")] = None,
    basis: Annotated[
        list[str] | None,
        _opt("--basis", "A document the plan implements, e.g. 57-NQ/TW (repeatable).", "REF"),
    ] = None,
    timezone: Annotated[
        str | None, _opt("--timezone", "Its time zone. Default: Asia/Ho_Chi_Minh.", "ZONE")
    ] = None,
    language: Annotated[
        Lang | None, typer.Option("--language", help="The plan's language. Default: vi.")
    ] = None,
    unit: Annotated[str | None, _opt("--unit", "The first unit's id, e.g. ndta.", "ID")] = None,
    unit_vi: Annotated[str | None, _opt("--unit-vi", "Its name in Vietnamese.")] = None,
    unit_en: Annotated[str | None, _opt("--unit-en", "Its name in English.")] = None,
    person: Annotated[
        str | None, _opt("--person", "Its coordinator's id, e.g. nguyen.van.an.", "ID")
    ] = None,
    person_name: Annotated[
        str | None, _opt("--person-name", "The coordinator's full name.")
    ] = None,
    email: Annotated[
        str | None, _opt("--email", "The e-mail the coordinator commits with.", "EMAIL")
    ] = None,
    folder: Annotated[
        str, _opt("--folder", "The plan's folder inside DIR. Default: plan.", "NAME")
    ] = "plan",
    force: Annotated[
        bool, typer.Option("--force", help="Add the plan to a folder that is not empty.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language
    from r57cli.record.commit import PlanWouldBreak
    from r57cli.start.newplan import InitError, NewPlan, Person, create

    chosen = language.value if language else None
    set_language(lang.value if lang else None, chosen or "vi")
    ask = _Asker(sys.stdin.isatty())
    plan_number = number if number is not None else ask.number("--number", "init-ask-number")
    values = {
        "title_vi": ask.text(title_vi, "--title-vi", "init-ask-title-vi"),
        "title_en": ask.text(title_en, "--title-en", "init-ask-title-en"),
        "body_vi": ask.text(body_vi, "--body-vi", "init-ask-body-vi"),
        "body_en": ask.text(body_en, "--body-en", "init-ask-body-en"),
    }
    if symbol is None and ask.terminal:
        symbol = ask.text(None, "--symbol", "init-ask-symbol", "", show_default=False) or None
    refs = list(basis or [])
    if not refs:
        given = ask.text(None, "--basis", "init-ask-basis")
        refs = [given] if given else []
    zone = timezone or (ask.text(None, "--timezone", "init-ask-timezone", "Asia/Ho_Chi_Minh"))
    if chosen is None:
        chosen = ask.text(None, "--language", "init-ask-language", "vi") or "vi"
    unit_id = ask.text(unit, "--unit", "init-ask-unit")
    names = (
        ask.text(unit_vi, "--unit-vi", "init-ask-unit-vi"),
        ask.text(unit_en, "--unit-en", "init-ask-unit-en"),
    )
    who = (
        ask.text(person, "--person", "init-ask-person"),
        ask.text(person_name, "--person-name", "init-ask-person-name"),
        ask.text(email, "--email", "init-ask-email"),
    )
    if ask.missing:
        raise InitError(rsay("init-missing", options=", ".join(ask.missing)))
    new = NewPlan(
        number=plan_number or 0,
        symbol=symbol,
        basis=refs,
        timezone=zone or "Asia/Ho_Chi_Minh",
        language=chosen,
        unit_id=unit_id or "",
        unit_vi=names[0] or "",
        unit_en=names[1] or "",
        person=Person(*(w or "" for w in who)),
        folder=folder,
        **{k: v or "" for k, v in values.items()},
    )
    set_language(lang.value if lang else None, chosen)
    try:
        made = create(target, new, force=force)
    except PlanWouldBreak as exc:
        # What the models let through and the validator does not (an e-mail's domain):
        # shown as `r57 validate` shows it, the files named as they would have been.
        from r57cli.locale.texts import language as run_language
        from r57cli.render import RenderOptions, display_prefix
        from r57cli.render.text import render_text

        typer.echo(str(exc), err=True)
        prefix = display_prefix(target / folder, Path.cwd())
        sys.stderr.write(
            render_text(exc.result, RenderOptions(lang=run_language(), display_prefix=prefix))
        )
        raise typer.Exit(ExitCode.INVALID) from None
    units = made.plan_dir / "units.yaml"
    typer.echo(rsay("init-done", path=target, files=len(made.files), sha=made.sha[:7], units=units))


class _Asker:
    """Each missing value: asked for in a terminal, and asked again with the reason until
    the answer passes the check of the option it stands for (start/newplan.py, the rules
    the settings are checked by at the end); else remembered as a missing option."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal
        self.missing: list[str] = []

    def text(
        self,
        value: str | None,
        option: str,
        key: str,
        default: str | None = None,
        *,
        show_default: bool = True,
    ) -> str:
        from r57cli.locale.reportwords import rsay

        if value is not None:
            return value
        if self.terminal:
            while True:
                answer: str = typer.prompt(rsay(key), default=default, show_default=show_default)
                if not _refused(option, answer.strip()):
                    return answer.strip()
        if default is None:
            self.missing.append(option)
        return default or ""

    def number(self, option: str, key: str) -> int | None:
        from r57cli.locale.reportwords import rsay

        if self.terminal:
            while True:
                answer: int = typer.prompt(rsay(key), type=int)
                if not _refused(option, answer):
                    return answer
        self.missing.append(option)
        return None


def _refused(option: str, answer: object) -> bool:
    """Whether the answer for `option` breaks a rule of the settings; if so, why, on stderr."""
    from r57cli.locale.reportwords import rsay
    from r57cli.start.newplan import answer_problem

    problem = answer_problem(option, answer)
    if problem is not None:
        typer.echo(rsay("init-ask-again", problem=problem), err=True)
    return problem is not None
