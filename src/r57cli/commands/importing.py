"""`r57 import FILE`: the plan's appendix table (.xlsx, .csv, .docx) as task files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt
from r57cli.errors import ExitCode


class Format(StrEnum):
    text = "text"
    json = "json"


SHORT = "Import the plan's appendix table (.xlsx, .csv, .docx) as task files."
HELP = (
    "Read the appendix table of the plan (STT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, "
    "Thời gian hoàn thành, Sản phẩm, Cấp trình; or Task, Lead unit, Co-operating units, "
    "Completion time, Product, Submitted to) and write one task file per row, T-001 "
    "onwards, in one commit.\n\n"
    "Unit names are matched to units.yaml (id, Vietnamese or English name, short name). "
    "Completion times such as Quý II/2025, Tháng 6/2025, 30/6/2025 and Năm 2025 give the "
    "due date; Thường xuyên and Hằng năm give --ongoing-due. Every row that cannot be read "
    "is listed with its sheet, row and column, and nothing is written unless all are right "
    "or --skip-bad is given.\n\n"
    "Run again on a changed table, it updates the tasks it finds (by ID column, title or "
    "the STT recorded at the first import) with the same minimal edits as the staff "
    "commands: a new lead unit moves the task like r57 assign, a new completion time is a "
    "reschedule and needs --reason; new rows are added, nothing is duplicated or deleted, "
    "and tasks the table no longer has are listed. See docs/import.md."
)


def command(
    source: Annotated[
        Path, typer.Argument(metavar="FILE", help="The appendix: .xlsx, .csv or .docx.")
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read the column HEADER as FIELD (stt, id, title, title_en, unit, co_units, "
            "due, product, submission); repeatable.",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="The sheet to read. Default: the first with a header."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help="The tasks' start date (a task due earlier starts on its due date). "
            "Default: today.",
        ),
    ] = None,
    ongoing_due: Annotated[
        str | None,
        typer.Option(
            "--ongoing-due",
            metavar="YYYY-MM-DD",
            help="The due date of ongoing tasks (Thường xuyên, Hằng năm). Default: 31 "
            "December of the latest year the table names.",
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Import the rows that can be read; list the others."),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Re-import: record the due dates the table moves as reschedules, for this "
            "reason (one line).",
        ),
    ] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help='Re-import: the document that decided the new due dates, e.g. "123/QĐ-BTTTT".',
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language
    from r57cli.plan.workspace import Workspace, parse_date
    from r57cli.record.commit import PlanWouldBreak
    from r57cli.record.schedule import one_line
    from r57cli.start.importer import BadRows, Request, build, parse_mapping

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    req = Request(
        path=source,
        mapping=parse_mapping(mapping or []),
        sheet=sheet,
        start=parse_date(start, "--start") if start else None,
        ongoing=parse_date(ongoing_due, "--ongoing-due") if ongoing_due else None,
        skip_bad=skip_bad,
        dry_run=dry_run,
        reason=one_line(reason, "--reason"),
        decision=one_line(decision, "--decision"),
    )
    try:
        made = build(ws, req)
    except PlanWouldBreak as exc:
        from r57cli.commands.staff import _show_problems

        _show_problems(exc, ws)
        raise typer.Exit(ExitCode.INVALID) from None
    except BadRows as exc:
        if fmt is Format.json:  # the same refusal, on stderr as ever, and as JSON on stdout
            from r57cli.locale.texts import language
            from r57cli.render.reimport import problems_json

            typer.echo(problems_json(exc.problems, str(source), language()))
        raise
    if fmt is Format.json:
        from r57cli.render.reimport import as_json

        typer.echo(as_json(made, ws, dry_run))
        return
    for note in made.notes:
        typer.echo(note, err=True)
    if made.skipped:
        typer.echo(rsay("imp-skipped", n=len(made.skipped)), err=True)
        for problem in made.skipped:
            typer.echo(f"  {problem}", err=True)
    if made.headings:
        rows = ", ".join(str(r) for r in made.headings)
        typer.echo(rsay("imp-headings", rows=rows), err=True)
    if made.reimport:
        from r57cli.render.reimport import text_lines

        for line in text_lines(made, ws, source, dry_run):
            typer.echo(line)
        return
    if dry_run:
        typer.echo(rsay("imp-dry-run", n=len(made.files)))
        for rel, raw in made.files.items():
            typer.echo(f"\n--- {rel}")
            typer.echo(raw.decode("utf-8"), nl=False)
        return
    branch = ws.repo.branch()
    typer.echo(
        rsay(
            "imp-done",
            n=len(made.files),
            path=source,
            plan=ws.plan_dir,
            sha=made.sha[:7],
            branch=branch,
        )
    )
