"""A period's name as the reader's language writes it. English keeps the ISO id
(2026-W49, 2026-12); Vietnamese offices write "Tuần 49 (30/11–06/12/2026)" and
"Tháng 12/2026", the short form "Tuần 49/2026" heading a trend column. The words are in
r57.po (report:period-week, report:period-month); the dates follow fmt_date's style."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.locale.catalog import pgettext
from r57cli.locale.reportwords import WORDS
from r57cli.locale.texts import language


def period_name(p: dict[str, Any], short: bool = False) -> str:
    """`p` is a period of the report's JSON document (id, kind, first_day, last_day)."""
    return period_name_in(language(), p, short)


def period_name_in(lang: str, p: dict[str, Any], short: bool = False) -> str:
    """period_name in `lang`, not the run's language (a reminder is in its reader's)."""
    pid = str(p["id"])
    if lang != "vi" or p.get("kind") not in ("week", "month"):
        return pid
    first, last = date.fromisoformat(p["first_day"]), date.fromisoformat(p["last_day"])
    if p["kind"] == "month":
        return f"{_word(lang, 'period-month')} {first.month:02d}/{first.year}"
    year, _, week = pid.partition("-W")
    if short:
        return f"{_word(lang, 'period-week')} {int(week)}/{year}"
    start = f"{first:%d/%m}" if first.year == last.year else f"{first:%d/%m/%Y}"
    return f"{_word(lang, 'period-week')} {int(week)} ({start}–{last:%d/%m/%Y})"


def mid_sentence(name: str) -> str:
    """A Vietnamese period name inside a sentence: "tuần 49 (…)", "tháng 12/2026"."""
    return name[:1].lower() + name[1:]


def _word(lang: str, key: str) -> str:
    english = WORDS[key]
    return english if lang == "en" else pgettext("r57", lang, f"report:{key}", english)
