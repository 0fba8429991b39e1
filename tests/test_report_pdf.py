"""`r57 report --format pdf`: the Decree-30 document converted by a real LibreOffice (the
test skips, saying why, where there is none), read back without a PDF library: its pages,
its embedded fonts, its title (the document's subject). Without LibreOffice, and for a
terminal, a clear error in both languages, a failing exit code and no file."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from r57cli.commands.reportpdf import find_soffice
from tests.test_report_docx import Built, built, paragraphs
from tests.test_report_docx import document as docx_of
from tests.test_report_html import TODAY, WEEK, _at

__all__ = ["built"]  # the fixture, imported to be used here

# A week no other test converts: its report is never in the output cache (which would
# answer without LibreOffice).
EARLIER = "2025-W12"


def run(mp: pytest.MonkeyPatch, cwd: Path, *args: str) -> tuple[int, str]:
    """The CLI in-process: its exit code and what it said on stderr."""
    from r57cli.cli import run as cli_run

    mp.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            cli_run(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def pdf_title(data: bytes) -> str:
    """The document information's /Title, as LibreOffice writes it (UTF-16 in hex)."""
    found = re.search(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>", data)
    assert found, "no /Title"
    return bytes.fromhex(found.group(1).decode()).decode("utf-16-be")


def test_the_pdf_is_the_document(
    built: Built, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if find_soffice()[0] is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF cannot be made here")
    _at(monkeypatch, TODAY)
    out = tmp_path / "week.pdf"
    code, err = run(
        monkeypatch, built.repo, "report", "--week", WEEK, "--lang", "vi", "-o", str(out)
    )
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert pages >= 2  # the tables run onto a second page
    assert b"/FontFile2" in data or b"/FontFile" in data  # the fonts travel with it
    names = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", data))
    assert names, "no embedded (subset) font"
    assert all(n.startswith((b"LiberationSerif", b"TimesNewRoman")) for n in names), names
    assert pdf_title(data) == paragraphs(docx_of(built, "vi"))[1]  # BÁO CÁO's subject


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["LibreOffice", "was not found", "sudo apt install libreoffice-writer-nogui"]),
        ("vi", ["không tìm thấy LibreOffice", "brew install --cask libreoffice", "pip"]),
    ],
)
def test_without_libreoffice_a_clear_error(
    built: Built, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, words: list[str]
) -> None:
    _at(monkeypatch, TODAY)
    monkeypatch.setenv("R57_SOFFICE", str(tmp_path / "no-such-soffice"))
    bare = tmp_path / "bin"  # a PATH with git and no LibreOffice
    bare.mkdir()
    (bare / "git").symlink_to(shutil.which("git") or "git")
    monkeypatch.setenv("PATH", str(bare))
    out = tmp_path / "week.pdf"
    code, err = run(
        monkeypatch, built.repo, "report", "--week", EARLIER, "--lang", lang, "-o", str(out)
    )
    assert code == 2  # ExitCode.USAGE: the set-up, not the plan, is at fault
    for word in words:
        assert word in err, (word, err)
    assert "R57_SOFFICE=" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_document_is_not_written_to_a_terminal(
    built: Built, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _at(monkeypatch, TODAY)
    code, err = run(monkeypatch, built.repo, "report", "--week", WEEK, "--format", fmt)
    assert code == 2  # ExitCode.USAGE: the set-up, not the plan, is at fault
    assert f"-o FILE.{fmt}" in err


def test_a_report_block_with_mistakes_is_named_when_the_document_is_written(
    plan: Any, r57: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document shows the block as written: r57 says where it is wrong, every run."""
    from tests.conftest import PLAN

    monkeypatch.setenv("R57_TODAY", "2025-03-05")
    plan.write_plan({**PLAN, "report": {"symbol": "286/BTTTT", "signer": {"name": 42}}})
    plan.commit("a report block with mistakes")
    for _ in range(2):  # the second run reads the document back from the cache
        res = r57("report", "--week", "-o", str(tmp_path / "w.docx"), cwd=plan.repo)
        assert res.code == 0, res.err
        assert "plan.yaml:" in res.err
        assert "the report: block has 3 problem(s)" in res.err


def test_a_pdf_is_never_read_back_from_the_cache(
    plan: Any, r57: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It depends on the LibreOffice installed: without one, the next run says so instead
    of handing back the last PDF."""
    if find_soffice()[0] is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF cannot be made here")
    monkeypatch.setenv("R57_TODAY", "2025-03-05")
    out = tmp_path / "w.pdf"
    assert r57("report", "--week", "-o", str(out), cwd=plan.repo).code == 0
    out.unlink()
    monkeypatch.setenv("R57_SOFFICE", str(tmp_path / "no-such-soffice"))
    res = r57("report", "--week", "-o", str(out), cwd=plan.repo)
    assert res.code == 2
    assert "LibreOffice" in res.err
    assert not out.exists()
