"""`r57 demo DIR`: a plan repository with a believable, reproducible history.

It copies the bundled plan (plan286/), resets every task to "not started", commits that as
the kick-off, then replays a seeded history of weekly reports up to today. Every report goes
through `record()` with a step made by the functions of progress.py, exactly the code path
of `r57 update`, `r57 done`, `r57 block`...: the history is what staff would have made.

This module reads the source plan, makes the repository and records the events in commit
order, and takes everything back if a run fails half way. What happens, and when, is
decided beforehand and alone by the seeded simulation (demosim.py, with demoscript.py and
demotexts.py), so the same seed and the same today give the same commits, byte for byte.
Nothing prints here: the command passes a callback for its progress bar.

What the history holds, so that the reports have something to show:
- tasks start when planned (some units a week or two late), report progress that follows
  the planned curve through the milestones, a few ahead and more behind, and finish early,
  on time or late; the bundled plan's own completion dates, blockers, resource requests
  and cancellations are kept, and the seed adds more;
- some reports are only a note (an empty commit), some are recorded a few days late
  (`--date` in the week before the commit), some units go silent for weeks;
- blockers (a decree, a circular, the budget...) are raised and lifted weeks later, and
  progress slows while they are open; resource requests are asked and decided;
- a figure sometimes goes down, with a reason;
- two units ask for more time (`r57 extend`): a coordinator grants one by decision in
  today's week, moving its due (`r57 reschedule --grants`), and refuses the other
  (`r57 decide --outcome refused`); see extensions.py;
- in today's week about a third of the active tasks have reported.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from r57cli.demo import day_one, extensions, keys
from r57cli.demo.people import Person, UnitPeople, unit_people
from r57cli.demo.script import Calendar, kick_off
from r57cli.demo.simulation import Event, Simulation
from r57cli.errors import R57Error
from r57cli.locale.texts import say
from r57cli.plan.model import Task

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace

DEFAULT_SEED = 57

Progress = Callable[[int, int], None]


def bundled_plan() -> Path:
    """plan286/ as the wheel installs it (r57cli/data/plan286), else the one of the source
    tree r57 runs from (an editable install or a checkout, where data/ is not built)."""
    from importlib.resources import files

    installed = files("r57cli") / "data" / "plan286"
    if isinstance(installed, Path) and (installed / "plan.yaml").is_file():
        return installed
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "plan286" / "plan.yaml").is_file():
            return folder / "plan286"
    raise R57Error(say("demo-no-bundled"))


def default_today(source: Path) -> date:
    """Today as `r57 update` sees it: R57_TODAY, else the date in the plan's time zone."""
    from r57cli.plan.workspace import Workspace

    return Workspace(source).today()


@dataclass
class Summary:
    root: Path
    plan_dir: Path
    commits: int  # the kick-off commit included
    first: date
    last: date
    people: int
    late: int
    seconds: float = 0.0


