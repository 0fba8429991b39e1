"""r57's own --help texts in Vietnamese (the `r57-help` domain), and English help unchanged.

The English help of every command is compared with tests/snapshots/help_en/, written from the
code before the translation existed (R57_UPDATE_SNAPSHOTS=1 rewrites them)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

R57 = Callable[..., Any]
SNAPSHOTS = Path(__file__).parent / "snapshots" / "help_en"


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of r57, as the words after `r57` ((): r57 itself)."""
    import typer

    from r57cli.cli import app

    out: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        out.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return out


PATHS = command_paths()


def _name(path: tuple[str, ...]) -> str:
    return "-".join(("r57", *path))


@pytest.fixture
def help_of(r57: R57, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """`r57 PATH... --help` in-process, 100 columns wide, with R57_LANG as given."""
    monkeypatch.setenv("COLUMNS", "100")

    def run(path: tuple[str, ...], *extra: str, env_lang: str | None = None) -> str:
        if env_lang is None:
            monkeypatch.delenv("R57_LANG", raising=False)
        else:
            monkeypatch.setenv("R57_LANG", env_lang)
        res = r57(*extra, *path, "--help")
        assert res.code == 0, res.err
        return str(res.out)

    return run


@pytest.mark.parametrize("path", PATHS, ids=_name)
def test_english_help_is_unchanged(help_of: Callable[..., str], path: tuple[str, ...]) -> None:
    text = help_of(path)
    snapshot = SNAPSHOTS / f"{_name(path)}.txt"
    if os.environ.get("R57_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


# --- Vietnamese help: no English sentence left ------------------------------------------

# English words that make a sentence, and that no Vietnamese word is spelled as ("in", "no",
# "can" are Vietnamese words too, so they are not here).
STOP = {
    *("the", "a", "an", "of", "to", "and", "or", "is", "are", "be", "for", "with", "this"),
    *("that", "it", "its", "show", "exit", "message", "from", "by", "when", "not", "only"),
    *("each", "every", "which", "what", "who", "how", "as", "on", "into", "than", "their"),
    *("has", "have", "was", "were", "will", "may", "must", "if", "else", "then", "here"),
    *("there", "these", "those"),
}
# Names kept in English in the Vietnamese text (git's and the tools' own words).
ALLOWED = {"git", "commit", "push", "rebase", "merge", "pull", "request", "bash", "shell"}
COMMAND_NAMES = {name for path in PATHS for name in path}


def _candidate(token: str) -> bool:
    """An ASCII word that is not an option, a metavar, a command, a code or a name."""
    word = token.strip(",.;:()[]{}\"'`!?")
    return (
        word.isascii()
        and word.isalpha()
        and not word.isupper()
        and word.lower() not in ALLOWED
        and word not in COMMAND_NAMES
    )


def english_runs(text: str) -> list[str]:
    """Every run of 3 or more English-looking words with an English stop word among them."""
    runs: list[str] = []
    current: list[str] = []
    for token in [*text.split(), ""]:
        if token and not token.startswith("-") and _candidate(token):
            current.append(token.strip(",.;:()[]{}\"'`!?"))
            continue
        if len(current) >= 3 and any(word.lower() in STOP for word in current):
            runs.append(" ".join(current))
        current = []
    return runs


@pytest.mark.parametrize("how", ["--lang", "R57_LANG"])
@pytest.mark.parametrize("path", PATHS, ids=_name)
def test_vietnamese_help_has_no_english(
    help_of: Callable[..., str], path: tuple[str, ...], how: str
) -> None:
    by_option = how == "--lang"
    text = help_of(path, "--lang", "vi") if by_option else help_of(path, env_lang="vi")
    assert english_runs(text) == [], text
    assert text.startswith("Cách dùng: r57")
    assert "Hiện hướng dẫn này rồi thoát." in text


@pytest.mark.parametrize("path", PATHS, ids=_name)
def test_the_detector_flags_every_english_help(
    help_of: Callable[..., str], path: tuple[str, ...]
) -> None:
    """The check above would see an untranslated text: it flags each command's English help,
    even without the --help line that every command shares."""
    text = help_of(path).replace("Show this message and exit.", "")
    assert english_runs(text) != [], text


def test_a_commands_own_lang_translates_its_help(help_of: Callable[..., str]) -> None:
    path = ("update",)
    text = help_of((), *path, "--lang", "vi")
    assert text.startswith("Cách dùng: r57 update")
    assert "Ghi tiến độ của một nhiệm vụ" in text
    assert english_runs(text) == []
    # The last --lang wins, as it does for the command's output; English is as before.
    english = help_of((), "--lang", "vi", *path, "--lang", "en")
    assert english == (SNAPSHOTS / "r57-update.txt").read_text(encoding="utf-8")
    assert help_of(("update",), "--lang", "en", env_lang="vi") == english


def _uses() -> list[tuple[str, tuple[str, ...]]]:
    """(msgid, the command whose --help shows it) for every text the detector would catch."""
    import typer

    from r57cli.cli import HELP_OPTION_NAMES, app
    from r57cli.locale.helptexts import texts

    seen: dict[str, tuple[str, ...]] = {}
    for where, holder, field in texts(typer.main.get_command(app), HELP_OPTION_NAMES):
        words = where.split()[1:]
        if words and (words[-1].startswith("-") or not words[-1].islower()):
            words = words[:-1]  # an option or an argument: shown in its command's help
        if field == "short_help":
            words = words[:-1]  # shown in the list of its parent's commands
        msgid = getattr(holder, field)
        if english_runs(msgid):
            seen.setdefault(msgid, tuple(words))
    return list(seen.items())


@pytest.mark.parametrize(("msgid", "path"), _uses(), ids=lambda v: str(v)[:40])
def test_a_missing_translation_is_caught(
    help_of: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    msgid: str,
    path: tuple[str, ...],
) -> None:
    """Take one msgstr out of the catalogue: that command's Vietnamese help fails the check."""
    from r57cli.locale import catalog, helptexts

    real = catalog.gettext_

    def without(domain: str, lang: str, message: str) -> str:
        return message if message == msgid else real(domain, lang, message)

    monkeypatch.setattr(helptexts, "gettext_", without)
    assert english_runs(help_of(path, "--lang", "vi")) != []


# --- The catalogue ---------------------------------------------------------------------


def test_help_catalogue_is_complete_current_and_compiled() -> None:
    """Every text of today's tree is in r57-help.po, translated, with the same `{fields}`,
    `%(x)s`, backquoted spans and paragraphs; nothing else is; the .pot and .po are what
    tools/extract_help.py writes; the .mo is what the .po compiles to."""
    import re

    from tools import extract_help
    from tools.compile_locale import compiled

    entries = extract_help.collect()
    vi = extract_help.translated(extract_help.PO)
    assert sorted(vi) == sorted(entries), "run python tools/extract_help.py"
    shape = re.compile(r"\{\w*\}|%\(\w+\)\w|`|\n\n")
    for msgid in entries:
        assert vi[msgid].strip(), f"no Vietnamese for {msgid!r}"
        assert shape.findall(vi[msgid]) == shape.findall(msgid), msgid
    pot = extract_help.POT.read_text(encoding="utf-8")
    assert pot == extract_help.render(extract_help.POT_TITLE, extract_help.POT_HEADER, entries, {})
    po = extract_help.PO.read_text(encoding="utf-8")
    assert po == extract_help.render(extract_help.PO_TITLE, extract_help.HEADER, entries, vi)
    assert extract_help.PO.with_suffix(".mo").read_bytes() == compiled(extract_help.PO)


def test_the_help_mo_is_what_runs() -> None:
    import gettext

    from r57cli.locale.catalog import translations

    cat = translations("r57-help", "vi")
    assert isinstance(cat, gettext.GNUTranslations)
    assert cat.gettext("Show this message and exit.") == "Hiện hướng dẫn này rồi thoát."


def test_english_help_loads_no_catalogue() -> None:
    """English does no work: the r57-help module and catalogue are never loaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from r57cli.cli import run\n"
        "try:\n    run(['update', '--help'])\nexcept SystemExit:\n    pass\n"
        "from r57cli.locale.catalog import translations\n"
        "assert 'r57cli.locale.helptexts' not in sys.modules\n"
        "assert translations.cache_info().currsize == 0, translations.cache_info()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "R57_LANG"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("args", "english", "vietnamese"),
    [
        (["updte"], "Did you mean 'update'?", "Không có lệnh 'updte'. Có phải ý bạn là"),
        (["validate", "--plan"], "requires an argument", "Tùy chọn '--plan' cần một giá trị."),
        (["update", "T-1", "--dry-run=x"], "does not take a value", "không nhận giá trị"),
        # r57's plain words, not pydantic's (issue 15).
        (["update", "T-1", "--pct", "x"], "is not a whole number", "không phải số nguyên"),
        (["update", "T-1", "--pct", "200"], "100 or less", "phải từ 100 trở xuống"),
        (["validate", "--jobs", "0"], "1 or more", "phải từ 1 trở lên"),
    ],
)
def test_more_usage_errors_in_vietnamese(
    r57: R57,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    english: str,
    vietnamese: str,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("R57_LANG", raising=False)
    monkeypatch.chdir(tmp_path)  # no plan here: English unless --lang says (issue 15)
    en = r57(*args)
    assert en.code == 2
    assert english in en.err
    vi = r57("--lang", "vi", *args)
    assert vi.code == 2
    assert vietnamese in vi.err, vi.err
    error = vi.err.strip().splitlines()[-1]
    assert english_runs(error) == [], error


def test_completion_descriptions_follow_r57_lang() -> None:
    """zsh and fish show each completion's help: in Vietnamese under R57_LANG=vi."""
    import subprocess
    import sys

    def complete(lang: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "R57_LANG"}
        env.update({"_R57_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "r57 report --we"})
        if lang is not None:
            env["R57_LANG"] = lang
        proc = subprocess.run(
            [sys.executable, "-m", "r57cli"], capture_output=True, text=True, env=env, check=False
        )
        return proc.stdout

    assert "Một tuần theo ISO" in complete("vi")
    assert "One ISO week" in complete(None)
