"""Issue 15 item 5 on the demo, the whole of it: every command a person reads in a terminal
fits 80 and 60 columns, in both languages, and a pipe without COLUMNS is 80 columns. Fitting
loses nothing: every task ID and (where nothing is cut with …) every word of the output as
wide as it comes is still there. The one line allowed past the width is validate's
`path:line:col: error CODE: message`, which editors parse (render/text.py)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import Result
from tests.test_demo import _isolate, _run

TODAY = "2026-12-07"  # the demo's whole history: changes, blockers, requests, reschedules
SHOWN = "T-035"  # milestones, blockers and resource requests
ASKED = "planning-finance"  # asked for resources by several tasks
COMMANDS = [
    ("report", "--week"),
    ("report", "--week", "--all"),
    ("report", "--month"),
    ("report", "--unit", "ndta"),
    ("list",),
    ("list", "--overdue"),
    ("list", "--silent", "7"),
    ("list", "--asked-of", ASKED),
    ("show", SHOWN),
    ("log",),
    ("log", "--all"),
    ("remind",),
    ("validate", "-p", "BROKEN"),
    ("check", "HEAD~5..HEAD"),
]
HEAD_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning) R57[EW]\d+: ")
TASK_ID = re.compile(r"\bT-\d{3}\b")


class Demo:
    def __init__(self, root: Path, broken: Path, mp: pytest.MonkeyPatch) -> None:
        self.root, self.broken, self.mp = root, broken, mp
        self.wide: dict[tuple[str, ...], Result] = {}

    def run(self, command: tuple[str, ...], lang: str, columns: int | None) -> Result:
        args = [str(self.broken) if a == "BROKEN" else a for a in command]
        if columns is None:
            self.mp.delenv("COLUMNS", raising=False)
        else:
            self.mp.setenv("COLUMNS", str(columns))
        self.mp.chdir(self.root)
        return _run(*args, "--lang", lang)

    def widest(self, command: tuple[str, ...], lang: str) -> Result:
        """The output as wide as it comes: every row on one line, nothing cut."""
        key = (*command, lang)
        if key not in self.wide:
            self.wide[key] = self.run(command, lang, 100_000)
        return self.wide[key]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:  # type: ignore[misc]
    base = tmp_path_factory.mktemp("narrow")
    root = base / "plan-repo"
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("home"))
        res = _run("demo", str(root), "--today", TODAY, "--lang", "en")
        assert res.code == 0, res.err
        # A copy with errors for validate: a long value and a date that does not exist.
        shutil.copytree(root, base / "broken")
        broken = base / "broken" / "plan286"
        path = broken / "tasks" / "ndta" / "T-008.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^due: .*$", "due: 2026-13-45", text), encoding="utf-8")
        path = broken / "tasks" / "ndta" / "T-009.yaml"
        text = path.read_text(encoding="utf-8")
        long_unit = "a-unit-whose-id-is-far-too-long-to-exist-anywhere-in-units-yaml"
        path.write_text(text.replace(f"unit: {ASKED}", f"unit: {long_unit}"), encoding="utf-8")
        mp.setenv("R57_TODAY", TODAY)
        mp.setenv("NO_COLOR", "1")
        yield Demo(root, broken, mp)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def heads_words(text: str) -> set[str]:
    """The words of a wide output's column titles: its first line, and each line under a
    section's rule. A record shows its first and free columns without their titles."""
    lines = text.splitlines()
    heads = [lines[0]] + [b for a, b in zip(lines, lines[1:], strict=False) if a.startswith("──")]
    return set(words("\n".join(heads)))


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_fits_and_keeps_everything(
    demo: Demo, command: tuple[str, ...], lang: str, columns: int
) -> None:
    res = demo.run(command, lang, columns)
    whole = demo.widest(command, lang)
    assert res.code == whole.code, res.err
    assert res.code in (0, 1), res.err  # validate's broken copy: 1
    out = res.out + res.err
    over = [
        line for line in out.splitlines() if cell_len(line) > columns and not HEAD_LINE.match(line)
    ]
    assert over == [], over[:3]
    if command[0] == "validate":  # the head lines are whole, the same as wide
        heads = [line for line in out.splitlines() if HEAD_LINE.match(line)]
        assert heads == [line for line in whole.out.splitlines() if HEAD_LINE.match(line)]
        assert len(heads) == 4
    wide_out = whole.out + whole.err
    assert sorted(set(TASK_ID.findall(out))) == sorted(set(TASK_ID.findall(wide_out)))
    if "…" not in out:  # nothing shortened: no word of the wide output is lost
        lost = words(wide_out) - words(out)
        assert set(lost) <= heads_words(wide_out), lost  # but a record's lead's column titles


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c[0] in ("report", "list")], ids=lambda c: " ".join(c)
)
def test_what_is_cut_is_whole_under_wide(demo: Demo, command: tuple[str, ...], lang: str) -> None:
    """A title cut with … in a terminal is whole, on one line, with --wide."""
    cut = demo.run((*command, "--wide"), lang, 100)
    assert cut.code == 0, cut.err
    assert "…" not in cut.out.replace("…%", "")
    assert words(demo.widest(command, lang).out) == words(cut.out)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_pipe_without_columns_is_80_columns(demo: Demo, lang: str) -> None:
    for command in (("report", "--week"), ("list",), ("log",), ("show", SHOWN), ("remind",)):
        res = demo.run(command, lang, None)
        assert res.code == 0, res.err
        widest = max(cell_len(line) for line in (res.out + res.err).splitlines())
        assert 60 < widest <= 80, command


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_narrow_records_of_what_changed_lead_with_the_task(demo: Demo, lang: str) -> None:
    """At 60 columns, what changed is one record per task: its ID and title first, the
    change (its group, from → to) as fields, never the group leading the record."""
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import set_language

    set_language(lang, "en")
    title = rsay("sec-changes-status")
    lines = demo.run(("report", "--week"), lang, 60).out.splitlines()
    at = lines.index(title) + 3  # the title, its rule, the empty line a table's head takes
    body = lines[at : lines.index("", at)]
    heads = [line for line in body if not line.startswith(" ")]
    assert len(heads) >= 3
    assert all(TASK_ID.match(line) for line in heads), heads
    fields = " ".join(" ".join(body).split())
    assert ("From → to:" if lang == "en" else "→") in fields


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_markdown_and_csv_are_never_cut(demo: Demo, fmt: str) -> None:
    for lang in ("en", "vi"):
        narrow = demo.run(("report", "--week", "--format", fmt), lang, 60).out
        assert narrow == demo.run(("report", "--week", "--format", fmt), lang, 100_000).out
        assert "…" not in narrow
        assert max(len(line) for line in narrow.splitlines()) > 100  # whole rows, not wrapped
