"""The validation codes of merged units (units.yaml's merged_into:, merged_on:, decision:;
r57 unit merge): code -> message. English only: the Vietnamese is in vi/LC_MESSAGES/r57.po.
messages.py joins them to the catalogue."""

from __future__ import annotations

from r57cli.locale.words import Category, Message, Severity

E, X = Severity.ERROR, Category.CROSS

UNIT_CODES: dict[str, Message] = {
    "R57E233": Message(
        X,
        E,
        "merged-into-itself",
        "unit '{unit}' is merged into itself",
        "merged_into: names the unit that carries on; to undo a merge, remove merged_into:, "
        "merged_on: and decision:",
    ),
    "R57E234": Message(
        X,
        E,
        "merged-into-unknown",
        "unit '{unit}' is merged into '{value}', which units.yaml does not define{suggestion}",
        "name a unit of units.yaml, or add it first: r57 unit add ID --name … --name-vi …",
    ),
    "R57E235": Message(
        X,
        E,
        "merged-into-merged",
        "unit '{unit}' is merged into '{value}', which was itself merged into '{next}'",
        "merge into the unit that carries on: merged_into: {last}",
    ),
    "R57E236": Message(
        X,
        E,
        "merge-cycle",
        "units are merged into each other in a circle: {cycle}",
        "one of them carries on: remove its merged_into:, merged_on: and decision:",
    ),
    "R57E237": Message(
        X,
        E,
        "merge-without-date",
        "unit '{unit}' is merged but says not when (no merged_on:)",
        "add merged_on: YYYY-MM-DD, the day the merge took effect: reports of earlier "
        "periods show the unit on its own",
    ),
    "R57E238": Message(
        X,
        E,
        "merge-field-without-merge",
        "unit '{unit}' has {key}: but no merged_into:",
        "record a merge with r57 unit merge {unit} --into UNIT --date YYYY-MM-DD, or remove {key}:",
    ),
    "R57E239": Message(
        X,
        E,
        "merged-unit-has-members",
        "unit '{unit}' was merged into '{into}' but still lists members (first: '{person}')",
        "move its members to '{into}' (r57 unit merge does it); the merged unit keeps its "
        "name, not its people",
    ),
    "R57E241": Message(
        X,
        E,
        "parent-merged",
        "the parent unit '{value}' was merged into '{into}'",
        "set parent: {into}",
    ),
    "R57E242": Message(
        X,
        E,
        "merged-unit-named",
        "unit '{value}' was merged into '{into}' on {date}; a task names the unit that holds "
        "it now",
        "write '{into}' here (r57 unit merge moves the tasks); only decided requests may "
        "still name '{value}'",
    ),
    "R57E243": Message(
        X,
        E,
        "merge-in-future",
        "unit '{unit}' is merged on {date}, after today ({today})",
        "record a merge on or after the day it takes effect: run r57 unit merge on that day",
    ),
}
