"""Checks across files: references between tasks, units and people; dependency cycles;
milestones on days off. Works on the facts that per-file checks extracted, so it runs the
same on cached and fresh results."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic, Related
from r57cli.plan.model import TASK_ID_PATTERN
from r57cli.validate.regrefs import ref_warnings

_TASK_ID = re.compile(TASK_ID_PATTERN)

_WEEKEND = {5: "saturday", 6: "sunday"}


def _stem(relpath: str) -> str:
    """File name without its extension (string operations: PurePosixPath is 10x slower)."""
    return relpath.rpartition("/")[2].rpartition(".")[0]


def _suggest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> Any:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return phrase("did-you-mean", name=close[0]) if close else ""


def cross_check(
    facts: dict[str, dict[str, Any]], unusable_tasks: Iterable[str] = (), today: date = date.max
) -> list[Diagnostic]:
    """Diagnostics for the whole plan. `facts` maps a plan-relative path to its file facts;
    `unusable_tasks` are task files too broken to read an ID from. Their file names still
    stand for their IDs, so one broken file does not make its dependants report it missing."""
    out: list[Diagnostic] = []
    for required in ("plan.yaml", "units.yaml"):
        if required not in facts:
            out.append(Diagnostic("R57E214", required, 1, 1, {"filename": required}))
    plan = facts.get("plan.yaml") or {}
    units_facts = facts.get("units.yaml") or {}
    tasks = {path: f for path, f in facts.items() if f and f.get("kind") == "task"}

    # Unique task IDs. A file named after its ID keeps it (then path order decides); every
    # other file claiming the ID is reported.
    owner: dict[str, str] = {}
    for path in sorted(tasks, key=lambda p: (_stem(p) != tasks[p]["id"][0], p)):
        task_id, line, col, length = tasks[path]["id"]
        if task_id in owner:
            first = owner[task_id]
            f_line, f_col = tasks[first]["id"][1:3]
            out.append(
                Diagnostic(
                    "R57E203",
                    path,
                    line,
                    col,
                    {"what": phrase("id-task"), "value": task_id},
                    length,
                    (Related(first, f_line, f_col, "first-definition"),),
                )
            )
        else:
            owner[task_id] = path

    known_ids = set(owner) | {stem for stem in map(_stem, unusable_tasks) if _TASK_ID.match(stem)}
    units = set(units_facts.get("units", ()))
    persons = set(units_facts.get("persons", ()))
    merged: dict[str, list[Any]] = units_facts.get("merged", {})
    for value, (_into, day, line, col, length) in sorted(merged.items()):
        if day is not None and day > today.isoformat():
            args = {"unit": value, "date": day, "today": today.isoformat()}
            out.append(Diagnostic("R57E243", "units.yaml", line, col, args, length))
    holidays: dict[str, dict[str, str]] = plan.get("holidays", {})
    due_of = {
        task_id: tasks[path]["due"][0] for task_id, path in owner.items() if tasks[path]["due"]
    }
    for path in sorted(tasks):
        f = tasks[path]
        if f["completed"] and f["completed"][0] > today.isoformat():
            value, line, col, length = f["completed"]
            out.append(
                Diagnostic(
                    "R57E223",
                    path,
                    line,
                    col,
                    {"completed": value, "today": today.isoformat()},
                    length,
                )
            )
        if units_facts:
            for value, line, col, length in f["units"]:
                if value in merged:
                    into, day = merged[value][:2]
                    args = {"value": value, "into": into, "date": day or "?"}
                    out.append(Diagnostic("R57E242", path, line, col, args, length))
            for value, line, col, length in [*f["units"], *f.get("past_units", ())]:
                if value not in units:
                    out.append(
                        Diagnostic(
                            "R57E201",
                            path,
                            line,
                            col,
                            {"value": value, "suggestion": _suggest(value, units)},
                            length,
                        )
                    )
            for value, line, col, length in f["persons"]:
                if value not in persons:
                    out.append(
                        Diagnostic(
                            "R57E202",
                            path,
                            line,
                            col,
                            {"value": value, "suggestion": _suggest(value, persons)},
                            length,
                        )
                    )
        for value, line, col, length in f["depends"]:
            if value not in known_ids:
                out.append(
                    Diagnostic(
                        "R57E204",
                        path,
                        line,
                        col,
                        # IDs differ by digits, so only a near-identical one is worth naming.
                        {"value": value, "suggestion": _suggest(value, known_ids, 0.8)},
                        length,
                    )
                )
            elif f["due"] and value in due_of and due_of[value] > f["due"][0]:
                out.append(
                    Diagnostic(
                        "R57W007",
                        path,
                        line,
                        col,
                        {
                            "value": value,
                            "dep_due": due_of[value],
                            "due": f["due"][0],
                        },
                        length,
                    )
                )
        for iso, line, col, length in f["milestones"]:
            day = date.fromisoformat(iso)
            if iso in holidays:
                out.append(
                    Diagnostic(
                        "R57W002",
                        path,
                        line,
                        col,
                        {
                            "date": iso,
                            "holiday": holidays[iso]["en"],
                            "holiday_vi": holidays[iso]["vi"],
                        },
                        length,
                    )
                )
            elif day.weekday() in _WEEKEND:
                out.append(
                    Diagnostic(
                        "R57W001",
                        path,
                        line,
                        col,
                        {"date": iso, "weekday": phrase(_WEEKEND[day.weekday()])},
                        length,
                    )
                )
    out.extend(_cycles(tasks, owner))
    out.extend(ref_warnings(tasks, plan.get("language")))
    return out


def _cycles(tasks: dict[str, dict[str, Any]], owner: dict[str, str]) -> list[Diagnostic]:
    """Report each dependency cycle once, at the dependency entry that closes it.

    Iterative Tarjan SCC: a national plan can have long dependency chains, and recursion
    would hit Python's limit.
    """
    graph: dict[str, list[tuple[str, list[Any]]]] = {}
    for path, f in tasks.items():
        task_id = f["id"][0]
        if owner.get(task_id) != path:
            continue
        graph[task_id] = [(d[0], d) for d in f["depends"] if d[0] in owner]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    sccs: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i][0]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    sccs.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    out: list[Diagnostic] = []
    for comp in sccs:
        members = set(comp)
        start = min(comp)
        # Walk one concrete cycle inside the component, starting from its smallest ID.
        cycle = [start]
        seen = {start}
        node = start
        while True:
            nxt = min(d for d, _ in graph[node] if d in members)
            if nxt in seen:
                cycle = cycle[cycle.index(nxt) :] + [nxt]
                break
            cycle.append(nxt)
            seen.add(nxt)
            node = nxt
        first, second = cycle[0], cycle[1]
        entry = next(ref for d, ref in graph[first] if d == second)
        shown = (
            cycle if len(cycle) <= 12 else [*cycle[:6], f"… {len(cycle) - 11} more …", *cycle[-5:]]
        )
        out.append(
            Diagnostic(
                "R57E205", owner[first], entry[1], entry[2], {"cycle": " → ".join(shown)}, entry[3]
            )
        )
    return out
