"""What a re-imported row changes in its task, as the same minimal edits the staff commands
make (record/yamledit.py: only the changed values' bytes move; comments, progress and the
rest of the file stay as they are). Title, co-operating units, deliverable (with the
product in the note the first import wrote) and submission level are edited in place. A
new lead unit is a reassignment, as `r57 assign` makes it: unit: and, when the person is
not in the new unit, responsible: change, and the file moves to the unit's folder. A new
due date is a reschedule, as `r57 reschedule --shift-milestones` records it (the entry in
reschedules: keeps the baseline), and only with a reason. Nothing prints here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli.errors import R57Error
from r57cli.locale.reportwords import rsay
from r57cli.start.matching import Known
from r57cli.start.rows import Draft, Problem, Units, map_columns
from r57cli.start.tables import column_letter


@dataclass
class Who:
    """The one running the re-import, for a reschedule's record."""

    person: str | None
    reason: str | None
    decision: str | None
    require_decision: bool
    today: date


@dataclass
class RowChange:
    draft: Draft
    task_id: str
    rel: str  # plan-relative, before
    new_rel: str  # plan-relative, after (another unit's folder for a reassignment)
    before: bytes
    after: bytes
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (old, new)

    @property
    def moved(self) -> bool:
        return self.rel != self.new_rel

    @property
    def rescheduled(self) -> bool:
        return "due" in self.fields


class DueMoved(R57Error):
    """A row moves its task's due date and no --reason was given."""


def changed_rows(
    ws: Any, pairs: list[tuple[Draft, Known]], units: Units, req: Any, table: Any
) -> tuple[list[RowChange], list[Problem]]:
    """Every matched row's edits, and the rows whose edits cannot be made, at their place."""
    from r57cli.record.progress import StepError
    from r57cli.record.yamltext import EditError

    person, require_decision = _runner(ws) if req.reason else (None, False)
    who = Who(person, req.reason, req.decision, require_decision, ws.today())
    dirty = ws.repo.changed_paths(ws.plan_rel or ".") if pairs else {}
    changes: list[RowChange] = []
    problems: list[Problem] = []
    for draft, known in pairs:

        def problem(kind: str, /, column: str = "", row: int = draft.row, **fields: Any) -> None:
            problems.append(Problem.of(table.sheet, row, column, kind, **fields))

        try:
            found = change_row(draft, known, units, who)
        except DueMoved as exc:
            column = _due_column(table, req)
            problem("reimp-due-moved", column, task=known.task_id, change=str(exc))
            continue
        except (StepError, EditError, R57Error) as exc:
            problem("reimp-cannot", task=known.task_id, reason=str(exc))
            continue
        if found is None:
            continue
        rel = ws.plan_rel + found.rel
        if rel in dirty:
            problem("reimp-dirty", task=known.task_id, path=rel)
            continue
        if found.moved and (ws.plan_dir / found.new_rel).exists():
            problem("imp-file-exists", path=ws.plan_rel + found.new_rel)
            continue
        changes.append(found)
    return changes, problems


def _runner(ws: Any) -> tuple[str | None, bool]:
    """The person ID of the git identity (a reschedule records who made it), and whether
    the policy asks a reschedule for its decision."""
    from pydantic import ValidationError

    from r57cli.plan.policy import Policy

    _, email = ws.repo.identity()
    person, _, _ = ws.person_by_email(email)
    try:
        data = ws.plan_data.get("policy")
        policy = Policy.model_validate(data if isinstance(data, dict) else {})
    except ValidationError:
        policy = Policy()
    return person, bool(policy.require_decision)


def expected_note(draft: Draft) -> str | None:
    """The note the first import writes for this row (importer.task_text)."""
    notes = []
    if draft.product:
        notes.append(rsay("imp-note-product", product=draft.product))
    if draft.ongoing:
        notes.append(rsay("imp-note-ongoing", text=draft.when_text, due=draft.due))
    return " ".join(notes)[:2000] if notes else None


