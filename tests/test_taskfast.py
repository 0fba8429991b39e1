"""The straight read of r57's own layout (plan/taskfast.py) gives exactly what PyYAML and
the general way give, or steps aside (None): differential, on the corpus, generated plans,
and hand edits of them (comments, quotes, odd indentation, flow lists, block scalars, CRLF,
keys in another order, duplicate and unknown keys, ...)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from r57cli.demo.genplan import generate
from r57cli.plan import taskfast
from r57cli.plan.taskfacts import TaskFacts, facts_of
from tests import yamlgen
from tests.test_fastyaml import _corpus, _pyyaml, strictly_equal

TASK = """\
# yaml-language-server: $schema=../../../schemas/task.schema.json
id: T-00001
title:
  en: Pilot the 2G switch-off roadmap (1)
  vi: Thí điểm lộ trình dừng công nghệ 2G (1)
unit: unit-000
co_units: [unit-031]
responsible: tran.ngoc.an.0003
start: 2026-04-15
due: 2026-10-05
deliverable: guideline
legal_basis: [57-NQ/TW, 03/NQ-CP]
milestones:
  - date: 2026-07-10
    planned_pct: 50
  - date: 2026-05-28
    planned_pct: 25
    label: Rà soát
progress:
  pct: 60
  status: in_progress
blockers:
  - id: B-1
    kind: law
    description: Waiting for the decree
    raised: 2026-06-01
resources:
  - id: R-1
    unit: planning-finance
    need: Two officers
    amount: 2 people
    asked: 2026-06-02
    status: open
depends_on:
  - T-00002
note: Generated task 1 for unit unit-000.
"""


def _reference(text: str) -> TaskFacts | None | Exception:
    """PyYAML's document (C and pure loaders agreeing), turned into facts the general way."""
    data = _pyyaml(text)
    assert strictly_equal(data, _pyyaml(text, yaml.SafeLoader)) or isinstance(data, Exception)
    return None if isinstance(data, Exception) else facts_of(data)


def _agrees(text: str) -> bool:
    """Steps aside, or gives PyYAML's document and the general way's facts, type for type."""
    doc = taskfast.document(text)
    if doc is not None and not strictly_equal(doc, _pyyaml(text)):
        return False
    fast = taskfast.facts(text)
    if fast is None:
        return True
    if doc is None:
        return False  # facts only from a document
    reference = _reference(text)
    return fast == reference and repr(fast) == repr(reference)


def test_the_layout_takes_the_fast_path_and_agrees() -> None:
    fast = taskfast.facts(TASK)
    assert fast is not None
    assert fast == _reference(TASK)
    assert repr(fast) == repr(_reference(TASK))
    assert fast.milestones[0][1] == 25
    assert fast.blockers[0].kind == "law"
    assert fast.requests[0].amount == "2 people"
    assert fast.co_units == ("unit-031",)


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_corpus_files_agree(path: Path) -> None:
    assert _agrees(path.read_bytes().decode("utf-8", "replace"))


def test_generated_plan_agrees_and_mostly_takes_the_fast_path(tmp_path: Path) -> None:
    generate(tmp_path, tasks=200, units=5, seed=3)
    files = sorted((tmp_path / "tasks").rglob("*.yaml"))
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _agrees(text), path
        fast += taskfast.facts(text) is not None
    assert fast > len(files) * 0.9


