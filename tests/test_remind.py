"""`r57 remind`: whom it chases (against the week report's own classes), the messages in each
person's language, the .eml files, and sending them to a real SMTP server (aiosmtpd) on
127.0.0.1 over STARTTLS, with a failure halfway and `--only-failed`."""

from __future__ import annotations

import copy
import datetime as dt
import email
import ipaddress
import json
import socket
import ssl
from collections.abc import Callable, Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import PLAN, UNITS, Plan, Result, git, task

TODAY = "2026-03-04"  # a Wednesday: week 2026-W10 runs 02/03 to 08/03
BEFORE = "2026-02-20T09:00:00+07:00"  # the plan was committed before the week
IN_WEEK = "2026-03-03T10:00:00+07:00"


def _units() -> dict[str, Any]:
    units = copy.deepcopy(UNITS)
    legal = units["units"][2]
    legal["members"][0]["language"] = "vi"
    legal["members"].append({"id": "dung", "name": "Phạm Dũng", "emails": ["dung@example.gov.vn"]})
    legal["focal"] = "dung"
    return units


def _tasks() -> list[dict[str, Any]]:
    ms = [{"date": "2026-06-30", "planned_pct": 100}]
    return [
        # an: silent this week, not due soon
        task("T-001", start="2026-01-05", due="2026-06-30", milestones=ms),
        # an: due within 7 days, silent
        task(
            "T-002",
            start="2026-01-05",
            due="2026-03-09",
            milestones=[{"date": "2026-03-09", "planned_pct": 100}],
            progress={"pct": 50, "status": "in_progress"},
        ),
        # chi (Vietnamese): overdue since 27/02
        task(
            "T-003",
            unit="legal",
            co_units=[],
            responsible="chi",
            start="2026-01-05",
            due="2026-02-27",
            milestones=[{"date": "2026-02-27", "planned_pct": 100}],
            progress={"pct": 40, "status": "in_progress"},
        ),
        # binh: reported this week (below), not due soon: no reminder
        task("T-004", responsible="binh", start="2026-01-05", due="2026-06-30", milestones=ms),
        # binh: done: no reminder
        task(
            "T-005",
            responsible="binh",
            start="2026-01-05",
            due="2026-02-27",
            milestones=[{"date": "2026-02-27", "planned_pct": 100}],
            progress={"pct": 100, "status": "done", "completed": "2026-02-20"},
        ),
    ]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.delenv("R57_SMTP_PASSWORD", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    p = Plan(root, root / "plan286")
    p.dir.mkdir()
    p.write_plan(PLAN)
    p.write_units(_units())
    for t in _tasks():
        p.write_task(t)
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, BEFORE)
    p.commit("initial plan")
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, IN_WEEK)
    t4 = task("T-004", responsible="binh", start="2026-01-05", due="2026-06-30")
    t4["milestones"] = [{"date": "2026-06-30", "planned_pct": 100}]
    t4["progress"] = {"pct": 45, "status": "in_progress"}
    p.write_task(t4)
    git(root, "config", "user.name", "Trần Thị Bình")
    git(root, "config", "user.email", "binh@example.gov.vn")
    p.commit("T-004: 45%")
    return p


def _blocks(out: str) -> dict[str, str]:
    """The printed list, one block (headers, rule, message) per person, by the To: address."""
    parts = out.split("─" * 72 + "\n")[1:]
    blocks: dict[str, str] = {}
    for head, message in zip(parts[::2], parts[1::2], strict=True):
        address = head.split(">", 1)[0].split("<")[-1]
        blocks[address] = head + "─" * 72 + "\n" + message
    return blocks


