"""Generate a large, valid, realistic plan for benchmarks and tests.

    python -m r57cli.demo.genplan OUT_DIR --tasks 10000 --units 40 --seed 1

Output is deterministic for a given seed and size: the same bytes every run, so benchmark
figures and cache behaviour can be compared across machines and commits.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_SURNAMES = ["nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do"]
_MIDDLE = ["van", "thi", "duc", "minh", "thanh", "quang", "hong", "ngoc"]
_GIVEN = [
    "an",
    "binh",
    "chi",
    "dung",
    "giang",
    "hai",
    "hoa",
    "khanh",
    "lan",
    "long",
    "mai",
    "nam",
    "phuong",
    "quan",
    "son",
    "tam",
    "thu",
    "trung",
    "tuan",
    "vinh",
]
_SUBJECTS = [
    ("digital government platform", "nền tảng Chính phủ số"),
    ("national data strategy guideline", "hướng dẫn chiến lược dữ liệu quốc gia"),
    ("2G switch-off roadmap", "lộ trình dừng công nghệ 2G"),
    ("online child protection programme", "chương trình bảo vệ trẻ em trên mạng"),
    ("reading-culture indicators", "bộ chỉ số văn hoá đọc"),
    ("public-service ordering survey", "khảo sát đặt hàng dịch vụ sự nghiệp công"),
    ("commune-level digital transformation guideline", "hướng dẫn chuyển đổi số cấp xã"),
    ("IT and electronics industry programme", "chương trình công nghiệp CNTT, điện tử"),
]
_ACTIONS = [
    ("Draft", "Xây dựng dự thảo"),
    ("Review", "Rà soát"),
    ("Pilot", "Thí điểm"),
    ("Issue", "Ban hành"),
    ("Evaluate", "Đánh giá"),
]
_DELIVERABLES = ["decree", "circular", "decision", "plan", "report", "guideline", "system"]
_LEVELS = ["government", "prime_minister", "minister", "unit"]
_KINDS = ["decree", "circular", "budget", "staffing"]
_HEADER = "# yaml-language-server: $schema={}\n"


@dataclass(frozen=True)
class GenUnit:
    id: str
    people: list[str]


# The day the generated plan describes: the state of the plan as of then.
_DESCRIBED_ON = date(2026, 6, 30)


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _units(rng: random.Random, count: int) -> list[GenUnit]:
    units = []
    for u in range(count):
        people = []
        for p in range(4):
            name = f"{rng.choice(_SURNAMES)}.{rng.choice(_MIDDLE)}.{rng.choice(_GIVEN)}"
            people.append(f"{name}.{u:03d}{p}")
        units.append(GenUnit(f"unit-{u:03d}", people))
    return units


def units_yaml(units: list[GenUnit]) -> str:
    lines = [_HEADER.format("../schemas/units.schema.json"), "units:\n"]
    lines.append("  - id: ministry\n    name:\n      en: The Ministry\n      vi: Bộ\n")
    for u in units:
        number = int(u.id.split("-")[1])
        lines.append(
            f"  - id: {u.id}\n"
            f"    name:\n      en: Department {number}\n      vi: Vụ {number}\n"
            f"    parent: ministry\n    leader: {u.people[0]}\n    focal: {u.people[1]}\n"
            "    members:\n"
        )
        for person in u.people:
            lines.append(
                f"      - id: {person}\n        name: {person.replace('.', ' ').title()}\n"
                f"        emails: [{person}@example.gov.vn]\n"
            )
    return "".join(lines)


def plan_yaml() -> str:
    return _HEADER.format("../schemas/plan.schema.json") + (
        "number: 286\n"
        "title:\n  en: Generated benchmark plan\n  vi: Kế hoạch sinh tự động để đo hiệu năng\n"
        "issuing_body:\n  en: Ministry of Information and Communications\n"
        "  vi: Bộ Thông tin và Truyền thông\n"
        "legal_basis:\n  - ref: 57-NQ/TW\n    date: 2024-12-22\n  - ref: 03/NQ-CP\n"
        "    date: 2025-01-09\n"
        "timezone: Asia/Ho_Chi_Minh\nweek_start: monday\nlanguage: en\n"
    )


def task_yaml(
    rng: random.Random,
    number: int,
    unit: GenUnit,
    units: list[GenUnit],
    width: int,
    dues: list[date],
) -> str:
    """One task file. `dues` holds the due dates of tasks 1..number-1, and gets this one's."""
    task_id = f"T-{number:0{width}d}"
    subject_en, subject_vi = rng.choice(_SUBJECTS)
    action_en, action_vi = rng.choice(_ACTIONS)
    start = _working_day(date(2025, 2, 3) + timedelta(days=rng.randrange(0, 600)))
    due = _working_day(start + timedelta(days=rng.randrange(60, 400)))
    step = (due - start) / 4
    milestones: list[tuple[date, int]] = []
    for i, pct in enumerate((25, 50, 75)):
        day = _working_day(start + step * (i + 1))
        if day < due and (not milestones or day > milestones[-1][0]):
            milestones.append((day, pct))
    milestones.append((due, 100))
    pct = rng.choice((0, 10, 20, 35, 50, 60, 80, 90, 100))
    status = "not_started" if pct == 0 else "done" if pct == 100 else "in_progress"
    # Completion is dated by the due date, and never after the day the data describes (a
    # completion in the future is an error, R57E223): a task due later is nearly done.
    completed = min(due, _DESCRIBED_ON)
    if status == "done" and completed < start:
        pct, status = 90, "in_progress"
    co = rng.choice(units)
    lines = [
        _HEADER.format("../../../schemas/task.schema.json"),
        f"id: {task_id}\n",
        f"title:\n  en: {action_en} the {subject_en} ({number})\n",
        f"  vi: {action_vi} {subject_vi} ({number})\n",
        f"unit: {unit.id}\n",
        f"co_units: [{co.id}]\n" if co.id != unit.id else "",
        f"responsible: {rng.choice(unit.people)}\n",
        f"start: {start.isoformat()}\ndue: {due.isoformat()}\n",
        f"deliverable: {rng.choice(_DELIVERABLES)}\nsubmission: {rng.choice(_LEVELS)}\n",
        "legal_basis: [57-NQ/TW, 03/NQ-CP]\n",
        "milestones:\n",
        *(f"  - date: {d.isoformat()}\n    planned_pct: {p}\n" for d, p in milestones),
        f"progress:\n  pct: {pct}\n  status: {status}\n",
    ]
    if status == "done":
        lines.append(f"  completed: {completed.isoformat()}\n")
    if rng.random() < 0.1:
        kind = rng.choice(_KINDS)
        ref = '\n    ref: "Decree 47/2020/ND-CP"' if kind in ("decree", "circular") else ""
        raised = start + timedelta(days=rng.randrange(0, max(1, (due - start).days)))
        lines.append(
            f"blockers:\n  - id: B-1\n    kind: {kind}{ref}\n"
            f"    description: Waiting for the {kind} to be amended\n"
            f"    raised: {raised.isoformat()}\n"
        )
        if status == "done":  # a finished task has no blocker left open (R57E222)
            lines.append(f"    lifted: {due.isoformat()}\n")
    if number > 1 and rng.random() < 0.2:
        # Depend only on a task due no later than this one, as a real plan would.
        dep = rng.randrange(1, number)
        if dues[dep - 1] <= due:
            lines.append(f"depends_on: [T-{dep:0{width}d}]\n")
    dues.append(due)
    lines.append(f"note: Generated task {number} for unit {unit.id}.\n")
    return "".join(lines)