def _notes_in_each_language(draft: Draft, now: object = None) -> list[str | None]:
    """The row's note as the first import writes it in the run's language first, then in
    the other: a plan imported in Vietnamese and re-imported in English is unchanged. When
    the task's note (`now`) is the first, the other is not needed."""
    from r57cli.locale.texts import language, set_language

    first = expected_note(draft)
    if now == first:
        return [first]
    was = language()
    try:
        set_language("vi" if was == "en" else "en")
        return [first, expected_note(draft)]
    finally:
        set_language(was)


def _note_pattern() -> re.Pattern[str]:
    """A note made of the import's own sentences only (either language): one r57 may
    rewrite. A note someone edited is left alone."""
    from r57cli.locale.catalog import pgettext
    from r57cli.locale.reportwords import WORDS

    parts = []
    for key in ("imp-note-product", "imp-note-ongoing"):
        english = WORDS[key]
        shapes = []
        for template in (english, pgettext("r57", "vi", f"report:{key}", english)):
            shape = re.escape(template)
            for name in ("product", "text", "due"):
                shape = shape.replace(re.escape("{" + name + "}"), ".*?")
            shapes.append(shape)
        parts.append("(?:" + "|".join(shapes) + ")")
    return re.compile(rf"(?:{parts[0]})?\s*(?:{parts[1]})?", re.S)


_NOTES: list[re.Pattern[str]] = []


def _import_made(note: object) -> bool:
    if note is None:
        return True
    if not _NOTES:
        _NOTES.append(_note_pattern())
    return isinstance(note, str) and _NOTES[0].fullmatch(note) is not None


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return "-" if value is None or value == "" else str(value)


def change_row(draft: Draft, known: Known, units: Units, who: Who) -> RowChange | None:
    """The row's edits of its task, or None when the task already says what the row says.
    Raises DueMoved (no reason) or StepError (a reschedule the schedule rules refuse)."""
    from pydantic import ValidationError

    from r57cli.plan.model import Task
    from r57cli.record.progress import TASK_ORDER
    from r57cli.record.yamledit import YamlEditor

    notes = _notes_in_each_language(draft, known.summary.get("note"))
    if not _differs(draft, known.summary, notes):
        return None  # most rows of a re-import: the file is not even parsed
    raw, data = known.full()
    fields: dict[str, tuple[str, str]] = {}
    text = raw.decode("utf-8")
    co = data.get("co_units") or []
    flow = None
    if sorted(co) != sorted(draft.co_units):
        fields["co_units"] = (_show(co), _show(draft.co_units))
        flow = _co_units_line(text, draft.co_units, "co_units" in data)
        if flow is not None:  # the one line the first import writes, edited as a line
            text = flow
            data = {k: v for k, v in data.items() if k != "co_units"}
            if draft.co_units:
                data = _with_key(data, "co_units", list(draft.co_units))
    ed = YamlEditor(text, data)
    if "co_units" in fields and flow is None:
        if "co_units" in data:
            ed.delete(("co_units",))
        if draft.co_units:
            ed.set(("co_units",), list(draft.co_units), TASK_ORDER)

    def put(key: str, path: tuple[str, ...], value: Any) -> None:
        old: Any = data
        for part in path:
            old = old.get(part) if isinstance(old, dict) else None
        if old == value:
            return
        fields[key] = (_show(old), _show(value))
        ed.set(path, value, TASK_ORDER)

    found_title = data.get("title")
    title: dict[str, Any] = found_title if isinstance(found_title, dict) else {}
    old_vi = title.get("vi")
    put("title", ("title", "vi"), draft.title_vi)
    if draft.title_en is not None:
        put("title_en", ("title", "en"), draft.title_en)
    elif title.get("en") == old_vi and old_vi != draft.title_vi:
        put("title_en", ("title", "en"), draft.title_vi)  # still the untranslated copy
    put("deliverable", ("deliverable",), draft.deliverable)
    put("submission", ("submission",), draft.submission)
    note = notes[0]
    if data.get("note") not in notes and _import_made(data.get("note")):
        fields["note"] = (_show(data.get("note")), _show(note))
        if note is None:
            ed.delete(("note",))
        else:
            ed.set(("note",), note, TASK_ORDER)
    new_rel = known.rel
    if data.get("unit") != draft.unit:
        _reassign(draft, data, units, ed, fields)
        new_rel = f"tasks/{draft.unit}/{known.task_id}.yaml"
    if data.get("due") != draft.due:
        if not who.reason:
            raise DueMoved(f"{data.get('due')} → {draft.due}")
        try:
            task = Task.model_validate(data)
        except ValidationError:
            raise R57Error(rsay("reimp-task-invalid", path=known.rel)) from None
        _reschedule(task, draft.due, ed, who)
        fields["due"] = (_show(data.get("due")), _show(draft.due))
    if not fields:
        return None
    after = ed.result().encode("utf-8")
    return RowChange(draft, known.task_id, known.rel, new_rel, raw, after, fields)


