"""`r57 report`'s and `r57 list`'s CSV options: the dialect (for people or for machines)
and the UTF-8 byte-order mark (docs/report.md, "CSV for people and for machines")."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class CsvDialect(StrEnum):
    people = "people"
    plain = "plain"


CsvDialectOpt = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help="people: headings, names, percentages and dates in the report's language; "
        "plain: the machine columns (codes, ids, fractions, ISO dates).",
    ),
]
ListCsvDialectOpt = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help="people: headings, names, statuses and dates in the reader's language; "
        "plain: the machine columns (ids, codes, ISO dates).",
    ),
]
CsvBomOpt = Annotated[
    bool | None,
    typer.Option(
        "--csv-bom/--no-csv-bom",
        help="Start the CSV with a UTF-8 byte-order mark, for Excel on Windows. Default: "
        "on for --csv-dialect people, off for plain.",
        show_default=False,
    ),
]


def csv_only(is_csv: bool, dialect: CsvDialect, bom: bool | None, *others: str) -> None:
    """Refuse CSV options given for another format, where they would be ignored without a
    word: `others` are the other CSV options given (e.g. "--csv-table")."""
    given = [*others]
    if dialect is not CsvDialect.people:
        given.append("--csv-dialect")
    if bom is not None:
        given.append("--csv-bom" if bom else "--no-csv-bom")
    if given and not is_csv:
        from r57cli.errors import R57Error
        from r57cli.locale.reportwords import rsay

        raise R57Error(rsay("csv-only", options=", ".join(given)))
