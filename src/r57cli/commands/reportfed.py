"""`r57 report --federation FILE`: the national synthesis over every member's plan
repository (docs/federation.md). The same periods, formats and languages as a plan's report;
the members are the rows (--rollup: their departments), and a Members section says what was
fetched when and what went wrong. Exit code 4 when any member's figures are missing, old or
doubtful (the report is still written)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from r57cli.errors import R57Error


def folder(explicit: Path | None) -> Path | None:
    """The federation folder `--federation` names, or the one found where no plan is."""
    from r57cli.locale.reportwords import rsay
    from r57cli.plan.discovery import federation_folder

    found = federation_folder(Path.cwd(), explicit)
    if explicit is not None and found is None:
        raise R57Error(rsay("fed-not-found", path=str(explicit)))
    return found


def run(folder: Path, opts: dict[str, Any], chosen: Any, render: Any) -> None:
    """The report command's options (`opts`: its locals) over the federation at `folder`."""
    from r57cli.render.table import UNLIMITED, terminal_width

    output: Path | None = opts["output"]
    if chosen.value in ("xlsx", "docx", "pdf"):
        from r57cli.commands.reportout import is_terminal
        from r57cli.locale.reportwords import rsay

        if output is None or is_terminal(output):
            raise R57Error(rsay("xl-needs-file"))
    width = terminal_width() if output is None and not opts["wide"] else UNLIMITED
    lang = opts["lang"]
    national(
        folder,
        periods_args={
            k: opts[k] for k in ("week", "month", "at", "from_", "to", "weeks", "months")
        },
        units=opts["unit"],
        persons=opts["person"],
        rollup=opts["rollup"],
        against=opts["against"].value,
        output=output,
        offline=opts["offline"],
        accept=opts["accept"] or [],
        lang=lang.value if lang else None,
        render=lambda doc: render(doc, width),
        # Everything else the output depends on; --stamp's time is never kept.
        memo_key=None
        if opts["stamp"]
        else (
            chosen.value,
            opts["csv_table"].value,
            opts["csv_dialect"].value,
            opts["csv_bom"],
            width,
            opts["all_rows"] or output is not None,
        ),
        stamp=opts["stamp"],
        html=chosen.value == "html",
        encode=chosen.value == "json",
    )


def national(
    folder: Path,
    *,
    periods_args: dict[str, Any],
    units: list[str] | None,
    persons: list[str] | None,
    rollup: bool,
    against: str,
    output: Path | None,
    offline: bool,
    lang: str | None,
    render: Any,
    accept: list[str] | None = None,
    memo_key: tuple[Any, ...] | None = None,
    stamp: bool = False,
    html: bool = False,
    encode: bool = False,
) -> None:
    from r57cli.commands.periodopts import report_periods
    from r57cli.federation.members import cache_root, prepare
    from r57cli.federation.national import FederationSpace, build, worker
    from r57cli.federation.pool import Builder
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language
    from r57cli.render.report_json import document
    from r57cli.validate.federation import FEDERATION_FILE, checked_federation

    checked, raw, data = checked_federation(folder)
    if checked.errors or not isinstance(data, dict):
        first = next(d for d in checked.diagnostics if d.severity.value == "error")
        raise R57Error(
            rsay("fed-invalid", path=str(folder / FEDERATION_FILE), errors=checked.errors)
            + f"\n  {first.path}:{first.line}:{first.column}: {first.code}: {_words(first)}"
        )
    language = set_language(lang, str(data.get("language", "vi")))
    space = FederationSpace(folder, data=data)
    today = space.today()
    periods = report_periods(space, today, **periods_args)
    if html and len(periods) == 1 and periods[0].kind in ("week", "month"):
        # The page's burn-up and trend charts need a few periods before this one.
        from r57cli.commands.periodopts import week_start
        from r57cli.history.periods import run_of

        weekly = periods[0].kind == "week"
        periods = run_of(periods[-1], 8 if weekly else 6, space.zone(), week_start(space))
    scopes = _scopes(data, units or [], persons or [])
    members = [m for m in data["members"] if not scopes or m["id"] in scopes]
    limits = data.get("limits") or {}
    from r57cli.federation.members import accept_rewrites

    for mid in accept or []:
        if mid not in {str(m["id"]) for m in data["members"]}:
            raise R57Error(rsay("fed-unknown-accept", value=mid, suggest=_suggest(data, mid)))
        count = accept_rewrites(cache_root(folder), mid)
        typer.echo(rsay("fed-accepted", count=count, member=mid), err=True)
    work = worker(
        periods,
        today,
        rollup=rollup,
        against=against,
        validate=_validate_member,
        scopes=scopes,
        targets=bool(data.get("targets")),
        encode=encode,
    )
    with Builder(work, early=not offline, members=len(members)) as builder:
        progress, stop = _bars([str(m["id"]) for m in members])
        try:
            states = prepare(
                members,
                cache_root(folder),
                offline=offline,
                jobs=int(limits.get("jobs", 8)),
                timeout=float(limits.get("timeout_seconds", 120)),
                max_bytes=int(limits.get("max_size_mb", 1024)) * 1024 * 1024,
                progress=progress,
                ready=builder.ready,
            )
        finally:
            stop()
        from r57cli.federation import outcache

        root = cache_root(folder)
        parts = (
            raw,
            [(p.kind, p.id, p.start.isoformat(), p.end.isoformat()) for p in periods],
            sorted((k, sorted(u or ()), sorted(p or ())) for k, (u, p) in scopes.items()),
            rollup,
            against,
            language,
            today.isoformat(),
            memo_key,
        )
        name = outcache.key(parts, states) if memo_key is not None else None
        kept = outcache.read(root, name) if name else None
        if kept is not None:
            _finish(kept[0], kept[1], output)
            return
        national = build(states, builder, today, rollup=rollup, against=against)
        from r57cli.plan.reportsettings import document_settings

        title = data.get("name") or {}
        info = {
            "number": None,
            "symbol": None,
            "title": {"en": str(title.get("en", "")), "vi": str(title.get("vi", ""))},
            "timezone": str(space.zone()),
            "report": document_settings({"report": data.get("report"), "issuing_body": title}),
        }
        if national.synthesis is None:
            from r57cli.render.report_members import member_state

            lines = [f"  {m['id']}: {member_state(m)}" for m in national.members]
            raise R57Error("\n".join([rsay("fed-no-data", count=len(states)), *lines]))
        from r57cli.federation.timing import step

        with step("", "document"):
            doc = document(national.synthesis, language, info, national.encoded)
        from r57cli.federation.targets import section

        main = national.synthesis.main
        doc["federation"] = {
            "complete": national.complete,
            "rollup": rollup,  # the rows are the members' units, not the members
            "members": national.members,
            "targets": section(
                data.get("targets") or [],
                states,
                main.tasks,
                main.ref_day,
                {m for m, (u, p) in scopes.items() if u is not None or p is not None},
                national.serving,
            ),
        }
        if stamp:
            from r57cli.commands.reportout import made_at

            doc["generated_at"] = made_at(space)
        with step("", "render"):
            text = render(doc)
        bad = sum(1 for m in national.members if any(f["kind"] != "offline" for f in m["faults"]))
        if name:
            outcache.write(root, name, text, bad)
        _finish(text, bad, output)


