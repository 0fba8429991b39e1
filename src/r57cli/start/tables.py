"""An appendix table read from .xlsx, .csv or .docx into cells with their places (sheet,
row, column), nothing interpreted yet. What makes a file unreadable as a whole is an
ImportError naming the file and the fix: an old .xls, a password, a file over the size
limit, merged header cells, no header row r57 recognises. openpyxl and python-docx are
imported only for their format."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from r57cli.errors import ExitCode, R57Error
from r57cli.locale.reportwords import rsay
from r57cli.start.vidates import fold

MAX_BYTES = 20 * 1024 * 1024  # a 10,000-row appendix is ~0.5 MB as .xlsx, ~2 MB as .csv
MAX_UNZIPPED = 200 * 1024 * 1024  # what the parts of a workbook may inflate to
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any encrypted Office file
HEADER_SCAN = 15  # rows searched for the header: a title and the plan's number come first


class TableError(R57Error):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, float, datetime or None, as the file holds it
    row: int  # 1-based, as the spreadsheet numbers it
    column: int  # 1-based
    formula: bool = False


@dataclass
class Table:
    source: str  # the file's name
    sheet: str  # the sheet's name (.xlsx), "table N" (.docx), the file name (.csv)
    header_row: int
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean(value: object) -> str:
    """A cell's text: NFC, one line, spaces collapsed (Word and Excel keep line breaks)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def read_table(path: Path, is_header: Callable[[list[str]], bool], sheet: str | None) -> Table:
    """The first table of `path` (or its sheet `sheet`) whose header `is_header` accepts."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError(rsay("imp-unreadable", path=path, reason=exc.strerror or exc)) from None
    if suffix == ".xls":
        raise TableError(rsay("imp-xls", path=path))
    if suffix not in (".xlsx", ".xlsm", ".csv", ".docx"):
        raise TableError(rsay("imp-format", path=path))
    if size > MAX_BYTES:
        mb = f"{size / 1024 / 1024:.1f}"
        raise TableError(rsay("imp-too-big", path=path, size=mb, limit=MAX_BYTES // 2**20))
    raw = path.read_bytes()
    if suffix == ".csv":
        return _csv(path, raw, is_header)
    if raw.startswith(_OLE):
        raise TableError(rsay("imp-encrypted", path=path))
    _check_zip(path, raw)
    if suffix == ".docx":
        return _docx(path, raw, is_header)
    return _xlsx(path, raw, is_header, sheet)


def _check_zip(path: Path, raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError(rsay("imp-not-office", path=path, kind=path.suffix.lower())) from None
    if inflated > MAX_UNZIPPED:
        size = f"{inflated / 1024 / 1024:.0f}"
        raise TableError(rsay("imp-too-big", path=path, size=size, limit=MAX_UNZIPPED // 2**20))


def _header_at(grid: list[list[Cell]], is_header: Callable[[list[str]], bool]) -> int | None:
    for i, row in enumerate(grid[:HEADER_SCAN]):
        if is_header([clean(c.value) for c in row]):
            return i
    return None


def _no_header(path: Path) -> TableError:
    return TableError(rsay("imp-no-header", path=path))


def _csv(path: Path, raw: bytes, is_header: Callable[[list[str]], bool]) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(rsay("imp-not-utf8", path=path, offset=exc.start)) from None
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    grid: list[list[Cell]] = []
    for values in reader:
        line = reader.line_num
        grid.append([Cell(v, line, j) for j, v in enumerate(values, 1)])
    at = _header_at(grid, is_header)
    if at is None:
        raise _no_header(path)
    headers = [clean(c.value) for c in grid[at]]
    return Table(path.name, path.name, grid[at][0].row, headers, grid[at + 1 :])


def _xlsx(
    path: Path, raw: bytes, is_header: Callable[[list[str]], bool], wanted: str | None
) -> Table:
    import openpyxl

    try:
        # Read-only mode streams the sheet: four times faster on a 10,000-row appendix.
        # It does not read merged ranges; _merged takes them from the sheet's XML.
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises what its parsers raise: KeyError, XML errors
        raise TableError(rsay("imp-unreadable", path=path, reason=type(exc).__name__)) from None
    try:
        names = book.sheetnames
        if wanted is not None and wanted not in names:
            sheets = ", ".join(names)
            raise TableError(rsay("imp-no-sheet", path=path, sheet=wanted, sheets=sheets))
        for name in [wanted] if wanted else names:
            sheet = book[name]
            try:
                grid = _grid(sheet.iter_rows())
                spans = _merged(raw, getattr(sheet, "_worksheet_path", ""))
            except Exception as exc:  # a malformed sheet part: as for load_workbook
                reason = type(exc).__name__
                raise TableError(rsay("imp-unreadable", path=path, reason=reason)) from None
            at = _header_at(grid, is_header)
            if at is None:
                continue
            header_row = grid[at][0].row
            for span in spans:
                if span.min_row <= header_row <= span.max_row and span.max_col > span.min_col:
                    cells = span.coord
                    raise TableError(rsay("imp-merged-header", path=path, sheet=name, cells=cells))
            _fill_merged(grid, spans, header_row)
            headers = [clean(c.value) for c in grid[at]]
            return Table(path.name, name, header_row, headers, grid[at + 1 :])
    finally:
        book.close()
    raise _no_header(path)


def _grid(rows: Any) -> list[list[Cell]]:
    """The sheet's cells, one list a row from row 1, every row as wide as the widest (the
    read-only reader leaves out trailing empty cells)."""
    grid = [
        [Cell(c.value, r, j, getattr(c, "data_type", None) == "f") for j, c in enumerate(row, 1)]
        for r, row in enumerate(rows, 1)
    ]
    width = max((len(row) for row in grid), default=0)
    for r, row in enumerate(grid, 1):
        row.extend(Cell(None, r, j) for j in range(len(row) + 1, width + 1))
    return grid


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _merged(raw: bytes, part: str) -> list[Any]:
    """The merged ranges of the sheet stored at `part` in the workbook's zip."""
    from openpyxl.worksheet.cell_range import CellRange

    if not part:
        return []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = archive.read(part.lstrip("/"))
    return [CellRange(ref.decode("ascii")) for ref in _MERGE.findall(xml)]


