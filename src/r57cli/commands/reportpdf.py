"""`r57 report --format docx|pdf`: the Word document (render/report_docx.py), and the PDF
made from it by LibreOffice. LibreOffice, because the PDF must be the very document the
Office edits and signs: converting the DOCX itself keeps the two one document, where an
HTML-to-PDF engine (Chromium, WeasyPrint) would lay out a second one of its own. It is a
system program, not a Python package, so no pip extra can bring it: without it the error
says how to install it. Each conversion runs in its own temporary directory with its own
LibreOffice profile, so that two runs at once (or a LibreOffice open on the desktop) do
not collide, and under a time limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from r57cli.errors import R57Error
from r57cli.locale.reportwords import rsay

TIMEOUT = 180  # seconds; a cold LibreOffice start and a national week take well under
PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def document_bytes(doc: dict[str, Any], *, pdf: bool) -> bytes:
    from r57cli.render.report_docx import render_docx

    data = render_docx(doc)
    return to_pdf(data) if pdf else data


def find_soffice() -> tuple[str | None, list[str]]:
    """LibreOffice's program, and where it was looked for: $R57_SOFFICE alone when set
    (the user chose it), else soffice or libreoffice on PATH, else the usual places."""
    chosen = os.environ.get("R57_SOFFICE")
    if chosen:
        ok = Path(chosen).is_file() and os.access(chosen, os.X_OK)
        return (chosen if ok else None), [f"R57_SOFFICE={chosen}"]
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found, []
    for place in PLACES:
        if Path(place).is_file():
            return place, []
    return None, ["soffice", "libreoffice", *PLACES]


def to_pdf(docx: bytes) -> bytes:
    program, tried = find_soffice()
    if program is None:
        raise R57Error(rsay("dx-pdf-no-engine", tried=", ".join(tried)))
    with tempfile.TemporaryDirectory(prefix="r57-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise R57Error(
                rsay(
                    "dx-pdf-failed", program=program, reason=rsay("dx-pdf-timeout", seconds=TIMEOUT)
                )
            ) from None
        except OSError as exc:
            raise R57Error(rsay("dx-pdf-failed", program=program, reason=str(exc))) from None
        made = folder / "report.pdf"
        if done.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            reason = said.splitlines()[-1] if said else f"exit code {done.returncode}"
            raise R57Error(rsay("dx-pdf-failed", program=program, reason=reason))
        return made.read_bytes()
