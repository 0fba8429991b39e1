"""The safe loader: every YAML-level problem is found, placed, and never crashes."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57cli.plan.planfile import MAX_FILE_BYTES, load
from r57cli.plan.yamlevents import resolve_plain


def problems(raw: bytes) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in load("f.yaml", raw).diagnostics]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: [x\n", [("R57E006", 2, 4)]),  # where the [ was opened
        (b"id: T-1\nid: T-2\n", [("R57E008", 2, 1)]),
        (b"a: &x [1]\n", [("R57E009", 1, 4)]),
        (b"a: 1\nb: *x\n", [("R57E009", 2, 4)]),
        (b"base: {a: 1}\nother:\n  <<: {b: 2}\n", [("R57E010", 3, 3)]),
        (b"x: !!python/object:os.system [ls]\n", [("R57E011", 1, 4)]),
        (b"x: !custom 5\n", [("R57E011", 1, 4)]),
        (b"x: !!str 5\n", [("R57E011", 1, 4)]),
        (b"a:\n\tb: 1\n", [("R57E007", 2, 1)]),
        (b"a: 1\n\xff\n", [("R57E003", 2, 1)]),
        (b"a: 1\nb: x\x00y\n", [("R57E004", 2, 5)]),
        (b"", [("R57E005", 1, 1)]),
        (b"# only a comment\n\n", [("R57E005", 1, 1)]),
        (b"- a\n- b\n", [("R57E012", 1, 1)]),
        (b"just text\n", [("R57E012", 1, 1)]),
        (b"a: 1\n---\nb: 2\n", [("R57E012", 2, 1)]),
        (b"? [a, b]\n: 1\n", [("R57E006", 1, 3)]),
        (b"*0:", [("R57E009", 1, 1)]),
    ],
)
def test_yaml_problems_are_located(raw: bytes, expected: list[tuple[str, int, int]]) -> None:
    assert problems(raw) == expected


def test_duplicate_key_names_both_lines() -> None:
    diag = load("f.yaml", b"id: T-1\nunit: ndta\nid: T-2\n").diagnostics[0]
    assert (diag.code, diag.line, diag.args["first_line"]) == ("R57E008", 3, 1)
    assert [(r.line, r.column) for r in diag.related] == [(1, 1)]


def test_nested_duplicate_key_keeps_path() -> None:
    diags = load("f.yaml", b"progress:\n  pct: 1\n  pct: 2\n").diagnostics
    assert [(d.code, d.line, d.column) for d in diags] == [("R57E008", 3, 3)]


def test_every_anchor_and_alias_is_reported() -> None:
    raw = b"a: &one 1\nb: &two [*one]\nc: *two\n"
    assert [c for c, _, _ in problems(raw)] == ["R57E009"] * 4


def test_tab_inside_text_is_only_a_warning() -> None:
    loaded = load("f.yaml", b'note: "a\tb"\n')
    assert [d.code for d in loaded.diagnostics] == ["R57W004"]
    assert loaded.data == {"note": "a\tb"}


def test_oversized_file_is_refused() -> None:
    raw = b"note: " + b"x" * MAX_FILE_BYTES + b"\n"
    assert problems(raw) == [("R57E002", 1, 1)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    raw = "\n".join(lines).encode()
    started = time.perf_counter()
    loaded = load("bomb.yaml", raw)
    elapsed = time.perf_counter() - started
    assert loaded.data is None
    assert {d.code for d in loaded.diagnostics} == {"R57E009"}
    # Expanding it would take 9**29 list cells; refusing it is a single linear scan.
    assert elapsed < 1.0


@pytest.mark.parametrize("raw", [b"[" * 100_000, b"- " * 100_000 + b"x", b"{a: " * 50_000])
def test_deep_nesting_does_not_crash(raw: bytes) -> None:
    found = problems(raw)
    assert found
    assert all(code == "R57E006" for code, _, _ in found)


def test_columns_count_characters_not_bytes() -> None:
    loaded = load("f.yaml", "title: {vi: Lộ trình, en: Roadmap}\n".encode())
    assert loaded.values[("title", "en")][:2] == (1, 27)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025-02-10", date(2025, 2, 10)),
        ("2025-02-30", "2025-02-30"),
        ("60", 60),
        ("-3", -3),
        ("1.5", 1.5),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("57-NQ/TW", "57-NQ/TW"),
        ("0x10", "0x10"),
        ("2025-02-10 10:00", "2025-02-10 10:00"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text: str, value: Any) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_scalars_stay_text() -> None:
    data = load("f.yaml", b"a: '60'\nb: \"2025-02-10\"\nc: 'yes'\n").data
    assert data == {"a": "60", "b": "2025-02-10", "c": "yes"}


def test_keys_stay_as_written() -> None:
    assert load("f.yaml", b"2025: x\ntrue: y\n").data == {"2025": "x", "true": "y"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_never_raise(raw: bytes) -> None:
    loaded = load("f.yaml", raw)
    assert loaded.data is not None or loaded.diagnostics


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=":-[]{}&*!|>'\"#\t\n ?,abc01", max_size=200))
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    loaded = load("f.yaml", text.encode())
    assert loaded.data is not None or loaded.diagnostics


def test_huge_integers_stay_text() -> None:
    digits = "1" * 5000  # beyond Python's int-from-text limit
    assert load("f.yaml", f"note: {digits}\n".encode()).data == {"note": digits}
