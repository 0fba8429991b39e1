"""Rough edges (issue 15): `r57 codeowners` and `r57 allowed-signers` take --lang, and answer a
Vietnamese plan in Vietnamese, even for a wrong pair of options."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import PLAN, Plan, Result

R57 = Callable[..., Result]


def vietnamese(plan: Plan) -> None:
    plan.write_plan({**PLAN, "language": "vi"})
    plan.commit("the plan speaks Vietnamese")


def test_allowed_signers_check_answers_in_the_plans_language(plan: Plan, r57: R57) -> None:
    vietnamese(plan)
    res = r57("allowed-signers", "--check", cwd=plan.repo)
    assert res.code == 2
    assert res.err == (
        "r57: lỗi: --check so sánh với một tệp: hãy ghi -o ĐƯỜNG_DẪN hoặc --git-config.\n"
    )
    en = r57("allowed-signers", "--check", "--lang", "en", cwd=plan.repo)
    assert en.err == "r57: error: --check compares with a file: give -o PATH or --git-config.\n"
    missing = r57("allowed-signers", "--check", "-o", "signers", "--lang", "en")
    assert missing.code == 1
    assert "missing" in missing.err
    assert "thiếu" not in missing.err


def test_codeowners_takes_lang(plan: Plan, r57: R57) -> None:
    res = r57("codeowners", "--check", "--lang", "vi", cwd=plan.repo)
    assert res.code == 1, res.err
    assert "thiếu" in res.err, res.err
    assert r57("codeowners", "--lang", "vi").out == "đã ghi .github/CODEOWNERS\n"
    again = r57("codeowners", "--check", "--lang", "en")
    assert (again.code, again.out) == (0, ".github/CODEOWNERS is current.\n")
    vietnamese(plan)
    assert r57("codeowners", "--check").out == ".github/CODEOWNERS đã cập nhật.\n"
