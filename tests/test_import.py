"""`r57 import FILE`: the plan's appendix table into task files, in one commit or not at all.

The sample appendix (tests/data/appendix-286.xlsx, from tools/make_appendix.py) imported
into an empty `r57 init` plan gives back the bundled plan's planned fields; each bad input
of issue 19 is refused with its place and a fix, and leaves the repository as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Result, git
from tests.test_init import FLAGS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "appendix-286.xlsx"
HEADER = [
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Cấp trình",
]
ROW = ["1", "Lộ trình dừng 2G", "Cục Chuyển đổi số quốc gia", "Vụ Pháp chế", "Quý II/2025"]
ROW += ["Quyết định", "Thủ tướng Chính phủ"]


@pytest.fixture
def empty_plan(r57: Callable[..., Result], tmp_path: Path) -> Path:
    """An `r57 init` plan with plan286's units, committed: the repository's root."""
    root = tmp_path / "plan-repo"
    made = r57("init", str(root), *FLAGS, "--lang", "en")
    assert made.code == 0, made.err
    units = (ROOT / "plan286" / "units.yaml").read_bytes()
    (root / "plan" / "units.yaml").write_bytes(units)
    git(root, "commit", "-q", "-am", "units of Plan 286")
    return root


def run_import(r57: Callable[..., Result], root: Path, source: Path, *extra: str) -> Result:
    return r57("import", str(source), "--start", "2025-02-10", "--lang", "en", *extra, cwd=root)


def write_xlsx(path: Path, rows: list[list[Any]], merge_header: bool = False) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Phụ lục")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(i, j, value, book.add_format({"num_format": "dd/mm/yyyy"}))
            elif isinstance(value, str) and value.startswith("="):
                sheet.write_formula(i, j, value)
            else:
                sheet.write(i, j, value)
    if merge_header:
        sheet.merge_range(0, 2, 0, 3, "Đơn vị")
    book.close()
    return path


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def tasks_in(root: Path) -> list[Path]:
    return sorted((root / "plan" / "tasks").glob("*/*.yaml"))


# ------------------------------------------------------------------- the sample appendix


def test_the_sample_appendix_gives_back_the_bundled_plan(
    r57: Callable[..., Result], empty_plan: Path
) -> None:
    before = head(empty_plan)
    res = run_import(r57, empty_plan, SAMPLE)
    assert res.code == 0, res.err
    assert "Imported 50 tasks" in res.out
    assert git(empty_plan, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert git(empty_plan, "status", "--porcelain") == ""
    message = git(empty_plan, "log", "-1", "--format=%B")
    assert "R57-Action: import" in message
    assert "R57-Tasks: 50" in message
    bundled = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (ROOT / "plan286" / "tasks").glob("*/*.yaml")
    }
    imported = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in tasks_in(empty_plan)}
    assert sorted(imported) == sorted(bundled)
    planned = ("unit", "co_units", "due", "deliverable", "submission")
    for task_id, want in bundled.items():
        got = imported[task_id]
        assert got["title"]["vi"] == want["title"]["vi"], task_id
        for key in planned:
            assert got.get(key, []) == want.get(key, []), (task_id, key)
        # The file sits in its unit's folder, starts at --start (or its due) and is as valid
        # as a hand-written one.
        assert got["start"] == min(date(2025, 2, 10), want["due"])
    checked = r57("validate", "--plan", str(empty_plan / "plan"), "--no-cache", "--lang", "en")
    assert checked.code == 0, checked.out


def test_the_sample_appendix_is_what_the_tool_makes(tmp_path: Path) -> None:
    from tools.make_appendix import write_appendix

    made = tmp_path / "again.xlsx"
    assert write_appendix(made) == 50
    assert made.read_bytes() == SAMPLE.read_bytes(), "run python tools/make_appendix.py"


def test_dry_run_shows_the_files_and_writes_nothing(
    r57: Callable[..., Result], empty_plan: Path
) -> None:
    before = head(empty_plan)
    res = run_import(r57, empty_plan, SAMPLE, "--dry-run")
    assert res.code == 0, res.err
    assert "would write 50 task files" in res.out
    assert "--- plan/tasks/ndta/T-001.yaml" in res.out
    assert "due: 2025-06-30" in res.out
    assert head(empty_plan) == before
    assert tasks_in(empty_plan) == []


# ------------------------------------------------------------------- formats and columns


def test_a_csv_with_bom_semicolons_and_english_headers(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    text = (
        "No.;Task;Lead unit;Co-operating units;Completion time;Product;Submitted to\n"
        "1;Đề án dữ liệu số;Cục Chuyển đổi số quốc gia;Vụ Pháp chế, Văn phòng Bộ;"
        "Tháng 9/2025;Đề án;Chính phủ\n"
        "2;Báo cáo tình hình;Văn phòng Bộ;Các đơn vị liên quan;Thường xuyên;Báo cáo;\n"
    )
    source = tmp_path / "appendix.csv"
    source.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    first = yaml.safe_load((empty_plan / "plan/tasks/ndta/T-001.yaml").read_text("utf-8"))
    assert first["co_units"] == ["legal", "office"]
    assert first["due"] == date(2025, 9, 30)
    assert (first["deliverable"], first["submission"]) == ("project", "government")
    second = yaml.safe_load((empty_plan / "plan/tasks/office/T-002.yaml").read_text("utf-8"))
    # "Thường xuyên": due on 31 December of the latest year the table names, with a note.
    assert second["due"] == date(2025, 12, 31)
    assert "Thường xuyên" in second["note"]
    assert "co_units" not in second
    assert second["submission"] == "unit"


def test_map_names_a_column_r57_does_not_know(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    source = tmp_path / "t.csv"
    source.write_text("STT,Nhiệm vụ,Chủ trì thực hiện,Hạn\n1,Việc A,Vụ Pháp chế,2025\n", "utf-8")
    refused = run_import(r57, empty_plan, source)
    assert refused.code == 2
    assert "no header row" in refused.err
    res = run_import(r57, empty_plan, source, "--map", "Chủ trì thực hiện=unit", "--map", "Hạn=due")
    assert res.code == 0, res.err
    task = yaml.safe_load((empty_plan / "plan/tasks/legal/T-001.yaml").read_text("utf-8"))
    assert task["due"] == date(2025, 12, 31)


def test_a_docx_table(r57: Callable[..., Result], empty_plan: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=2, cols=len(HEADER))
    for j, (head_text, value) in enumerate(zip(HEADER, ROW, strict=True)):
        table.rows[0].cells[j].text = head_text
        table.rows[1].cells[j].text = value
    source = tmp_path / "appendix.docx"
    document.save(str(source))
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    task = yaml.safe_load((empty_plan / "plan/tasks/ndta/T-001.yaml").read_text("utf-8"))
    assert (task["due"], task["submission"]) == (date(2025, 6, 30), "prime_minister")


# ------------------------------------------------------------------- bad input


def _refused(res: Result, root: Path, before: str, *words: str) -> None:
    assert res.code in (1, 2), res.out
    assert "Traceback" not in res.err
    for word in words:
        assert word in res.err, res.err
    assert head(root) == before
    assert tasks_in(root) == []
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("cell", "value", "words"),
    [
        (4, "sớm nhất có thể", ["row 2, column E (Thời gian hoàn thành)", "Quý II/2025"]),
        (
            2,
            "Cục Chuyển đổi số quốc",
            ["column C", "did you mean Cục Chuyển đổi số quốc gia (ndta)"],
        ),
        (2, "Ban Quản lý dự án", ["no unit 'Ban Quản lý dự án'", "add it to units.yaml"]),
        (4, "=DATE(2025,6,30)", ["a formula", "Paste Special"]),
        (6, "Hội đồng nhân dân", ["row 2, column G (Cấp trình)", "Thủ tướng"]),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_written(
    r57: Callable[..., Result],
    empty_plan: Path,
    tmp_path: Path,
    cell: int,
    value: str,
    words: list[str],
) -> None:
    row = list(ROW)
    row[cell] = value
    good = [*ROW[:1], "Việc khác", *ROW[2:]]
    source = write_xlsx(tmp_path / "bad.xlsx", [HEADER, row, good])
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    _refused(res, empty_plan, before, "sheet Phụ lục", "nothing was written", *words)


def test_unaccented_unit_names_still_match(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """Folded names match: a table typed without diacritics is not a near miss."""
    row = [*ROW[:2], "cuc chuyen doi so quoc gia", *ROW[3:]]
    source = write_xlsx(tmp_path / "plain.xlsx", [HEADER, row])
    assert run_import(r57, empty_plan, source).code == 0


def test_two_rows_with_the_same_task(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    source = write_xlsx(tmp_path / "dup.xlsx", [HEADER, ROW, ["2", *ROW[1:]]])
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    _refused(res, empty_plan, before, "row 3, column B (Nhiệm vụ)", "the same task as row 2")


def test_skip_bad_imports_the_rows_that_can_be_read(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    bad = [*ROW[:1], "Việc hỏng", *ROW[2:4], "chưa xác định", *ROW[5:]]
    source = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, ROW, bad])
    res = run_import(r57, empty_plan, source, "--skip-bad")
    assert res.code == 0, res.err
    assert "Skipped 1 rows" in res.err
    assert "row 3, column E" in res.err
    assert [p.name for p in tasks_in(empty_plan)] == ["T-001.yaml"]


def test_merged_header_cells(r57: Callable[..., Result], empty_plan: Path, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "merged.xlsx", [HEADER, ROW], merge_header=True)
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    _refused(res, empty_plan, before, "C1:D1", "are merged", "Unmerge")


def test_an_encrypted_workbook(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    # Excel saves a password-protected workbook as an OLE compound file, not a zip.
    source = tmp_path / "secret.xlsx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    before = head(empty_plan)
    _refused(run_import(r57, empty_plan, source), empty_plan, before, "password-protected")


def test_a_workbook_saved_with_a_password(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """A real one: an appendix encrypted as Excel does it (msoffcrypto-tool, ECMA-376
    agile encryption), not a hand-made container."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", [HEADER, ROW])
    source = tmp_path / "secret.xlsx"
    with plain.open("rb") as clear, source.open("wb") as out:
        OOXMLFile(clear).encrypt("mat-khau", out)
    assert source.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    assert res.code == 2, res.err
    _refused(res, empty_plan, before, "password-protected")


