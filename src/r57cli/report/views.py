"""What the read-only commands show: one row per task, the filters of `r57 list`, a task's
planned percentage, and progress commits read back from git. Pure apart from reading the
plan's files and one `git log`; nothing here prints."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from r57cli.git.repo import Commit
from r57cli.plan.workspace import Workspace

CLOSED = frozenset({"done", "cancelled"})


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    path: str  # plan-relative
    unit: str
    title_en: str
    title_vi: str
    responsible: str
    start: date
    due: date
    pct: int
    status: str
    completed: date | None
    open_blockers: tuple[str, ...] = ()
    open_requests: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    planned_pct: int = 0
    asked_of: tuple[str, ...] = ()  # the units its open resource requests are addressed to

    @property
    def blocked(self) -> bool:
        return bool(self.open_blockers)

    def days_late(self, today: date) -> int:
        """Days past due: for a finished task, of its completion; else as of today."""
        end = self.completed if self.status == "done" and self.completed else today
        if self.status == "cancelled":
            return 0
        return max((end - self.due).days, 0)

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def as_json(self, today: date) -> dict[str, Any]:
        out = asdict(self)
        for key in ("start", "due", "completed"):
            out[key] = out[key].isoformat() if out[key] else None
        out["open_blockers"] = list(self.open_blockers)
        out["open_requests"] = list(self.open_requests)
        out["co_units"] = list(self.co_units)
        out["asked_of"] = list(self.asked_of)
        out["overdue"] = self.status not in CLOSED and self.due < today
        out["days_late"] = self.days_late(today)
        return out


def planned_pct(milestones: list[Any], start: date, on: date, due: date | None = None) -> int:
    """The percentage the plan expects on a day, from a task file's milestones."""
    points = [
        (m["date"], m["planned_pct"])
        for m in milestones
        if isinstance(m, dict)
        and isinstance(m.get("date"), date)
        and isinstance(m.get("planned_pct"), int)
    ]
    return plan_curve(points, start, on, due)


def plan_curve(
    milestones: list[tuple[date, int]], start: date, on: date, due: date | None = None
) -> int:
    """Linear from 0% at the start through each milestone, and to 100% at the due date
    when no milestone says otherwise (a one-day task, start == due, too); flat after.
    `r57 list` and `r57 report` both plan with it."""
    points = sorted([(start, 0), *milestones])
    if due is not None and (points[-1][0] < due or len(points) == 1):
        points.append((due, 100))
    if on <= points[0][0]:
        return 0
    for (d0, p0), (d1, p1) in zip(points, points[1:], strict=False):
        if d0 <= on <= d1:
            span = (d1 - d0).days or 1
            return round(p0 + (p1 - p0) * (on - d0).days / span)
    return points[-1][1]


