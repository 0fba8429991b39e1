"""The fast plain-YAML reader gives exactly what PyYAML gives, or steps aside (None)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r57cli.demo.genplan import generate
from r57cli.plan import fastyaml
from tests import yamlgen

ROOT = Path(__file__).resolve().parent.parent


def _pyyaml(text: str, loader: Any = yaml.CSafeLoader) -> Any:
    try:
        return yaml.load(text, Loader=loader)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date
        return exc


def strictly_equal(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down: True is not 1, a date not a datetime."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(strictly_equal, a, b))
    return bool(a == b)


def _agrees(text: str) -> bool:
    """The fast reader steps aside, or gives what both of PyYAML's loaders give (the C one
    and the pure-Python one), type for type; where PyYAML raises, it must step aside."""
    fast = fastyaml.load(text)
    if fast is None:
        return True
    return all(
        strictly_equal(fast, _pyyaml(text, loader))
        for loader in (yaml.CSafeLoader, yaml.SafeLoader)
    )


def _corpus() -> list[Path]:
    files = sorted((ROOT / "tests" / "corpus").rglob("*.yaml"))
    return files + sorted((ROOT / "plan286").rglob("*.yaml"))


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_corpus_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace")
    assert _agrees(text)


def test_plan286_tasks_take_the_fast_path() -> None:
    """The point of the reader: real task files, folded descriptions and all, never need
    PyYAML."""
    tasks = sorted((ROOT / "plan286" / "tasks").rglob("*.yaml"))
    assert len(tasks) == 50
    for path in tasks:
        text = path.read_text(encoding="utf-8")
        assert fastyaml.load(text) == _pyyaml(text), path


def test_generated_plan_reads_the_same(tmp_path: Path) -> None:
    generate(tmp_path, tasks=200, units=5, seed=3)
    for path in sorted(tmp_path.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = fastyaml.load(text)
        assert fast is not None, path
        assert fast == _pyyaml(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: x\n", {"a": 1, "b": "x"}),
        ("a: 2025-02-10\n", {"a": date(2025, 2, 10)}),
        ("a: [x, 'y', \"z\"]\n", {"a": ["x", "y", "z"]}),
        ("a: []\n", {"a": []}),
        ("a:\n- 1\n- 2\nb: 3\n", {"a": [1, 2], "b": 3}),
        ("a:\n  - k: 1\n    l: 2\n  - k: 3\n", {"a": [{"k": 1, "l": 2}, {"k": 3}]}),
        ("a: >-\n  one\n  two\n\n  three\nb: 1\n", {"a": "one two\nthree", "b": 1}),
        ("a: |\n  one\n  two\n", {"a": "one\ntwo\n"}),
        ("a: x # note\n", {"a": "x"}),
        ("a: 'it''s'\n", {"a": "it's"}),
        ("a: Nghị định 47/2020/NĐ-CP\n", {"a": "Nghị định 47/2020/NĐ-CP"}),
        ("a: 1\r\nb: 2\r\n", {"a": 1, "b": 2}),
        ("a:\nb: null\nc: true\n", {"a": None, "b": None, "c": True}),
    ],
)
def test_plain_cases(text: str, expected: Any) -> None:
    assert fastyaml.load(text) == expected
    assert _pyyaml(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Clip chomping at the end of a file with no final newline keeps no line break.
        ("k: |\n  a", {"k": "a"}),
        ("k: >\n  a\n  b", {"k": "a b"}),
        ("id: T-1\nnote: >\n  sent to Legal", {"id": "T-1", "note": "sent to Legal"}),
        ("k: |\n  a\n", {"k": "a\n"}),
        ("k: |\n  a\n  ", {"k": "a\n"}),
        ("k: |\n  a\n\n", {"k": "a\n"}),
        ("k: |-\n  a", {"k": "a"}),
        ("k: |\r\n  a", {"k": "a"}),
    ],
)
def test_clip_chomping_keeps_only_a_line_break_that_is_there(text: str, expected: Any) -> None:
    assert strictly_equal(fastyaml.load(text), expected)
    assert strictly_equal(_pyyaml(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        "k: |\n   \n a\n",  # PyYAML: ParserError; r57 validate: R57E006
        "k: >\n   \n  #h\n",  # PyYAML: '' (the spaces set the indentation, #h is a comment)
        "k: |-\n  \n  a\n",  # as many spaces as the content: PyYAML decides
    ],
)
def test_spaces_on_a_blank_line_before_the_content_step_aside(text: str) -> None:
    assert fastyaml.load(text) is None


def test_bounded_fuzz_of_block_scalars_and_line_ends() -> None:
    """A fixed-seed run of the generator that found both block-scalar bugs (an extra line
    break at the end of a file, blank lines with spaces before the content); the long run is
    benchmarks/fuzz_fastyaml.py."""
    rng = random.Random(57)
    fast_path = 0
    for _ in range(6000):
        text = yamlgen.document(rng)
        assert _agrees(text), repr(text)
        fast_path += fastyaml.load(text) is not None
    assert fast_path > 500  # the run exercises the reader, not only its fallback


@settings(max_examples=400, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_generated_block_scalar_documents_agree(rng: random.Random) -> None:
    assert _agrees(yamlgen.document(rng))


@pytest.mark.parametrize(
    "text",
    [
        "a: 010\n",  # YAML 1.1 octal
        "a: 1_000\n",
        "a: 1.5\n",
        "a: yes\n",
        "on: 1\n",  # a boolean key
        "a: 2025-2-3\n",  # a date without zero padding
        "a: 2025-02-10 10:00\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        'a: "line\\nbreak"\n',
        "a: {b: 1}\n",
        "a: b: c\n",
        "a: one\n  two\n",  # a plain scalar over two lines
        "a:\t1\n",
        "--- \na: 1\n",
        "a: |+\n  x\n\n",
        "a: >\n  x\n    y\n",  # more indented line in a folded scalar
        "a: [x, [y]]\n",
        "a: 2025-02-30\n",  # not a real date: PyYAML raises, the fast reader steps aside
        "a: \x85\n",
    ],
)
def test_anything_beyond_the_subset_falls_back(text: str) -> None:
    assert fastyaml.load(text) is None


_scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    st.booleans(),
    st.none(),
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=40),
    st.sampled_from(["yes", "no", "on", "010", "1.5", "~", "- x", "a: b", "#x", "x #y", "'"]),
)
_keys = st.text(st.characters(categories=["Ll", "Lu", "Nd"]), min_size=1, max_size=8)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=st.dictionaries(_keys, _values, min_size=1, max_size=6),
    flow=st.sampled_from([False, None]),
    width=st.sampled_from([20, 80, 1000]),
    unicode=st.booleans(),
    indent=st.sampled_from([2, 4]),
)
def test_random_documents_agree_with_pyyaml(
    doc: dict[str, Any], flow: bool | None, width: int, unicode: bool, indent: int
) -> None:
    text = yaml.safe_dump(
        doc, default_flow_style=flow, width=width, allow_unicode=unicode, indent=indent
    )
    assert _agrees(text)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "id: T-001",
                "title:",
                "  en: Draft # c",
                "  vi: 'Dự thảo'",
                "progress:",
                "  pct: 40",
                "  status: in_progress",
                "milestones:",
                "  - date: 2025-03-01",
                "    planned_pct: 50",
                "- x",
                "  - y",
                "    z: 1",
                "desc: >-",
                "  folded",
                "  text",
                "",
                "# comment",
                "list: [a, b]",
                "  ",
                "k:",
            ]
        ),
        max_size=14,
    )
)
def test_random_line_soups_never_disagree(lines: list[str]) -> None:
    """Ill-formed documents too: the fast reader either steps aside or agrees."""
    assert _agrees("\n".join(lines) + "\n")


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_pct_probe_agrees_with_a_whole_parse(path: Path) -> None:
    """Older versions of a task are read only for their %: the probe gives the % a whole
    parse gives (clamped the same way), or steps aside."""
    from r57cli.plan.taskfacts import parse_task, probe_pct

    raw = path.read_bytes()
    probed = probe_pct(raw)
    if probed is None:
        return
    whole = parse_task(raw)
    if whole is not None:
        assert probed == whole.pct
    else:  # a version broken elsewhere: its % as written
        data = _pyyaml(raw.decode("utf-8", "replace"))
        if isinstance(data, dict):
            assert probed == max(0, min(100, data["progress"]["pct"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: T-1\nprogress:\n  pct: 40\n  status: in_progress\n", 40),
        ("progress:\n  status: done\n  pct: 100  # finished\nnote: x\n", 100),
        ("progress:\n    pct: 7\n", 7),
        ("progress:\n  pct: 040\n", None),  # YAML 1.1 octal: let the parser say
        ("progress:\n  pct: '40'\n", None),
        ("progress:\n  pct: 40\n  pct: 50\n", None),
        ("progress:\n  pct: 40\nprogress:\n  pct: 50\n", None),
        ("progress: &p\n  pct: 40\n", None),
        ("progress: {pct: 40}\n", None),
        ("progress:\n\tpct: 40\n", None),
        ("progress:\n  detail:\n    pct: 90\n  pct: 10\n", 10),
        ("title: x\n", None),
    ],
)
def test_pct_probe_cases(text: str, expected: int | None) -> None:
    from r57cli.plan.taskfacts import probe_pct

    assert probe_pct(text.encode()) == expected


@pytest.mark.parametrize(
    "word",
    # YAML 1.1's booleans and nulls, spelt out here (not taken from the reader's own list)
    [
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
    ]
    + [
        "null",
        "Null",
        "NULL",
        "yES",
        "nULL",
        "Yes2",
        "ON!",
        "onion",
        "nah",
        "Null x",
        "yes please",
        "é",
        "ñ",
    ],
)
def test_words_that_open_with_a_letter_read_as_pyyaml_reads_them(word: str) -> None:
    """A plain scalar that opens with a letter is a string unless it is one of YAML 1.1's
    words (booleans, nulls): the reader's shortcut for letters must keep every word out."""
    for text in (f"a: {word}\n", f"a: [{word}]\n", f"- {word}\n"):
        assert _agrees(text), text
