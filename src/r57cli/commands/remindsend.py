"""`r57 remind --send`: the SMTP settings from git config (r57.smtp.*), the password from
R57_SMTP_PASSWORD, one STARTTLS session, one transaction per message, and the record of
what went in <git dir>/r57/remind-<period>.json so that `--only-failed` sends the rest.

Settings are never taken from the command line: a command line ends up in shell history
and in CI logs, and the server a ministry sends from is the same for every run."""

from __future__ import annotations

import base64
import json
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from r57cli.errors import R57Error
from r57cli.locale.reportwords import rsay
from r57cli.report.remind import Contact

TIMEOUT = 30  # seconds for the connection and each SMTP reply


@dataclass
class SmtpSettings:
    host: str
    port: int
    sender: Contact
    user: str
    password: str
    cafile: str


def settings(config: dict[str, str], env: dict[str, str] | None = None) -> SmtpSettings:
    """The settings, or an error naming the first one missing: checked before anything is
    computed or sent."""
    env = dict(os.environ) if env is None else env
    for key in ("host", "from"):
        if not config.get(key, "").strip():
            raise R57Error(rsay("remind-no-config", missing=f"r57.smtp.{key}"))
    port_text = config.get("port", "587").strip()
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise R57Error(rsay("remind-bad-port", value=port_text))
    name, email = parseaddr(config["from"])
    if "@" not in email or " " in email:
        raise R57Error(rsay("remind-bad-sender", value=config["from"]))
    user = config.get("user", "").strip()
    password = env.get("R57_SMTP_PASSWORD", "")
    if user and not password:
        raise R57Error(rsay("remind-no-password", user=user))
    return SmtpSettings(
        host=config["host"].strip(),
        port=int(port_text),
        sender=Contact("", name or email, email),
        user=user,
        password=password,
        cafile=config.get("cafile", "").strip(),
    )


def record_path(git_dir: Path, period_id: str) -> Path:
    return git_dir / "r57" / f"remind-{period_id}.json"


def read_record(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("messages"), dict) else None


def _write_record(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    tmp.replace(path)


def _connect(s: SmtpSettings) -> smtplib.SMTP:
    """A session that is encrypted (STARTTLS) and logged in, or an error: nothing sent."""
    where = {"host": s.host, "port": s.port}
    try:
        smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise R57Error(rsay("remind-connect-failed", error=str(exc), **where)) from None
    try:
        smtp.ehlo()
        if not smtp.has_extn("starttls"):
            raise R57Error(rsay("remind-no-starttls", **where))
        try:
            context = ssl.create_default_context(cafile=s.cafile or None)
            smtp.starttls(context=context)
            smtp.ehlo()
        except (OSError, ssl.SSLError, smtplib.SMTPException) as exc:
            raise R57Error(rsay("remind-tls-failed", error=str(exc), **where)) from None
        if s.user:
            try:
                _login(smtp, s.user, s.password)
            except smtplib.SMTPException as exc:
                raise R57Error(
                    rsay("remind-login-failed", user=s.user, error=_reason(exc), **where)
                ) from None
    except BaseException:
        smtp.close()
        raise
    return smtp


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN (RFC 4616) when the server offers it, in UTF-8: smtplib encodes
    credentials as ASCII, and a Vietnamese password ("mật-khẩu") raised UnicodeEncodeError.
    A server without PLAIN gets smtplib's own choice of mechanism (ASCII credentials)."""
    offered = (smtp.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" not in offered:
        smtp.login(user, password)
        return
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, said = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, said)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, refused = next(iter(exc.recipients.values()))
        return f"{code} {refused.decode('utf-8', 'replace')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{exc.smtp_code} {said}"
    return str(exc) or type(exc).__name__


def _one(smtp: smtplib.SMTP, sender: str, msg: EmailMessage, to: list[str]) -> str:
    """One transaction; "" when the message went, else the server's reason. The envelope
    is built by hand because smtplib's send_message still sends the message when only the
    first recipient is refused: the Cc would get it, and again on the rerun that sends the
    rest. A refused Cc does not hold the message back."""
    code, said = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        return f"{code} {said.decode('utf-8', 'replace')}"
    for n, address in enumerate(to):
        code, said = smtp.rcpt(address)
        if code not in (250, 251) and n == 0:
            smtp.rset()
            return f"{code} {said.decode('utf-8', 'replace')}"
    code, said = smtp.data(msg.as_bytes())
    return "" if code == 250 else f"{code} {said.decode('utf-8', 'replace')}"


def send(
    s: SmtpSettings,
    messages: list[tuple[str, EmailMessage, list[str]]],
    path: Path,
    period_id: str,
) -> tuple[list[str], dict[str, str]]:
    """Send each (person, message, recipients); returns who got theirs and why the others
    did not. The record is written after every message, so a run killed halfway still says
    which went."""
    data = read_record(path) or {"period": period_id, "messages": {}}
    sent: list[str] = []
    failed: dict[str, str] = {}
    smtp = _connect(s)
    try:
        lost = ""
        for person, msg, to in messages:
            if lost:
                failed[person] = lost
            else:
                try:
                    why = _one(smtp, s.sender.email, msg, to)
                    if why:
                        failed[person] = why
                    else:
                        sent.append(person)
                except (smtplib.SMTPServerDisconnected, OSError) as exc:
                    lost = failed[person] = _reason(exc)
                except smtplib.SMTPException as exc:
                    failed[person] = _reason(exc)
            data["messages"][person] = {
                "to": to[0],
                "cc": to[1:],
                "message_id": str(msg["Message-ID"]),
                "status": "sent" if person in sent else "failed",
                "error": failed.get(person, ""),
            }
            _write_record(path, data)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return sent, failed
