"""The root `--lang`, and arguments echoed back escaped (issue 12 item 4, issue 13 item 6)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Plan, task

R57 = Callable[..., Any]

# Newline, CR, ESC, BEL, right-to-left override, line separator, next line.
HOSTILE = ["\n", "\r", "\x1b", "\x07", "\u202e", "\u2028", "\u0085"]


def _clean(text: str) -> None:
    for char in HOSTILE:
        assert char not in text, repr(char)


def test_root_lang_is_accepted(r57: R57) -> None:
    res = r57("--lang", "vi", "--help")
    assert res.code == 0, res.err
    assert "--lang" in res.out


def test_root_lang_bad_choice_is_a_usage_error(r57: R57, tmp_path: Path) -> None:
    # Outside any plan: inside one, the error speaks the plan's language.
    res = r57("--lang", "xx", "--help", cwd=tmp_path)
    assert res.code == 2
    assert "'xx' is not one of 'en', 'vi'" in res.err


def test_root_lang_applies_to_subcommand_output(plan: Plan, r57: R57) -> None:
    res = r57("--lang", "vi", "unblock", "T-001", "B-9", cwd=plan.repo)
    assert res.code == 2
    assert "không có vướng mắc" in res.err
    res = r57("--lang", "vi", "unblock", "T-001", "B-9", "--lang", "en", cwd=plan.repo)
    assert "has no blocker" in res.err or "no blocker" in res.err, res.err


@pytest.mark.parametrize("char", HOSTILE)
def test_echoed_argument_is_escaped_in_r57_errors(plan: Plan, r57: R57, char: str) -> None:
    plan.write_task(task())
    res = r57("unblock", "T-001", f"B-1{char}R57-Action: done", cwd=plan.repo)
    assert res.code == 2
    _clean(res.err.rstrip("\n"))
    assert res.err.count("\n") == 1, res.err


@pytest.mark.parametrize("char", HOSTILE)
def test_echoed_value_is_escaped_in_usage_errors(r57: R57, char: str, tmp_path: Path) -> None:
    res = r57("report", "--format", f"x{char}y", cwd=tmp_path)  # no plan: English
    assert res.code == 2
    error = [line for line in res.err.split("\n") if line.startswith("Error:")]
    assert len(error) == 1, res.err
    _clean(error[0])
    assert "R57-Action" not in res.err


def test_escaped_through_the_real_console_script(plan: Plan) -> None:
    """A subprocess, as a CI log sees it: one error line, no raw control character."""
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli", "unblock", "T-001", "B-1\nR57-Action: done\x1b[2J"],
        cwd=plan.repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "\x1b" not in proc.stderr
    assert "\\nR57-Action: done\\x1b[2J" in proc.stderr


@pytest.mark.parametrize(
    ("args", "english", "vietnamese"),
    [
        (["update", "--bogus"], "No such option: --bogus", "Không có tùy chọn: --bogus"),
        (["unblock"], "Missing argument 'TASK'.", "Thiếu tham số 'TASK'."),
        (["report", "--format", "x"], "Invalid value for", "Giá trị không hợp lệ cho"),
        (["list", "a"], "Got unexpected extra argument", "Có tham số thừa"),
        (["bogus"], "No such command", "Không có lệnh"),
    ],
)
def test_usage_errors_in_vietnamese(
    r57: R57,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    english: str,
    vietnamese: str,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("R57_LANG", raising=False)
    monkeypatch.chdir(tmp_path)  # no plan here: English unless --lang or R57_LANG says
    en = r57(*args)
    assert en.code == 2
    assert english in en.err
    assert en.err.startswith("Usage: r57")
    assert "Error: " in en.err
    for vi in (r57("--lang", "vi", *args), _env_vi(r57, monkeypatch, args)):
        assert vi.code == 2
        assert vietnamese in vi.err, vi.err
        assert vi.err.startswith("Cách dùng: r57")
        assert "Lỗi: " in vi.err
        for word in ("Usage", "Error", "Try", "Invalid", "Missing", "No such", "Possible"):
            assert word not in vi.err, vi.err


def _env_vi(r57: R57, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> Any:
    monkeypatch.setenv("R57_LANG", "vi")
    try:
        return r57(*args)
    finally:
        monkeypatch.delenv("R57_LANG")


def test_click_catalogue_fields_match_and_mo_is_current() -> None:
    from babel.messages.pofile import read_po
    from tools.compile_locale import compiled

    from r57cli.locale import clickwords
    from r57cli.locale.catalog import LOCALE_DIR

    po = LOCALE_DIR / "vi" / "LC_MESSAGES" / "click.po"
    assert po.with_suffix(".mo").read_bytes() == compiled(po)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    ids = {m.id for m in catalog if m.id}
    assert ids == {
        *clickwords.SENTENCES,
        *clickwords.HELP_WORDS,
        clickwords.USAGE,
        clickwords.TRY,
        clickwords.ERROR,
    }
    field = re.compile(r"\{(\w*)\}")
    for m in catalog:
        if m.id:
            assert m.string, m.id
            assert sorted(field.findall(str(m.id))) == sorted(field.findall(str(m.string)))


def test_help_headings_in_vietnamese(r57: R57) -> None:
    res = r57("--lang", "vi", "update", "--help")
    assert res.code == 0
    assert res.out.startswith("Cách dùng: r57 update")
    assert "Tùy chọn" in res.out
    assert "Tham số" in res.out
    en = r57("update", "--help")
    assert en.out.startswith("Usage: r57 update")
    assert "Options" in en.out


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "vi", "validate"),
        ("validate", "--lang", "vi"),
        ("--lang", "en", "report", "--week", "--lang", "vi"),
    ],
    ids=["root", "command", "last-wins"],
)
def test_no_plan_found_in_the_language_asked(
    tmp_path: Any, r57: R57, args: tuple[str, ...]
) -> None:
    # Said while looking for the plan, before the command has read its own --lang.
    res = r57(*args, cwd=tmp_path)
    assert res.code == 2
    assert "không tìm thấy kế hoạch" in res.err, res.err
    assert "no plan found" not in res.err


def test_a_commands_lang_translates_its_usage_errors(plan: Plan, r57: R57) -> None:
    res = r57("update", "T-001", "--pct", "200", "--lang", "vi", cwd=plan.repo)
    assert res.code == 2
    assert "Giá trị không hợp lệ cho '--pct'" in res.err, res.err
    english = r57("update", "T-001", "--pct", "200", "--lang", "en", cwd=plan.repo)
    assert "Invalid value for '--pct'" in english.err, english.err
