"""A new version read from an older one (plan/taskpatch.py) gives exactly the facts a
whole parse gives, or steps aside: differential, on every corpus file and generated
plan files, with their progress block changed in many ways."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from r57cli.demo.genplan import generate
from r57cli.plan.taskfacts import TaskFacts, parse_task
from r57cli.plan.taskpatch import CANNOT_TELL, patch, shape
from tests.test_fastyaml import _corpus

BLOCKS = [
    "progress:\n  pct: 44\n  status: in_progress\n",
    "progress:\n  pct: 100\n  status: done\n  completed: 2026-03-02\n",
    "progress:\n  pct: 100\n  status: done\n  completed: 2026-03-02\n  recorded: 2026-03-03\n"
    "  confirmed_by: a.b\n  evidence: [x.pdf, y]\n",
    "progress:\n  pct: 0\n",
    "progress:\n  pct: 999\n  status: done\n  completed: 2026-02-30\n",
    "progress:\n  pct: 100\n  status: done\n  completed: 2026-2-3\n",
    "progress:\n  pct: 12\n  status: in_progress\n  completed: 2026-02-03\n  extra: 1\n",
    "progress:\n  pct: 12\n  status: done # x\n",
    "progress:\n  pct: 100\n  status: Done\n",
    "progress:  # a comment\n  pct: 7\n  status: not_started\n\n# between\n",
    "progress:\n  pct: 250\n  status: in_progress\n",
    "progress:\n  pct: -3\n",
    "progress:\n  pct: 2026-01-01\n",  # not a whole number: unreadable
    "progress:\n  pct: true\n",
    "progress:\n  pct: x\n",
    "progress:\n  pct: 5\n  pct: 6\n",
    "progress:\n  evidence: 5\n",
    "progress:\n  completed: 2026-01-01 10:00:00\n  pct: 100\n  status: done\n",
    "progress:\n",
    "progress:\n  - 1\n  - 2\n",
    "progress:\n  pct: 040\n",
    "progress:\n  pct: 'quoted'\n",
    "progress:\n  status: |\n    done\n",
    "progress:\n  pct: 10\nprogress:\n  pct: 20\n",
    "progress:\n  pct: 1\n  status: [a, b]\n",
    "progress:\n  note: &a x\n  pct: 1\n",
]


def _versions(text: str) -> list[str]:
    """`text` with its progress block (if it has one at the first column) replaced by
    each of BLOCKS, plus edits outside it."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith("progress:")]
    if not heads:
        return [text + ("\n" if not text.endswith("\n") else "") + BLOCKS[0]]
    head = heads[0]
    end = next(
        (i for i in range(head + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")),
        len(lines),
    )
    before, after = "\n".join(lines[:head]), "\n".join(lines[end:])
    before = before + "\n" if before else ""
    out = [before + block + after for block in BLOCKS]
    out.append(before.replace("unit:", "unit: x", 1) + BLOCKS[0] + after)
    out.append(before + BLOCKS[0] + after + "extra: 1\n")
    return out


def _check(old_text: str, new_text: str) -> bool:
    """True when the patch was sure (and it must then be right)."""
    old = parse_task(old_text.encode())
    if old is None:
        return False
    old_shape = shape(old_text.encode())
    if old_shape is None:
        return False
    got = patch(new_text.encode(), old_shape, old)
    if got is CANNOT_TELL:
        return False
    assert got == parse_task(new_text.encode()), new_text
    assert shape(new_text.encode()) == old_shape  # the next version is read from this one
    assert got is None or isinstance(got, TaskFacts)
    return True


@pytest.mark.parametrize("path", _corpus(), ids=str)
def test_patched_corpus_versions_read_as_a_whole_parse(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace")
    versions = [text, *_versions(text)]
    for old, new in zip(versions, versions[1:], strict=False):
        _check(old, new)
        _check(new, old)


def test_generated_versions_take_the_patch_and_agree(tmp_path: Path) -> None:
    generate(tmp_path, tasks=60, units=3, seed=5)
    rng = random.Random(3)
    sure = 0
    files = sorted((tmp_path / "tasks").rglob("*.yaml"))
    assert files
    for path in files:
        versions = _versions(path.read_text(encoding="utf-8"))
        for _ in range(12):
            old, new = rng.choice(versions), rng.choice(versions)
            sure += _check(old, new)
    assert sure > len(files) * 3  # the plain shape r57 writes takes the cheap way


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A quoted scalar may run over first-column lines: it could hold the block.
        ('id: T-1\nnote: "a\nprogress:\n  pct: 5"\n', 'id: T-1\nnote: "a\nprogress:\n  pct: 6"\n'),
        ("id: T-1\nco: [a,\nprogress:\n  pct: 5]\n", "id: T-1\nco: [a,\nprogress:\n  pct: 6]\n"),
        ("id: T-1\nprogress:\n  pct: 5\nunit: a\n", "id: T-1\nprogress:\n  pct: 6\nunit: b\n"),
        ("id: T-1\nprogress:\n  pct: 5\n", "id: T-2\nprogress:\n  pct: 6\n"),
        ("progress :\n  pct: 5\n", "progress :\n  pct: 6\n"),
        ("a: &x 1\nprogress:\n  pct: 5\n", "a: &x 1\nprogress:\n  pct: 6\n"),
        ("x: 1\nprogress:\n  pct: 5\n- y\n", "x: 1\nprogress:\n  pct: 6\n- y\n"),
        ("x: 1\nprogress:\n  pct: 5\nword\n", "x: 1\nprogress:\n  pct: 6\nword\n"),
    ],
)
def test_what_might_run_across_lines_steps_aside(old: str, new: str) -> None:
    facts = parse_task(b"id: T-1\nunit: a\nstart: 2026-01-01\ndue: 2026-02-01\n")
    assert facts is not None
    old_shape = shape(old.encode())
    assert old_shape is None or patch(new.encode(), old_shape, facts) is CANNOT_TELL