def test_an_old_xls(r57: Callable[..., Result], empty_plan: Path, tmp_path: Path) -> None:
    source = tmp_path / "old.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    before = head(empty_plan)
    _refused(run_import(r57, empty_plan, source), empty_plan, before, "save it as .xlsx")


def test_a_50_mb_file(r57: Callable[..., Result], empty_plan: Path, tmp_path: Path) -> None:
    source = tmp_path / "huge.xlsx"
    with source.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size is what is checked first
    before = head(empty_plan)
    _refused(run_import(r57, empty_plan, source), empty_plan, before, "50.0 MB", "up to 20 MB")


def test_a_csv_that_is_not_utf8(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    source = tmp_path / "cp1258.csv"
    source.write_bytes(",".join(HEADER).encode("utf-8") + "\nx,Việc\n".encode("utf-16-le"))
    before = head(empty_plan)
    _refused(run_import(r57, empty_plan, source), empty_plan, before, "CSV UTF-8")


def test_a_task_already_in_the_plan_is_not_imported_twice_but_matched(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    source = write_xlsx(tmp_path / "one.xlsx", [HEADER, ROW])
    assert run_import(r57, empty_plan, source).code == 0
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    assert "Nothing changed" in res.out  # re-import: tests/test_reimport.py
    assert head(empty_plan) == before
    assert len(tasks_in(empty_plan)) == 1


def test_a_killed_import_is_taken_back_by_the_next_run(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """The journal of a run killed between its writes and its commit: the next run removes
    the files it wrote (and no others), then imports."""
    from r57cli.git.repo import open_repo
    from r57cli.record.durable import Journal

    repo = open_repo(empty_plan)
    stray = empty_plan / "plan" / "tasks" / "ndta" / "T-009.yaml"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"id: T-009\n")
    mine = empty_plan / "notes.txt"
    mine.write_bytes(b"mine\n")
    Journal(repo).begin_new(
        {"plan/tasks/ndta/T-009.yaml": b"id: T-009\n", "notes.txt": b"changed since\n"},
        head(empty_plan),
    )
    source = write_xlsx(tmp_path / "one.xlsx", [HEADER, ROW])
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    assert "were removed" in res.err
    assert not stray.exists()
    assert mine.read_bytes() == b"mine\n"
    assert [p.name for p in tasks_in(empty_plan)] == ["T-001.yaml"]


# ------------------------------------------------------------------- the date expressions


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Quý II/2025", date(2025, 6, 30)),
        ("Quý 4 năm 2025", date(2025, 12, 31)),
        ("quý I/2026", date(2026, 3, 31)),
        ("Tháng 6/2025", date(2025, 6, 30)),
        ("Tháng 2/2028", date(2028, 2, 29)),
        ("tháng 12 năm 2025", date(2025, 12, 31)),
        ("30/6/2025", date(2025, 6, 30)),
        ("Trước ngày 15/04/2025", date(2025, 4, 15)),
        ("Năm 2025", date(2025, 12, 31)),
        ("6 tháng đầu năm 2026", date(2026, 6, 30)),
        ("Giai đoạn 2025-2030", date(2030, 12, 31)),
        ("Thường xuyên", date(2027, 12, 31)),
        ("Hằng năm", date(2027, 12, 31)),
        ("Hàng năm", date(2027, 12, 31)),
        ("2025-06-30", date(2025, 6, 30)),  # ISO, as a CSV export or a careful typist writes it
        ("Trước 2025-04-15", date(2025, 4, 15)),
    ],
)
def test_vietnamese_completion_times(text: str, due: date) -> None:
    from r57cli.start.vidates import read_due

    read = read_due(text, date(2027, 12, 31))
    assert read is not None
    assert read.due == due
    assert read.ongoing == (due == date(2027, 12, 31) and "năm 20" not in text.lower())