def _finish(text: str | bytes, bad: int, output: Path | None) -> None:
    from r57cli.locale.reportwords import rsay

    if output is None:
        sys.stdout.write(str(text))
    else:
        from r57cli.commands.reportout import write_whole

        write_whole(output, text)
        typer.echo(rsay("written", path=str(output)), err=True)
    if bad:
        typer.echo(rsay("fed-incomplete", count=bad), err=True)
        raise typer.Exit(4)


def _scopes(
    data: dict[str, Any], units: list[str], persons: list[str]
) -> dict[str, tuple[set[str] | None, set[str] | None]]:
    """--unit MEMBER or MEMBER/UNIT and --person MEMBER/PERSON, by member: its units (None:
    all) and persons (None: all). Empty: every member, whole."""
    from r57cli.locale.reportwords import rsay

    known = {str(m["id"]) for m in data["members"]}
    out: dict[str, tuple[set[str] | None, set[str] | None]] = {}
    for value in units:
        mid, _, unit = value.partition("/")
        if mid not in known:
            raise R57Error(rsay("fed-unknown-member", value=value, suggest=_suggest(data, mid)))
        had, people = out.get(mid, (set(), None))
        out[mid] = (None if not unit or had is None else {*had, unit}, people)
    for value in persons:
        mid, sep, person = value.partition("/")
        if mid not in known or not sep or not person:
            raise R57Error(rsay("fed-person-form", value=value))
        had_units, had = out.get(mid, (None, set()))
        out[mid] = (had_units, {*(had or set()), person})
    return out


def _validate_member(plan_dir: Path) -> tuple[int, str]:
    """A member's plan checked as `r57 validate` would: its error count and the first."""
    from r57cli.federation.members import known_blobs
    from r57cli.validate.engine import validate

    # The copy-out's manifest names each file's blob: the files unchanged since the last
    # validation are not even read (validation is cached per file by blob).
    result = validate(plan_dir, use_cache=True, known=known_blobs(plan_dir))
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    first = f"{errors[0].path}:{errors[0].line}: {errors[0].code}" if errors else ""
    return result.errors, first


def _bars(ids: list[str]) -> tuple[Any, Any]:
    """A progress bar per member on a terminal (stderr), nothing when piped."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[phase]}"),
        console=Console(stderr=True),
        transient=True,
    )
    tasks = {i: bar.add_task(i, total=100, phase="") for i in ids}
    bar.start()

    def step(member: str, phase: str, pct: int) -> None:
        bar.update(tasks[member], completed=pct, phase=phase)

    return step, bar.stop


def _suggest(data: dict[str, Any], mid: str) -> str:
    """ "; did you mean hanoi?" for a member ID mistyped, else the list of members."""
    import difflib

    from r57cli.locale.reportwords import rsay

    known = [str(m["id"]) for m in data["members"]]
    close = difflib.get_close_matches(mid, known, n=3, cutoff=0.6)
    return (
        rsay("fed-did-you-mean", ids=", ".join(close))
        if close
        else (rsay("fed-members-are", ids=", ".join(known)))
    )


def _words(d: Any) -> str:
    """A diagnostic's message and fix, in the run's language, for the one-line summary."""
    from r57cli.locale.messages import render
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import language

    message, hint = render(d.code, d.args, language())
    return f"{message} {rsay('fed-fix', fix=hint)}" if hint else message
