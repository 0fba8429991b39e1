"""The national synthesis: every member's report built with the single-plan engine over its
mirror, then merged (merge.py), with each member's state (fetched when, from which commit,
what went wrong) beside the figures, so that no member is ever silently left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from r57cli.errors import R57Error
from r57cli.federation.members import Fault, MemberState
from r57cli.federation.merge import SEP, merge, rename, tag
from r57cli.federation.pool import Builder
from r57cli.federation.timing import step
from r57cli.git.repo import Repo
from r57cli.history.periods import Period
from r57cli.plan.workspace import Workspace
from r57cli.report.scoping import Scope, directory, grouper
from r57cli.report.synthesis import Synthesis, run


@dataclass
class FederationSpace(Workspace):
    """The federation folder, standing in for a plan where periods are worked out: its
    time zone and week start are federation.yaml's."""

    data: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def plan_data(self) -> dict[str, Any]:
        return self.data


@dataclass
class MemberSpace(Workspace):
    """A member's plan: files copied out at the fetched commit, history in its mirror."""

    mirror: Path = Path()
    rel: str = ""

    @cached_property
    def repo(self) -> Repo:
        return Repo(self.mirror, self.mirror)

    @cached_property
    def plan_rel(self) -> str:
        return self.rel


@dataclass
class National:
    synthesis: Synthesis | None  # None: no member had data
    members: list[dict[str, Any]]  # each member's state, for every format
    complete: bool
    serving: dict[str, list[str]] = field(default_factory=dict)  # targets.served(), all
    encoded: dict[str, str] = field(default_factory=dict)  # report_json.encoded_tasks(), all


@dataclass
class _Built:
    """What one member's report gives the merge: picklable, to come back from a worker."""

    errors: int = 0
    first: str = ""
    synthesis: Synthesis | None = None
    failure: str = ""
    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    serving: dict[str, list[str]] = field(default_factory=dict)  # targets.served()
    encoded: dict[str, str] = field(default_factory=dict)  # report_json.encoded_tasks()


def _one(
    state: MemberState,
    periods: list[Period],
    today: date,
    rollup: bool,
    against: str,
    validate: Callable[[Path], tuple[int, str]],
    scopes: dict[str, tuple[set[str] | None, set[str] | None]],
    targets: bool = False,
    encode: bool = False,
    use_kept: bool = True,
) -> bytes:
    """A member's plan validated and its report built, over its mirror (and, when the
    federation has targets, which targets its tasks name), as a pickled _Built; what an
    earlier run built at the same commit with the same options is read back instead
    (membercache.py)."""
    assert state.plan_dir is not None
    from r57cli.federation import membercache

    units, persons = scopes.get(state.id, (None, None))
    options = (
        [(p.kind, p.id, p.start.isoformat(), p.end.isoformat()) for p in periods],
        today.isoformat(),
        rollup,
        against,
        sorted(units) if units is not None else None,
        sorted(persons) if persons is not None else None,
        targets,
        encode,
        getattr(validate, "__qualname__", ""),
    )
    name = membercache.key(state.mirror, str(state.tip), state.plan_rel, options)
    if use_kept:
        kept = membercache.read(state.mirror, name)
        if kept is not None:
            return kept
    out = _built(state, periods, today, rollup, against, validate, units, persons, targets)
    if out.synthesis is None:
        return membercache.dumps(out)
    with step(state.id, "rename"):
        _renamed(out, state.id, encode)
    # Pickled once, here: the same bytes are kept and sent back (the merge loads them).
    with step(state.id, "pickle"):
        body = membercache.dumps(out)
    with step(state.id, "keep"):
        membercache.write(state.mirror, name, body)
    return body


def _built(
    state: MemberState,
    periods: list[Period],
    today: date,
    rollup: bool,
    against: str,
    validate: Callable[[Path], tuple[int, str]],
    units: set[str] | None,
    persons: set[str] | None,
    targets: bool,
) -> _Built:
    assert state.plan_dir is not None
    out = _Built()
    with step(state.id, "validate"):
        out.errors, out.first = validate(state.plan_dir)
    if targets:
        from r57cli.federation.targets import served

        out.serving = served(state)
    ws = MemberSpace(state.plan_dir, mirror=state.mirror, rel=state.plan_rel)
    scope = Scope()
    scope.against = against
    if units is not None:
        from r57cli.report.views import descendants

        scope.units = set()
        for unit in sorted(units):
            scope.units |= descendants(ws, ws.check_unit(unit))
    if persons is not None:
        known = {
            str(m.get("id"))
            for u in ws.units_data
            for m in u.get("members") or []
            if isinstance(m, dict)
        }
        unknown = sorted(persons - known)
        if unknown:
            import difflib

            from r57cli.locale.reportwords import rsay
            from r57cli.locale.texts import say

            close = difflib.get_close_matches(unknown[0], sorted(known), n=3, cutoff=0.5)
            hint = (
                say("did-you-mean", ids=", ".join(f"{state.id}/{c}" for c in close))
                if close
                else ""
            )
            raise R57Error(rsay("unknown-person", value=f"{state.id}/{unknown[0]}", suggest=hint))
    scope.persons = persons
    if rollup:
        scope.rollup_under = ""
    try:
        with step(state.id, "report"):
            out.synthesis = run(ws, periods, today, scope, tip=str(state.tip))
    except Exception as exc:  # a member's history r57 cannot read: shown, not fatal
        out.failure = f"{type(exc).__name__}: {exc}"[:300]
        return out
    found, _people, parents = directory(ws)
    out.units = {uid: (i.name_en, i.name_vi) for uid, i in found.items()}
    out.parents = parents
    return out


