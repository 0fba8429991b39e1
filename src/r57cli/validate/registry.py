"""The rules of units.yaml and plan.yaml, and the facts other files are checked against,
read from the raw mapping with type guards: a typo in one e-mail must not switch off every
unit and person check."""

from __future__ import annotations

import difflib
import re
from typing import Any

from r57cli.locale.messages import phrase
from r57cli.plan.model import EMAIL_PATTERN
from r57cli.plan.yamlevents import PathKey
from r57cli.validate.checker import Checker, dict_items, is_date, str_field

_LAX_EMAIL = re.compile(EMAIL_PATTERN)
# An address as mail servers take it (RFC 5321's dot-atom local part, a domain of dotted
# labels ending in a name): what `r57 remind` can put in To: and Cc:.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z][A-Za-z0-9-]{{0,62}}\Z")


class RegistryChecker(Checker):
    def units_facts(self) -> dict[str, Any]:
        """Unit and person IDs, and the rules of units.yaml, read from the raw mapping with
        type guards: a typo in one e-mail must not switch off every unit and person check."""
        entries = dict_items(self.loaded.data.get("units"))
        ids = [(u_id, ("units", i, "id")) for i, u in entries if (u_id := str_field(u, "id"))]
        members = [(i, j, m) for i, u in entries for j, m in dict_items(u.get("members"))]
        self.duplicates(ids, "id-unit")
        self.duplicates(
            (
                (p, ("units", i, "members", j, "id"))
                for i, j, m in members
                if (p := str_field(m, "id"))
            ),
            "id-person",
        )
        self.duplicates(
            (
                (e, ("units", i, "members", j, "emails", k))
                for i, j, m in members
                for k, e in enumerate(_listed(m.get("emails")))
                if isinstance(e, str)
            ),
            "id-email",
            fold=str.lower,
        )
        for i, j, m in members:
            for k, e in enumerate(_listed(m.get("emails"))):
                # The schema's pattern refuses what is no address at all (spaces, two @);
                # this refuses what passes it but no mail server takes (r57 remind sends
                # to it): a quote, a comma, a domain without a dot.
                if isinstance(e, str) and _LAX_EMAIL.match(e) and not _EMAIL.match(e):
                    self.add("R57E232", ("units", i, "members", j, "emails", k), {"value": e})
        # One key or GitHub account for two people would let one sign or approve as the other.
        self.duplicates(
            (
                (k, ("units", i, "members", j, "ssh_keys", n))
                for i, j, m in members
                for n, k in enumerate(_listed(m.get("ssh_keys")))
                if isinstance(k, str)
            ),
            "id-ssh-key",
            fold=lambda key: " ".join(key.split()[:2]),
        )
        self.duplicates(
            (
                (g, ("units", i, "members", j, "github"))
                for i, j, m in members
                if (g := str_field(m, "github"))
            ),
            "id-github",
            fold=str.lower,
        )
        unit_ids = {u_id for u_id, _ in ids}
        for i, u in entries:
            own = {p for m_i, _j, m in members if m_i == i and (p := str_field(m, "id"))}
            for role in ("leader", "focal"):
                person = str_field(u, role)
                if person is not None and person not in own:
                    self.add(
                        "R57E216",
                        ("units", i, role),
                        {"role": phrase(role), "value": person, "unit": str_field(u, "id") or "?"},
                    )
            parent = str_field(u, "parent")
            if parent is not None and parent not in unit_ids:
                self.add("R57E201", ("units", i, "parent"), {"value": parent, "suggestion": ""})
        self._parent_cycles(entries)
        merged = merged_units(self, entries, unit_ids)
        for i, u in entries:
            parent = str_field(u, "parent")
            if parent in merged and str_field(u, "id") not in merged:
                into = merged[parent][0]
                self.add("R57E241", ("units", i, "parent"), {"value": parent, "into": into})
        return {
            "kind": "units",
            "units": sorted(unit_ids),
            "persons": sorted({p for _i, _j, m in members if (p := str_field(m, "id"))}),
            # old id -> [successor, merged_on, line, column, length]: what tasks may no
            # longer name, and the day the cross-file checks compare with today.
            "merged": merged,
        }

    def _parent_cycles(self, entries: list[tuple[int, dict[str, Any]]]) -> None:
        parent: dict[str, str | None] = {}
        index: dict[str, int] = {}
        for i, u in entries:
            u_id = str_field(u, "id")
            if u_id is not None and u_id not in parent:
                parent[u_id], index[u_id] = str_field(u, "parent"), i
        reported: set[str] = set()
        for start in parent:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node in parent and node not in chain:
                chain.append(node)
                node = parent[node]
            if node is not None and node in chain:
                cycle = chain[chain.index(node) :]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    first = min(cycle, key=index.__getitem__)
                    k = cycle.index(first)
                    ordered = cycle[k:] + cycle[:k] + [first]
                    self.add(
                        "R57E215", ("units", index[first], "parent"), {"cycle": " → ".join(ordered)}
                    )

    # ------------------------------------------------------------------------- plan

    def plan_facts(self) -> dict[str, Any]:
        """Language, week start and holidays, read with type guards like units_facts."""
        data = self.loaded.data
        holidays: dict[str, dict[str, str]] = {}
        dated: list[tuple[str, PathKey]] = []
        for i, h in dict_items(data.get("holidays")):
            day = h.get("date")
            if not is_date(day):
                continue
            iso = day.isoformat()
            dated.append((iso, ("holidays", i, "date")))
            raw_name = h.get("name")
            name: dict[str, Any] = raw_name if isinstance(raw_name, dict) else {}
            english = str_field(name, "en") or iso
            holidays.setdefault(iso, {"en": english, "vi": str_field(name, "vi") or english})
        self.duplicates(dated, "id-holiday")
        language = data.get("language", "vi")
        return {
            "kind": "plan",
            "language": language if language in ("en", "vi") else None,
            "week_start": str_field(data, "week_start") or "monday",
            "holidays": holidays,
        }


