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
