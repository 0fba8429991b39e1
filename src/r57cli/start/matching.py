"""Which task of the plan an appendix row is, for a re-import: by the table's ID column;
else by the task's title (case, diacritics and spacing ignored); else, for a row whose
title changed, by the STT the first import recorded in the task file's comment ("Imported
from phu-luc.xlsx, Phụ lục, row 64 (STT 49)", in either language). A title match wins over
an STT match, because STT numbers shift when a row is inserted above. A row that fits two
tasks, or two rows that fit one task, are problems listing the candidates: r57 never
guesses, so it never duplicates a task or edits the wrong one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from r57cli.start.rows import Draft, Problem
from r57cli.start.tables import Table
from r57cli.start.vidates import fold


@dataclass
class Known:
    """A task already in the plan, as the re-import reads it: the few values a row can
    change (summary(), from the index when the file's bytes are those it knows), and the
    whole file only for a task that a row changes."""

    task_id: str
    rel: str  # plan-relative path
    summary: dict[str, Any]
    source: str = ""  # the table it was imported from ("phu-luc.xlsx, Phụ lục"), if recorded
    stt: str = ""
    plan_dir: Path | None = None
    loaded: tuple[bytes, dict[str, Any]] | None = None

    @property
    def title(self) -> str:
        vi = (self.summary.get("title") or {}).get("vi")
        return vi if isinstance(vi, str) else ""

    def full(self) -> tuple[bytes, dict[str, Any]]:
        """The file's bytes and data, read now (under the lock the caller holds)."""
        if self.loaded is None:
            from r57cli.plan.planfile import load

            assert self.plan_dir is not None
            raw = (self.plan_dir / self.rel).read_bytes()
            data = load(self.rel, raw).data
            self.loaded = raw, data if isinstance(data, dict) else {}
        return self.loaded


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """What a row can change in a task, as JSON can hold it (the due as YYYY-MM-DD)."""
    title = data.get("title")
    progress = data.get("progress")
    due = data.get("due")
    return {
        "title": {k: v for k, v in title.items() if k in ("en", "vi") and isinstance(v, str)}
        if isinstance(title, dict)
        else {},
        "unit": data.get("unit"),
        "co_units": data.get("co_units"),
        "deliverable": data.get("deliverable"),
        "submission": data.get("submission"),
        "note": data.get("note"),
        "responsible": data.get("responsible"),
        "due": due.isoformat() if isinstance(due, date) else None,
        "status": progress.get("status") if isinstance(progress, dict) else None,
    }


@dataclass
class Matched:
    pairs: list[tuple[Draft, Known]] = field(default_factory=list)
    new: list[Draft] = field(default_factory=list)
    missing: list[Known] = field(default_factory=list)  # in the plan, not in the table
    problems: list[Problem] = field(default_factory=list)


def _ref_pattern() -> re.Pattern[str]:
    """The comment the first import writes, in English and in Vietnamese."""
    from r57cli.locale.catalog import pgettext
    from r57cli.locale.reportwords import WORDS

    english = WORDS["imp-from"]
    shapes = []
    for template in (english, pgettext("r57", "vi", "report:imp-from", english)):
        shape = re.escape(template)
        shape = shape.replace(re.escape("{source}"), "(?P<source>.+?)", 1)
        shapes.append(shape.replace(re.escape("{row}"), r"\d+", 1))
    # one group name per alternative: re refuses a name used twice
    either = "|".join(s.replace("?P<source>", f"?P<source{i}>") for i, s in enumerate(shapes))
    return re.compile(rf"^#\s*(?:{either})(?:\s*\(STT (?P<stt>[^)]*)\))?\s*$", re.M)


def _refs(pattern: re.Pattern[str], raw: bytes) -> tuple[str, str]:
    head = raw[:600].decode("utf-8", errors="replace")
    found = pattern.search(head)
    if found is None:
        return "", ""
    sources = [g for k, g in found.groupdict().items() if k.startswith("source") and g]
    return (sources[0] if sources else ""), (found["stt"] or "").strip()


INDEX = "import-index.json"  # in .git/r57: blob id -> [summary, source, stt]


def known_tasks(plan_dir: Path, task_ids: dict[str, str], cache: Path | None) -> list[Known]:
    """Every readable task of the plan; one that cannot be read is left to the validation
    of the whole plan, which stops the commit. A file whose bytes the index (`cache`)
    knows is not parsed again: reading 10,000 task files costs over a second, hashing them
    a tenth of that."""
    import json

    from r57cli.fingerprint import blob_id
    from r57cli.plan.planfile import load

    index: dict[str, Any] = {}
    if cache is not None:
        try:
            index = json.loads(cache.read_bytes()).get("entries", {})
        except (OSError, ValueError, AttributeError):
            index = {}
    pattern = _ref_pattern()
    out, kept = [], {}
    for task_id, rel in task_ids.items():
        try:
            raw = (plan_dir / rel).read_bytes()
        except OSError:
            continue
        blob = blob_id(raw)
        entry = index.get(blob)
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], dict)):
            data = load(rel, raw).data
            if not isinstance(data, dict):
                continue
            entry = [summary(data), *_refs(pattern, raw)]
        kept[blob] = entry
        out.append(Known(task_id, rel, entry[0], str(entry[1]), str(entry[2]), plan_dir))
    if cache is not None and kept != index:
        remember(cache, kept)
    return out


