"""`r57 import FILE`: the appendix table's rows as task files, all in one commit or none.

The safety is the staff commands' (record/commit.py): one r57 writer per clone (the lock),
a killed run's files taken back by the next run (the journal, Journal.begin_new), the
whole plan validated as the commit will have it before a file is written, and a failure
after the first write removing every file this run made. Only the new files go into the
commit, whatever else is staged. Nothing prints here.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from r57cli.errors import ExitCode, R57Error
from r57cli.locale.reportwords import rsay
from r57cli.plan.workspace import Workspace
from r57cli.start.rows import Draft, Problem, Rows, Units, map_columns, read_rows
from r57cli.start.tables import Table, read_table
from r57cli.start.vidates import fold

TASK_HEADER = "# yaml-language-server: $schema=../../../schemas/task.schema.json\n"
_FIELDS = {"stt", "id", "title", "title_en", "unit", "co_units", "due", "product", "submission"}


class BadRows(R57Error):
    """Rows that cannot be read: every one listed, with its place and the reason."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: list[Problem], source: str) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(rsay("imp-bad-rows", n=len(problems), path=source, rows=lines))
        self.problems = problems


@dataclass
class Request:
    path: Path
    mapping: dict[str, str] = field(default_factory=dict)  # header (as written) -> field
    sheet: str | None = None
    start: date | None = None  # default: today in the plan's time zone
    ongoing: date | None = None  # the due of "Thường xuyên" rows; default: see _horizon
    skip_bad: bool = False
    dry_run: bool = False


@dataclass
class Imported:
    table: Table
    files: dict[str, bytes]  # repository-relative path -> the new file
    drafts: list[Draft]
    skipped: list[Problem]
    headings: list[int]
    message: str
    sha: str = ""
    notes: list[str] = field(default_factory=list)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        header, sep, name = pair.rpartition("=")
        if not sep or not header.strip() or name.strip() not in _FIELDS:
            fields = ", ".join(sorted(_FIELDS))
            raise R57Error(rsay("imp-bad-map", value=pair, fields=fields))
        out[fold(header).strip(" :*")] = name.strip()
    return out


def plan_rows(ws: Workspace, req: Request) -> tuple[Table, Rows, dict[str, int]]:
    """The table and what its rows say, before anything is written."""
    mapping = req.mapping

    def is_header(values: list[str]) -> bool:
        return len(map_columns(values, mapping)) >= 3

    table = read_table(req.path, is_header, req.sheet)
    columns = map_columns(table.headers, mapping)
    missing = [f for f in ("title", "unit", "due") if f not in columns]
    if missing:
        raise R57Error(
            rsay(
                "imp-missing-columns",
                path=table.source,
                sheet=table.sheet,
                row=table.header_row,
                fields=", ".join(missing),
                headers=" | ".join(h for h in table.headers if h),
            )
        )
    units = Units.of(ws.units_data)
    existing = _existing_titles(ws)
    horizon = req.ongoing or _horizon(table, columns, req.start or ws.today())
    return table, read_rows(table, columns, units, horizon, existing), columns


def _horizon(table: Table, columns: dict[str, int], start: date) -> date:
    """The due of an ongoing task ("Thường xuyên", "Hằng năm"): 31 December of the latest
    year the table's dated rows reach (the start's year if none), so that it runs as long
    as the plan does."""
    from r57cli.start.vidates import read_due

    j = columns["due"]
    years = [start.year]
    for cells in table.rows:
        due = read_due(cells[j].value, date.max) if j < len(cells) else None
        if due is not None and not due.ongoing:
            years.append(due.due.year)
    return date(max(years), 12, 31)


def _existing_titles(ws: Workspace) -> dict[str, str]:
    from r57cli.plan.planfile import load

    out: dict[str, str] = {}
    for task_id, rel in ws.task_ids().items():
        try:
            data = load(rel, (ws.plan_dir / rel).read_bytes()).data
        except OSError:
            continue
        title = data.get("title") if isinstance(data, dict) else None
        if isinstance(title, dict) and isinstance(title.get("vi"), str):
            out[fold(title["vi"])] = task_id
    return out


def build(ws: Workspace, req: Request) -> Imported:
    """Read, check and (unless dry_run) commit; see the module docstring."""
    from r57cli.record.durable import Journal, locked

    with locked(ws.repo):
        # A killed run's files go first: they must not count as tasks of the plan.
        notes = [] if req.dry_run else Journal(ws.repo).recover()
        made = _build(ws, req)
        made.notes = notes
        _commit(ws, made, req.dry_run)
    return made


def _build(ws: Workspace, req: Request) -> Imported:
    table, rows, _ = plan_rows(ws, req)
    if rows.problems and not req.skip_bad:
        raise BadRows(rows.problems, str(req.path))
    if not rows.drafts:
        raise R57Error(rsay("imp-nothing", path=req.path))
    start = req.start or ws.today()
    ids = _ids(ws, rows.drafts)
    units = Units.of(ws.units_data)
    files: dict[str, bytes] = {}
    for draft, task_id in zip(rows.drafts, ids, strict=True):
        rel = f"{ws.plan_rel}tasks/{draft.unit}/{task_id}.yaml"
        person = units.responsible[draft.unit] or ""
        files[rel] = task_text(draft, task_id, person, min(start, draft.due), table).encode()
    message = _message(table, len(files), ws.today())
    return Imported(table, files, rows.drafts, rows.problems, rows.headings, message)


