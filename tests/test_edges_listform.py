"""Rough edges (issue 15): `r57 list` and `r57 report` agree in form: people by name, dates
as the language writes them (dd/mm/yyyy in Vietnamese), the ids kept for tools (JSON, CSV)."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import Plan, Result

R57 = Callable[..., Result]


def test_list_names_people_like_the_report(plan: Plan, r57: R57) -> None:
    en = r57("list", "--lang", "en", "--wide", cwd=plan.repo)  # one line per task
    (row,) = [line for line in en.out.splitlines() if line.startswith("T-001")]
    assert "Nguyễn Văn An" in row
    assert " an " not in f" {row} "
    assert "2025-09-30" in row
    vi = r57("list", "--lang", "vi", "--wide").out
    (row_vi,) = [line for line in vi.splitlines() if line.startswith("T-001")]
    assert "Nguyễn Văn An" in row_vi
    assert "30/09/2025" in row_vi
    report = json.loads(r57("report", "--week", "--format", "json").out)
    (t,) = [t for t in report["tasks"] if t["id"] == "T-001"]
    assert t["responsible_name"] in row
    # Tools keep the ids.
    assert json.loads(r57("list", "--format", "json").out)[0]["responsible"] == "an"
    assert ",an," in r57("list", "--format", "csv", "--csv-dialect", "plain").out
