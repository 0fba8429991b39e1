"""The words of the sections whose rows are units (the ranking, the change in rank, the
burn-up), in a national report's form when its rows are the members (r57 report
--federation without --rollup): "Members ranked by on-time delivery", not "Units"."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay


def by_member(doc: dict[str, Any]) -> bool:
    fed = doc.get("federation")
    return isinstance(fed, dict) and not fed.get("rollup")


def unranked_members(doc: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """The members of a national report by member that have no figures (not fetched,
    invalid, no plan), as (id, bilingual name): the ranking lists them after the ranked
    ones with "no data (see Members)", never leaves them out without a word."""
    if not by_member(doc):
        return []
    ranked = {u["id"] for u in doc["units"]}
    return [
        (str(m["id"]), m["name"])
        for m in doc["federation"].get("members", [])
        if m.get("tasks") is None and m["id"] not in ranked
    ]


def uword(doc: dict[str, Any], key: str, **fields: Any) -> str:
    """`key`'s words, or their members' form (`fed-m-KEY`) in a national report by member."""
    return rsay(f"fed-m-{key}" if by_member(doc) else key, **fields)