# Hand edits of TASK, each of which must read as PyYAML reads it or step aside.
EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("a comment line", lambda t: t.replace("unit: unit-000\n", "# moved\nunit: unit-000\n")),
    ("an indented comment", lambda t: t.replace("  status:", "  # why\n  status:", 1)),
    ("a value's comment", lambda t: t.replace("pct: 60", "pct: 60  # rough")),
    ("quoted values", lambda t: t.replace("unit: unit-000", "unit: 'unit-000'")),
    ("double quotes", lambda t: t.replace("need: Two officers", 'need: "Two: officers"')),
    ("a quote inside", lambda t: t.replace("need: Two officers", "need: 'it''s two'")),
    (
        "four-space indent",
        lambda t: t.replace("\n  pct", "\n    pct").replace("\n  status", "\n    status"),
    ),
    ("one-space indent", lambda t: t.replace("\n  en:", "\n en:").replace("\n  vi:", "\n vi:")),
    ("a dash at the key's column", lambda t: t.replace("\n  - T-00002", "\n- T-00002")),
    ("a flow list of units", lambda t: t.replace("[unit-031]", "[unit-031, 'unit-032', x]")),
    ("a flow list of milestones", lambda t: t.replace("milestones:\n", "milestones: []\nx:\n")),
    ("a folded block", lambda t: t.replace("note: Gen", "note: >-\n  Gen")),
    (
        "a literal block",
        lambda t: t.replace("description: Waiting", "description: |\n      Waiting"),
    ),
    ("CRLF", lambda t: t.replace("\n", "\r\n")),
    ("a tab", lambda t: t.replace("pct: 60", "pct:\t60")),
    (
        "keys in another order",
        lambda t: (
            t.replace("progress:\n  pct: 60\n  status: in_progress\n", "")
            + "progress:\n  status: in_progress\n  pct: 60\n"
        ),
    ),
    ("a duplicate key", lambda t: t + "due: 2026-12-31\n"),
    ("a duplicate progress", lambda t: t + "progress:\n  pct: 5\n"),
    (
        "a duplicate nested key",
        lambda t: t.replace("  status: in_progress", "  status: in_progress\n  pct: 70"),
    ),
    ("an unknown key", lambda t: t + "owner: someone\nextra:\n  deep: 1\n"),
    ("a boolean key", lambda t: t + "on: 1\n"),
    ("a yes value", lambda t: t.replace("status: in_progress", "status: yes")),
    ("an octal", lambda t: t.replace("pct: 60", "pct: 060")),
    ("a float", lambda t: t.replace("pct: 60", "pct: 60.5")),
    ("pct true", lambda t: t.replace("pct: 60", "pct: true")),
    ("pct over 100", lambda t: t.replace("pct: 60", "pct: 160")),
    ("a timestamp", lambda t: t.replace("due: 2026-10-05", "due: 2026-10-05 10:00:00")),
    ("no such day", lambda t: t.replace("due: 2026-10-05", "due: 2026-02-30")),
    ("a date unpadded", lambda t: t.replace("due: 2026-10-05", "due: 2026-10-5")),
    ("a date as text", lambda t: t.replace("due: 2026-10-05", "due: '2026-10-05'")),
    ("no due", lambda t: t.replace("due: 2026-10-05\n", "")),
    ("empty progress", lambda t: t.replace("  pct: 60\n  status: in_progress\n", "")),
    ("an empty value", lambda t: t.replace("responsible: tran.ngoc.an.0003", "responsible:")),
    ("a null", lambda t: t.replace("  status: in_progress", "  status: null")),
    ("trailing spaces", lambda t: t.replace("\n", "  \n")),
    ("no final newline", lambda t: t.rstrip("\n")),
    (
        "blank lines",
        lambda t: t.replace("\nunit:", "\n\n   \nunit:").replace(
            "\n    planned_pct: 25", "\n\n    planned_pct: 25"
        ),
    ),
    ("a continuation line", lambda t: t.replace("note: Gen", "note: Gen\n  more")),
    ("a nested continuation", lambda t: t.replace("  en: Pilot", "  en: Pilot\n    more")),
    (
        "evidence as a block",
        lambda t: t.replace(
            "  status: in_progress", "  status: in_progress\n  evidence:\n    - a.pdf"
        ),
    ),
    (
        "evidence as a flow list",
        lambda t: t.replace(
            "  status: in_progress", "  status: in_progress\n  evidence: [a.pdf, ~, 3]"
        ),
    ),
    ("an anchor", lambda t: t.replace("unit: unit-000", "unit: &u unit-000")),
    ("a document marker", lambda t: "---\n" + t),
    ("a flow mapping", lambda t: t.replace("title:\n", "title: {en: x}\nx:\n")),
    (
        "an item without a dash first",
        lambda t: t.replace("  - date: 2026-07-10\n", "    date: 2026-07-10\n"),
    ),
    ("a key beside an item", lambda t: t.replace("    planned_pct: 50", "  planned_pct: 50")),
    ("an empty item", lambda t: t.replace("  - T-00002", "  -")),
    ("an item with nothing", lambda t: t.replace("  - T-00002", "  - ")),
    ("a nested sequence", lambda t: t.replace("  - T-00002", "  - - T-00002")),
    ("a list in a mapping", lambda t: t.replace("  en: Pilot", "  - Pilot")),
    ("title as text", lambda t: t.replace("title:\n", "title: x\nx:\n")),
    ("progress as a list", lambda t: t.replace("  pct: 60\n  status: in_progress\n", "  - 60\n")),
    ("milestones as text", lambda t: t.replace("milestones:\n", "milestones: soon\nx:\n")),
    ("reschedules", lambda t: t + "reschedules:\n  - id: M-1\n    date: 2026-06-01\n"),
    ("an id as a number", lambda t: t.replace("id: T-00001", "id: 12")),
    ("an NEL", lambda t: t.replace("Two officers", "Two\x85officers")),
    ("a byte-order mark", lambda t: "\ufeff" + t),
    ("a key without a space", lambda t: t.replace("unit: unit-000", "unit:unit-000")),
    ("a colon in a value", lambda t: t.replace("need: Two officers", "need: Two: officers")),
    ("a hash in a value", lambda t: t.replace("need: Two officers", "need: Two#officers")),
    ("a key at the first column inside", lambda t: t.replace("  vi:", "vi:")),
]


