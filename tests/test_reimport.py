"""`r57 import FILE` again, on a changed appendix (issue 19): the tasks it finds are updated
with the staff commands' minimal edits in one commit, new rows are added, nothing is
duplicated or deleted, and `r57 check` judges the commit as it judges `r57 assign` and
`r57 reschedule`. Real git, pinned dates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Result, git
from tests.test_import import HEADER, empty_plan, run_import, tasks_in, write_xlsx

__all__ = ["empty_plan"]

ROWS = [
    ["1", "Lộ trình dừng 2G", "Cục Chuyển đổi số quốc gia", "Vụ Pháp chế", "Quý II/2025",
     "Quyết định", "Thủ tướng Chính phủ"],
    ["2", "Đề án dữ liệu mở", "Vụ Pháp chế", "", "Quý IV/2025", "Đề án", "Bộ trưởng"],
    ["3", "Báo cáo chuyển đổi số", "Cục Chuyển đổi số quốc gia", "", "Tháng 9/2025",
     "Báo cáo", "Bộ trưởng"],
]  # fmt: skip


def table(tmp_path: Path, rows: list[list[str]], name: str = "phu-luc.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [HEADER, *rows])


@pytest.fixture
def imported(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("R57_TODAY", "2025-03-03")  # the day of the pinned commits
    res = run_import(r57, empty_plan, table(tmp_path, ROWS))
    assert res.code == 0, res.err
    return empty_plan


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in tasks_in(root)}


def changed(rows: list[list[str]], i: int, j: int, value: str) -> list[list[str]]:
    out = [list(r) for r in rows]
    out[i][j] = value
    return out


COORDINATOR = "binh.tt@ndta.example.gov.vn"  # tran.thi.binh, coordinator in plan286
STAFF = "thanh.vd@ndta.example.gov.vn"  # vo.duc.thanh, ndta, no role


def as_person(monkeypatch: pytest.MonkeyPatch, email: str) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", email)
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", email)


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def validate_clean(r57: Callable[..., Result], root: Path) -> None:
    res = r57("validate", "--lang", "en", "--no-cache", cwd=root)
    assert res.code == 0, res.out + res.err


def test_the_same_table_again_changes_nothing_and_makes_no_commit(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    before, count = files(imported), commits(imported)
    res = run_import(r57, imported, table(tmp_path, ROWS, "again.xlsx"))
    assert res.code == 0, res.err
    assert "Nothing changed" in res.out
    assert commits(imported) == count
    assert files(imported) == before
    res = run_import(r57, imported, table(tmp_path, ROWS, "again.xlsx"), "--lang", "vi")
    assert "Không có gì thay đổi" in res.out


def test_a_changed_title_and_co_unit_are_edited_in_place(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    rows = changed(ROWS, 0, 1, "Lộ trình dừng mạng 2G")  # matched by its STT
    rows = changed(rows, 1, 3, "Cục Chuyển đổi số quốc gia")  # matched by its title
    before = files(imported)
    res = run_import(r57, imported, table(tmp_path, rows, "v2.xlsx"))
    assert res.code == 0, res.err
    assert "Changed (2):" in res.out
    assert "title: Lộ trình dừng 2G → Lộ trình dừng mạng 2G" in res.out
    assert "co_units: - → ndta" in res.out
    after = files(imported)
    assert set(after) == set(before)  # nothing added, nothing removed
    t1 = "plan/tasks/ndta/T-001.yaml"
    old_lines, new_lines = before[t1].splitlines(), after[t1].splitlines()
    diff = [(o, n) for o, n in zip(old_lines, new_lines, strict=True) if o != n]
    assert diff == [
        (
            b"  en: L\xe1\xbb\x99 tr\xc3\xacnh d\xe1\xbb\xabng 2G",
            "  en: Lộ trình dừng mạng 2G".encode(),
        ),
        (
            b"  vi: L\xe1\xbb\x99 tr\xc3\xacnh d\xe1\xbb\xabng 2G",
            "  vi: Lộ trình dừng mạng 2G".encode(),
        ),
    ]
    t2 = "plan/tasks/legal/T-002.yaml"
    added = [n for n in after[t2].splitlines() if n not in before[t2].splitlines()]
    assert added == [b"co_units: [ndta]"]  # as the first import writes it
    assert before[t2] == after[t2].replace(b"co_units: [ndta]\n", b"")
    assert before["plan/tasks/ndta/T-003.yaml"] == after["plan/tasks/ndta/T-003.yaml"]
    message = git(imported, "log", "-1", "--format=%B")
    assert "R57-Action: import" in message
    assert "R57-Changed: 2" in message
    assert "T-001: title, title_en" in message
    assert git(imported, "status", "--porcelain").strip() == ""
    validate_clean(r57, imported)


def test_a_new_lead_unit_moves_the_file_and_history_follows(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    rows = changed(ROWS, 1, 2, "Cục Chuyển đổi số quốc gia")
    res = run_import(r57, imported, table(tmp_path, rows, "v2.xlsx"))
    assert res.code == 0, res.err
    assert "Reassigned to another unit (1)" in res.out
    assert "the file moves to plan/tasks/ndta/T-002.yaml" in res.out
    old, new = imported / "plan/tasks/legal/T-002.yaml", imported / "plan/tasks/ndta/T-002.yaml"
    assert not old.exists()
    assert new.exists()
    data = yaml.safe_load(new.read_text("utf-8"))
    assert (data["unit"], data["responsible"]) == ("ndta", "tran.thi.binh")
    log = git(imported, "log", "--follow", "--format=%s", "--", "plan/tasks/ndta/T-002.yaml")
    assert len(log.splitlines()) == 2
    assert log.splitlines()[1].startswith("Import 3 tasks")
    assert len(tasks_in(imported)) == 3
    validate_clean(r57, imported)


def test_a_moved_due_needs_a_reason_then_is_recorded_as_a_reschedule(
    r57: Callable[..., Result], imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, COORDINATOR)
    rows = changed(ROWS, 2, 4, "Quý IV/2025")
    rows = changed(rows, 0, 1, "Lộ trình dừng mạng 2G")
    source = table(tmp_path, rows, "v2.xlsx")
    before, count = files(imported), commits(imported)
    res = run_import(r57, imported, source)
    assert res.code == 1
    place = "sheet Phụ lục, row 4, column E (Thời gian hoàn thành)"  # the cell to put back
    assert f"{place}: moves the due date of T-003 (2025-09-30 → 2025-12-31)" in res.err
    assert '--reason "…"' in res.err
    assert files(imported) == before
    assert commits(imported) == count
    res = run_import(r57, imported, source, "--reason", "Quyết định 12 điều chỉnh")
    assert res.code == 0, res.err
    assert "Rescheduled (1)" in res.out
    assert "due: 2025-09-30 → 2025-12-31" in res.out
    data = yaml.safe_load((imported / "plan/tasks/ndta/T-003.yaml").read_text("utf-8"))
    assert data["due"].isoformat() == "2025-12-31"
    assert [m["date"].isoformat() for m in data["milestones"]] == ["2025-12-31"]
    entry = data["reschedules"][0]
    assert entry["by"] == "tran.thi.binh"
    assert entry["reason"] == "Quyết định 12 điều chỉnh"
    assert entry["before"]["due"].isoformat() == "2025-09-30"  # the baseline stays visible
    assert "R57-Reason: Quyết định 12 điều chỉnh" in git(imported, "log", "-1", "--format=%B")
    validate_clean(r57, imported)
    checked = r57("check", "HEAD~1..HEAD", "--lang", "en", cwd=imported)
    assert checked.code == 0, checked.out + checked.err


def test_a_row_gone_from_the_table_is_listed_not_deleted(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    before, count = files(imported), commits(imported)
    res = run_import(r57, imported, table(tmp_path, ROWS[:2], "v2.xlsx"))
    assert res.code == 0, res.err
    assert "In the plan but not in the table (1)" in res.out
    assert 'r57 cancel T-003 --reason "…" --decision "…"' in res.out
    assert files(imported) == before
    assert commits(imported) == count
    res = run_import(r57, imported, table(tmp_path, ROWS[:2], "v2.xlsx"), "--lang", "vi")
    assert "không còn trong bảng (1)" in res.out


def test_a_new_row_gets_the_next_id_and_nothing_is_ever_duplicated(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    rows = [*ROWS, ["4", "Kế hoạch dữ liệu", "Vụ Pháp chế", "", "Năm 2025", "Kế hoạch", ""]]
    source = table(tmp_path, rows, "v2.xlsx")
    before = files(imported)
    res = run_import(r57, imported, source)
    assert res.code == 0, res.err
    assert "Added (1):" in res.out
    assert "T-004 (row 5): Kế hoạch dữ liệu" in res.out
    after = files(imported)
    assert set(after) - set(before) == {"plan/tasks/legal/T-004.yaml"}
    assert all(after[p] == raw for p, raw in before.items())
    count = commits(imported)
    res = run_import(r57, imported, source)
    assert res.code == 0
    assert "Nothing changed" in res.out
    assert commits(imported) == count
    assert len(tasks_in(imported)) == 4
    validate_clean(r57, imported)


def test_two_rows_matching_one_task_are_refused_with_the_candidates(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    rows = [changed(ROWS, 0, 1, "Lộ trình A")[0], changed(ROWS, 0, 1, "Lộ trình B")[0]]
    before, count = files(imported), commits(imported)
    res = run_import(r57, imported, table(tmp_path, [*rows, *ROWS[1:]], "v2.xlsx"))
    assert res.code == 1
    assert "sheet Phụ lục, row 2: rows 2, 3 all match task T-001" in res.err
    assert "sheet Phụ lục, row 3: rows 2, 3 all match task T-001" in res.err
    assert files(imported) == before
    assert commits(imported) == count


def test_a_row_matching_two_tasks_is_refused_with_both(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    twin = imported / "plan/tasks/ndta/T-009.yaml"
    raw = (imported / "plan/tasks/ndta/T-001.yaml").read_text("utf-8")
    twin.write_text(raw.replace("id: T-001", "id: T-009"), "utf-8")
    git(imported, "add", ".")
    git(imported, "commit", "-qm", "a twin")
    res = run_import(r57, imported, table(tmp_path, ROWS, "v2.xlsx"))
    assert res.code == 1
    assert "matches more than one task of the plan: T-001 (tasks/ndta/T-001.yaml), T-009" in res.err


def test_dry_run_and_json_show_every_change_and_write_nothing(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    rows = changed(ROWS, 1, 2, "Cục Chuyển đổi số quốc gia")
    rows = changed(rows, 0, 6, "Chính phủ")
    rows = [*rows[:2], ["9", "Việc mới", "Vụ Pháp chế", "", "Năm 2025", "Báo cáo", ""]]
    source = table(tmp_path, rows, "v2.xlsx")
    before, count = files(imported), commits(imported)
    res = run_import(r57, imported, source, "--dry-run")
    assert res.code == 0, res.err
    assert res.out.startswith("Dry run: nothing written.")
    for words in ("Added (1):", "Changed (1):", "submission: prime_minister → government",
                  "Reassigned to another unit (1)", "unit: legal → ndta",
                  "In the plan but not in the table (1)"):  # fmt: skip
        assert words in res.out
    res = run_import(r57, imported, source, "--dry-run", "--format", "json")
    doc = json.loads(res.out)
    assert [a["task"] for a in doc["added"]] == ["T-004"]
    by_task = {c["task"]: c for c in doc["changed"]}
    assert by_task["T-002"]["reassigned"]
    assert by_task["T-002"]["new_path"].endswith("ndta/T-002.yaml")
    assert by_task["T-001"]["fields"]["submission"] == {
        "old": "prime_minister",
        "new": "government",
    }
    assert [m["task"] for m in doc["missing"]] == ["T-003"]
    assert doc["commit"] is None
    assert doc["dry_run"] is True
    assert files(imported) == before
    assert commits(imported) == count


def test_a_task_s_progress_stays_as_it_was(
    r57: Callable[..., Result], imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, COORDINATOR)
    done = r57("update", "T-001", "--pct", "40", "--note", "Đã có dự thảo", "--lang", "en",
               cwd=imported)  # fmt: skip
    assert done.code == 0, done.err
    path = imported / "plan/tasks/ndta/T-001.yaml"
    progress = yaml.safe_load(path.read_text("utf-8"))["progress"]
    rows = changed(ROWS, 0, 1, "Lộ trình dừng mạng 2G")
    res = run_import(r57, imported, table(tmp_path, rows, "v2.xlsx"))
    assert res.code == 0, res.err
    assert yaml.safe_load(path.read_text("utf-8"))["progress"] == progress


@pytest.mark.parametrize(("who", "code"), [(COORDINATOR, 0), (STAFF, 1)])
def test_the_pull_request_check_judges_a_reassigning_re_import_like_r57_assign(
    r57: Callable[..., Result],
    imported: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    code: int,
) -> None:
    as_person(monkeypatch, who)
    rows = changed(ROWS, 1, 2, "Cục Chuyển đổi số quốc gia")
    rows = changed(rows, 2, 4, "Quý IV/2025")
    res = run_import(r57, imported, table(tmp_path, rows, "v2.xlsx"), "--reason", "QĐ 12")
    assert res.code == 0, res.err
    checked = r57("check", "HEAD~1..HEAD", "--lang", "en", cwd=imported)
    assert checked.code == code, checked.out + checked.err
    if code:
        assert "R57E330" in checked.out + checked.err  # the reassignment: assign_by
        assert "R57E312" in checked.out + checked.err  # the due moved: reschedule_by


def test_the_index_a_first_import_leaves_says_what_its_files_say(
    r57: Callable[..., Result], imported: Path
) -> None:
    """The re-import trusts .git/r57/import-index.json for files whose bytes it knows, so
    the entries the first import writes from its rows must equal the files read back."""
    from r57cli.fingerprint import blob_id
    from r57cli.plan.planfile import load
    from r57cli.start.matching import INDEX, _ref_pattern, _refs, summary

    entries = json.loads((imported / ".git" / "r57" / INDEX).read_bytes())["entries"]
    assert len(entries) == 3
    for path in tasks_in(imported):
        raw = path.read_bytes()
        data = load(path.name, raw).data
        assert entries[blob_id(raw)] == [summary(data), *_refs(_ref_pattern(), raw)]


def test_a_stale_index_entry_is_never_trusted_for_other_bytes(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """A task file edited by hand (committed) has other bytes, so it is read again: the
    re-import sees the hand edit and puts the table's value back."""
    path = imported / "plan/tasks/ndta/T-003.yaml"
    path.write_text(path.read_text("utf-8").replace("submission: minister", "submission: unit"))
    git(imported, "commit", "-qam", "by hand")
    res = run_import(r57, imported, table(tmp_path, ROWS, "v2.xlsx"))
    assert res.code == 0, res.err
    assert "submission: unit → minister" in res.out
    assert "submission: minister" in path.read_text("utf-8")