def _renamed(out: _Built, member: str, encode: bool) -> None:
    """Renamed in the worker, in parallel with the other members (and the rows made for
    JSON): the merge takes them as they are."""
    syn = out.synthesis
    assert syn is not None
    rename(syn.main, member)
    for _p, _t, rows in syn.trend:
        for r in rows:
            r.id = tag(member, r.id)
    if encode:
        from r57cli.render.report_json import encoded_tasks

        out.encoded = encoded_tasks(syn.main)


def worker(
    periods: list[Period],
    today: date,
    *,
    rollup: bool,
    against: str,
    validate: Callable[[Path], tuple[int, str]],
    scopes: dict[str, tuple[set[str] | None, set[str] | None]] | None = None,
    targets: bool = False,
    encode: bool = False,
) -> Callable[[MemberState], bytes]:
    """One member's work (validated, its report built, renamed; with `encode`, its task
    rows made for JSON too): picklable, for a worker."""
    from functools import partial

    return partial(
        _one,
        periods=periods,
        today=today,
        rollup=rollup,
        against=against,
        validate=validate,
        scopes=scopes or {},
        targets=targets,
        encode=encode,
    )


def build(
    states: list[MemberState],
    builder: Builder,
    today: date,
    *,
    rollup: bool,
    against: str,
) -> National:
    """Every member's report (from `builder`, which may have begun while fetching), merged."""
    from r57cli.federation import membercache

    with step("", "wait-builds"):
        got_back = builder.results(states, lambda body: membercache.loads(body, _Built))
    built: dict[str, _Built] = {}
    for state in states:
        if state.id in got_back:
            found = got_back[state.id]
            if found is None:  # not r57's own after all: built again, here, from nothing
                again = builder.work(state, use_kept=False)  # type: ignore[call-arg]
                found = membercache.loads(again, _Built)
            assert found is not None
            built[state.id] = found
    parts: list[tuple[str, Synthesis]] = []
    encoded: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    groupers: dict[str, Callable[[str], str]] = {}
    shown: list[dict[str, Any]] = []
    for state in states:
        name = state.info.get("name") or {}
        en, vi = str(name.get("en", state.id)), str(name.get("vi", state.id))
        names[state.id] = (en, vi)
        tasks = None
        got = built.get(state.id)
        if got is not None:
            if got.errors:
                state.faults.append(Fault("invalid", got.first, {"errors": got.errors}))
            if got.synthesis is None:
                state.faults.append(Fault("unreadable", got.failure))
            else:
                syn = got.synthesis  # renamed in the worker (_one)
                encoded.update(got.encoded)
                tasks = len(syn.main.tasks)
                if syn.main.unreadable:
                    count = syn.main.unreadable
                    state.faults.append(Fault("unread-tasks", "", {"count": count}))
                parts.append((state.id, syn))
                for uid, (uen, uvi) in got.units.items():
                    names[tag(state.id, uid)] = (f"{en} — {uen}", f"{vi} — {uvi}")
                if rollup:
                    scope = Scope()
                    scope.rollup_under = ""
                    groupers[state.id] = grouper(scope, got.parents)
        shown.append(_member(state, tasks, today))

    def group_of(unit: str) -> str:
        member, _, own = unit.partition(SEP)
        if not rollup:
            return member
        found = groupers.get(member)
        return tag(member, found(own)) if found else member

    complete = all(f["kind"] == "offline" for m in shown for f in m["faults"])
    with step("", "merge"):
        synthesis = merge(parts, names, group_of, against) if parts else None
    serving = {k: v for got in built.values() for k, v in got.serving.items()}
    return National(synthesis, shown, complete, serving, encoded)


# The faults that leave a member's figures as an earlier run fetched them (or none at all).
OLD_DATA = {"unreachable", "timeout", "auth", "no-branch", "too-big", "refused", "failed"}
OLD_DATA |= {"offline", "never-fetched"}


def _member(state: MemberState, tasks: int | None, today: date) -> dict[str, Any]:
    info = state.info
    name = info.get("name") or {}
    # When the data was fetched, and how old it is, for a member whose data is not from
    # this run (its fetch failed, or --offline): a fresh fetch is the run itself, and left
    # out so that a closed period's national report is the same whenever it is rerun.
    stale = any(f.kind in OLD_DATA for f in state.faults)  # not: rewritten, invalid...
    fetched = state.fetched_at if stale else None
    age = None
    if fetched:
        try:
            when = datetime.fromisoformat(fetched)
            age = max(0, (datetime.now(when.tzinfo) - when).days)
        except (ValueError, TypeError):
            fetched = None
    return {
        "id": state.id,
        "name": {"en": str(name.get("en", state.id)), "vi": str(name.get("vi", state.id))},
        "kind": info.get("kind"),
        "group": info.get("group"),
        "url": info.get("url"),
        "branch": info.get("branch") or "main",
        "commit": state.tip,
        "fetched_at": fetched,
        "data_age_days": age,
        "tasks": tasks,
        "faults": [{"kind": f.kind, "detail": f.detail, **f.args} for f in state.faults],
    }