def row_from(data: Any, path: str, today: date) -> Row | None:
    """A row from a task file's data, or None when the file is too broken to list (the
    validator says why)."""
    try:
        title = data.get("title") or {}
        progress = data.get("progress") or {}
        row = Row(
            id=str(data["id"]),
            path=path,
            unit=str(data["unit"]),
            title_en=str(title.get("en", "")),
            title_vi=str(title.get("vi", "")),
            responsible=str(data.get("responsible", "")),
            start=data["start"],
            due=data["due"],
            pct=int(progress.get("pct", 0)),
            status=str(progress.get("status", "not_started")),
            completed=progress.get("completed"),
            open_blockers=tuple(
                str(b.get("id"))
                for b in data.get("blockers") or []
                if isinstance(b, dict) and b.get("lifted") is None
            ),
            open_requests=tuple(
                str(r.get("id"))
                for r in data.get("resources") or []
                if isinstance(r, dict) and r.get("status", "open") == "open"
            ),
            co_units=tuple(str(u) for u in data.get("co_units") or []),
            asked_of=tuple(
                sorted(
                    {
                        str(r.get("unit"))
                        for r in data.get("resources") or []
                        if isinstance(r, dict)
                        and r.get("status", "open") == "open"
                        and r.get("kind", "resources") == "resources"
                        and r.get("unit")
                    }
                )
            ),
            planned_pct=planned_pct(
                data.get("milestones") or [], data["start"], today, data["due"]
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not isinstance(row.start, date) or not isinstance(row.due, date):
        return None
    return row


@dataclass
class Filters:
    units: set[str] | None = None  # the unit and its descendants
    persons: set[str] | None = None
    statuses: set[str] | None = None
    overdue: bool = False
    due_within: int | None = None
    blocked: bool = False
    asked_of: set[str] | None = None  # an open request is addressed to one of them
    with_co: bool = False  # with `units`, also the tasks they co-operate on

    def co(self, row: Row) -> bool:
        """Listed for `units` as a co-operating unit, not as the owner."""
        return (
            self.with_co
            and self.units is not None
            and row.unit not in self.units
            and bool(self.units.intersection(row.co_units))
        )

    def keep(self, row: Row, today: date) -> bool:
        if self.units is not None and row.unit not in self.units and not self.co(row):
            return False
        if self.asked_of is not None and not self.asked_of.intersection(row.asked_of):
            return False
        if self.persons is not None and row.responsible not in self.persons:
            return False
        if self.statuses is not None and row.status not in self.statuses:
            return False
        active = row.status not in CLOSED
        if self.overdue and not (active and row.due < today):
            return False
        if self.due_within is not None and not (
            active and today <= row.due <= today + timedelta(days=self.due_within)
        ):
            return False
        return not (self.blocked and not (active and row.blocked))


def descendants(ws: Workspace, unit: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for u in ws.units_data:
        parent = u.get("parent")
        if isinstance(parent, str) and isinstance(u.get("id"), str):
            children.setdefault(parent, []).append(u["id"])
    out, todo = set(), [unit]
    while todo:
        current = todo.pop()
        if current not in out:
            out.add(current)
            todo.extend(children.get(current, []))
    return out


def parse_days(text: str) -> int | None:
    """`14d`, `2w` or a bare number of days."""
    match = re.fullmatch(r"([0-9]{1,5})([dw]?)", text.strip().lower())
    if match is None:
        return None
    return int(match[1]) * (7 if match[2] == "w" else 1)


# ------------------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit that touched a task, as the timeline shows it."""

    sha: str
    when: str  # the report's date (R57-Date), else the author date's day
    recorded: str  # the author date, ISO
    author: str
    email: str
    task: str
    action: str  # an R57-Action, or "edit" for a commit made by hand
    subject: str
    note: str
    trailers: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def history(
    ws: Workspace,
    pathspecs: list[str],
    limit: int | None = None,
    *,
    reports: dict[str, str] | None = None,
) -> list[Entry]:
    """Commits that changed files under `pathspecs`, newest first. With `reports` (trailers
    to match, e.g. {"R57-Task": "T-012"}; {} for all), also the reports: `r57 update --note`
    makes an empty commit, which a path-limited `git log` never lists."""
    commits = ws.repo.log(pathspecs, limit=limit)
    if reports is not None:
        found = [
            c
            for c in _reports(ws, reports, limit)
            if all(c.trailers.get(k) == v for k, v in reports.items())
        ]
        if found:
            # Both lists are in git's order; merge them by position in that order.
            order = ws.repo.run("rev-list", "HEAD").stdout.split()
            position = {sha: i for i, sha in enumerate(order)}
            seen = {c.sha for c in commits}
            commits += [c for c in found if c.sha not in seen]
            commits.sort(key=lambda c: position.get(c.sha, len(position)))
            commits = commits[:limit] if limit else commits
    zone = ws.zone()
    return [_entry(c, zone) for c in commits]


def history_count(ws: Workspace, pathspecs: list[str], reports: dict[str, str] | None) -> int:
    """How many entries history() would list without a limit: the shas alone (`git rev-list`),
    so `r57 log` can say how many it left out without parsing every commit."""
    args = ["rev-list", "--no-merges", "HEAD"]
    shas = set(ws.repo.run(*args, "--", *pathspecs, check=False).stdout.split())
    if reports is not None:
        greps = [f"^{k}: {v}$" for k, v in {"R57-Action": "report", **reports}.items()]
        grep_args = ["--all-match", *(f"--grep={g}" for g in greps)]
        shas |= set(ws.repo.run(*args, *grep_args, check=False).stdout.split())
    return len(shas)


def _reports(ws: Workspace, match: dict[str, str], limit: int | None) -> list[Commit]:
    """Report commits whose messages carry these trailers (checked again on the parsed
    trailers by the caller: a note could quote a trailer line)."""
    # The values are task and unit IDs, checked against their patterns: no regex syntax.
    greps = [f"^{k}: {v}$" for k, v in {"R57-Action": "report", **match}.items()]
    return ws.repo.log([], limit=limit, greps=greps)


def _entry(c: Commit, zone: tzinfo) -> Entry:
    """The entry of a commit; its author date in the plan's time zone, like R57-Date, so a
    report made on time never shows as recorded on another day."""
    t = c.trailers
    try:
        recorded = datetime.fromisoformat(c.authored).astimezone(zone).isoformat()
    except ValueError:
        recorded = c.authored
    task = t.get("R57-Task", "")  # a commit made by hand may touch many tasks
    body = c.body
    # The body is the note, then (in r57's commits) the trailer block: keep the note, even
    # if it mentions R57- itself.
    note = body.rpartition("\n\n")[0] if t else body
    return Entry(
        sha=c.sha,
        when=t.get("R57-Date") or recorded[:10],
        recorded=recorded,
        author=c.author,
        email=c.email,
        task=task,
        action=t.get("R57-Action", "edit"),
        subject=c.subject,
        note=note.strip(),
        trailers=dict(t),
    )


def task_pathspec(ws: Workspace, task_id: str) -> str:
    """Every place the task's file has lived (a task moved between units keeps its
    history): git's default pathspec lets * cross folders."""
    return f":(glob){ws.plan_rel}tasks/*/{task_id}.yaml"


def rows_json(rows: Iterable[Row], today: date) -> list[dict[str, Any]]:
    return [r.as_json(today) for r in rows]


def env_width() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() else None


def describe(entry: Entry) -> str:
    """One line saying what a progress commit did, in the run's language."""
    from r57cli.locale.reportwords import enum_word
    from r57cli.locale.texts import LABELS, label
    from r57cli.report.schedview import SCHEDULE_ACTIONS, describe_schedule

    t = entry.trailers
    fields = {
        "pct": t.get("R57-Pct", "?"),
        "prev": t.get("R57-Prev-Pct", "?"),
        "blocker": t.get("R57-Blocker", ""),
        "ref": t.get("R57-Ref") or enum_word("kind", t.get("R57-Blocker-Kind", "")),
        "unit": t.get("R57-Request-Unit", ""),
        "request": t.get("R57-Request", ""),
        "subject": entry.subject,
        "to": t.get("R57-Unit", ""),
        "from": t.get("R57-From-Unit", ""),
        "person": t.get("R57-Responsible", ""),
    }
    status = t.get("R57-Request-Status")
    if status in ("granted", "partly_granted", "refused", "withdrawn"):
        fields["status"] = label(status)
    key = f"act-{entry.action}"
    if entry.action in SCHEDULE_ACTIONS:
        text = describe_schedule(t)
    elif entry.action in ("unit-add", "unit-merge"):  # r57 unit add|merge (record/units.py)
        unit, into, on = t.get("R57-Unit", "?"), t.get("R57-Into", "?"), t.get("R57-Merged-On")
        moved, decision = t.get("R57-Tasks-Moved", "0"), t.get("R57-Decision", "")
        text = label(key, unit=unit, into=into, date=on, n=moved, decision=decision)
    else:
        text = label(key if key in LABELS else "act-edit", **fields)
    if entry.action == "update" and t.get("R57-Status") not in (None, "in_progress"):
        text += f" ({label(t['R57-Status'])})" if t["R57-Status"] in LABELS else ""
    reason = t.get("R57-Reason")
    if reason:
        text += "; " + label("reason", reason=reason)
    return text


def latest_next(timeline: list[Entry]) -> Entry | None:
    """The newest entry that recorded a next-period plan (--next, R57-Next); the timeline
    is newest first."""
    return next((e for e in timeline if e.trailers.get("R57-Next")), None)


def timeline_text(entry: Entry) -> str:
    """What a timeline row says: the step, a mark when it was recorded on another day than
    the one it reports on, and the note below; printable line by line."""
    from r57cli.locale.messages import printable
    from r57cli.locale.texts import fmt_date, label

    what = describe(entry)
    if entry.when != entry.recorded[:10]:
        what += f" [{label('late-report', date=fmt_date(entry.recorded))}]"
    if entry.note:
        what += "\n" + entry.note
    if entry.trailers.get("R57-Next"):  # what the author will do next (--next)
        what += "\n" + label("next-line", plan=entry.trailers["R57-Next"])
    return "\n".join(printable(line) for line in what.split("\n"))
