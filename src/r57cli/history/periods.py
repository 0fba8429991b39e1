"""Report periods: ISO weeks, calendar months, any range, and runs of them for trends, as
instants in the plan's time zone. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from r57cli.errors import R57Error
from r57cli.locale.reportwords import rsay

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEK = re.compile(r"([0-9]{4})-?W([0-9]{1,2})\Z", re.IGNORECASE)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end): `start` and `end` are midnights in the plan's zone, or, for --at with a
    time of day, that exact instant."""

    kind: str  # week, month, range
    id: str  # 2025-W07, 2025-02, 2025-02-03..2025-02-09
    start: datetime
    end: datetime

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day the period covers (the day of `end` when it is not a midnight)."""
        end = self.end
        if end.timetz().replace(tzinfo=None) == time():
            return (end - timedelta(days=1)).date()
        return end.date()

    def ref_day(self, today: date) -> date:
        """The day a period's plan figures are judged on: its last day, or today while it
        is still running."""
        return min(self.last_day, today)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone)


def week_start_of(day: date, week_start: str) -> date:
    first = WEEKDAYS.index(week_start) if week_start in WEEKDAYS else 0
    return day - timedelta(days=(day.weekday() - first) % 7)


def week(day: date, zone: tzinfo, week_start: str = "monday") -> Period:
    start = week_start_of(day, week_start)
    # Named after the ISO week of the span's Monday, whatever day the plan's week starts.
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    year, number, _ = monday.isocalendar()
    return Period(
        "week",
        f"{year}-W{number:02d}",
        _midnight(start, zone),
        _midnight(start + timedelta(days=7), zone),
    )


def month(day: date, zone: tzinfo) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period("month", f"{first:%Y-%m}", _midnight(first, zone), _midnight(following, zone))


def parse_week(text: str, zone: tzinfo, week_start: str) -> Period:
    match = _WEEK.match(text.strip())
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            monday = None
        if monday is not None:
            return week(monday, zone, week_start)
    raise R57Error(rsay("bad-week", value=text))


def parse_month(text: str, zone: tzinfo) -> Period:
    match = _MONTH.match(text.strip())
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
        return month(date(int(match[1]), int(match[2]), 1), zone)
    raise R57Error(rsay("bad-month", value=text))


def parse_day(text: str, option: str) -> date:
    if _DAY.match(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise R57Error(rsay("bad-day", option=option, value=text))


def parse_instant(text: str, zone: tzinfo) -> datetime:
    """`--at`: a day means the end of that day; a date and time is that instant (in the
    plan's zone unless it names its own offset)."""
    value = text.strip()
    if _DAY.match(value):
        return _midnight(parse_day(value, "--at") + timedelta(days=1), zone)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise R57Error(rsay("bad-at", value=text)) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=zone)


def at(instant: datetime, zone: tzinfo) -> Period:
    """The seven days that end at `instant`: its figures are the plan as of that instant."""
    local = instant.astimezone(zone)
    return Period("at", local.isoformat(timespec="minutes"), local - timedelta(days=7), local)


def between(first: date, last: date, zone: tzinfo) -> Period:
    if last < first:
        raise R57Error(rsay("bad-range", first=first.isoformat(), last=last.isoformat()))
    return Period(
        "range",
        f"{first.isoformat()}..{last.isoformat()}",
        _midnight(first, zone),
        _midnight(last + timedelta(days=1), zone),
    )


def run_of(last: Period, count: int, zone: tzinfo, week_start: str) -> list[Period]:
    """`count` consecutive periods of `last`'s kind ending with it, oldest first."""
    periods = [last]
    while len(periods) < count:
        first = periods[0]
        before = first.first_day - timedelta(days=1)
        if last.kind == "month":
            periods.insert(0, month(before, zone))
        elif last.kind == "week":
            periods.insert(0, week(before, zone, week_start))
        else:
            span = first.end - first.start
            periods.insert(0, Period(first.kind, "", first.start - span, first.start))
    return [_named(p) for p in periods]


def _named(p: Period) -> Period:
    if p.id:
        return p
    last = p.last_day
    return Period(p.kind, f"{p.first_day.isoformat()}..{last.isoformat()}", p.start, p.end)
