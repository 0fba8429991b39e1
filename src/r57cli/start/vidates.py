"""The completion times an appendix table writes, read as a due date: "Quý II/2025" (the
quarter's last day), "Tháng 6/2025", "30/6/2025", "Năm 2025", "6 tháng đầu năm 2025",
"2025-2026" (the last year's end), "2025-06-30", "Trước 30/6/2025", and the ongoing
"Thường xuyên" and "Hằng năm", whose due is the plan's horizon: the caller's `ongoing`
date. Pure."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ONGOING = ("thuong xuyen", "hang nam", "hang quy", "hang thang", "lien tuc", "ongoing")

_YEAR = r"(?:nam\s*)?(\d{4})"
_SEP = r"\s*(?:/|-|\.|\s+nam\s+|\s+)\s*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")),  # 2025-06-30, as CSV exports write it
    ("quarter", re.compile(rf"quy\s*([ivx]+|[1-4])\s*(?:/|-|\s+nam\s+|\s+)\s*{_YEAR}\Z")),
    ("half", re.compile(r"6\s*thang\s*(dau|cuoi)\s*(?:nam\s*)?(\d{4})\Z")),
    ("day", re.compile(r"(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\Z")),
    ("month", re.compile(rf"(?:thang\s*)?(\d{{1,2}}){_SEP}{_YEAR}\Z")),
    ("range", re.compile(r"(?:giai doan\s*|nam\s*)?(\d{4})\s*(?:-|–|den)\s*(?:nam\s*)?(\d{4})\Z")),
    ("year", re.compile(r"(?:nam\s*|trong nam\s*)?(\d{4})\Z")),
]
_BEFORE = re.compile(r"(?:truoc|cham nhat|hoan thanh truoc|trong)\s*(?:ngay\s*)?")


@dataclass(frozen=True)
class Due:
    due: date
    ongoing: bool = False  # "Thường xuyên", "Hằng năm": the plan's horizon, with a note


def _bare_letters() -> dict[int, str]:
    """Each precomposed Latin letter (Vietnamese's among them) to its letter without marks."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            parts = unicodedata.normalize("NFD", chr(code))
            bare = "".join(c for c in parts if not unicodedata.combining(c))
            if bare != chr(code) and bare.isascii():
                table[code] = bare
    return table


_BARE = _bare_letters()


@functools.lru_cache(maxsize=65536)  # a unit's name comes back on thousands of rows
def fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics (đ as d), spaces collapsed: "Quý  II" and
    "quy ii" are one expression. Precomposed letters (NFC, as tables hold them) go by one
    translate(); anything else left (decomposed marks, other scripts) the slow way."""
    bare = text.translate(_BARE)
    if not bare.isascii():
        decomposed = unicodedata.normalize("NFD", bare)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@functools.lru_cache(maxsize=4096)  # "Quý II/2025" comes back on hundreds of rows
def read_due(value: object, ongoing: date) -> Due | None:
    """The due date an appendix cell means, or None if it is not one r57 reads."""
    if isinstance(value, datetime):
        return Due(value.date())
    if isinstance(value, date):
        return Due(value)
    if not isinstance(value, str):
        return None
    text = fold(value).strip(" .;")
    if any(text.startswith(word) for word in ONGOING):
        return Due(ongoing, ongoing=True)
    text = _BEFORE.sub("", text, count=1) if _BEFORE.match(text) else text
    for kind, pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            return _due(kind, found.groups())
    return None


def _due(kind: str, parts: tuple[str | None, ...]) -> Due | None:
    try:
        if kind == "quarter":
            quarter = ROMAN.get(str(parts[0])) or int(str(parts[0]))
            if not 1 <= quarter <= 4:
                return None
            return Due(_month_end(int(str(parts[1])), quarter * 3))
        if kind == "half":
            return Due(
                date(
                    int(str(parts[1])),
                    6 if parts[0] == "dau" else 12,
                    30 if parts[0] == "dau" else 31,
                )
            )
        if kind == "iso":
            return Due(date(int(str(parts[0])), int(str(parts[1])), int(str(parts[2]))))
        if kind == "day":
            return Due(date(int(str(parts[2])), int(str(parts[1])), int(str(parts[0]))))
        if kind == "month":
            return Due(_month_end(int(str(parts[1])), int(str(parts[0]))))
        if kind == "range":
            return Due(date(int(str(parts[1])), 12, 31))
        return Due(date(int(str(parts[0])), 12, 31))
    except ValueError:  # 31/2/2025, Tháng 13/2025
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
