"""Who may decide a resource request besides the owner unit: with
policy.asked_unit_may_decide, a member of the unit the request asks, when the change only
decides it. One rule for the pull-request gate (gate/rules.py) and for the warning the
staff commands give before it (record/commit.py)."""

from __future__ import annotations

from typing import Any


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_DECISION_FIELDS = frozenset({"status", "decided", "note"})


def asked_decision(old: Any, new: Any, units: frozenset[str]) -> bool:
    """The change between two task files only decides resource requests addressed to one
    of `units` (their status, decided and note), and changes nothing else. Extension
    requests never count: deciding one is for policy.reschedule_by."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    rest = [{k: v for k, v in d.items() if k != "resources"} for d in (old, new)]
    before, after = _listed(old.get("resources")), _listed(new.get("resources"))
    if rest[0] != rest[1] or len(before) != len(after):
        return False
    decided = False
    for a, b in zip(before, after, strict=True):
        if a == b:
            continue
        if not isinstance(a, dict) or not isinstance(b, dict):
            return False
        if a.get("unit") not in units or a.get("kind", "resources") != "resources":
            return False
        keys = set(a) | set(b)
        if any(a.get(k) != b.get(k) for k in keys - _DECISION_FIELDS):
            return False
        decided = True
    return decided
