"""What `r57 report` writes besides the text: a file written whole or not at all, and the
time a stamped report was made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".pdf": "pdf",
}
BYTES = ("xlsx", "docx", "pdf")  # formats whose bytes a terminal cannot show

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace


def made_at(ws: Workspace) -> str:
    """Now in the plan's time zone, to the second; SOURCE_DATE_EPOCH (the reproducible-builds
    convention) sets it, so a published page can be rebuilt byte for byte."""
    import os
    from datetime import datetime

    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(ws.zone()).replace(microsecond=0).isoformat()
    if not epoch.isdigit():
        raise R57Error(rsay("bad-source-date", value=epoch))
    return datetime.fromtimestamp(int(epoch), ws.zone()).isoformat()


def report_ref(ws: Workspace, rev: str | None) -> dict[str, str] | None:
    """What the report is made from, for its footer and JSON `ref`: the branch checked out
    (kind "branch"; --rev HEAD is the default), or the --rev given ("branch" when it names
    a local branch, else "rev"); None on a detached HEAD without --rev."""
    if rev is None or rev == "HEAD":
        proc = ws.repo.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        name = proc.stdout.strip()
        return {"name": name, "kind": "branch"} if proc.returncode == 0 and name else None
    full = ws.repo.run("rev-parse", "--symbolic-full-name", rev, check=False).stdout.strip()
    return {"name": rev, "kind": "branch" if full.startswith("refs/heads/") else "rev"}


def is_terminal(output: Path) -> bool:
    """-o /dev/stdout, /dev/tty and the like when they are a terminal: a workbook's bytes
    would garble it."""
    import os
    import stat

    try:
        if not stat.S_ISCHR(output.stat().st_mode):
            return False
        fd = os.open(output, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def needs_file(
    fmt: str, output: Path | None, ws: Workspace | None = None, scoped: bool = False
) -> None:
    """A workbook or a document is bytes, which garble a terminal: refuse to write one
    there (or without -o), saying to give -o FILE. A document to sign also says, on
    stderr, what in it may be wrong: plan.yaml's report: block (place and fix), or a
    document narrowed by --unit/--person under the plan's own header and signer."""
    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay

    if output is None or is_terminal(output):
        raise R57Error(rsay("xl-needs-file" if fmt == "xlsx" else "dx-needs-file", fmt=fmt))
    if fmt in ("docx", "pdf") and ws is not None:
        import typer

        for line in _report_block_problems(ws):
            typer.echo(line, err=True)
        if scoped:
            typer.echo(rsay("dx-scoped-note"), err=True)


def _report_block_problems(ws: Workspace) -> list[str]:
    """plan.yaml's report: block checked by the model r57 validate uses: how many problems,
    and the place of the first."""
    if not isinstance(ws.plan_data.get("report"), dict):
        return []
    from pydantic import ValidationError

    from r57cli.locale.reportwords import rsay
    from r57cli.plan.model import PlanFile
    from r57cli.plan.planfile import load

    path = ws.plan_dir / "plan.yaml"
    try:
        loaded = load("plan.yaml", path.read_bytes())
        PlanFile.model_validate(loaded.data)
    except ValidationError as exc:
        found = [tuple(e["loc"]) for e in exc.errors() if e["loc"][:1] == ("report",)]
    except OSError:
        return []
    else:
        return []
    if not found:
        return []
    line, column, _ = loaded.where(found[0])
    return [rsay("dx-block-invalid", path=str(path), line=line, column=column, count=len(found))]


def write_whole(output: Path, text: str | bytes) -> None:
    """Write the whole file or nothing: a report cut short by a full disk is worse than
    none, and a reader may be watching the old one. Only a regular file (or a new one) is
    replaced that way; anything else (/dev/null, a pipe, a terminal) is written to as it
    is, never replaced by a file. Bytes (a workbook) are written as they are."""
    import os
    import stat
    import tempfile

    try:
        mode = output.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if isinstance(text, bytes):
            output.write_bytes(text)
            return
        with output.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        return
    target = output.resolve()
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        # Name the file asked for, never the temporary one beside it ("/x/.week.html.k2j9").
        from r57cli.errors import R57Error
        from r57cli.locale.reportwords import rsay
        from r57cli.locale.texts import os_reason

        raise R57Error(rsay("cannot-write", path=str(output), reason=os_reason(exc))) from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as raw:
                raw.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        if mode is not None:
            Path(tmp).chmod(stat.S_IMODE(mode))  # keep the old file's permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp).chmod(0o666 & ~umask)  # as a plain open() would have made it
        Path(tmp).replace(target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            from r57cli.errors import R57Error
            from r57cli.locale.reportwords import rsay
            from r57cli.locale.texts import os_reason

            raise R57Error(rsay("cannot-write", path=str(output), reason=os_reason(exc))) from None
        raise


def progress_bar() -> tuple[Any, Any]:
    """A progress bar on stderr when it is a terminal (cleared when done), else nothing:
    a cold national report reads for seconds, a trend for longer."""
    import sys

    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("r57 report", total=None)
    bar.start()

    def step(done: int, count: int) -> None:
        bar.update(task, completed=done, total=count)

    return step, bar.stop


def plan_info(ws: Workspace) -> dict[str, Any]:
    from r57cli.plan.reportsettings import document_settings

    data = ws.plan_data
    title = data.get("title")
    title = title if isinstance(title, dict) else {}
    return {
        "number": data.get("number"),
        "symbol": data.get("symbol"),
        "title": {"en": str(title.get("en", "")), "vi": str(title.get("vi", ""))},
        "timezone": str(ws.zone()),
        "report": document_settings(data),
    }


def format_of(output: Path | None) -> str | None:
    """The format -o's extension names (None for standard output), or a clear error."""
    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay

    if output is None or str(output) == "-":
        return None
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise R57Error(rsay("bad-extension", path=str(output)))
    return found
