"""The members section of the national synthesis (doc["federation"], r57 report
--federation): each member with its commit, when its data was fetched, its tasks and every
fault, first in every text format so that a missing member is the first thing read."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import WORDS, rsay
from r57cli.render.report_text import Block, L, R


def fault_text(fault: dict[str, Any], *, detail: bool = True, fix: bool = True) -> str:
    """What happened to a member, in the report's words, with what to do about it."""
    fields = {k: v for k, v in fault.items() if k not in ("kind", "fix")}
    if not detail:
        fields["detail"] = ""
    for key in ("old", "new"):
        if isinstance(fields.get(key), str):
            fields[key] = fields[key][:12]
    fields.setdefault("detail", "")
    fields.setdefault("errors", "")
    fields.setdefault("count", "")
    fields.setdefault("member", "")
    text = rsay(f"fed-fault-{fault['kind']}", **fields).rstrip(": ")
    key = f"fed-fix-{fault['kind']}"
    if fault["kind"] == "never-fetched" and fault.get("detail") == "--offline":
        key = "fed-fix-never-fetched-offline"  # nothing failed: this run did not fetch
    if fix and key in WORDS:
        text += " " + rsay("fed-fix", fix=rsay(key, member=fields.get("member") or "ID"))
    return text


def member_state(member: dict[str, Any]) -> str:
    """A member's faults in words, each with its fix, or "complete": its Members cell."""
    faults = [{**f, "member": member["id"]} for f in member["faults"]]
    return "; ".join(fault_text(f) for f in faults) or rsay("fed-ok")


# The faults that leave a member's figures as an earlier run fetched them (federation/national).
OLD_DATA = {"unreachable", "timeout", "auth", "no-branch", "too-big", "refused", "failed"}
OLD_DATA |= {"offline", "never-fetched"}


def fetched_text(member: dict[str, Any]) -> str:
    when, days = member.get("fetched_at"), member.get("data_age_days")
    if not when:
        return (
            rsay("fed-now")
            if member.get("commit") and not any(f["kind"] in OLD_DATA for f in member["faults"])
            else rsay("fed-never")
        )
    from r57cli.locale.texts import fmt_date

    day, _, clock = str(when).partition("T")
    shown = f"{fmt_date(day)} {clock[:5]} UTC"
    if days is None:
        return shown
    return (
        rsay("fed-age-today", when=shown) if days == 0 else rsay("fed-age", when=shown, days=days)
    )


def members_block(doc: dict[str, Any]) -> Block:
    fed = doc["federation"]
    lang = doc["language"]
    members = fed["members"]
    ok = sum(1 for m in members if all(f["kind"] == "offline" for f in m["faults"]))
    rows = []
    for m in members:
        state = member_state(m)
        rows.append(
            [
                f"{m['id']} · {m['name'].get(lang) or m['id']}",
                rsay(f"fed-kind-{m['kind']}") if m.get("kind") else "",
                (m.get("commit") or "")[:12],
                fetched_text(m),
                "" if m.get("tasks") is None else str(m["tasks"]),
                state,
            ]
        )
    return Block(
        rsay("fed-sec-members", ok=ok, count=len(members)),
        [
            (rsay("fed-col-member"), L),
            (rsay("fed-col-kind"), L),
            (rsay("fed-col-commit"), L),
            (rsay("fed-col-fetched"), L),
            (rsay("fed-col-tasks"), R),
            (rsay("fed-col-state"), L),
        ],
        rows,
        free=5,
        wrap=True,  # a fault is read whole, never cut
        key="sec-members",
    )


MEMBER_HEAD = ["member", "name", "kind", "group", "commit", "fetched_at", "data_age_days"]


def federation_csv(doc: dict[str, Any], table: str, people: bool) -> str:
    return members_csv(doc, people) if table == "members" else targets_csv(doc, people)