def _fill_merged(grid: list[list[Cell]], spans: list[object], header_row: int) -> None:
    """A unit merged over the rows of its tasks is every one of those tasks' unit: give each
    cell of a merged range below the header the range's value."""
    top = grid[0][0].row if grid and grid[0] else 1
    for span in spans:
        min_row, min_col = span.min_row, span.min_col  # type: ignore[attr-defined]
        max_row, max_col = span.max_row, span.max_col  # type: ignore[attr-defined]
        if min_row <= header_row:
            continue
        first = grid[min_row - top][min_col - 1]
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col) and r - top < len(grid):
                    row = grid[r - top]
                    if c - 1 < len(row):
                        row[c - 1] = Cell(first.value, r, c, first.formula)


def _docx(path: Path, raw: bytes, is_header: Callable[[list[str]], bool]) -> Table:
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises what its XML parser and zip reader raise
        raise TableError(rsay("imp-unreadable", path=path, reason=type(exc).__name__)) from None
    for n, table in enumerate(document.tables, 1):
        grid: list[list[Cell]] = []
        tcs: list[list[object]] = []
        for i, row in enumerate(table.rows, 1):
            cells = row.cells
            grid.append([Cell(c.text, i, j) for j, c in enumerate(cells, 1)])
            tcs.append([c._tc for c in cells])
        at = _header_at(grid, is_header)
        if at is None:
            continue
        sheet = rsay("imp-docx-table", n=n)
        row_tcs = tcs[at]
        for j in range(1, len(row_tcs)):
            if row_tcs[j] is row_tcs[j - 1]:
                cells = f"{column_letter(j)}{at + 1}:{column_letter(j + 1)}{at + 1}"
                raise TableError(rsay("imp-merged-header", path=path, sheet=sheet, cells=cells))
        headers = [clean(c.value) for c in grid[at]]
        return Table(path.name, sheet, at + 1, headers, grid[at + 1 :])
    raise _no_header(path)


__all__ = ["Cell", "Table", "TableError", "clean", "column_letter", "fold", "read_table"]