@pytest.mark.usefixtures("bounded_lookback")
def test_list_chases_the_right_people_as_the_report_classes_them(
    repo: Plan, r57: Callable[..., Result]
) -> None:
    res = r57("remind", "--plan", str(repo.dir))
    assert res.code == 0, res.err
    blocks = _blocks(res.out)
    assert sorted(blocks) == ["an@example.gov.vn", "chi@example.gov.vn"]
    assert "Dry run: 2 reminders, nothing sent" in res.err
    an = blocks["an@example.gov.vn"]
    flat = " ".join(an.split())  # prose is wrapped at 76 columns
    assert "Cc: Trần Thị Bình <binh@example.gov.vn>" in an  # ndta's focal person
    assert "Dear Nguyễn Văn An," in an
    assert "T-004" not in an
    assert "T-005" not in an
    assert 'r57 update T-001 --pct N --note "…"' in an
    assert 'r57 update T-002 --pct N --note "…"' in an
    assert 'r57 done T-002 --evidence "…"' in an  # due on 09/03: within 7 days
    assert "r57 done T-001 --evidence" not in an  # due in June
    assert "due 2026-03-09, 5 days left" in flat
    assert "Expected: a progress report this week (last report: none since 2026-02-23)." in flat
    message = an.split("─" * 72 + "\n", 1)[1]
    assert max(len(line) for line in message.splitlines()) <= 76
    # The state each message gives is the one the week report gives.
    report = r57("report", "--week", "--format", "json", "--plan", str(repo.dir))
    assert report.code == 0, report.err
    classes = {t["id"]: t["status"] for t in json.loads(report.out)["tasks"]}
    words = {"on_track": "on track", "behind_plan": "behind plan", "stale": "no report"}
    words |= {"at_risk": "at risk", "not_started": "not started"}
    for tid in ("T-001", "T-002"):
        assert f"State: {words.get(classes[tid], classes[tid])}, " in an.split(tid, 1)[1]
    assert classes["T-003"] == "overdue"


def test_each_person_in_their_own_language(repo: Plan, r57: Callable[..., Result]) -> None:
    res = r57("remind", "--plan", str(repo.dir), "--lang", "vi")
    assert res.code == 0, res.err
    chi = " ".join(_blocks(res.out)["chi@example.gov.vn"].split())
    assert "Kính gửi đồng chí Lê Chi," in chi
    assert "Đồng gửi: Phạm Dũng <dung@example.gov.vn>" in chi  # the run's words: Vietnamese
    assert "Tình trạng: quá hạn, đạt 40% (kế hoạch 100%), hạn 27/02/2026, trễ 5 ngày." in chi
    assert "Đề nghị: sản phẩm đã đến hạn ngày 27/02/2026" in chi
    assert 'r57 done T-003 --evidence "…"' in chi
    # an has no language of their own: the plan's (en), whatever the run's language.
    assert "Dear Nguyễn Văn An," in _blocks(res.out)["an@example.gov.vn"]
    assert "Chạy thử: 2 thư nhắc" in res.err


def test_scope_options_and_due_window(repo: Plan, r57: Callable[..., Result]) -> None:
    only_legal = r57("remind", "--plan", str(repo.dir), "--unit", "legal")
    assert sorted(_blocks(only_legal.out)) == ["chi@example.gov.vn"]
    only_an = r57("remind", "--plan", str(repo.dir), "--person", "an")
    assert sorted(_blocks(only_an.out)) == ["an@example.gov.vn"]
    narrow = r57("remind", "--plan", str(repo.dir), "--person", "an", "--due-within", "3")
    assert "r57 done T-002" not in narrow.out
    assert "r57 update T-002" in narrow.out
    nobody = r57("remind", "--plan", str(repo.dir), "--person", "binh")
    assert nobody.code == 0
    assert nobody.out == ""
    assert "Nobody to remind: every open task has a report in week 2026-W10 (2026-03-02" in (
        nobody.err
    )
    month = r57("remind", "--plan", str(repo.dir), "--month")
    assert "month 2026-03" in month.out


