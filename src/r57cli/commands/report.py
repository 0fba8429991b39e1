"""`r57 report`: the weekly and monthly synthesis, built from the plan's git history."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.csvopts import CsvBomOpt, CsvDialect, CsvDialectOpt, csv_only
from r57cli.commands.options import LangOpt, PlanOpt, UnitsOpt, WideOpt
from r57cli.commands.periodopts import CURRENT, check_history, report_periods, week_start
from r57cli.commands.reportout import BYTES as _BYTES

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace
    from r57cli.report.scope import Scope

SHORT = "The weekly or monthly synthesis from git history: --week, --month, --weeks N, ..."


def optional_values(args: list[str]) -> list[str]:
    """`--week` and `--month` take an optional value, which typer cannot express: a bare
    one (last, or followed by another option) is given the value "current"."""
    out = []
    for i, arg in enumerate(args):
        out.append(arg)
        if arg in ("--week", "-w", "--month", "-m"):
            following = args[i + 1] if i + 1 < len(args) else None
            if following is None or following.startswith("-"):
                out.append(CURRENT)
    return out


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


class Against(StrEnum):
    baseline = "baseline"
    current = "current"


class CsvTable(StrEnum):
    tasks = "tasks"
    units = "units"
    periods = "periods"
    changes = "changes"
    people = "people"
    members = "members"  # the national synthesis: each member's state and faults
    targets = "targets"  # ... and each national target, member by member


def command(
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            "-w",
            metavar="[2025-W07]",
            help="One ISO week, or 'previous' for last week (default: this week, in the plan's "
            "time zone).",
        ),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            metavar="[2025-02]",
            help="One calendar month, or 'previous' for last month (default: this month).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="DATE[THH:MM]",
            help="The plan as of this instant (a date: the end of that day), with the 7 "
            "days before it as the period.",
        ),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First day of a range.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last day of a range.")
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option("--weeks", metavar="N", help="A trend: N weeks ending with --week."),
    ] = None,
    months: Annotated[
        int | None,
        typer.Option("--months", metavar="N", help="A trend: N months ending with --month."),
    ] = None,
    unit: UnitsOpt = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            metavar="PERSON",
            help="Only tasks this person is responsible for (repeatable).",
        ),
    ] = None,
    rollup: Annotated[
        bool,
        typer.Option(
            "--rollup",
            help="Count each unit into its department: the units just below the root (or "
            "just below --unit).",
        ),
    ] = False,
    against: Annotated[
        Against,
        typer.Option(
            "--against",
            help="Rank units by on-time delivery against each task's original due (the "
            "baseline) or its current approved due.",
        ),
    ] = Against.baseline,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Default: table, or from -o's extension."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (.md .csv .json .html .txt .xlsx .docx .pdf).",
        ),
    ] = None,
    csv_table: Annotated[
        CsvTable, typer.Option("--csv-table", help="Which table --format csv writes.")
    ] = CsvTable.tasks,
    csv_dialect: CsvDialectOpt = CsvDialect.people,
    csv_bom: CsvBomOpt = None,
    rev: Annotated[
        str,
        typer.Option("--rev", metavar="REV", help="Report on this branch or commit's history."),
    ] = "HEAD",
    all_rows: Annotated[
        bool,
        typer.Option(
            "--all",
            help="In the terminal table, every task and row even at national size (over 200 "
            "tasks it shows the ones needing attention; files always have them all).",
        ),
    ] = False,
    stamp: Annotated[
        bool,
        typer.Option(
            "--stamp",
            help="Say when the report was made, beside its commit (for a published page; "
            "SOURCE_DATE_EPOCH sets the time).",
        ),
    ] = False,
    wide: WideOpt = False,
    federation: Annotated[
        Path | None,
        typer.Option(
            "--federation",
            metavar="FILE",
            envvar="R57_FEDERATION",
            help="The national synthesis over the members listed in this federation.yaml "
            "(found by itself where there is no plan). Exit code 4: a member's figures are "
            "missing, old or doubtful.",
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept-rewritten",
            metavar="MEMBER",
            help="With a federation: the member's rewritten history was checked; stop "
            "reporting it (repeatable).",
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="With a federation: report from the mirrors, fetch nothing."
        ),
    ] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Build the weekly or monthly synthesis of every unit's progress from git history.

    The figures of a closed period come out the same whenever it is rerun: they are read
    from the commits that had landed on the branch by the period's end. Reports recorded
    later for that period are listed apart, marked late.

    Examples: r57 report --week, r57 report --week 2025-W07 -o week7.html,
    r57 report --month --months 12, r57 report --unit ndta --rollup --format markdown.
    """
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language
    from r57cli.plan.workspace import Workspace

    if output is not None and str(output) == "-":
        output = None  # "-o -" is the usual spelling of standard output
    chosen = fmt or _from_extension(output) or Format.table
    others = ["--csv-table"] if csv_table is not CsvTable.tasks else []
    csv_only(chosen is Format.csv, csv_dialect, csv_bom, *others)
    if federation is not None or plan is None:
        from r57cli.commands import reportfed

        fed = reportfed.folder(federation)
        if fed is not None:
            form = (csv_dialect.value, csv_bom)
            full = all_rows or output is not None
            reportfed.run(
                fed,
                locals(),
                chosen,
                lambda d, w: _render(d, chosen, csv_table, w, form, full=full),
            )
            return
    ws = Workspace.find(plan)
    language = set_language(lang.value if lang else None, ws.language)
    if chosen.value in _BYTES:
        from r57cli.commands.reportout import needs_file

        needs_file(chosen.value, output, ws, bool(unit or person))
    today = ws.today()
    periods = report_periods(ws, today, week, month, at, from_, to, weeks, months)
    scope = _scope(ws, unit, person, rollup)
    scope.against = against.value
    if chosen is Format.html and len(periods) == 1 and periods[0].kind in ("week", "month"):
        # The page's burn-up and trend charts need a few periods before this one.
        from r57cli.history.periods import run_of

        periods = run_of(
            periods[-1], 8 if periods[0].kind == "week" else 6, ws.zone(), week_start(ws)
        )
    from r57cli.history.cache import OutputCache
    from r57cli.render.table import UNLIMITED, terminal_width

    # A table fits the terminal it is shown on (80 columns piped); written to a file, or
    # with --wide, it is never cut.
    width = terminal_width() if output is None and not wide else UNLIMITED
    from r57cli.commands.reportout import plan_info as _plan_info

    plan_info = _plan_info(ws)
    if unreadable := ws.unreadable_config():
        typer.echo(rsay("config-unreadable", places=", ".join(unreadable)), err=True)
    from r57cli.commands.reportout import report_ref

    ref = report_ref(ws, rev)
    memo = OutputCache(
        ws.repo,
        ws.plan_rel,
        rev,
        [(p.kind, p.id, p.start.isoformat(), p.end.isoformat()) for p in periods],
        scope.key(),
        chosen.value,
        f"{csv_table.value}:{csv_dialect.value}:{csv_bom}",
        language,
        today.isoformat(),
        plan_info,
        ws.units_data,
        width if chosen is Format.table else 0,
        all_rows,
        ref,
    )
    # A PDF is not kept: it depends on the LibreOffice installed, which the key cannot see.
    keep = not stamp and chosen is not Format.pdf
    text: str | bytes | None = memo.get(bytes if chosen.value in _BYTES else str) if keep else None
    if text is None:
        from r57cli.commands.reportout import progress_bar
        from r57cli.report.synthesis import run

        step, stop = progress_bar()
        try:
            syn = run(ws, periods, today, scope, tip=rev, progress=step)
        finally:
            stop()
        if syn.main.commit_end is None:
            # No commit by the period's end: before the history, say so (nothing cached).
            check_history(ws, periods, rev)
        from r57cli.render.report_json import document

        full = all_rows or output is not None  # else a terminal table: records made lazily
        doc = document(syn, language, plan_info, lazy=chosen is Format.table and not full)
        doc["ref"] = ref  # the footer's branch (docs/report.md, "Report JSON")
        doc["scope"] = {"units": unit or [], "persons": person or [], "rollup": rollup}
        doc["unreadable_config"] = unreadable  # named in every format's footer
        if stamp:
            from r57cli.commands.reportout import made_at

            doc["generated_at"] = made_at(ws)
        text = _render(doc, chosen, csv_table, width, (csv_dialect.value, csv_bom), full=full)
        if keep:
            memo.put(text)
    if output is None:
        sys.stdout.write(str(text))
        return
    from r57cli.commands.reportout import write_whole

    write_whole(output, text)
    typer.echo(rsay("written", path=str(output)), err=True)


