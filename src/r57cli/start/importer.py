"""`r57 import FILE`: the appendix table's rows as task files, all in one commit or none.

The safety is the staff commands' (record/commit.py): one r57 writer per clone (the lock),
a killed run's files taken back by the next run (the journal, Journal.begin_new), the
whole plan validated as the commit will have it before a file is written, and a failure
after the first write removing every file this run made. Only the new files go into the
commit, whatever else is staged. Nothing prints here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from r57cli.errors import ExitCode, R57Error
from r57cli.locale.reportwords import rsay
from r57cli.plan.workspace import Workspace
from r57cli.start.matching import Known
from r57cli.start.reapply import RowChange
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
    reason: str | None = None  # a re-import that moves due dates records them with it
    decision: str | None = None


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
    added: list[tuple[Draft, str]] = field(default_factory=list)  # the new tasks' IDs
    changes: list[RowChange] = field(default_factory=list)  # re-import: tasks edited
    missing: list[Known] = field(default_factory=list)  # in the plan, not in the table
    reimport: bool = False  # the plan had tasks already: the output says what changed

    @property
    def nothing(self) -> bool:
        return not self.files and not self.changes


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
    horizon = req.ongoing or _horizon(table, columns, req.start or ws.today())
    return table, read_rows(table, columns, units, horizon, {}), columns


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


def build(ws: Workspace, req: Request) -> Imported:
    """Read, match, check and (unless dry_run) commit; see the module docstring."""
    from r57cli.record.durable import Journal, locked
    from r57cli.start.importcommit import commit

    with locked(ws.repo):
        # A killed run's files go first: they must not count as tasks of the plan.
        notes = [] if req.dry_run else Journal(ws.repo).recover()
        made = _build(ws, req)
        made.notes = notes
        if not made.nothing:
            commit(ws, made, req.dry_run)
        if made.sha and not made.reimport:
            _seed_index(ws, made)
    return made


def _seed_index(ws: Workspace, made: Imported) -> None:
    """The re-import's index of a first import's tasks, from the rows they were written
    from (task_text writes exactly these values), so that the first re-import of a large
    plan need not parse every file (start/matching.py, known_tasks)."""
    from r57cli.fingerprint import blob_id
    from r57cli.start.matching import INDEX, remember, table_source
    from r57cli.start.reapply import expected_note

    source = table_source(made.table)
    units = Units.of(ws.units_data)
    entries = {}
    for (draft, _task_id), raw in zip(made.added, made.files.values(), strict=True):
        entry = {
            "title": {"en": draft.title_en or draft.title_vi, "vi": draft.title_vi},
            "unit": draft.unit,
            "co_units": list(draft.co_units) or None,
            "deliverable": draft.deliverable,
            "submission": draft.submission,
            "note": expected_note(draft),
            "responsible": units.responsible[draft.unit] or "",
            "due": draft.due.isoformat(),
            "status": None,
        }
        entries[blob_id(raw)] = [entry, source, draft.stt]
    remember(ws.repo.git_dir / "r57" / INDEX, entries)


def _build(ws: Workspace, req: Request) -> Imported:
    from r57cli.start.matching import INDEX, known_tasks, match
    from r57cli.start.reapply import changed_rows

    table, rows, _ = plan_rows(ws, req)
    task_ids = ws.task_ids()
    cache = ws.repo.git_dir / "r57" / INDEX
    known = known_tasks(ws.plan_dir, task_ids, cache) if task_ids else []
    matched = match(rows.drafts, known, table)
    units = Units.of(ws.units_data)
    changes, problems = changed_rows(ws, matched.pairs, units, req, table)
    problems = sorted([*rows.problems, *matched.problems, *problems], key=lambda p: p.row)
    if problems and not req.skip_bad:
        raise BadRows(problems, str(req.path))
    if not rows.drafts:
        raise R57Error(rsay("imp-nothing", path=req.path))
    start = req.start or ws.today()
    ids = _ids(ws, matched.new)
    files: dict[str, bytes] = {}
    for draft, task_id in zip(matched.new, ids, strict=True):
        rel = f"{ws.plan_rel}tasks/{draft.unit}/{task_id}.yaml"
        person = units.responsible[draft.unit] or ""
        files[rel] = task_text(draft, task_id, person, min(start, draft.due), table).encode()
    if changes:
        message = _remessage(table, len(files), changes, req, ws.today())
    else:
        message = _message(table, len(files), ws.today())
    made = Imported(table, files, rows.drafts, problems, rows.headings, message)
    made.added = list(zip(matched.new, ids, strict=True))
    made.changes = changes
    made.missing = matched.missing
    made.reimport = bool(known)
    return made


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


def _remessage(table: Table, n: int, changes: list[RowChange], req: Request, today: date) -> str:
    """A re-import's message: what changed, task by task, and the import's trailers."""
    moved = sum(c.moved for c in changes)
    later = sum(c.rescheduled for c in changes)
    subject = (
        f"Re-import the plan's appendix ({table.source}): {n} added, {len(changes)} changed"
        f" ({moved} reassigned, {later} rescheduled)"
    )
    lines = [f"{c.task_id}: {', '.join(c.fields)}" for c in changes]
    trailers = [
        "R57-Action: import", f"R57-Source: {table.source}", f"R57-Tasks: {n}",
        f"R57-Changed: {len(changes)}",
    ]  # fmt: skip
    if later and req.reason:
        trailers.append(f"R57-Reason: {req.reason}")
        if req.decision:
            trailers.append(f"R57-Decision: {req.decision}")
    trailers.append(f"R57-Date: {today.isoformat()}")
    body = "\n".join(lines) if lines else f"Sheet {table.sheet}, read by r57 import."
    return f"{subject}\n\n{body}\n\n" + "\n".join(trailers) + "\n"


def _message(table: Table, n: int, today: date) -> str:
    # The subject stays English, as every commit r57 makes; the trailers are for machines.
    return (
        f"Import {n} tasks from the plan's appendix ({table.source})\n\n"
        f"Sheet {table.sheet}, read by r57 import.\n\n"
        f"R57-Action: import\nR57-Source: {table.source}\nR57-Tasks: {n}\n"
        f"R57-Date: {today.isoformat()}\n"
    )
