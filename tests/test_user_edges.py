"""Rough edges a demanding first user meets (help, errors in both languages, unreadable
files named, Ctrl-C): each test failed before its fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Plan, Result


@pytest.mark.parametrize(
    ("args", "usage", "line"),
    [
        ((), "Usage: r57 [OPTIONS] COMMAND [ARGS]...", "Commands:"),
        (("unit",), "Usage: r57 unit [OPTIONS] COMMAND [ARGS]...", "merge"),
        (("task",), "Usage: r57 task [OPTIONS] COMMAND [ARGS]...", "add"),
        (("signing",), "Usage: r57 signing [OPTIONS] COMMAND [ARGS]...", "setup"),
    ],
)
def test_a_group_without_its_command_shows_its_help(
    r57: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], usage: str, line: str
) -> None:
    """`r57` or `r57 unit` alone showed the help as one escaped line (`\\n` between its
    lines) after an "Error:", not the help."""
    res = r57(*args, cwd=tmp_path)
    assert res.code == 2
    assert "\\n" not in res.err
    assert res.err.startswith(usage + "\n")
    assert "Error" not in res.err
    assert any(row.strip().startswith(line) for row in res.err.splitlines())


@pytest.mark.parametrize("args", [("--lang", "vi", "unit"), ("unit",)])
def test_a_group_without_its_command_shows_its_help_in_vietnamese(
    r57: Callable[..., Result],
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    monkeypatch.setenv("R57_LANG", "vi")
    res = r57(*args, cwd=plan.dir)
    assert res.code == 2
    assert res.err.startswith("Cách dùng: r57 unit")
    assert "Add a unit" not in res.err
    assert "Show this message" not in res.err
    assert "\\n" not in res.err


def _two_tasks_one_broken(plan: Plan, broken: str) -> None:
    from tests.conftest import task

    plan.write_task(task("T-002"))
    plan.write_raw("tasks/ndta/T-002.yaml", broken)
    plan.commit("T-002 broken")


@pytest.mark.parametrize(
    ("broken", "where"),
    [
        (
            "id: T-002\nunit: ndta\nprogress:\n  pct: 5\n   bad: [\n",
            "plan286/tasks/ndta/T-002.yaml:5:",
        ),
        (
            "id: T-002\nunit: ndta\nstart: 2025-02-10\ndue: 2025-02-30\n",
            "plan286/tasks/ndta/T-002.yaml",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_says_which_task_it_could_not_read(
    r57: Callable[..., Result], plan: Plan, broken: str, where: str, fmt: str
) -> None:
    """`r57 list` left a task whose file does not parse (or has a wrong type) out of the
    list without a word: the unit leader saw one task fewer and no reason."""
    _two_tasks_one_broken(plan, broken)
    res = r57("list", "--format", fmt, cwd=plan.dir)
    assert res.code == 0, res.err
    assert "T-001" in res.out
    assert "T-002" not in res.out
    assert "warning:" in res.err
    assert where in res.err
    assert "T-002" in res.err
    assert "r57 validate" in res.err


def test_list_says_which_task_it_could_not_read_in_vietnamese(
    r57: Callable[..., Result], plan: Plan
) -> None:
    _two_tasks_one_broken(plan, "id: T-002\nunit: [\n")
    res = r57("list", "--lang", "vi", cwd=plan.dir)
    assert res.code == 0, res.err
    assert "cảnh báo:" in res.err
    assert "plan286/tasks/ndta/T-002.yaml" in res.err
    assert "warning" not in res.err


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_report_names_the_tasks_it_could_not_read_in_every_format(
    r57: Callable[..., Result],
    plan: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """The report's footer said "1 task files could not be read" without saying which, and
    the Word document (the one a leader signs) did not say it at all."""
    import json
    import re
    import zipfile

    _two_tasks_one_broken(plan, "id: T-002\nunit: [\n")
    monkeypatch.setenv("R57_TODAY", "2025-03-03")
    at = ("--lang", lang)
    doc = json.loads(r57("report", "--week", "--format", "json", *at, cwd=plan.dir).out)
    assert doc["unreadable_files"] == 1
    assert doc["unreadable_tasks"] == ["T-002"]
    table = r57("report", "--week", *at, cwd=plan.dir)
    assert table.code == 0, table.err
    footer = [row for row in table.out.splitlines() if "T-002" in row]
    assert footer, table.out
    assert "1 task files" not in table.out
    out = tmp_path / "w.docx"
    res = r57("report", "--week", *at, "-o", str(out), cwd=plan.dir)
    assert res.code == 0, res.err
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    text = " ".join(re.findall(r">([^<]+)<", xml))
    assert "T-002" in text
    assert "r57 validate" in text


def test_a_commit_dated_hours_before_its_parent_is_not_said_backdated_to_the_same_day(
    r57: Callable[..., Result], plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after `r57 demo` (whose last commits are dated later today than the clock),
    a late report showed "2025-03-03 (backdated to 2025-03-03)": a day said to be moved
    to itself. Within one day, the table says the day; the JSON keeps backdated: true."""
    import json

    monkeypatch.setenv("R57_TODAY", "2025-03-04")
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2025-03-03T16:00:00+07:00")
    assert r57("update", "T-001", "--pct", "40", cwd=plan.dir).code == 0
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2025-03-03T10:00:00+07:00")  # before its parent, same day
    res = r57("update", "T-001", "--pct", "50", "--date", "2025-02-28", cwd=plan.dir)
    assert res.code == 0, res.err
    doc = json.loads(r57("report", "--week", "--format", "json", cwd=plan.dir).out)
    late = doc["late_reports"]["recorded_in_period"]
    assert [(r["task"], r["backdated"]) for r in late] == [("T-001", True)]
    for lang in ("en", "vi"):
        text = r57("report", "--week", "--wide", "--lang", lang, cwd=plan.dir).out
        rows = [row for row in text.splitlines() if "T-001" in row and "2025-02-28" in row]
        rows += [row for row in text.splitlines() if "T-001" in row and "28/02/2025" in row]
        assert rows, text
        assert all("backdated" not in row and "ghi lùi" not in row for row in rows), rows