def test_an_amended_table_under_a_new_name_is_matched_but_another_table_is_not(
    r57: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """The STT of another file counts only when most rows are that file's tasks by title:
    an amended appendix renamed, yes; a second appendix with its own STT 1, 2, 3, no (its
    rows are new tasks, and the plan's tasks are not listed as missing)."""
    rows = changed(ROWS, 0, 1, "Lộ trình dừng mạng 2G")
    res = run_import(r57, imported, table(tmp_path, rows, "phu-luc-sua-doi.xlsx"))
    assert res.code == 0, res.err
    assert "title: Lộ trình dừng 2G → Lộ trình dừng mạng 2G" in res.out
    other = [["1", "Một việc khác", "Vụ Pháp chế", "", "Năm 2025", "Báo cáo", ""]]
    res = run_import(r57, imported, table(tmp_path, other, "phu-luc-2.xlsx"))
    assert res.code == 0, res.err
    assert len(tasks_in(imported)) == 4
    assert "T-004" in res.out
    assert "not in the table" not in res.out


def test_a_re_import_is_not_a_unit_s_report_on_its_tasks() -> None:
    """A re-import rewords, reassigns and reschedules by the plan's decision: like `r57
    reschedule`, it leaves a silent unit silent (report/reporting.py)."""
    from r57cli.git.reads import RangeCommit
    from r57cli.history.landed import LandedCommit
    from r57cli.report.reporting import is_report

    def landed(action: str) -> LandedCommit:
        trailers = {"R57-Action": action}
        commit = RangeCommit("a" * 40, (), "B", "b@x", "2025-03-03T09:00:00+07:00", trailers,
                             "", ("plan/tasks/ndta/T-001.yaml",))  # fmt: skip
        return LandedCommit(commit, 0, ("T-001",))

    assert is_report(landed("update"), "ndta", {})
    assert not is_report(landed("import"), "ndta", {})


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=40))
def test_fold_s_fast_path_equals_the_decomposition_it_replaces(text: str) -> None:
    """Matching folds every title of the table and of the plan: fold() translates
    precomposed letters in one pass, and must say what the NFD path says."""
    import unicodedata

    from r57cli.start.vidates import fold

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold(text) == " ".join(bare.casefold().split())
