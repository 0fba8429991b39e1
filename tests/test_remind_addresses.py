"""`r57 remind` refuses, before anything is written or sent, an address its reminders go to
that `r57 validate` refuses (R57E107, R57E232): the validator's own check, with its place and
fix, exit 2 (issue 15, try15 N21)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import test_remind as base
from tests.conftest import Plan, Result
from tests.test_remind import Inbox, _configure, _units

repo = base.repo  # the fixtures of test_remind: the same week, people and tasks
smtp_server = base.smtp_server


def _chi_writes_to(repo: Plan, address: str) -> int:
    """chi (legal, overdue T-003: reminded) gets only `address`; the line it is on."""
    units = _units()
    units["units"][2]["members"][0]["emails"] = [address]
    repo.write_units(units)
    lines = (repo.dir / "units.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if address in line)


@pytest.mark.parametrize(
    ("address", "code"), [("chi@ex..vn", "R57E232"), ("chi le@example.gov.vn", "R57E107")]
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_dry_run_and_eml_refuse_what_validate_refuses(
    repo: Plan, r57: Callable[..., Result], tmp_path: Path, address: str, code: str, lang: str
) -> None:
    line = _chi_writes_to(repo, address)
    check = r57("validate", "--plan", str(repo.dir))
    assert check.code == 1
    assert code in check.out + check.err
    listed = r57("remind", "--plan", str(repo.dir), "--lang", lang)
    assert listed.code == 2, listed.out + listed.err
    assert listed.out == ""
    assert f"units.yaml:{line}:" in listed.err
    assert code in listed.err
    fix = "fix: " if lang == "en" else "cách sửa: "
    assert fix in listed.err
    first = "Nothing written or sent" if lang == "en" else "Chưa ghi, chưa gửi gì"
    assert first in listed.err
    assert "Traceback" not in listed.err
    out = tmp_path / "outbox"
    eml = r57("remind", "--plan", str(repo.dir), "--format", "eml", "-o", str(out))
    assert eml.code == 2
    assert f"units.yaml:{line}:" in eml.err
    assert not out.exists()


def test_send_refuses_before_connecting(
    repo: Plan, r57: Callable[..., Result], smtp_server: tuple[Inbox, int, Path]
) -> None:
    inbox, port, cert = smtp_server
    _configure(repo, port, cert)
    line = _chi_writes_to(repo, "chi@ex..vn")
    res = r57("remind", "--plan", str(repo.dir), "--send")
    assert res.code == 2
    assert f"units.yaml:{line}:" in res.err
    assert "R57E232" in res.err
    assert inbox.received == []  # not even the good addresses: nothing half sent
    assert not (repo.repo / ".git" / "r57" / "remind-2026-W10.json").exists()


def test_a_refused_address_nobody_is_reminded_at_stops_nothing(
    repo: Plan, r57: Callable[..., Result]
) -> None:
    units = _units()
    units["units"][0]["members"].append({"id": "vo", "name": "Võ Văn Ba", "emails": ["vo@ex..vn"]})
    repo.write_units(units)
    res = r57("remind", "--plan", str(repo.dir), "--person", "an")
    assert res.code == 0, res.err