@pytest.mark.parametrize(("label", "edit"), EDITS, ids=[label for label, _ in EDITS])
def test_hand_edits_agree_or_step_aside(label: str, edit: Any) -> None:
    text = edit(TASK)
    assert text != TASK
    assert _agrees(text), text


@pytest.mark.parametrize(
    "label",
    ["a comment line", "an indented comment", "a value's comment", "quoted values",
     "a flow list of units", "keys in another order", "a duplicate key", "a duplicate progress",
     "a duplicate nested key", "an unknown key", "empty progress", "trailing spaces",
     "no final newline", "blank lines", "evidence as a flow list", "an empty value"],
)  # fmt: skip
def test_ordinary_hand_edits_stay_on_the_fast_path(label: str) -> None:
    """So the tests above read both ways: these edits are read straight, and agree."""
    text = dict(EDITS)[label](TASK)
    assert taskfast.facts(text) is not None
    assert _agrees(text)


@pytest.mark.parametrize(
    "label",
    ["a folded block", "a literal block", "CRLF", "a tab", "four-space indent",
     "a dash at the key's column", "a continuation line", "evidence as a block", "an anchor",
     "a document marker", "a boolean key", "a yes value", "an octal", "a timestamp",
     "no such day", "reschedules", "an NEL", "a byte-order mark", "pct true", "no due",
     "a nested sequence", "an empty item", "an item without a dash first"],
)  # fmt: skip
def test_unusual_edits_step_aside(label: str) -> None:
    assert taskfast.facts(dict(EDITS)[label](TASK)) is None


def test_bounded_fuzz_of_edited_tasks() -> None:
    """Random edits of TASK's lines: dropped, doubled, swapped, re-indented, commented."""
    rng = random.Random(17)
    lines = TASK.split("\n")
    fast = 0
    for _ in range(3000):
        mutated = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(mutated))
            roll = rng.random()
            if roll < 0.2:
                del mutated[at]
            elif roll < 0.4:
                mutated.insert(at, mutated[rng.randrange(len(mutated))])
            elif roll < 0.55:
                mutated[at] = " " * rng.choice([1, 2, 4]) + mutated[at]
            elif roll < 0.7:
                mutated[at] = mutated[at].lstrip(" ")
            elif roll < 0.8:
                mutated.insert(at, rng.choice(["# c", "  # c", "", "   "]))
            else:
                mutated[at] += rng.choice(["  ", " # c", ":", " x", "'", "]"])
        text = "\n".join(mutated)
        assert _agrees(text), repr(text)
        fast += taskfast.facts(text) is not None
    assert fast > 300  # the run exercises the fast path, not only its stepping aside


def test_yamlgen_documents_agree() -> None:
    rng = random.Random(57)
    for _ in range(3000):
        assert _agrees(yamlgen.document(rng))


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(
            ["id: T-001", "title:", "  en: Draft # c", "  vi: 'Dự thảo'", "unit: u",
             "start: 2026-01-05", "due: 2026-03-01", "progress:", "  pct: 40", "  pct: x",
             "  status: in_progress", "milestones:", "  - date: 2026-02-01",
             "    planned_pct: 50", "  - x", "- y", "    z: 1", "", "# comment",
             "co_units: [a, b]", "  ", "k:", "blockers:", "  - id: B-1", "    kind: law"]
        ),
        max_size=16,
    )
)  # fmt: skip
def test_random_line_soups_never_disagree(lines: list[str]) -> None:
    assert _agrees("\n".join(lines) + "\n")
