"""Rough edges (issue 15): a bad option value is said plainly, with the value, the fix and an
example, in the run's language: --lang, else R57_LANG, else the plan's (read even though the
command never started)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import PLAN, Plan, Result

R57 = Callable[..., Result]


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (
            ("update", "T-001", "--pct", "60.5"),
            "Error: Invalid value for '--pct': '60.5' is not a whole number. Write digits "
            "only, for example --pct 60.",
        ),
        (
            ("update", "T-001", "--pct=abc"),
            "Error: Invalid value for '--pct': 'abc' is not a whole number. Write digits "
            "only, for example --pct 10.",
        ),
        (
            ("update", "T-001", "--pct", "150"),
            "Error: Invalid value for '--pct': '150' is too large: it must be 100 or less, "
            "for example --pct 100.",
        ),
        (
            ("log", "-n", "0"),
            "Error: Invalid value for '--limit' / '-n': '0' is too small: it must be 1 or "
            "more, for example --limit 1.",
        ),
        (
            ("report", "--week", "--format", "odt"),
            "Error: Invalid value for '--format' / '-f': 'odt' is not one of 'table', "
            "'markdown', 'csv', 'json', 'html', 'xlsx', 'docx', 'pdf'. Choose one of them, "
            "for example --format table.",
        ),
    ],
    ids=["fraction", "letters", "too-large", "too-small", "choice"],
)
def test_bad_option_values_are_plain_with_the_fix(
    plan: Plan, r57: R57, args: tuple[str, ...], english: str
) -> None:
    res = r57(*args, cwd=plan.repo)
    assert res.code == 2
    assert res.err.rstrip("\n").splitlines()[-1] == english
    for pydantic in ("unable to parse", "Input should", "Value error"):
        assert pydantic not in res.err
    assert res.out == ""


def test_a_vietnamese_plan_answers_a_bad_option_in_vietnamese(plan: Plan, r57: R57) -> None:
    plan.write_plan({**PLAN, "language": "vi"})
    plan.commit("Vietnamese")
    res = r57("update", "T-001", "--pct", "60.5", cwd=plan.repo)
    assert res.code == 2
    assert res.err == (
        "Cách dùng: r57 update [OPTIONS] {TASK}\n"
        "Xem hướng dẫn: 'r57 update -h'.\n\n"
        "Lỗi: Giá trị không hợp lệ cho '--pct': '60.5' không phải số nguyên. Chỉ ghi chữ số, "
        "ví dụ --pct 60.\n"
    )
    fmt = r57("report", "--week", "--format", "odt")
    assert fmt.err.endswith(
        "'odt' không thuộc các giá trị 'table', 'markdown', 'csv', 'json', 'html', 'xlsx', "
        "'docx', 'pdf'. Hãy chọn một trong số đó, ví dụ --format table.\n"
    )
    # --lang still wins over the plan's language.
    en = r57("update", "T-001", "--pct", "60.5", "--lang", "en")
    assert en.err.startswith("Usage: r57 update")
    # A plan found with --plan from elsewhere counts too.
    away = r57("log", "-n", "0", "--plan", str(plan.dir), cwd=plan.repo.parent)
    assert "'0' quá nhỏ: phải từ 1 trở lên, ví dụ --limit 1." in away.err
