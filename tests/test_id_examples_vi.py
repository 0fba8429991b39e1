"""An ID that does not fit its pattern (R57E107) is explained in the user's language, its
example's words too: a Vietnamese user read "(lower-case, dots allowed)" in English."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from r57cli.locale.phrases import PHRASES
from r57cli.plan.model import ID_KINDS
from tests.conftest import Plan, Result, task


@pytest.mark.parametrize(("lang", "words"), [("vi", "chữ thường"), ("en", "lower-case")])
def test_a_bad_person_id_s_example_is_in_the_run_s_language(
    plan: Plan, r57: Callable[..., Result], lang: str, words: str
) -> None:
    plan.write_task(task(responsible="Le.Van"))
    res = r57("validate", "--lang", lang, cwd=plan.dir)
    assert res.code == 1, res.out + res.err
    line = next(x for x in (res.out + res.err).splitlines() if "nguyen.van.an" in x)
    assert words in line, line
    if lang == "vi":
        assert "dots allowed" not in line, line


def test_every_example_with_words_has_its_phrase() -> None:
    for what, example in ID_KINDS.values():
        if "(" in example:
            assert PHRASES.get(f"ex-{what}") == example, what


def test_the_unit_commands_confirmation_reads_as_one_sentence_in_vietnamese() -> None:
    """ "Đã ghi {subject}" around "đã thêm đơn vị qlkh" said "Đã ghi đã thêm": the subject
    names the unit first, as "T-003: đã huỷ" does."""
    from r57cli.locale.texts import say, set_language

    set_language("vi")
    try:
        said = say("recorded", subject=say("unit-added", unit="qlkh"), branch="main", sha="1")
    finally:
        set_language("en")
    assert "đã ghi đã" not in said.lower(), said