@pytest.mark.parametrize(("lang", "words"), [("en", "cannot show it"), ("vi", "không hiển thị")])
def test_show_of_a_broken_task_does_not_speak_of_changing_it(
    r57: Callable[..., Result], plan: Plan, lang: str, words: str
) -> None:
    """`r57 show T-002` on a broken file said "r57 will not change it", for a command that
    changes nothing, and named the file without its plan folder."""
    _two_tasks_one_broken(plan, "id: T-002\nunit: [\n")
    res = r57("show", "T-002", "--lang", lang, cwd=plan.dir)
    assert res.code == 2
    assert words in res.err
    assert "plan286/tasks/ndta/T-002.yaml" in res.err
    assert "r57 validate" in res.err
    assert "change it" not in res.err
    assert "không sửa" not in res.err


@pytest.mark.parametrize(("lang", "words"), [("en", "in progress"), ("vi", "đang thực hiện")])
def test_nothing_to_record_names_the_status_in_words(
    r57: Callable[..., Result], plan: Plan, lang: str, words: str
) -> None:
    """ "T-001 đã ở 30% với trạng thái in_progress": the status code, in English, inside a
    Vietnamese sentence."""
    res = r57("update", "T-001", "--pct", "30", "--lang", lang, cwd=plan.dir)
    assert res.code == 2
    assert words in res.err
    assert "in_progress" not in res.err


@pytest.mark.parametrize(
    "args",
    [("start", "T-001"), ("reopen", "T-001", "--reason", "x"), ("confirm", "T-001")],
)
def test_refusals_name_the_status_in_vietnamese_words(
    r57: Callable[..., Result], plan: Plan, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "binh@example.gov.vn")  # a coordinator, for confirm
    res = r57(*args, "--lang", "vi", cwd=plan.dir)
    assert res.code == 2, res.err
    assert "đang thực hiện" in res.err
    assert "in_progress" not in res.err


@pytest.mark.parametrize(("lang", "words"), [("en", "check the spelling"), ("vi", "chính tả")])
def test_report_rev_with_a_typo_is_not_told_to_commit_the_plan_first(
    r57: Callable[..., Result], plan: Plan, lang: str, words: str
) -> None:
    """`r57 report --rev mian` answered "Commit the plan first (git add, git commit)" in a
    repository full of commits: the fix for an empty repository, not for a typo."""
    res = r57("report", "--week", "--rev", "mian", "--lang", lang, cwd=plan.dir)
    assert res.code == 2
    assert "mian" in res.err
    assert words in res.err
    assert "git add" not in res.err