def _ids(ws: Workspace, drafts: list[Draft]) -> list[str]:
    """T-001, T-002... after the plan's highest T- number; an ID column's own IDs kept."""
    taken = set(ws.task_ids())
    numbers = [int(t[2:]) for t in taken if t.startswith("T-")]
    n = max(numbers, default=0)
    out = []
    for draft in drafts:
        if draft.task_id:
            out.append(draft.task_id)
            continue
        n += 1
        while f"T-{n:03d}" in taken:
            n += 1
        out.append(f"T-{n:03d}")
    clash = sorted({i for i in out if out.count(i) > 1} | (set(out) & taken))
    if clash:
        raise R57Error(rsay("imp-id-clash", ids=", ".join(clash)))
    return out


def task_text(draft: Draft, task_id: str, person: str, start: date, table: Table) -> str:
    from r57cli.record.yamltext import render_scalar

    def s(value: object) -> str:
        return render_scalar(value)

    source = table.source if table.sheet == table.source else f"{table.source}, {table.sheet}"
    where = rsay("imp-from", source=source, row=draft.row)
    stt = f" (STT {draft.stt})" if draft.stt else ""
    lines = [TASK_HEADER.rstrip("\n"), f"# {where}{stt}", f"id: {task_id}"]
    if draft.title_en is None:
        lines.append(rsay("imp-translate-comment"))
    lines += [
        "title:",
        f"  en: {s(draft.title_en or draft.title_vi)}",
        f"  vi: {s(draft.title_vi)}",
    ]
    lines += ["", f"unit: {draft.unit}"]
    if draft.co_units:
        lines.append("co_units: [" + ", ".join(draft.co_units) + "]")
    lines += [f"responsible: {person}", f"start: {start.isoformat()}", f"due: {draft.due}"]
    lines += [f"deliverable: {draft.deliverable}", f"submission: {draft.submission}"]
    # One milestone, done by the due date: a planned curve for the reports from day one.
    lines += ["", rsay("imp-milestones-comment"), "milestones:"]
    lines += [f"  - date: {draft.due}", "    planned_pct: 100"]
    notes = []
    if draft.product:
        notes.append(rsay("imp-note-product", product=draft.product))
    if draft.ongoing:
        notes.append(rsay("imp-note-ongoing", text=draft.when_text, due=draft.due))
    if notes:
        lines.append(f"note: {s(' '.join(notes)[:2000])}")
    return "\n".join(lines) + "\n"


def _message(table: Table, n: int, today: date) -> str:
    # The subject stays English, as every commit r57 makes; the trailers are for machines.
    return (
        f"Import {n} tasks from the plan's appendix ({table.source})\n\n"
        f"Sheet {table.sheet}, read by r57 import.\n\n"
        f"R57-Action: import\nR57-Source: {table.source}\nR57-Tasks: {n}\n"
        f"R57-Date: {today.isoformat()}\n"
    )


def _commit(ws: Workspace, made: Imported, dry_run: bool) -> None:
    from r57cli.git.many import commit_paths, unstage
    from r57cli.git.repo import GitError
    from r57cli.record.commit import PlanWouldBreak, validate_as_committed
    from r57cli.record.durable import Journal, terminate_as_interrupt

    repo = ws.repo
    journal = Journal(repo)
    _, head = repo.state()
    root = repo.root
    taken = [p for p in made.files if os.path.lexists(root / p)]
    if taken:
        raise R57Error(rsay("imp-file-exists", path=taken[0]))
    cut = len(ws.plan_rel)
    result = validate_as_committed(ws, {p[cut:]: raw for p, raw in made.files.items()})
    if result.errors:
        raise PlanWouldBreak(result)
    repo.identity()  # fails now, before a file is written, if git has no identity
    if dry_run:
        return
    written: list[Path] = []
    folders = sorted({(root / p).parent for p in made.files if not (root / p).parent.exists()})
    with terminate_as_interrupt():
        journal.begin_new(made.files, head)
        try:
            for rel, raw in made.files.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                _write_new(path, raw)
                written.append(path)
            if hasattr(os, "sync"):
                os.sync()  # one flush for all: an fsync per file costs seconds on 10,000
            proc = commit_paths(repo, list(made.files), made.message)
            if proc.returncode != 0:
                output = (proc.stderr or proc.stdout).strip()
                raise GitError(rsay("imp-commit-failed", output=output))
        except BaseException:
            if repo.head() == head:
                for path in written:
                    path.unlink(missing_ok=True)
                for folder in reversed(folders):
                    with contextlib.suppress(OSError):
                        folder.rmdir()
                unstage(repo, list(made.files))
            journal.end()
            raise
        journal.end()
    made.sha = repo.head()


def _write_new(path: Path, raw: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
