"""Where a staff command works: the plan folder, its git repository, its task files, the
plan's own clock and the people in units.yaml. Read-only; recording lives in record.py."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from r57cli.errors import R57Error
from r57cli.git.repo import Repo, open_repo
from r57cli.locale.texts import say
from r57cli.plan.ids import TASK_ID_PATTERN, UNIT_ID_PATTERN

_TASK_ID = re.compile(TASK_ID_PATTERN)
_UNIT_ID = re.compile(UNIT_ID_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def check_task_id(value: str) -> str:
    """A task ID exactly as the pattern allows, before it reaches a path or a git call:
    this refuses `--output=x`, `../x` and anything with a newline."""
    if not _TASK_ID.match(value) or "\n" in value:
        raise R57Error(say("bad-task-id", value=value))
    return value


def parse_date(value: str, option: str) -> date:
    if not _DATE.match(value):
        raise R57Error(say("bad-date", option=option, value=value))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise R57Error(say("bad-date", option=option, value=value)) from None


def _load(path: Path) -> Any:
    from r57cli.plan.planfile import load

    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return load(path.name, raw).data


@dataclass
class Workspace:
    plan_dir: Path

    @classmethod
    def find(cls, plan: Path | None) -> Workspace:
        from r57cli.plan.discovery import find_plan

        return cls(find_plan(Path.cwd(), plan).resolve())

    @cached_property
    def repo(self) -> Repo:
        return open_repo(self.plan_dir)

    @cached_property
    def plan_rel(self) -> str:
        """The plan folder relative to the repository root: "" or "x/y/"."""
        root = self.repo.root.resolve()
        try:
            rel = self.plan_dir.relative_to(root).as_posix()
        except ValueError:
            raise R57Error(say("plan-outside-repo", path=self.plan_dir, root=root)) from None
        return "" if rel == "." else rel + "/"

    # ------------------------------------------------------------------ plan files

    @cached_property
    def plan_data(self) -> dict[str, Any]:
        data = _load(self.plan_dir / "plan.yaml")
        return data if isinstance(data, dict) else {}

    @cached_property
    def units_data(self) -> list[dict[str, Any]]:
        data = _load(self.plan_dir / "units.yaml")
        units = data.get("units") if isinstance(data, dict) else None
        return [u for u in units if isinstance(u, dict)] if isinstance(units, list) else []

    def unreadable_config(self) -> list[str]:
        """plan.yaml and units.yaml, each as "plan286/file:line:column" of its first problem, when
        it cannot be read as a plan or a list of units (reports then fall back to the
        plan's defaults and to IDs for names, and say so)."""
        from r57cli.plan.planfile import load

        out = []
        for name, ok in (
            ("plan.yaml", bool(self.plan_data)),
            ("units.yaml", bool(self.units_data)),
        ):
            path, where = self.plan_dir / name, f"{self.plan_dir.name}/{name}"
            if ok or not path.exists():
                continue  # a plan without units.yaml is valid (validate says if not)
            try:
                loaded = load(name, path.read_bytes())
            except OSError:
                out.append(where)
                continue
            first = min(loaded.diagnostics, key=lambda d: (d.line, d.column), default=None)
            out.append(f"{where}:{first.line}:{first.column}" if first is not None else where)
        return out

    @property
    def language(self) -> str | None:
        lang = self.plan_data.get("language")
        return lang if lang in ("en", "vi") else None

    def today(self) -> date:
        """Today in the plan's time zone; R57_TODAY pins it for reproducible runs and tests."""
        pinned = os.environ.get("R57_TODAY")
        if pinned:
            return parse_date(pinned, "R57_TODAY")
        return datetime.now(self.zone()).date()

    def zone(self) -> ZoneInfo:
        """The plan's time zone (Asia/Ho_Chi_Minh when plan.yaml names none, or a bad one)."""
        zone = self.plan_data.get("timezone")
        try:
            return ZoneInfo(zone) if isinstance(zone, str) else ZoneInfo("Asia/Ho_Chi_Minh")
        except (ValueError, OSError, KeyError):
            return ZoneInfo("Asia/Ho_Chi_Minh")

    # ------------------------------------------------------------------ tasks

    def task_ids(self) -> dict[str, str]:
        """Every task ID and its plan-relative path, from file names alone (a task file is
        named after its ID; the validator enforces it)."""
        out: dict[str, str] = {}
        tasks = self.plan_dir / "tasks"
        try:
            folders = sorted(os.scandir(tasks), key=lambda e: e.name)
        except OSError:
            return out
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(folder.path):
                name = entry.name
                if name.endswith(".yaml") and _TASK_ID.match(name[:-5]):
                    out.setdefault(name[:-5], f"tasks/{folder.name}/{name}")
        return out

    def task_path(self, task_id: str) -> str:
        """The plan-relative path of a task, or an error naming the nearest IDs."""
        check_task_id(task_id)
        tasks = self.plan_dir / "tasks"
        try:
            folders = [e.name for e in os.scandir(tasks) if e.is_dir(follow_symlinks=False)]
        except OSError:
            folders = []
        for folder in sorted(folders):
            if (tasks / folder / f"{task_id}.yaml").is_file():
                return f"tasks/{folder}/{task_id}.yaml"
        suggest = nearest(task_id, list(self.task_ids()))
        hint = say("did-you-mean", ids=", ".join(suggest)) if suggest else ""
        raise R57Error(say("unknown-task", task=task_id, plan=self.plan_dir, suggest=hint))

    # ------------------------------------------------------------------ people

    def unit_ids(self) -> list[str]:
        return [u["id"] for u in self.units_data if isinstance(u.get("id"), str)]

    def check_unit(self, unit: str) -> str:
        known = self.unit_ids()
        if not known and (self.plan_dir / "units.yaml").exists():
            raise R57Error(say("units-unreadable"))  # the unit may be there: the file is broken
        if unit not in known or not _UNIT_ID.match(unit):
            suggest = difflib.get_close_matches(unit, known, n=3, cutoff=0.5)
            hint = say("did-you-mean", ids=", ".join(suggest)) if suggest else ""
            raise R57Error(say("unknown-unit", unit=unit, suggest=hint))
        return unit

    def person_by_email(self, email: str) -> tuple[str | None, set[str], set[str]]:
        """The person whose git e-mail this is, the units they belong to, and their roles."""
        email = email.casefold()
        person: Any = None
        units: set[str] = set()
        roles: set[str] = set()
        for unit in self.units_data:
            for member in unit.get("members") or []:
                emails = member.get("emails") if isinstance(member, dict) else None
                if isinstance(emails, list) and email in (str(e).casefold() for e in emails):
                    person = member.get("id")
                    units.add(str(unit.get("id")))
                    roles.update(r for r in member.get("roles") or [] if isinstance(r, str))
        return (person if isinstance(person, str) else None), units, roles

    def may_update(self, email: str, unit: str, co_units: list[str]) -> bool:
        """Whether the owner unit (or, if the plan allows, a co-operating unit), a
        coordinator or an admin has this e-mail: what the pull-request check enforces."""
        _, units, roles = self.person_by_email(email)
        if roles & {"coordinator", "admin"} or unit in units:
            return True
        policy = self.plan_data.get("policy")
        co_ok = isinstance(policy, dict) and policy.get("co_units_may_update") is True
        return co_ok and bool(units & set(co_units))


def nearest(task_id: str, known: list[str], n: int = 3) -> list[str]:
    """The IDs a mistyped one most likely meant: the same number first (T-12 for T-012),
    then the closest spellings."""
    digits = re.sub(r"\D", "", task_id).lstrip("0")
    same_number = [k for k in known if digits and re.sub(r"\D", "", k).lstrip("0") == digits]
    if same_number:
        return sorted(same_number)[:n]
    return sorted(difflib.get_close_matches(task_id.upper(), known, n=n, cutoff=0.6))
