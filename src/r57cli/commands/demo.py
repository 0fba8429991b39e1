"""`r57 demo DIR`: make a plan repository with a realistic history to try r57 on."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt

SHORT = "Make a demo plan repository with a realistic history of weekly reports."
HELP = (
    "Make a git repository in DIR (new or empty) holding the bundled Plan 286, reset to its "
    "kick-off on 5 February 2025, and a seeded history of weekly progress reports up to "
    "today: starts, updates, late reports, blockers raised and lifted, resource requests, "
    "early and late completions, each one a commit by a member of the task's unit, made "
    "the way `r57 update` makes it.\n\n"
    "The same --seed and --today give the same history, commit for commit. Then try "
    "`cd DIR && r57 report --week`."
)


def command(
    target: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to make it: a new or empty folder.")
    ],
    seed: Annotated[int, typer.Option("--seed", help="Another seed, another history.")] = 57,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="The last day of the history. Default: R57_TODAY, else today.",
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--from", help="The plan to use. Default: the bundled plan286/."),
    ] = None,
    national: Annotated[
        bool,
        typer.Option(
            "--national",
            help="Make a federation instead: the ministry and three provinces, each a plan "
            "repository with its own history, and a steering repository whose "
            "federation.yaml lists them (and one unreachable province).",
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    from r57cli.demo import replay as demo
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace, parse_date
    from r57cli.render.numbers import decimal

    plan = source if source is not None else demo.bundled_plan()
    set_language(lang.value if lang else None, Workspace(plan).language)
    day = parse_date(today, "--today") if today else demo.default_today(plan)
    if national:
        from r57cli.demo import national as federation

        with _bar(say("demo-progress")) as advance:
            made = federation.build(target, seed=seed, today=day, progress=advance)
        names = ", ".join(m[0] for m in made.members[1:])
        steer = _shell_path(made.steer)
        typer.echo(
            say("demo-national", path=target, provinces=names, steer=steer, r57=_r57_command())
        )
        return
    with _bar(say("demo-progress")) as advance:
        summary = demo.build(target, source=plan, seed=seed, today=day, progress=advance)
    typer.echo(
        say(
            "demo-built",
            path=target,
            commits=summary.commits,
            people=summary.people,
            first=summary.first,
            last=summary.last,
            late=summary.late,
            seconds=decimal(round(summary.seconds, 1)),  # 42,9 in Vietnamese
        )
    )
    from r57cli.commands.demoreports import write_week
    from r57cli.locale.reportwords import rsay

    files = write_week(summary.root, summary.plan_dir, summary.last, lang.value if lang else None)
    typer.echo(rsay("xl-demo-files", files=", ".join(_shell_path(f) for f in files)))
    typer.echo(say("demo-next", path=_shell_path(target), r57=_r57_command()))


@contextmanager
def _bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        job = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(job, completed=done, total=total)

        yield advance


def _r57_command() -> str:
    """The r57 that works when typed next: `r57` when the one on PATH is this one, else the
    full path of the script that ran (`make demo` runs .venv/bin/r57, rarely on PATH), else
    this Python with -m r57cli."""
    import os
    import shlex
    import shutil

    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    script = argv0 if argv0 is not None and argv0.stem == "r57" else None
    if script is None:
        beside = Path(sys.executable).parent / ("r57.exe" if os.name == "nt" else "r57")
        script = beside if beside.is_file() else None
    on_path = shutil.which("r57")
    if script is None:
        return f"{shlex.quote(sys.executable)} -m r57cli"
    try:
        if on_path is not None and Path(on_path).samefile(script):
            return "r57"
    except OSError:
        pass
    return shlex.quote(str(script.absolute()))


def _shell_path(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))