def test_signing_setup_speaks_the_plans_language_and_names_no_key_it_cannot_read(
    r57: Callable[..., Result], plan: Plan, tmp_path: Path
) -> None:
    """In a Vietnamese plan, `r57 signing setup` spoke English (its help says "Default:
    the plan's"); and with --key FILE that is no key, it first said "Signing with the
    existing key FILE." and then that FILE is no key."""
    import shutil

    if shutil.which("ssh-keygen") is None:
        pytest.skip("needs ssh-keygen")
    text = (plan.dir / "plan.yaml").read_text("utf-8").replace("language: en", "language: vi")
    (plan.dir / "plan.yaml").write_text(text, "utf-8")
    plan.commit("plan in Vietnamese")
    made = r57("signing", "setup", "--email", "an@example.gov.vn", cwd=plan.dir)
    assert made.code == 0, made.err
    assert "Đã tạo khóa SSH mới" in made.out
    junk = tmp_path / "not-a-key"
    junk.write_text("hello\n", "utf-8")
    junk.chmod(0o600)
    res = r57("signing", "setup", "--key", str(junk), cwd=plan.dir)
    assert res.code == 2
    assert str(junk) not in res.out  # never "signing with" a key that is not one


def test_a_bad_lang_in_a_vietnamese_plan_has_no_english_env_var_words(
    r57: Callable[..., Result], plan: Plan
) -> None:
    """ "Giá trị không hợp lệ cho '--lang' (env var: 'R57_LANG')": typer writes the env var
    hint without gettext."""
    text = (plan.dir / "plan.yaml").read_text("utf-8").replace("language: en", "language: vi")
    (plan.dir / "plan.yaml").write_text(text, "utf-8")
    plan.commit("plan in Vietnamese")
    res = r57("list", "--lang", "fr", cwd=plan.dir)
    assert res.code == 2
    assert "Giá trị không hợp lệ" in res.err
    assert "env var" not in res.err
    assert "biến môi trường: 'R57_LANG'" in res.err