def _render(
    doc: dict[str, Any],
    chosen: Format,
    csv_table: CsvTable,
    width: int,
    csv_form: tuple[str, bool | None] = ("plain", False),
    *,
    full: bool = True,
) -> str | bytes:
    if chosen is Format.xlsx:
        from r57cli.render.report_xlsx import render_xlsx

        return render_xlsx(doc)
    if chosen in (Format.docx, Format.pdf):
        from r57cli.commands.reportpdf import document_bytes

        return document_bytes(doc, pdf=chosen is Format.pdf)
    if chosen is Format.json:
        from r57cli.render.report_json import dumps

        return dumps(doc)
    if chosen is Format.html:
        from r57cli.render.report_html import render_html

        return render_html(doc)
    from r57cli.render import report_layout

    if chosen is Format.markdown:
        return report_layout.render_markdown(doc)
    if chosen is Format.csv:
        from r57cli.render.report_csv import render_csv
        from r57cli.render.report_csvpeople import add_bom, render_people_csv

        dialect, bom = csv_form
        if csv_table in (CsvTable.members, CsvTable.targets):
            from r57cli.render.report_members import federation_csv

            return add_bom(federation_csv(doc, csv_table.value, dialect == "people"), bom, dialect)
        if dialect == "people":
            return add_bom(render_people_csv(doc, csv_table.value), bom, dialect)
        return add_bom(render_csv(doc, csv_table.value), bom, dialect)
    return report_layout.render_table(doc, width, full=full)


def _from_extension(output: Path | None) -> Format | None:
    from r57cli.commands.reportout import format_of

    found = format_of(output)
    return Format(found) if found else None


def _scope(
    ws: Workspace, units: list[str] | None, persons: list[str] | None, rollup: bool
) -> Scope:
    import difflib

    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import say
    from r57cli.report.scope import Scope
    from r57cli.report.views import descendants

    scope = Scope()
    if units:
        scope.units = set()
        for u in units:
            scope.units |= descendants(ws, ws.check_unit(u))
    if persons:
        known = {
            str(m.get("id"))
            for u in ws.units_data
            for m in u.get("members") or []
            if isinstance(m, dict)
        }
        for p in persons:
            if p not in known:
                close = difflib.get_close_matches(p, sorted(known), n=3, cutoff=0.5)
                hint = say("did-you-mean", ids=", ".join(close)) if close else ""
                raise R57Error(rsay("unknown-person", value=p, suggest=hint))
        scope.persons = set(persons)
    if rollup:
        scope.rollup_under = units[0] if units and len(units) == 1 else ""
    return scope
