"""Reminders name the period the way their reader's language does: Vietnamese as the
report's title ("tuần 10 (02/03–08/03/2026)", "tháng 03/2026", lower-case inside the
sentence), English as the English report (the ISO id) (issue 15, try15 N20/N47)."""

from __future__ import annotations

import email
from collections.abc import Callable
from email import policy
from pathlib import Path

from tests import test_remind as base
from tests.conftest import Plan, Result

repo = base.repo  # the fixtures of test_remind: week 2026-W10, an (en) and chi (vi)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_vietnamese_reminders_name_the_week_and_month_as_the_report(
    repo: Plan, r57: Callable[..., Result], tmp_path: Path
) -> None:
    week = r57("remind", "--plan", str(repo.dir), "--lang", "vi")
    assert week.code == 0, week.err
    chi = _flat(base._blocks(week.out)["chi@example.gov.vn"])
    assert "Tiêu đề: Đề nghị báo cáo tiến độ: T-003, tuần 10 (02/03–08/03/2026)" in chi
    assert "cần được quan tâm trong tuần 10 (02/03–08/03/2026), tính đến" in chi
    assert "2026-W10" not in chi
    an = _flat(base._blocks(week.out)["an@example.gov.vn"])
    assert "week 2026-W10 (2026-03-02 – 2026-03-08)" in an  # English: the ISO id
    month = r57("remind", "--plan", str(repo.dir), "--month", "--lang", "vi")
    chi_month = _flat(base._blocks(month.out)["chi@example.gov.vn"])
    assert "Đề nghị báo cáo tiến độ: T-003, tháng 03/2026" in chi_month
    assert "trong tháng 03/2026," in chi_month
    assert "2026-03" not in chi_month.split("Đề nghị:")[0]
    assert "month 2026-03" in _flat(base._blocks(month.out)["an@example.gov.vn"])
    out = tmp_path / "outbox"
    r57("remind", "--plan", str(repo.dir), "--format", "eml", "-o", str(out))
    msg = email.message_from_bytes((out / "chi.eml").read_bytes(), policy=policy.default)
    assert msg["Subject"] == "Đề nghị báo cáo tiến độ: T-003, tuần 10 (02/03–08/03/2026)"
    nobody = r57("remind", "--plan", str(repo.dir), "--person", "binh", "--lang", "vi")
    assert "trong tuần 10 (02/03–08/03/2026)" in _flat(nobody.err)