def test_a_task_removed_in_the_period_is_named_in_the_workbook_and_the_word_document(
    r57: Callable[..., Result], plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting an overdue task's file made it vanish from the .xlsx and the .docx without
    a word (the table, Markdown and HTML list it under "Tasks removed during the period")."""
    import re
    import zipfile

    from tests.conftest import git, task

    plan.write_task(task("T-002"))
    plan.commit("T-002")
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2025-03-11T09:00:00+07:00")
    git(plan.repo, "rm", "-q", "plan286/tasks/ndta/T-002.yaml")
    git(plan.repo, "commit", "-q", "-m", "drop T-002")
    monkeypatch.setenv("R57_TODAY", "2025-03-11")
    for lang in ("en", "vi"):
        book, paper = tmp_path / f"w-{lang}.xlsx", tmp_path / f"w-{lang}.docx"
        for out in (book, paper):
            res = r57("report", "--week", "--lang", lang, "-o", str(out), cwd=plan.dir)
            assert res.code == 0, res.err
        import openpyxl

        cells = [
            str(c.value)
            for sheet in openpyxl.load_workbook(book)
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        ]
        assert any("T-002" in c for c in cells), cells
        xml = zipfile.ZipFile(paper).read("word/document.xml").decode()
        assert "T-002" in " ".join(re.findall(r">([^<]+)<", xml))


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "-f", "json", "-o"),
        ("report", "--week", "-o"),
        ("schema", "--out"),
    ],
)
def test_a_file_that_cannot_be_written_is_said_in_vietnamese(
    r57: Callable[..., Result], plan: Plan, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`r57 validate -o nodir/v.json --lang vi` said "cannot write the report: No such file
    or directory." in English (an f-string), and every such error kept the system's English
    reason; `r57 schema` too."""
    target = tmp_path / "no-such-folder" / ("out.json" if args[0] != "schema" else "x")
    if args[0] == "schema":
        target.parent.mkdir()
        target.write_text("a file, not a folder\n", "utf-8")
    res = r57("--lang", "vi", *args, str(target), cwd=plan.dir)
    assert res.code == 2, res.err
    assert res.err.startswith("r57: lỗi: "), res.err
    for english in ("cannot write", "No such file", "Not a directory", "File exists"):
        assert english not in res.err, res.err


@pytest.mark.parametrize(("lang", "words"), [("en", "Interrupted."), ("vi", "Đã dừng giữa chừng.")])
def test_ctrl_c_while_the_command_tree_is_built_is_no_traceback(
    r57: Callable[..., Result],
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    """A Ctrl-C in the first fraction of a second (while typer builds the commands, before
    cli.run's handler) printed Python's traceback and died by the signal. The
    KeyboardInterrupt is what Python raises at that instant; here it is raised there."""
    import typer.main

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.main, "get_command", interrupted)
    res = r57("report", "--week", "--lang", lang, cwd=plan.dir)
    assert res.code == 130
    assert res.err.strip() == words
    assert "Traceback" not in res.err


@pytest.mark.parametrize(
    "args",
    [
        ("task", "--help", "--lang", "vi"),
        ("unit", "--lang", "vi", "--help"),
        ("signing", "--help", "--lang", "vi"),
        ("schema", "--help", "--lang", "vi"),
        ("completion", "--help", "--lang", "vi"),
    ],
)
def test_every_command_and_group_takes_lang(
    r57: Callable[..., Result], tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`r57 task --help --lang vi` answered "No such option: --lang": the groups and
    `schema`, `completion` had no --lang, unlike every other command."""
    res = r57(*args, cwd=tmp_path)
    assert res.code == 0, res.err
    assert res.out.startswith("Cách dùng: r57 "), res.out
    assert "--lang" in res.out


def test_schema_speaks_the_chosen_language(r57: Callable[..., Result], tmp_path: Path) -> None:
    res = r57("schema", "--out", str(tmp_path / "s"), "--lang", "vi", cwd=tmp_path)
    assert res.code == 0, res.err
    assert res.out.startswith("đã ghi "), res.out


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_list_person_with_a_typo_is_an_error_not_an_empty_list(
    r57: Callable[..., Result], plan: Plan, lang: str
) -> None:
    """`r57 list --person aan` said "No task matches." (exit 0) where `r57 report --person
    aan` says that is nobody in units.yaml: a leader would think the person has no task."""
    res = r57("list", "--person", "aan", "--lang", lang, cwd=plan.dir)
    assert res.code == 2
    assert "aan" in res.err
    assert "an" in res.err.split("aan", 1)[1]  # the near match is offered
    assert res.out == ""


def test_list_stale_days_without_stale_is_not_silently_ignored(
    r57: Callable[..., Result], plan: Plan
) -> None:
    """`r57 list --stale-days 5` listed every task: the option only works with --stale."""
    res = r57("list", "--stale-days", "5", cwd=plan.dir)
    assert res.code == 2
    assert "--stale" in res.err
    assert res.out == ""


@pytest.mark.parametrize(
    "args", [("list", "--unit", "ndta"), ("report", "--week", "--unit", "ndta")]
)
def test_a_broken_units_yaml_is_not_said_to_lack_the_unit(
    r57: Callable[..., Result], plan: Plan, args: tuple[str, ...]
) -> None:
    """With units.yaml broken, `r57 list --unit ndta` said "There is no unit 'ndta' in
    units.yaml.": the unit is there, the file cannot be read."""
    text = (plan.dir / "units.yaml").read_text("utf-8") + "  - id: [\n"
    (plan.dir / "units.yaml").write_text(text, "utf-8")
    plan.commit("units.yaml broken")
    res = r57(*args, cwd=plan.dir)
    assert res.code == 2
    assert "There is no unit" not in res.err
    assert "units.yaml cannot be read" in res.err
    assert "r57 validate" in res.err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_task_file_saved_as_utf16_is_told_to_be_saved_as_utf8(
    validate_json: Callable[[Plan], list[dict[str, object]]], plan: Plan, encoding: str
) -> None:
    """A file saved as "Unicode" (UTF-16, as Windows Notepad does) was "the file contains a
    NUL byte ... binary or corrupted; restore it from git": the fix is to save it as UTF-8."""
    from tests.conftest import dump, task

    raw = dump(task("T-002")).encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    plan.write_raw("tasks/ndta/T-002.yaml", raw)
    diags = [d for d in validate_json(plan) if "T-002" in str(d["path"])]
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [("R57E003", 1, 1)]
    assert "UTF-8" in str(diags[0]["hint"])


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (("--lang", "vi"), "Cách dùng: r57 [OPTIONS]"),
        (("unit", "--lang", "vi"), "Cách dùng: r57 unit"),
    ],
)
def test_a_group_with_only_lang_shows_its_help(
    r57: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], usage: str
) -> None:
    """`r57 --lang vi` or `r57 unit --lang vi` said "Lỗi: Thiếu lệnh." where `r57` alone
    shows the help: the language asked for is no reason to hide it."""
    res = r57(*args, cwd=tmp_path)
    assert res.code == 2
    assert res.err.startswith(usage), res.err
    assert "Thiếu lệnh" not in res.err


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_ctrl_c_while_the_command_runs_is_said_too(
    r57: Callable[..., Result], plan: Plan, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Typer turns a KeyboardInterrupt inside a command into exit 130 without a word: a
    Ctrl-C one second into a long report left the terminal silent."""
    from r57cli.locale import texts
    from r57cli.report import synthesis

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(synthesis, "run", interrupted)
    res = r57("report", "--week", "--lang", lang, cwd=plan.dir)
    assert res.code == 130
    texts.set_language(lang)
    assert res.err.strip() == texts.say("interrupted")
    assert (res.err.strip() == "Interrupted.") == (lang == "en")  # vi: in Vietnamese
    assert "Traceback" not in res.err


@pytest.mark.parametrize("value", ["VI", "Vi", " vi"])
def test_r57_lang_in_capitals_is_vietnamese(
    r57: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """R57_LANG=VI (as a person writes a language code) was refused with an English
    usage error on every command."""
    monkeypatch.setenv("R57_LANG", value)
    res = r57("validate", cwd=tmp_path)  # no plan here: the error is in the language chosen
    assert res.code == 2
    assert "không tìm thấy kế hoạch" in res.err, res.err
    assert "Invalid value" not in res.err


def test_an_unknown_r57_lang_is_still_refused(
    r57: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_LANG", "fr")
    res = r57("validate", cwd=tmp_path)
    assert res.code == 2
    assert "R57_LANG" in res.err


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--week", "--format", "json", "--csv-table", "units"),
        ("report", "--week", "--csv-dialect", "plain"),
        ("report", "--week", "--format", "markdown", "--no-csv-bom"),
        ("list", "--csv-bom"),
    ],
)
def test_a_csv_option_for_another_format_is_refused_not_ignored(
    r57: Callable[..., Result], plan: Plan, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """`r57 report -f json --csv-table units` wrote the JSON as if the option were not there:
    a user who asked for the units table got something else without a word."""
    monkeypatch.setenv("R57_TODAY", "2025-03-03")
    res = r57(*args, "--lang", "en", cwd=plan.dir)
    assert res.code == 2, res.out
    assert "only shapes CSV output" in res.err
    assert res.out == ""
    csv = r57(*args, "--format", "csv", "--lang", "en", cwd=plan.dir)  # the last --format wins
    assert csv.code == 0, csv.err


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_peoples_csv_has_a_row_for_each_task_left_out(
    r57: Callable[..., Result], plan: Plan, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The CSV (the sheet a coordinator opens in Excel) dropped a task deleted in the
    period and a task whose file could not be read without a word, where every other
    format names them: each is now a row, marked as not counted."""
    import csv
    import io

    from r57cli.locale import texts
    from r57cli.locale.reportwords import rsay
    from tests.conftest import git, task

    plan.write_task(task("T-002"))
    plan.write_task(task("T-003"))
    plan.commit("T-002, T-003")
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2025-03-11T09:00:00+07:00")
    git(plan.repo, "rm", "-q", "plan286/tasks/ndta/T-002.yaml")
    plan.write_raw("tasks/ndta/T-003.yaml", "id: T-003\nunit: [\n")
    plan.commit("drop T-002, break T-003")
    monkeypatch.setenv("R57_TODAY", "2025-03-11")
    res = r57("report", "--week", "--format", "csv", "--lang", lang, cwd=plan.dir)
    assert res.code == 0, res.err
    rows = list(csv.reader(io.StringIO(res.out.lstrip("\ufeff"))))
    by_id = {r[0]: r for r in rows[1:]}
    texts.set_language(lang)
    assert rsay("csv-removed") in by_id["T-002"]
    assert rsay("csv-unreadable") in by_id["T-003"]
    assert "T-001" in by_id  # the counted task is there as before
    assert all(len(r) == len(rows[0]) for r in rows)
    plain = r57("report", "--week", "-f", "csv", "--csv-dialect", "plain", cwd=plan.dir)
    assert "T-002" not in plain.out  # the machine table holds the counted tasks alone
