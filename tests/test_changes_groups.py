"""The groups of "what changed" (report/changes.py group_of), class by class."""

from __future__ import annotations

import pytest

from r57cli.report.changes import GROUPS, group_of


@pytest.mark.parametrize(
    ("before", "after", "group"),
    [
        (None, "on_track", "new"),
        ("on_track", "done_early", "completed"),
        ("overdue", "done_late", "completed"),
        ("stale", "done_on_time", "completed"),
        ("behind_plan", "overdue", "newly_overdue"),
        ("on_track", "behind_plan", "newly_at_risk"),
        ("stale", "at_risk", "newly_at_risk"),
        ("at_risk", "behind_plan", "other"),
        ("on_track", "blocked", "newly_blocked"),
        ("behind_plan", "blocked", "newly_blocked"),
        ("overdue", "blocked", "other"),
        ("blocked", "on_track", "recovered"),
        ("stale", "on_track", "recovered"),
        ("overdue", "not_started", "recovered"),
        ("on_track", "stale", "newly_silent"),
        ("not_started", "stale", "newly_silent"),
        ("blocked", "stale", "other"),
        ("on_track", "cancelled", "other"),
        ("overdue", "behind_plan", "other"),
    ],
)
def test_group_of(before: str | None, after: str, group: str) -> None:
    assert group_of(before, after) == group
    assert group in GROUPS