def _eml(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_eml_files_are_addressed_right_and_identical_when_rerun(
    repo: Plan, r57: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "outbox"
    res = r57("remind", "--plan", str(repo.dir), "--format", "eml", "-o", str(out))
    assert res.code == 0, res.err
    first = _eml(out)
    assert sorted(first) == ["an.eml", "chi.eml"]
    raw = first["chi.eml"]
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # Vietnamese names and subject as RFC 2047 encoded words
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["To"] == "Lê Chi <chi@example.gov.vn>"
    assert msg["Cc"] == "Phạm Dũng <dung@example.gov.vn>"
    # No r57.smtp.from: the git identity of whoever runs it (the fixture pins it to An).
    assert msg["From"] == "Nguyễn Văn An <an@example.gov.vn>"
    subject = "Đề nghị báo cáo tiến độ: T-003, tuần 10 (02/03–08/03/2026)"
    assert msg["Subject"] == subject
    assert msg["Date"] == "Wed, 04 Mar 2026 08:00:00 +0700"
    assert msg["Message-ID"].startswith("<r57-remind.2026-W10.chi.")
    assert "Kính gửi đồng chí Lê Chi," in msg.get_content()
    an = email.message_from_bytes(first["an.eml"], policy=policy.default)
    assert an["Cc"] == "Trần Thị Bình <binh@example.gov.vn>"
    assert an["Content-Language"] == "en"
    r57("remind", "--plan", str(repo.dir), "--format", "eml", "-o", str(out))
    assert _eml(out) == first


# ---------------------------------------------------------------------------- SMTP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here; r57 trusts it through
    r57.smtp.cafile, as it would a ministry's own authority."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Inbox:
    """What the server received; RCPT TO for an address in `refuse` gets a 550."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.tls: list[bool] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.tls.append(session.ssl is not None)
        content = envelope.original_content or b""
        self.received.append((str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = _free_port()
    server = Controller(
        inbox, hostname="127.0.0.1", port=port, require_starttls=True, tls_context=context
    )
    server.start()
    try:
        yield inbox, port, cert
    finally:
        server.stop()


def _configure(repo: Plan, port: int, cafile: Path) -> None:
    for key, value in {
        "host": "127.0.0.1",
        "port": str(port),
        "from": "Văn phòng Bộ <vanphong@example.gov.vn>",
        "cafile": str(cafile),
    }.items():
        git(repo.repo, "config", f"r57.smtp.{key}", value)


def test_send_over_starttls_addressed_right_and_identical_when_rerun(
    repo: Plan, r57: Callable[..., Result], smtp_server: tuple[Inbox, int, Path]
) -> None:
    inbox, port, cert = smtp_server
    _configure(repo, port, cert)
    res = r57("remind", "--plan", str(repo.dir), "--send")
    assert res.code == 0, res.err
    assert "Sent 2 of 2 reminders." in res.out
    assert inbox.tls == [True, True]
    envelopes = {rcpt[0]: (sender, rcpt, data) for sender, rcpt, data in inbox.received}
    assert sorted(envelopes) == ["an@example.gov.vn", "chi@example.gov.vn"]
    sender, rcpt, data = envelopes["chi@example.gov.vn"]
    assert sender == "vanphong@example.gov.vn"
    assert rcpt == ["chi@example.gov.vn", "dung@example.gov.vn"]  # To, then the focal Cc
    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg["To"] == "Lê Chi <chi@example.gov.vn>"
    assert msg["Cc"] == "Phạm Dũng <dung@example.gov.vn>"
    assert msg["From"] == "Văn phòng Bộ <vanphong@example.gov.vn>"
    assert "Tình trạng: quá hạn" in msg.get_content()
    assert envelopes["an@example.gov.vn"][1] == ["an@example.gov.vn", "binh@example.gov.vn"]
    record = json.loads((repo.repo / ".git" / "r57" / "remind-2026-W10.json").read_text())
    assert {p: m["status"] for p, m in record["messages"].items()} == {
        "an": "sent",
        "chi": "sent",
    }
    first = sorted(inbox.received)
    inbox.received.clear()
    again = r57("remind", "--plan", str(repo.dir), "--send")
    assert again.code == 0, again.err
    assert sorted(inbox.received) == first


def test_failure_halfway_then_only_failed_sends_exactly_the_rest(
    repo: Plan, r57: Callable[..., Result], smtp_server: tuple[Inbox, int, Path]
) -> None:
    inbox, port, cert = smtp_server
    _configure(repo, port, cert)
    inbox.refuse = {"chi@example.gov.vn"}  # the second message's recipient
    res = r57("remind", "--plan", str(repo.dir), "--send")
    assert res.code == 2
    assert "Sent 1 of 2 reminders." in res.out
    assert "Not sent (1): chi." in res.err
    assert "chi <chi@example.gov.vn>: 550 5.1.1 mailbox unavailable" in res.err
    # Nothing of chi's went, not even to the Cc.
    assert [rcpt for _s, rcpt, _d in inbox.received] == [
        ["an@example.gov.vn", "binh@example.gov.vn"]
    ]
    record = json.loads((repo.repo / ".git" / "r57" / "remind-2026-W10.json").read_text())
    assert record["messages"]["an"]["status"] == "sent"
    assert record["messages"]["chi"]["status"] == "failed"
    assert "550" in record["messages"]["chi"]["error"]
    inbox.refuse = set()
    inbox.received.clear()
    rest = r57("remind", "--plan", str(repo.dir), "--send", "--only-failed")
    assert rest.code == 0, rest.err
    assert "Sent 1 of 1 reminders." in rest.out
    assert [rcpt for _s, rcpt, _d in inbox.received] == [
        ["chi@example.gov.vn", "dung@example.gov.vn"]
    ]
    inbox.received.clear()
    done = r57("remind", "--plan", str(repo.dir), "--send", "--only-failed")
    assert done.code == 0
    assert "already sent" in done.err
    assert inbox.received == []


def test_send_without_configuration_sends_nothing(
    repo: Plan, r57: Callable[..., Result], smtp_server: tuple[Inbox, int, Path]
) -> None:
    inbox, port, cert = smtp_server
    res = r57("remind", "--plan", str(repo.dir), "--send")
    assert res.code == 2
    assert "r57.smtp.host is not set" in res.err
    assert "Nothing was sent." in res.err
    assert "Traceback" not in res.err
    git(repo.repo, "config", "r57.smtp.host", "127.0.0.1")
    git(repo.repo, "config", "r57.smtp.port", str(port))
    no_from = r57("remind", "--plan", str(repo.dir), "--send")
    assert no_from.code == 2
    assert "r57.smtp.from is not set" in no_from.err
    git(repo.repo, "config", "r57.smtp.from", "vanphong@example.gov.vn")
    git(repo.repo, "config", "r57.smtp.user", "vanphong")
    no_password = r57("remind", "--plan", str(repo.dir), "--send")
    assert no_password.code == 2
    assert "R57_SMTP_PASSWORD is empty" in no_password.err
    git(repo.repo, "config", "--unset", "r57.smtp.user")
    # Configured, but the self-signed certificate is not trusted: nothing goes in clear.
    untrusted = r57("remind", "--plan", str(repo.dir), "--send")
    assert untrusted.code == 2
    assert "r57.smtp.cafile" in untrusted.err
    assert inbox.received == []
    assert not (repo.repo / ".git" / "r57" / "remind-2026-W10.json").exists()


def test_server_without_starttls_gets_nothing(repo: Plan, r57: Callable[..., Result]) -> None:
    inbox = Inbox()
    port = _free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        git(repo.repo, "config", "r57.smtp.host", "127.0.0.1")
        git(repo.repo, "config", "r57.smtp.port", str(port))
        git(repo.repo, "config", "r57.smtp.from", "vanphong@example.gov.vn")
        res = r57("remind", "--plan", str(repo.dir), "--send")
    finally:
        server.stop()
    assert res.code == 2
    assert "does not offer STARTTLS" in res.err
    assert inbox.received == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--only-failed",), "--only-failed goes with --send"),
        (("--format", "eml"), "name the folder with -o DIR"),
        (("--send", "-o", "x"), "choose one of the two"),
        (("--due-within", "-1"), "from 0 to 366"),
    ],
)
def test_bad_options(
    repo: Plan, r57: Callable[..., Result], args: tuple[str, ...], says: str
) -> None:
    res = r57("remind", "--plan", str(repo.dir), *args)
    assert res.code == 2
    assert says in res.err
    assert res.out == ""


@pytest.mark.parametrize(
    "address", ["chi@localhost", "chi,dung@example.gov.vn", '"chi"@example.gov.vn', "chi@ex..vn"]
)
def test_an_address_no_server_takes_is_a_validation_error(
    repo: Plan, validate_json: Callable[[Plan], list[dict[str, Any]]], address: str
) -> None:
    units = _units()
    units["units"][2]["members"][0]["emails"] = ["chi@example.gov.vn", address]
    repo.write_units(units)
    diags = validate_json(repo)
    found = [d for d in diags if d["code"] == "R57E232"]
    assert len(found) == 1, diags
    lines = (repo.dir / "units.yaml").read_text(encoding="utf-8").splitlines()
    assert Path(found[0]["path"]).name == "units.yaml"
    assert address.replace('"', "") in lines[found[0]["line"] - 1].replace("'", "").replace(
        '"', ""
    ).replace("\\", "")


def test_good_addresses_pass(
    repo: Plan, validate_json: Callable[[Plan], list[dict[str, Any]]]
) -> None:
    units = _units()
    units["units"][2]["members"][0]["emails"] = ["le.chi+plan@so-tttt.hanoi.gov.vn"]
    repo.write_units(units)
    assert [d for d in validate_json(repo) if d["code"] == "R57E232"] == []


@pytest.mark.usefixtures("bounded_lookback")
def test_the_list_is_pinned_in_both_languages(repo: Plan, r57: Callable[..., Result]) -> None:
    from tests.test_cli import snapshot

    for lang in ("en", "vi"):
        res = r57("remind", "--plan", str(repo.dir), "--lang", lang)
        assert res.code == 0, res.err
        snapshot(f"remind/list-{lang}.txt", res.out)


def test_a_new_report_takes_the_task_off_the_list(repo: Plan, r57: Callable[..., Result]) -> None:
    before = r57("remind", "--plan", str(repo.dir), "--person", "an")
    assert "r57 update T-001" in before.out
    t1 = task("T-001", start="2026-01-05", due="2026-06-30")
    t1["milestones"] = [{"date": "2026-06-30", "planned_pct": 100}]
    t1["progress"] = {"pct": 35, "status": "in_progress"}
    repo.write_task(t1)
    repo.commit("T-001: 35%")
    after = r57("remind", "--plan", str(repo.dir), "--person", "an")
    assert after.code == 0, after.err
    assert "r57 update T-001" not in after.out  # reported this week: the kept list is stale
    assert "r57 update T-002" in after.out  # still due within 7 days and silent


def test_a_unit_without_focal_person_copies_its_leader(
    repo: Plan, r57: Callable[..., Result]
) -> None:
    units = _units()
    legal = units["units"][2]
    del legal["focal"]
    legal["leader"] = "dung"
    repo.write_units(units)
    repo.commit("legal: a leader, no focal person")
    res = r57("remind", "--plan", str(repo.dir), "--unit", "legal")
    assert res.code == 0, res.err
    assert "Cc: Phạm Dũng <dung@example.gov.vn>" in res.out
    del legal["leader"]
    repo.write_units(units)
    repo.commit("legal: neither")
    alone = r57("remind", "--plan", str(repo.dir), "--unit", "legal")
    assert "Cc:" not in alone.out


def test_login_uses_the_password_from_the_environment(
    repo: Plan, r57: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        # handled=False: the server answers 535 itself (True would leave the client waiting).
        return AuthResult(success=data.password == "mật-khẩu".encode(), handled=False)

    inbox = Inbox()
    port = _free_port()
    server = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        require_starttls=True,
        tls_context=context,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticator,
    )
    server.start()
    try:
        _configure(repo, port, cert)
        git(repo.repo, "config", "r57.smtp.user", "vanphong")
        monkeypatch.setenv("R57_SMTP_PASSWORD", "wrong")
        refused = r57("remind", "--plan", str(repo.dir), "--send")
        assert refused.code == 2
        assert "refused the login of vanphong" in refused.err
        assert inbox.received == []
        monkeypatch.setenv("R57_SMTP_PASSWORD", "mật-khẩu")
        res = r57("remind", "--plan", str(repo.dir), "--send")
    finally:
        server.stop()
    assert res.code == 0, res.err
    assert "Sent 2 of 2 reminders." in res.out
    assert logins[-1] == (b"vanphong", "mật-khẩu".encode())
    assert len(inbox.received) == 2