def merged_units(
    checker: Checker, entries: list[tuple[int, dict[str, Any]]], unit_ids: set[str]
) -> dict[str, list[Any]]:
    """The merge records of units.yaml (merged_into:, merged_on:, decision:), checked: not
    into itself, an unknown unit, a merged one or round in a circle; dated; emptied of
    members (a merge moves them to the unit that carries on)."""
    into: dict[str, tuple[str, int]] = {}
    out: dict[str, list[Any]] = {}
    for i, u in entries:
        u_id, target = str_field(u, "id"), str_field(u, "merged_into")
        day = u.get("merged_on")
        if target is None:
            for key in ("merged_on", "decision"):
                if key in u:
                    checker.add("R57E238", ("units", i, key), {"unit": u_id or "?", "key": key})
            continue
        if u_id is None:
            continue
        if "merged_on" not in u:
            checker.add("R57E237", ("units", i, "merged_into"), {"unit": u_id})
        if target == u_id:
            checker.add("R57E233", ("units", i, "merged_into"), {"unit": u_id})
            continue
        if target not in unit_ids:
            close = difflib.get_close_matches(target, sorted(unit_ids - {u_id}), n=1)
            hint = phrase("did-you-mean", name=close[0]) if close else ""
            args = {"unit": u_id, "value": target, "suggestion": hint}
            checker.add("R57E234", ("units", i, "merged_into"), args)
            continue
        into[u_id] = (target, i)
        for j, m in dict_items(u.get("members")):
            checker.add(
                "R57E239",
                ("units", i, "members", j),
                {"unit": u_id, "into": target, "person": str_field(m, "id") or "?"},
            )
            break
        where = ("units", i, "merged_on") if is_date(day) else ("units", i, "merged_into")
        out[u_id] = [target, day.isoformat() if is_date(day) else None, *checker.at(where)]
    reported: set[str] = set()
    for u_id, (target, i) in into.items():
        if target not in into or u_id in reported:
            continue
        chain = [u_id]
        while chain[-1] in into and into[chain[-1]][0] not in chain:
            chain.append(into[chain[-1]][0])
        last = into[chain[-1]][0] if chain[-1] in into else None
        if last is not None and last in chain:  # round in a circle
            cycle = chain[chain.index(last) :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                text = " → ".join([*cycle, last])
                checker.add("R57E236", ("units", into[cycle[0]][1], "merged_into"), {"cycle": text})
            continue
        args = {"unit": u_id, "value": target, "next": into[target][0], "last": chain[-1]}
        checker.add("R57E235", ("units", i, "merged_into"), args)
    return out


def _listed(value: Any) -> list[Any]:
    """A list field's items; anything else (a lone string, say: the schema check reports
    it) has none, rather than one item per character."""
    return value if isinstance(value, list) else []
