"""Rough edges (issue 15): `r57 validate` places errors where the user must look. A quote left
open is reported on its own line, not lines later as "did not find expected key"; libyaml's
words are in the user's language; a broken pct raises no follow-on error about a 0."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Plan, Result, dump, located, task

R57 = Callable[..., Result]
VJ = Callable[..., list[dict[str, Any]]]


def write(plan: Plan, text: str) -> None:
    plan.write_raw("tasks/ndta/T-001.yaml", text)


def test_an_open_quote_is_reported_where_it_opens(plan: Plan, r57: R57, validate_json: VJ) -> None:
    lines = dump(task()).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("due:"))
    lines[at] = 'due: "2025-09-30'
    write(plan, "\n".join(lines) + "\n")
    diags = validate_json(plan)
    assert located(diags) == {("R57E017", "T-001.yaml", at + 1, 6)}
    (only,) = diags
    assert only["related"][0]["line"] > at + 1  # where libyaml noticed it, as a note
    en = r57("validate", "--no-cache", "--lang", "en", cwd=plan.repo)
    assert "this quote is never closed on its line" in en.out
    assert "did not find expected key" not in en.out
    vi = r57("validate", "--no-cache", "--lang", "vi", cwd=plan.repo)
    assert "dấu ngoặc kép này không được đóng trên cùng dòng" in vi.out


def test_quotes_that_close_or_are_text_are_not_blamed(plan: Plan, validate_json: VJ) -> None:
    """The real cause elsewhere: an apostrophe in plain text, closed quotes, a quote in a
    comment are not an open quote; libyaml's place stands."""
    text = dump(task(note="it's fine")).replace("unit: ndta", 'unit: "ndta" # a "note\nbad')
    write(plan, text)
    codes = {d["code"] for d in validate_json(plan)}
    assert codes == {"R57E006"}


def test_libyaml_words_in_vietnamese(plan: Plan, r57: R57) -> None:
    write(plan, dump(task()).replace("unit: ndta", "unit ndta"))
    vi = r57("validate", "--no-cache", "--lang", "vi", cwd=plan.repo)
    assert "lỗi cú pháp YAML: không thấy dấu ':' sau khóa (khi đọc một khóa)" in vi.out, vi.out
    assert "could not find" not in vi.out
    assert "while scanning" not in vi.out
    en = r57("validate", "--no-cache", "--lang", "en", cwd=plan.repo)
    assert "YAML syntax error: could not find expected ':' (while scanning a simple key)" in en.out


def test_a_broken_pct_raises_no_error_about_a_zero(plan: Plan, validate_json: VJ) -> None:
    done = {"pct": 150, "status": "done", "completed": "2025-03-01"}
    plan.write_task(task(progress=done))
    assert {d["code"] for d in validate_json(plan)} == {"R57E106"}
    # A pct that is valid but not 100 still gets its E210.
    plan.write_task(task(progress={**done, "pct": 90}))
    (e210,) = [d for d in validate_json(plan) if d["code"] == "R57E210"]
    assert "pct is 90, not 100" in e210["message"]


def test_a_broken_status_raises_no_follow_on_error(plan: Plan, validate_json: VJ) -> None:
    plan.write_task(task(progress={"pct": 40, "status": "finished"}))
    codes = [d["code"] for d in validate_json(plan)]
    assert "R57E219" not in codes  # "not started, yet 40%": the default, not the user's
    assert len(codes) == 1


def test_every_libyaml_phrase_renders_in_both_languages() -> None:
    from r57cli.locale.messages import _fill
    from r57cli.plan.yamlhints import _LIBYAML, problem_words

    for english in _LIBYAML:
        assert _fill(problem_words(english, ""), "en") == english
        vi = _fill(problem_words(english, ""), "vi")
        assert vi
        assert vi != english
    both = problem_words("did not find expected ',' or '}'", "while parsing a flow mapping")
    assert _fill(both, "en") == "did not find expected ',' or '}' (while parsing a flow mapping)"
    assert _fill(both, "vi") == "thiếu dấu ',' hoặc '}' (khi đọc một khối trong { })"