def remember(cache: Path, entries: dict[str, Any]) -> None:
    """Write the index; a failure only costs the next run its speed."""
    import contextlib
    import json

    from r57cli.record.durable import write_atomically

    doc = json.dumps({"entries": entries}, ensure_ascii=False).encode("utf-8")
    with contextlib.suppress(OSError):
        write_atomically(cache, doc)


def table_source(table: Table) -> str:
    return table.source if table.sheet == table.source else f"{table.source}, {table.sheet}"


def match(drafts: list[Draft], known: list[Known], table: Table) -> Matched:
    """Each row to its task, or to none (a new task); see the module docstring."""
    by_id = {k.task_id: k for k in known}
    by_title: dict[str, list[Known]] = {}
    for k in known:
        by_title.setdefault(fold(k.title), []).append(k)
    out = Matched()
    claims: dict[str, list[Draft]] = {}
    chosen: dict[int, Known] = {}
    by_stt_only: list[Draft] = []
    for draft in drafts:
        if draft.task_id:
            found = by_id.get(draft.task_id)
            if found is not None:
                chosen[draft.row] = found
            continue
        fits = by_title.get(fold(draft.title_vi), [])
        if len(fits) > 1:
            out.problems.append(_ambiguous(table, draft, fits))
        elif fits:
            chosen[draft.row] = fits[0]
        else:
            by_stt_only.append(draft)
    title_claimed = {k.task_id for k in chosen.values()}
    by_stt = _stt_index(known, table_source(table), list(chosen.values()), len(drafts))
    for draft in by_stt_only:
        fits = [k for k in by_stt.get(draft.stt, []) if k.task_id not in title_claimed]
        if len(fits) > 1:
            out.problems.append(_ambiguous(table, draft, fits))
        elif fits:
            chosen[draft.row] = fits[0]
    for draft in drafts:
        if draft.row in chosen:
            claims.setdefault(chosen[draft.row].task_id, []).append(draft)
    clashing = {t for t, rows in claims.items() if len(rows) > 1}
    for task_id in sorted(clashing):
        rows = ", ".join(str(d.row) for d in claims[task_id])
        for draft in claims[task_id]:
            problem = Problem.of(
                table.sheet, draft.row, "", "reimp-two-rows", task=task_id, rows=rows
            )
            out.problems.append(problem)
    ambiguous = {p.row for p in out.problems}
    for draft in drafts:
        found = chosen.get(draft.row)
        if draft.row in ambiguous:
            continue
        if found is None:
            out.new.append(draft)
        elif found.task_id not in clashing:
            out.pairs.append((draft, found))
    matched = set(claims)
    if matched:  # no row fits a task: another table added to the plan, not a re-import
        out.missing = [k for k in known if k.task_id not in matched and not _cancelled(k)]
    return out


def _stt_index(
    known: list[Known], source: str, by_title: list[Known], rows: int
) -> dict[str, list[Known]]:
    """STT -> the tasks imported with it: from this same table (file and sheet) if any
    task says so; else from the one other table the plan was imported from, when at least
    half of this table's rows are its tasks by title: an amended appendix often comes
    under a new file name, but another appendix's STT 3 is not this one's."""
    ours = [k for k in known if k.stt and k.source == source]
    others = {k.source for k in known if k.stt}
    if not ours and len(others) == 1:
        (other,) = others
        if 2 * sum(k.source == other for k in by_title) >= rows:
            ours = [k for k in known if k.stt]
    out: dict[str, list[Known]] = {}
    for k in ours:
        out.setdefault(k.stt, []).append(k)
    return out


def _cancelled(k: Known) -> bool:
    return k.summary.get("status") == "cancelled"


def _ambiguous(table: Table, draft: Draft, fits: list[Known]) -> Problem:
    tasks = ", ".join(f"{k.task_id} ({k.rel})" for k in sorted(fits, key=lambda k: k.task_id))
    return Problem.of(table.sheet, draft.row, "", "reimp-ambiguous", tasks=tasks)