def check_target(target: Path) -> bool:
    """Refuse a DIR that is a file or a folder with something in it; True if it exists."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise R57Error(say("demo-not-a-folder", path=target))
    if target.is_dir():
        if any(target.iterdir()):
            raise R57Error(say("demo-not-empty", path=target))
        return True
    return False


def _load_plan(source: Path) -> tuple[dict[str, Any], Any, dict[str, bytes], list[Task]]:
    """plan.yaml, units.yaml, every task file (plan-relative path: bytes) and the tasks."""
    from pydantic import ValidationError

    from r57cli.plan.planfile import load
    from r57cli.plan.workspace import Workspace
    from r57cli.validate.engine import validate

    for name in ("plan.yaml", "units.yaml"):
        if not (source / name).is_file():
            raise R57Error(say("demo-bad-source", path=source, reason=name))
    # An invalid plan would have its first report refused; say so now. (No cache: nothing
    # is written for the source plan.)
    # The source is the script of the whole plan, later completions included: judged as of
    # its end, not of the day the demo is built for.
    if validate(source, use_cache=False, today=date.max).errors:
        raise R57Error(say("demo-invalid", path=source))
    plan = load("plan.yaml", (source / "plan.yaml").read_bytes()).data
    units = load("units.yaml", (source / "units.yaml").read_bytes()).data
    files: dict[str, bytes] = {}
    tasks: list[Task] = []
    for _, rel in sorted(Workspace(source).task_ids().items()):
        raw = (source / rel).read_bytes()
        data = load(rel, raw).data
        try:
            tasks.append(Task.model_validate(data))
        except ValidationError:
            raise R57Error(say("demo-bad-source", path=source, reason=rel)) from None
        files[rel] = raw
    if not tasks or not isinstance(plan, dict):
        raise R57Error(say("demo-bad-source", path=source, reason="tasks/"))
    return plan, units, files, tasks


def _reset(rel: str, raw: bytes) -> bytes:
    """The task file as it was at the kick-off: 0%, not started, no blockers, no requests."""
    from r57cli.plan.planfile import load
    from r57cli.record.progress import PROGRESS_ORDER, TASK_ORDER
    from r57cli.record.yamledit import YamlEditor

    data = load(rel, raw).data
    ed = YamlEditor(raw.decode("utf-8"), data)
    for key in ("blockers", "resources"):
        ed.delete((key,))
    if isinstance(data, dict) and isinstance(data.get("progress"), dict):
        ed.delete(("progress", "completed"))
        ed.set(("progress", "pct"), 0, PROGRESS_ORDER)
        ed.set(("progress", "status"), "not_started", PROGRESS_ORDER)
    else:
        ed.set(("progress",), {"pct": 0, "status": "not_started"}, TASK_ORDER)
    text = ed.result()
    while text.endswith("\n\n"):
        text = text[:-1]
    return text.encode("utf-8")


@dataclass
class History:
    events: list[Event]  # in commit order
    kickoff: datetime  # the first commit


def _simulate(
    source: Path,
    plan: dict[str, Any],
    units: dict[str, UnitPeople],
    tasks: list[Task],
    today: date,
    seed: int,
    coordinator: Person,
) -> History:
    """The plan's calendar and kick-off, then the seeded events up to `today`."""
    from pydantic import ValidationError

    from r57cli.plan.model import PlanFile

    try:
        plan_model = PlanFile.model_validate(plan)
    except ValidationError:
        raise R57Error(say("demo-bad-source", path=source, reason="plan.yaml")) from None
    zone = ZoneInfo(plan_model.timezone)
    calendar = Calendar(frozenset(h.date for h in plan_model.holidays), zone)
    start = kick_off(tasks)
    if today < start:
        raise R57Error(say("demo-too-early", today=today, kickoff=start))
    events = Simulation(tasks, units, calendar, today, seed).play()
    # Cancelling is a coordinator's act (policy.cancel_by): the unit's author, drawn from
    # the seed as before so the rest of the history stays, gives way to the coordinator.
    events = [replace(e, author=coordinator) if e.action == "cancel" else e for e in events]
    events = extensions.add(events, tasks, units, coordinator, calendar, today)
    return History(events, datetime.combine(start, time(16, 30), zone))


def build(
    target: Path,
    *,
    source: Path,
    seed: int = DEFAULT_SEED,
    today: date,
    progress: Progress | None = None,
) -> Summary:
    """Make the demo repository at `target` (absent or empty) and return what it holds."""
    import time as clock

    began = clock.monotonic()
    existed = check_target(target)
    plan, units_data, files, tasks = _load_plan(source)
    units, coordinator, admin = unit_people(units_data)
    history = _simulate(source, plan, units, tasks, today, seed, coordinator)
    try:
        target.mkdir(parents=True, exist_ok=True)
        summary = _make(target, source, files, history, (units, admin, seed), progress)
    except BaseException:
        _remove(target, existed)
        raise
    summary.seconds = clock.monotonic() - began
    return summary