@pytest.mark.parametrize(
    "text", ["Quý V/2025", "31/2/2025", "Tháng 13/2025", "sớm", "", "2025-02-30", "2025-13-01"]
)
def test_completion_times_r57_does_not_read(text: str) -> None:
    from r57cli.start.vidates import read_due

    assert read_due(text, date(2027, 12, 31)) is None


def test_an_excel_date_cell_is_its_date() -> None:
    from r57cli.start.vidates import read_due

    read = read_due(datetime(2025, 4, 15), date(2027, 12, 31))
    assert read is not None
    assert read.due == date(2025, 4, 15)


def test_csv_rows_are_numbered_as_lines() -> None:
    from r57cli.start.rows import is_header
    from r57cli.start.tables import _csv

    raw = "x\n" + ",".join(HEADER) + "\n" + ",".join(ROW) + "\n"
    table = _csv(Path("a.csv"), raw.encode(), is_header)
    assert table.header_row == 2
    assert table.rows[0][0].row == 3


def test_the_problems_are_said_in_vietnamese(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    row = [*ROW[:4], "sớm nhất có thể", *ROW[5:]]
    source = write_xlsx(tmp_path / "vi.xlsx", [HEADER, row])
    res = r57("import", str(source), "--lang", "vi", cwd=empty_plan)
    assert res.code == 1
    assert "chưa ghi tệp nào" in res.err
    assert "trang tính Phụ lục, hàng 2, cột E (Thời gian hoàn thành)" in res.err
    assert "không phải thời gian hoàn thành mà r57 đọc được" in res.err


def test_an_import_by_the_plan_s_admin_passes_the_pull_request_check(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    """Only admins may create tasks (the gate, R57E305): `r57 init`'s first person is one,
    and the identity of these tests is theirs, so the import commit passes `r57 check`."""
    root = tmp_path / "own"
    assert r57("init", str(root), *FLAGS, "--lang", "en").code == 0
    source = tmp_path / "a.csv"
    source.write_text(
        ",".join(HEADER) + "\n1,Số hoá hồ sơ,Văn phòng Sở,,Tháng 6/2025,Báo cáo,\n", "utf-8"
    )
    assert run_import(r57, root, source).code == 0
    checked = r57("check", "HEAD~1..HEAD", "--lang", "en", cwd=root)
    assert checked.code == 0, checked.out + checked.err


def test_a_csv_with_iso_dates(r57: Callable[..., Result], empty_plan: Path, tmp_path: Path) -> None:
    """A CSV whose completion times are ISO dates (2025-06-30) was refused row by row: 'not
    a completion time r57 reads', though it is the plainest date there is."""
    source = tmp_path / "iso.csv"
    source.write_text(
        "STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành,Sản phẩm\n"
        "1,Việc A,Vụ Pháp chế,2025-06-30,Báo cáo\n",
        "utf-8",
    )
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    task = yaml.safe_load((empty_plan / "plan/tasks/legal/T-001.yaml").read_text("utf-8"))
    assert task["due"] == date(2025, 6, 30)
