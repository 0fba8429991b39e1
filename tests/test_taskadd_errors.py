"""`r57 task add` says a wrong field value in r57's words, in the run's language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_gate import gate, pinned_today

__all__ = ["gate", "pinned_today"]  # the fixtures, used by name


@pytest.mark.parametrize(
    ("option", "value", "lang", "words"),
    [
        ("--deliverable", "decre", "en", "decree"),
        ("--deliverable", "decre", "vi", "decree"),
        ("--submission", "pm", "vi", "prime_minister"),
    ],
)
def test_task_add_says_a_wrong_choice_in_r57s_words(
    gate: Any, option: str, value: str, lang: str, words: str
) -> None:
    """`r57 task add --deliverable decre` answered with pydantic's English ("Input should
    be 'law', ..."), under --lang vi too, not in r57's words with the field and a fix."""
    from tests.test_planedit import add_args
    from tests.test_record import state

    before = state(gate.repo)
    gate.become("binh")
    res = gate.run(*add_args(), option, value, "--lang", lang)
    assert res.code == 1, res.err
    assert "Input should be" not in res.err
    assert value in res.err
    assert words in res.err
    assert option.lstrip("-") in res.err
    if lang == "vi":
        assert "phải là" in res.err or "không thuộc" in res.err or "một trong" in res.err
    assert state(gate.repo) == before


@pytest.mark.parametrize(("lang", "words"), [("en", "at most 100%"), ("vi", "tối đa 100%")])
def test_a_milestone_over_100_is_said_as_such(gate: Any, lang: str, words: str) -> None:
    """`--milestone 2025-06-30:150` said "is not DATE:PCT", which it is: the % is the fault."""
    from tests.test_planedit import add_args
    from tests.test_record import state

    before = state(gate.repo)
    gate.become("binh")
    res = gate.run(*add_args(), "--milestone", "2025-06-30:150", "--lang", lang)
    assert res.code != 0
    assert words in res.err, res.err
    assert "150" in res.err
    assert "DATE:PCT" not in res.err
    assert state(gate.repo) == before