def targets_csv(doc: dict[str, Any], people: bool) -> str:
    """`--csv-table targets`: one row per national target and member."""
    import csv
    import io

    from r57cli.render.report_csv import _safe_row

    lang = doc["language"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = ["target", "title", "due", "member", "required", "tasks", "avg_pct_end", "state", "late"]
    writer.writerow([rsay(f"fed-csv-t-{k}") for k in head] if people else head)
    for t in doc.get("federation", {}).get("targets") or []:
        for m in t["members"]:
            state = rsay(f"fed-target-{m['state']}", late="").rstrip(": ") if people else m["state"]
            writer.writerow(
                _safe_row(
                    [
                        t["id"],
                        t["title"].get(lang) or "",
                        t["due"] or "",
                        m["id"],
                        ("x" if m["required"] else "") if people else str(m["required"]).lower(),
                        " ".join(m["tasks"]),
                        "" if m["avg_pct_end"] is None else m["avg_pct_end"],
                        state,
                        " ".join(m["late"]),
                    ]
                )
            )
    return buf.getvalue()


def members_csv(doc: dict[str, Any], people: bool) -> str:
    """`--csv-table members`: one row per member and fault (a member without a fault has
    one row, fault empty). Plain: codes and ISO times; people: the report's words."""
    import csv
    import io

    from r57cli.render.report_csv import _safe_row

    lang = doc["language"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = [*MEMBER_HEAD, "tasks", "fault", "detail"]
    if people:
        head = [rsay(f"fed-csv-{k}") for k in head]
    writer.writerow(head)
    for m in doc.get("federation", {}).get("members", []):
        base = [
            m["id"],
            m["name"].get(lang) or m["id"],
            (rsay(f"fed-kind-{m['kind']}") if people and m.get("kind") else m.get("kind") or ""),
            m.get("group") or "",
            m.get("commit") or "",
            (fetched_text(m) if people else m.get("fetched_at") or ""),
            "" if m.get("data_age_days") is None else str(m["data_age_days"]),
            "" if m.get("tasks") is None else str(m["tasks"]),
        ]
        # One row per member (a count of rows is a count of members); its faults joined.
        faults = [{**f, "member": m["id"]} for f in m["faults"]]
        if people:
            words = "; ".join(fault_text(f, detail=False) for f in faults) or rsay("fed-ok")
        else:
            words = " ".join(f["kind"] for f in faults)
        details = " | ".join(f.get("detail", "") for f in faults if f.get("detail"))
        writer.writerow(_safe_row([*base, words, details]))
    return buf.getvalue()


def members_sheet(doc: dict[str, Any]) -> Any:
    """The workbook's Members sheet (report_xlsxsheets.Sheet), first when there is one."""
    from r57cli.render.report_xlsxsheets import Sheet

    lang = doc["language"]
    rows = []
    for m in doc["federation"]["members"]:
        rows.append(
            [
                m["id"],
                m["name"].get(lang) or m["id"],
                rsay(f"fed-kind-{m['kind']}") if m.get("kind") else "",
                (m.get("commit") or "")[:12],
                m.get("fetched_at") or "",
                m.get("tasks"),
                member_state(m),
            ]
        )
    return Sheet(
        "xl-sheet-members",
        [
            (rsay("fed-col-member"), "text"),
            ("", "text"),
            (rsay("fed-col-kind"), "text"),
            (rsay("fed-col-commit"), "text"),
            (rsay("fed-col-fetched"), "when"),
            (rsay("fed-col-tasks"), "int"),
            (rsay("fed-col-state"), "text"),
        ],
        rows,
    )


KIND_ORDER = ("province", "ministry", "agency", "other")


def regulations_block(doc: dict[str, Any]) -> Block:
    """Which regulation to amend first: each document that blocks open tasks, with how many
    tasks in how many members of each kind, and the oldest blocker's age, the widest first."""
    kinds = {m["id"]: m.get("kind") or "other" for m in doc["federation"]["members"]}
    groups: dict[str, dict[str, Any]] = {}
    for b in doc["blockers"]:
        if not b.get("ref"):
            continue
        key = b.get("ref_key") or b["ref"]
        g = groups.setdefault(
            key,
            {"ref": b.get("ref_shown") or b["ref"], "tasks": set(), "members": set(), "days": 0},
        )
        g["tasks"].add(b["task"])
        g["members"].add(b["task"].split("/", 1)[0])
        g["days"] = max(g["days"], b["days_open"] or 0)
    order = sorted(groups.values(), key=lambda g: (-len(g["members"]), -len(g["tasks"]), g["ref"]))
    lines = []
    for g in order:
        per_kind: dict[str, int] = {}
        for mid in g["members"]:
            per_kind[kinds.get(mid, "other")] = per_kind.get(kinds.get(mid, "other"), 0) + 1
        where = [
            _counted(f"fed-in-{kind}", per_kind[kind]) for kind in KIND_ORDER if kind in per_kind
        ]
        joined = (
            where[0]
            if len(where) == 1
            else rsay("fed-and", head=", ".join(where[:-1]), last=where[-1])
        )
        lines.append(
            rsay(
                "fed-regulation",
                ref=g["ref"],
                tasks=_counted("fed-tasks", len(g["tasks"])),
                where=joined,
                days=g["days"],
            )
        )
    return Block(
        rsay("fed-sec-regulations"),
        [("", L)],
        [],
        text="\n".join(lines) if lines else rsay("fed-no-regulations"),
        key="sec-regulations",
    )


def _counted(key: str, count: int) -> str:
    return rsay(f"{key}-one") if count == 1 else rsay(key, count=count)


def targets_block(doc: dict[str, Any]) -> Block:
    """Each national target, member by member: registered tasks, progress, and the gaps."""
    from r57cli.locale.texts import fmt_date
    from r57cli.render.numbers import pct

    lang = doc["language"]
    rows = []
    for t in doc["federation"].get("targets") or []:
        head = f"{t['id']} · {t['title'].get(lang) or t['id']}"
        for m in t["members"]:
            avg = m["avg_pct_end"]
            rows.append(
                [
                    head,
                    fmt_date(t["due"]) if t["due"] else "",
                    m["id"] + ("" if m["required"] else " *"),
                    str(len(m["tasks"])),
                    "" if avg is None else pct(avg),
                    rsay(f"fed-target-{m['state']}", late=", ".join(m["late"])),
                ]
            )
    return Block(
        rsay("fed-sec-targets"),
        [
            (rsay("fed-col-target"), L),
            (rsay("col-due"), L),
            (rsay("fed-col-member"), L),
            (rsay("fed-col-tasks"), R),
            (rsay("col-end-pct"), R),
            (rsay("fed-col-state"), L),
        ],
        rows,
        free=5,
        wrap=True,
        key="sec-targets",
    )


def targets_sheet(doc: dict[str, Any]) -> Any:
    from r57cli.render.report_xlsxsheets import Sheet

    lang = doc["language"]
    rows = [
        [
            t["id"],
            t["title"].get(lang) or "",
            t["due"],
            m["id"],
            "x" if m["required"] else "",
            len(m["tasks"]),
            m["avg_pct_end"],
            rsay(f"fed-target-{m['state']}", late=", ".join(m["late"])),
        ]
        for t in doc["federation"].get("targets") or []
        for m in t["members"]
    ]
    return Sheet(
        "xl-sheet-targets",
        [
            (rsay("fed-csv-t-target"), "text"),
            (rsay("fed-csv-t-title"), "text"),
            (rsay("fed-csv-t-due"), "date"),
            (rsay("fed-csv-t-member"), "text"),
            (rsay("fed-csv-t-required"), "text"),
            (rsay("fed-csv-t-tasks"), "int"),
            (rsay("fed-csv-t-avg_pct_end"), "pct"),
            (rsay("fed-csv-t-state"), "text"),
        ],
        rows,
    )
