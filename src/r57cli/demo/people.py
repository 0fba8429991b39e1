"""The demo's people: each unit's members from the bundled units.yaml, by role, and the
coordinator and admin the demo commits as (demo/simulation.py, replay.py, keys.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from r57cli.errors import R57Error
from r57cli.locale.texts import say


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str


@dataclass
class UnitPeople:
    id: str
    members: list[Person]
    leader: str | None
    focal: str | None

    def get(self, person_id: str | None) -> Person | None:
        return next((m for m in self.members if m.id == person_id), None)


def unit_people(data: Any) -> tuple[dict[str, UnitPeople], Person, Person]:
    """Each unit's people in units.yaml's `data`, and the plan's coordinator and admin (the
    first with the role)."""
    units: dict[str, UnitPeople] = {}
    coordinator: Person | None = None
    admin: Person | None = None
    for unit in data.get("units") or [] if isinstance(data, dict) else []:
        people = []
        for member in unit.get("members") or []:
            emails = member.get("emails") or []
            if not emails:
                continue
            person = Person(str(member["id"]), str(member["name"]), str(emails[0]))
            people.append(person)
            roles = member.get("roles") or []
            if "coordinator" in roles and coordinator is None:
                coordinator = person
            if "admin" in roles and admin is None:
                admin = person
        units[str(unit["id"])] = UnitPeople(
            str(unit["id"]), people, unit.get("leader"), unit.get("focal")
        )
    everyone = [p for u in units.values() for p in u.members]
    if not everyone:
        raise R57Error(say("demo-no-people"))
    coordinator = coordinator or admin or everyone[0]
    return units, coordinator, admin or coordinator