def _remove(target: Path, existed: bool) -> None:
    """Take back what a failed run made: the folder, or what it put in an empty one."""
    with contextlib.suppress(OSError):
        if not existed:
            shutil.rmtree(target)
            return
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _make(
    target: Path,
    source: Path,
    files: dict[str, bytes],
    history: History,
    cast: tuple[dict[str, UnitPeople], Person, int],
    progress: Progress | None,
) -> Summary:
    from r57cli.git.repo import Repo
    from r57cli.plan.schemas import write_schemas
    from r57cli.plan.workspace import Workspace

    root = target.resolve()
    # The plan in a folder of its own (plan286/), beside the schemas its files' first line
    # points to (../schemas/), as in r57's own repository; r57 finds it from the root.
    plan_dir = root / (source.resolve().name or "plan")
    repo = Repo(root, root / ".git")
    repo.run("init", "-q", "-b", "main")
    units, admin, seed = cast
    everyone = {p.id: p for u in units.values() for p in u.members} | {admin.id: admin}
    key_dir = root / ".git" / keys.KEY_FOLDER
    key_of = {i: keys.write_private(key_dir, seed, p) for i, p in sorted(everyone.items())}
    # The plan as agreed at the kick-off, with the schemas its files point to, each
    # member's (demo) public key in units.yaml, and what a plan repository holds on day
    # one: CODEOWNERS, allowed_signers, the CI workflow and the pre-commit hooks.
    plan_dir.mkdir()
    (plan_dir / "plan.yaml").write_bytes((source / "plan.yaml").read_bytes())
    lines = {i: keys.public_line(seed, p) for i, p in everyone.items()}
    units_text = (source / "units.yaml").read_bytes().decode("utf-8")
    (plan_dir / "units.yaml").write_bytes(keys.add_keys(units_text, lines).encode("utf-8"))
    for readme in sorted(source.glob("[Rr][Ee][Aa][Dd][Mm][Ee]*")):
        if readme.is_file():
            (plan_dir / readme.name).write_bytes(readme.read_bytes())
    for rel, raw in files.items():
        path = plan_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_reset(rel, raw))
    write_schemas(root / "schemas")
    start = history.kickoff.date()
    day_one.write_files(root, plan_dir, source)
    with keys.environment(keys.identity(admin, history.kickoff, key_of[admin.id])):
        repo.run("add", "-A")
        repo.run("commit", "-q", "-F", "-", stdin=_kickoff_message(plan_dir, start))
    ws = Workspace(plan_dir)
    events = history.events
    total = len(events)
    if progress is not None:
        progress(0, total)
    for n, event in enumerate(events, 1):
        _record(ws, event, key_of[event.author.id])
        if progress is not None:
            progress(n, total)
    people = {e.author.email for e in events} | {admin.email}
    last = events[-1].at.date() if events else start
    return Summary(
        root=root,
        plan_dir=plan_dir,
        commits=total + 1,
        first=start,
        last=last,
        people=len(people),
        late=sum(1 for e in events if e.late),
    )


def _kickoff_message(plan_dir: Path, start: date) -> str:
    from r57cli.plan.planfile import load

    data = load("plan.yaml", (plan_dir / "plan.yaml").read_bytes()).data
    symbol = data.get("symbol") or data.get("number") if isinstance(data, dict) else None
    return (
        f"Plan {symbol}: tasks, owners and deadlines agreed at the kick-off meeting\n\n"
        f"Every task starts at 0%. Units report progress weekly from here on.\n\n"
        f"R57-Date: {start.isoformat()}\n"
    )


def _record(ws: Workspace, event: Event, key: Path) -> None:
    """Record one event through record(), the code path of the staff commands."""
    from r57cli.record import progress as p
    from r57cli.record.commit import record
    from r57cli.record.progress import Change
    from r57cli.record.yamledit import YamlEditor

    today = event.at.date()
    when = event.when
    f = event.fields

    def step(task: Task, ed: YamlEditor) -> Change:
        a = event.action
        if a == "update":
            change = p.update(
                task,
                ed,
                pct=f.get("pct"),
                status=None,
                note=f.get("note"),
                reason=f.get("reason"),
                when=when,
                today=today,
                with_next=bool(f.get("next")),
            )
            if f.get("next"):
                change.trailers["R57-Next"] = f["next"]  # as `r57 update --next` records it
            return change
        if a == "start":
            return p.start(task, ed, note=f.get("note"), when=when, today=today)
        if a == "done":
            return p.done(task, ed, note=f.get("note"), when=when, today=today)
        if a == "cancel":
            return p.cancel(task, ed, reason=f["reason"], note=None, when=when, today=today)
        if a == "block":
            return p.block(
                task, ed, kind=f["kind"], ref=f["ref"], reason=f["reason"], when=when, today=today
            )
        if a == "unblock":
            return p.unblock(
                task, ed, blocker_id=f["blocker_id"], note=f.get("note"), when=when, today=today
            )
        if a == "request":
            unit = ws.check_unit(f["unit"])
            return p.request(
                task, ed, unit=unit, need=f["need"], amount=f["amount"], when=when, today=today
            )
        if a == "decide":
            return p.decide(
                task,
                ed,
                request_id=f["request_id"],
                outcome=f["outcome"],
                note=f.get("note"),
                when=when,
                today=today,
            )
        if a in extensions.ACTIONS:
            return extensions.step(a, f, task, ed, when, today)
        raise AssertionError(a)

    with keys.environment(keys.identity(event.author, event.at, key)):
        outcome = record(ws, event.task, step, when_for_message=when)
    made = outcome.change.trailers.get("R57-Blocker") or outcome.change.trailers.get("R57-Request")
    if event.expect is not None and made != event.expect:
        raise AssertionError(f"{event.task}: expected {event.expect}, made {made}")
    if outcome.warnings:
        raise AssertionError("; ".join(outcome.warnings))
