"""One reminder as an RFC 5322 message: UTF-8, encoded headers for Vietnamese names, and a
Message-ID and Date that depend only on what the message says and on the reminder's day,
so that writing or sending the same reminders again gives the same bytes."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from r57cli.render.remind_text import body, subject
from r57cli.report.remind import Contact, Reminder

# The hour a reminder is dated at on its day, in the plan's time zone: a fixed time, not
# the clock's, so a rerun the same day is byte-identical.
SEND_HOUR = 8


def _address(contact: Contact) -> Address:
    user, _, domain = contact.email.rpartition("@")
    return Address(display_name=contact.name, username=user, domain=domain)


def message(
    reminder: Reminder,
    sender: Contact,
    period_id: str,
    period: str,
    kind: str,
    today: date,
    zone: ZoneInfo,
) -> EmailMessage:
    text = body(reminder, period, kind, today.isoformat())
    title = subject(reminder, period)
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = _address(sender)
    msg["To"] = _address(reminder.person)
    if reminder.cc:
        msg["Cc"] = [_address(c) for c in reminder.cc]
    msg["Subject"] = title
    msg["Date"] = format_datetime(datetime.combine(today, time(SEND_HOUR), zone))
    digest = hashlib.sha256(
        "\n".join(
            [sender.email, reminder.person.email, *(c.email for c in reminder.cc), title, text]
        ).encode()
    ).hexdigest()[:16]
    domain = sender.email.rpartition("@")[2] or "r57.invalid"
    msg["Message-ID"] = f"<r57-remind.{period_id}.{reminder.person.id}.{digest}@{domain}>"
    # RFC 3834: an automatic message, so that auto-replies (out of office) are not sent back.
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = reminder.language  # after set_content, which drops Content-*
    return msg


def recipients(reminder: Reminder) -> list[str]:
    return [reminder.person.email, *(c.email for c in reminder.cc)]