def generate(out: Path, *, tasks: int, units: int, seed: int) -> int:
    """Write a plan folder at `out`. Returns the number of files written."""
    rng = random.Random(seed)
    unit_list = _units(rng, units)
    width = max(3, len(str(tasks)))
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.yaml").write_text(plan_yaml(), encoding="utf-8")
    (out / "units.yaml").write_text(units_yaml(unit_list), encoding="utf-8")
    for unit in unit_list:
        (out / "tasks" / unit.id).mkdir(parents=True, exist_ok=True)
    dues: list[date] = []
    for number in range(1, tasks + 1):
        unit = unit_list[(number - 1) % len(unit_list)]
        text = task_yaml(rng, number, unit, unit_list, width, dues)
        (out / "tasks" / unit.id / f"T-{number:0{width}d}.yaml").write_text(text, encoding="utf-8")
    return tasks + 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m r57cli.demo.genplan",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="folder to create the plan in")
    parser.add_argument("--tasks", type=int, default=10_000, help="number of tasks")
    parser.add_argument("--units", type=int, default=40, help="number of units")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    if args.tasks < 1 or args.units < 1:
        parser.error("--tasks and --units must be at least 1")
    written = generate(args.out, tasks=args.tasks, units=args.units, seed=args.seed)
    print(f"wrote {written} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
