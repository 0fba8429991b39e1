"""`r57 import FILE`: the plan's appendix table (.xlsx, .csv, .docx) as task files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt
from r57cli.errors import ExitCode

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
    "or --skip-bad is given. See docs/import.md."
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language
    from r57cli.plan.workspace import Workspace, parse_date
    from r57cli.record.commit import PlanWouldBreak
    from r57cli.start.importer import Request, build, parse_mapping

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
    )
    try:
        made = build(ws, req)
    except PlanWouldBreak as exc:
        from r57cli.commands.staff import _show_problems

        _show_problems(exc, ws)
        raise typer.Exit(ExitCode.INVALID) from None
    for note in made.notes:
        typer.echo(note, err=True)
    if made.skipped:
        typer.echo(rsay("imp-skipped", n=len(made.skipped)), err=True)
        for problem in made.skipped:
            typer.echo(f"  {problem}", err=True)
    if made.headings:
        rows = ", ".join(str(r) for r in made.headings)
        typer.echo(rsay("imp-headings", rows=rows), err=True)
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
