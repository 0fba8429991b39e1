"""What `r57 demo DIR` leaves to open besides the repository: the demo week's report as it
is sent up the chain, one file per format in DIR/reports/ (week.html, week.xlsx and
week.docx, the document to sign), made by the same code as `r57 report --week -o FILE`.
The folder is kept out of git (.git/info/exclude), so the plan repository stays clean for
`r57 update`."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

FORMATS = ("html", "xlsx", "docx")
FOLDER = "reports"


def write_week(root: Path, plan_dir: Path, day: date, lang: str | None) -> list[Path]:
    """The week of `day` (the history's last day, as of which it is reported) in each
    format; the files written."""
    from r57cli.commands import report
    from r57cli.commands.options import Lang

    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    exclude = root / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    kept = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
    if f"/{FOLDER}/" not in kept.splitlines():
        exclude.write_text(
            kept + ("" if kept.endswith("\n") or not kept else "\n") + f"/{FOLDER}/\n"
        )
    year, week, _ = day.isocalendar()
    before = os.environ.get("R57_TODAY")
    os.environ["R57_TODAY"] = day.isoformat()  # the report sees the day the history ends
    written = []
    try:
        for fmt in FORMATS:
            path = folder / f"week.{fmt}"
            report.command(
                week=f"{year}-W{week:02d}",
                output=path,
                plan=plan_dir,
                lang=Lang(lang) if lang else None,
            )
            written.append(path)
    finally:
        if before is None:
            os.environ.pop("R57_TODAY", None)
        else:
            os.environ["R57_TODAY"] = before
    return written
