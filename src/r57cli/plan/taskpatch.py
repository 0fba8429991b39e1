"""A task file's new version read from an older one: most versions of a task differ from
the one before only in their `progress:` block (a report moves the %, the status, the
completion), so when everything else is the same text, the new version's facts are the
older one's with the block's facts read anew (plan/taskfacts.py `progress_fields`), about
ten times cheaper than a whole parse. Anything else, or any doubt, is "cannot tell" and
the caller parses the file whole. Pure: no git.

Why it gives what a whole parse gives: the block is the lines from a `progress:` key at the
first column up to the next key at the first column. In the documents accepted here no
value can run across a first-column line (no quotes, which PyYAML lets run over lines at
any indentation; no multi-line flow sequences; no flow mappings, anchors, aliases or tags;
no document markers or directives; every first-column line is a comment or a plain key),
so each top-level key's value is read from its own lines alone. The block is read by
fastyaml (which falls back on anything outside its subset) as a document of its own, and
the key appears once, so no duplicate overrides it. tests/test_taskpatch.py checks the
patched facts against a whole parse on mutated corpus files and generated versions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from r57cli.plan import fastyaml
from r57cli.plan.taskfacts import TaskFacts, progress_fields, with_progress

# Characters that may let a value run across lines or name another node: quotes, flow
# mappings, anchors, aliases, tags; and tabs, carriage returns, a byte-order mark.
_ODD_CHARS = re.compile("[\"'{}&*!\t\r\ufeff]")
# After a line break: a first-column line that is neither blank, a comment nor a plain key.
_ODD_LINE = re.compile(r"\n(?:[^ \n#A-Za-z_]|(?![A-Za-z_][A-Za-z0-9_-]*:(?: |\n))[A-Za-z_])")
_OPEN_FLOW = re.compile(r"\[[^\]\n]*\n")  # a flow sequence left open at the end of its line
_PROGRESS = re.compile(r"^progress:", re.M)
_TOP_KEY = re.compile(r"^[A-Za-z_]", re.M)
# The key's own line: nothing after it but a comment (its value is the indented block).
_HEAD = re.compile(r"progress:[ ]*(?:#[^\n]*)?\n")

_LEAN = re.compile(
    r"progress:\n  pct: (0|[1-9][0-9]{0,2})\n"
    r"(?:  status: (not_started|in_progress|done|cancelled)\n)?"
    r"(?:  completed: ([0-9]{4}-[0-9]{2}-[0-9]{2})\n)?"
)

CANNOT_TELL = object()  # patch() could not be sure: parse the file whole


class Shape(NamedTuple):
    """A version of the safe shape, but for its progress block: what comes before the
    block and after it."""

    before: str
    after: str


def _safe(text: str) -> bool:
    return not (
        _ODD_CHARS.search(text) or _ODD_LINE.search(f"\n{text}\n") or _OPEN_FLOW.search(f"{text}\n")
    )


def shape(raw: bytes) -> Shape | None:
    """The Shape of a version, or None when it is not of the safe shape."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not _safe(text):
        return None
    found = _PROGRESS.search(text)
    if found is None or _PROGRESS.search(text, found.end()) is not None:
        return None
    if _HEAD.match(text, found.start()) is None:
        return None
    following = _TOP_KEY.search(text, found.end())
    end = following.start() if following is not None else len(text)
    return Shape(text[: found.start()], text[end:])


def patch(raw: bytes, old: Shape, facts: TaskFacts) -> TaskFacts | None | object:
    """The facts of `raw` as parse_task would give them, from `facts`, those of an older
    version of Shape `old`; CANNOT_TELL when `raw` differs from it in more than the
    progress block, or that block is not of the safe shape. `raw` has Shape `old` too."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return CANNOT_TELL
    before, after = old
    if len(text) < len(before) + len(after):
        return CANNOT_TELL
    if not text.startswith(before) or not text.endswith(after):
        return CANNOT_TELL
    block = text[len(before) : len(text) - len(after)]
    if after and not block.endswith("\n"):
        return CANNOT_TELL  # the block would run into the line after it
    if _HEAD.match(block) is None or _TOP_KEY.search(block, 1) is not None:
        return CANNOT_TELL  # not one progress key, or another key in the block
    if not _safe(block):
        return CANNOT_TELL
    fields = _lean(block)
    if fields is None:
        data = fastyaml.load(block)
        if not isinstance(data, dict) or list(data) != ["progress"]:
            return CANNOT_TELL
        fields = progress_fields(data["progress"])
        if fields is None:
            return None
    return with_progress(facts, fields)


def _lean(block: str) -> dict[str, Any] | None:
    """The facts of a block in the exact form r57 writes (pct, then status, then the
    completion day, nothing else), without a YAML reader; None for anything else."""
    found = _LEAN.fullmatch(block)
    if found is None:
        return None
    completed = None
    if found[3] is not None:
        try:
            completed = date.fromisoformat(found[3])
        except ValueError:
            return None  # no such day: PyYAML fails on it, let the whole parse say
    return {
        "pct": min(100, int(found[1])),
        "status": found[2] or "not_started",
        "completed": completed,
        "recorded": None,
        "confirmed_by": "",
        "evidence": (),
    }