def _differs(draft: Draft, data: dict[str, Any], notes: list[str | None]) -> bool:
    """Whether change_row has anything to do: the same tests, on the task's summary
    (matching.summary), without the edits."""
    title = data.get("title") or {}
    vi, en = title.get("vi"), title.get("en")
    return (
        vi != draft.title_vi
        or (draft.title_en is not None and en != draft.title_en)
        or sorted(data.get("co_units") or []) != sorted(draft.co_units)
        or data.get("deliverable") != draft.deliverable
        or data.get("submission") != draft.submission
        or (data.get("note") not in notes and _import_made(data.get("note")))
        or data.get("unit") != draft.unit
        or data.get("due") != draft.due.isoformat()
    )


_CO_LINE = re.compile(r"^co_units:[ \t]*\[[^\]\n#]*\][ \t]*\r?\n", re.M)
_UNIT_LINE = re.compile(r"^unit:[^\n#]*\n", re.M)


def _co_units_line(text: str, units: list[str], present: bool) -> str | None:
    """The text with its `co_units: [a, b]` line replaced, removed or added after `unit:`,
    the way the first import writes it; None when the file is laid out otherwise (then
    the editor does it)."""
    line = f"co_units: [{', '.join(units)}]\n" if units else ""
    found = list((_CO_LINE if present else _UNIT_LINE).finditer(text))
    if len(found) != 1:
        return None
    at = found[0]
    if present:
        return text[: at.start()] + line + text[at.end() :]
    return text[: at.end()] + line + text[at.end() :]


def _with_key(data: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**data, key: value}


def _reassign(
    draft: Draft, data: dict[str, Any], units: Units, ed: Any, fields: dict[str, tuple[str, str]]
) -> None:
    """As `r57 assign --unit`: the person stays if they belong to the new unit too, else
    the new unit's focal person (else its leader, else its first member) takes over."""
    from r57cli.record.progress import TASK_ORDER

    fields["unit"] = (_show(data.get("unit")), draft.unit)
    ed.set(("unit",), draft.unit, TASK_ORDER)
    person = data.get("responsible")
    if person not in units.members.get(draft.unit, set()):
        new_person = units.responsible.get(draft.unit) or ""
        fields["responsible"] = (_show(person), new_person)
        ed.set(("responsible",), new_person, TASK_ORDER)


def _reschedule(task: Any, due: date, ed: Any, who: Who) -> None:
    """`r57 reschedule --due DUE --shift-milestones`, recorded for today by the runner; a
    task that has not started yet starts on its new due date when that comes first, as
    the first import makes it."""
    from r57cli.record.progress import StepError
    from r57cli.record.schedule import reschedule

    if who.person is None:
        raise StepError(rsay("reimp-who"))
    start = due if due < task.start else None
    reschedule(
        task, ed, by=who.person, reason=who.reason, decision=who.decision, due=due,
        start=start, milestones=None, shift=True, grants=None,
        require_decision=who.require_decision, when=who.today, today=who.today,
    )  # fmt: skip


def _due_column(table: Any, req: Any) -> str:
    """The completion time's column, as a row problem names it: "E (Thời gian hoàn thành)"."""
    j = map_columns(table.headers, req.mapping).get("due")
    return "" if j is None else f"{column_letter(j + 1)} ({table.headers[j]})"
