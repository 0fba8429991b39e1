"""`r57 demo DIR --national`: a federation to try the national synthesis on. Beside the
bundled ministry plan (DIR/mic, the usual demo), three provinces each get a plan of their
own, made from a seeded choice of Plan 286's tasks given to their departments (some keep the
blockers that cite the same decrees, so the national view has regulations blocking several
members), each with its own replayed history; DIR/steer holds federation.yaml, listing
them and a fourth province whose repository does not exist (unreachable), and two
national targets that some provinces registered tasks for and one did not."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from r57cli.demo import replay

# id, name (vi, en), the province's people's committee (vi, en), the plan's number
PROVINCES = (
    (
        "hanoi",
        ("Thành phố Hà Nội", "Hanoi"),
        ("Ủy ban nhân dân thành phố Hà Nội", "Hanoi People's Committee"),
        301,
    ),
    (
        "danang",
        ("Thành phố Đà Nẵng", "Da Nang"),
        ("Ủy ban nhân dân thành phố Đà Nẵng", "Da Nang People's Committee"),
        112,
    ),
    (
        "cantho",
        ("Thành phố Cần Thơ", "Can Tho"),
        ("Ủy ban nhân dân thành phố Cần Thơ", "Can Tho People's Committee"),
        87,
    ),
)
UNREACHABLE = ("hue", ("Thành phố Huế", "Hue"))
# A province's departments: id, (vi, en), and where Plan 286's units go.
DEPARTMENTS = (
    ("ubnd", ("Lãnh đạo Ủy ban nhân dân", "People's Committee leadership"), ()),
    ("vp", ("Văn phòng Ủy ban nhân dân", "Office of the People's Committee"), ("office",)),
    ("sokhcn", ("Sở Khoa học và Công nghệ", "Department of Science and Technology"), ()),
    ("sotp", ("Sở Tư pháp", "Department of Justice"), ("legal",)),
    ("sonv", ("Sở Nội vụ", "Department of Home Affairs"), ("personnel",)),
    ("sotc", ("Sở Tài chính", "Department of Finance"), ("planning-finance",)),
)
TASKS_PER_PROVINCE = 10
_NAMES = (
    ("Nguyễn", "Văn", "An"),
    ("Trần", "Thị", "Bình"),
    ("Lê", "Minh", "Châu"),
    ("Phạm", "Quốc", "Dũng"),
    ("Hoàng", "Thu", "Giang"),
    ("Vũ", "Đức", "Hải"),
    ("Đặng", "Thị", "Hoa"),
    ("Bùi", "Thanh", "Khánh"),
    ("Đỗ", "Ngọc", "Lan"),
    ("Phan", "Văn", "Long"),
    ("Võ", "Thị", "Mai"),
    ("Ngô", "Hoàng", "Nam"),
)
_ASCII = str.maketrans(
    "Đđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
    "Ddaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy",
)


@dataclass
class National:
    root: Path
    steer: Path
    members: list[tuple[str, Path, str]]  # id, repository, plan folder
    today: date


def _person(rng: random.Random, domain: str, taken: set[str]) -> dict[str, Any]:
    while True:
        family, middle, given = rng.choice(_NAMES)
        pid = ".".join(x.lower().translate(_ASCII) for x in (family, middle, given))
        if pid not in taken:
            taken.add(pid)
            break
    return {
        "id": pid,
        "name": f"{family} {middle} {given}",
        "emails": [
            f"{given.lower().translate(_ASCII)}.{family[0].lower().translate(_ASCII)}{middle[0].lower().translate(_ASCII)}@{domain}"
        ],
    }


def province_plan(out: Path, spec: tuple[Any, ...], source: Path, seed: int) -> None:
    """A province's plan folder at `out`, from a seeded choice of `source`'s tasks."""
    pid, (name_vi, name_en), (body_vi, body_en), number = spec
    rng = random.Random(f"{seed}:{pid}")
    domain = f"{pid}.example.gov.vn"
    plan = yaml.safe_load((source / "plan.yaml").read_text(encoding="utf-8"))
    plan.update(
        number=number,
        symbol=f"{number}/KH-UBND",
        title={
            "en": f"{name_en}'s plan to implement Resolution No. 57-NQ/TW",
            "vi": f"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của {body_vi}",
        },
        issuing_body={"en": body_en, "vi": body_vi},
    )
    plan["report"] = {
        "body": {"en": body_en, "vi": body_vi},
        "symbol": "BC-UBND",
        "place": {"en": name_en, "vi": name_vi.removeprefix("Thành phố ")},
        "recipients": [
            {"en": "The Ministry of Science and Technology", "vi": "Bộ Khoa học và Công nghệ"},
            {"en": "Archive: Records", "vi": "Lưu: VT"},
        ],
    }
    taken: set[str] = set()
    units = []
    members: dict[str, list[dict[str, Any]]] = {}
    for uid, (uvi, uen), _ in DEPARTMENTS:
        people = [_person(rng, domain, taken) for _ in range(2)]
        if uid == "vp":
            people[1]["roles"] = ["coordinator"]
        if uid == "ubnd":
            people[0]["position"] = "Phó Chủ tịch"
            people[1]["roles"] = ["admin"]
        members[uid] = people
        entry: dict[str, Any] = {
            "id": uid,
            "name": {"en": uen, "vi": uvi},
            "leader": people[0]["id"],
            "focal": people[1]["id"],
            "members": people,
        }
        if uid != "ubnd":
            entry["parent"] = "ubnd"
        units.append(entry)
    where = {old: uid for uid, _, olds in DEPARTMENTS for old in olds}
    # Not the ministry's own pilots in other provinces (dic-hcmc, dic-laocai).
    files = sorted(f for f in source.glob("tasks/*/*.yaml") if not f.parent.name.startswith("dic-"))
    chosen = sorted(rng.sample(files, min(TASKS_PER_PROVINCE, len(files))))
    # Every province keeps the blocked tasks citing Decree 47/2020: one regulation, several members.
    for f in files:
        if "47/2020" in f.read_text(encoding="utf-8") and f not in chosen:
            chosen.append(f)
    ids = {f.stem for f in chosen}
    out.mkdir(parents=True)
    _write(out / "plan.yaml", plan, "../schemas/plan.schema.json")
    _write(out / "units.yaml", {"units": units}, "../schemas/units.schema.json")
    for f in chosen:
        task = yaml.safe_load(f.read_text(encoding="utf-8"))
        unit = where.get(task["unit"], "sokhcn")
        task["unit"] = unit
        task["responsible"] = members[unit][rng.randrange(2)]["id"]
        co = sorted({where.get(c, "sokhcn") for c in task.get("co_units") or []} - {unit})
        task["co_units"] = co
        if "depends_on" in task:
            task["depends_on"] = [d for d in task["depends_on"] if d in ids]
        task.pop("reschedules", None)
        for req in task.get("resources") or []:
            if "unit" in req:
                req["unit"] = "sotc" if unit != "sotc" else "vp"
        if rng.random() < 0.4:
            task["targets"] = ["NT-1"]
        dest = out / "tasks" / unit / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        _write(dest, task, "../../../schemas/task.schema.json")


def _write(path: Path, data: Any, schema: str) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{body}", encoding="utf-8")


def federation_file(members: list[tuple[str, str, str, str, str, str]], today: date) -> str:
    """federation.yaml for (id, kind, name vi, name en, url, plan folder) members."""
    data = {
        # What is implemented: the report document reads "Tình hình thực hiện <name>".
        "name": {
            "en": "Resolution No. 57-NQ/TW across ministries and provinces (demo)",
            "vi": "Nghị quyết số 57-NQ/TW tại các bộ, ngành, địa phương (thử nghiệm)",
        },
        "timezone": "Asia/Ho_Chi_Minh",
        "week_start": "monday",
        "language": "vi",
        "members": [
            {
                "id": mid,
                "name": {"en": en, "vi": vi},
                "kind": kind,
                "url": url,
                "branch": "main",
                "plan": folder,
            }
            for mid, kind, vi, en, url, folder in members
        ],
        "targets": [
            {
                "id": "NT-1",
                "title": {
                    "en": "Open data published by every province",
                    "vi": "Mọi tỉnh, thành phố công bố dữ liệu mở",
                },
                "due": date(today.year, 12, 31),
                "kinds": ["province"],
            },
            {
                "id": "NT-2",
                "title": {
                    "en": "Legal framework for digital transformation",
                    "vi": "Hoàn thiện khung pháp lý về chuyển đổi số",
                },
                "due": date(today.year, 6, 30),
                "members": ["mic"],
            },
        ],
        "limits": {"jobs": 4, "timeout_seconds": 60, "max_size_mb": 512},
        "report": {
            "parent_body": {
                "en": "Ministry of Information and Communications",
                "vi": "Bộ Thông tin và Truyền thông",
            },
            "body": {
                "en": "National Digital Transformation Agency",
                "vi": "Cục Chuyển đổi số quốc gia",
            },
            "symbol": "BC-CĐSQG",
            "place": {"en": "Hanoi", "vi": "Hà Nội"},
            "recipients": [
                {
                    "en": "The Prime Minister (for reporting)",
                    "vi": "Thủ tướng Chính phủ (để báo cáo)",
                },
                {"en": "The Minister (for reporting)", "vi": "Bộ trưởng (để báo cáo)"},
                {"en": "The ministries and provinces", "vi": "Các bộ, ngành, địa phương"},
                {"en": "Archive: Records, NDTA", "vi": "Lưu: VT, CĐSQG"},
            ],
            "signer": {
                "title": {"en": "DIRECTOR GENERAL", "vi": "CỤC TRƯỞNG"},
                "name": "Võ Đức Thành",
            },
        },
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"# yaml-language-server: $schema=schemas/federation.schema.json\n{body}"


def build(target: Path, *, seed: int, today: date, progress: Any = None) -> National:
    """The ministry, the provinces and the steering repository under `target`."""
    import subprocess
    import tempfile

    from r57cli.plan.schemas import write_schemas

    replay.check_target(target)
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    bundled = replay.bundled_plan()
    made: list[tuple[str, Path, str]] = []
    mic = replay.build(root / "mic", source=bundled, seed=seed, today=today, progress=progress)
    made.append(("mic", mic.root, mic.plan_dir.name))
    listed = [
        (
            "mic",
            "ministry",
            "Bộ Thông tin và Truyền thông",
            "Ministry of Information and Communications",
            f"file://{mic.root}",
            mic.plan_dir.name,
        )
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for spec in PROVINCES:
            pid, (vi, en) = spec[0], spec[1]
            source = Path(scratch) / pid / "plan"
            province_plan(source, spec, bundled, seed)
            write_schemas(source.parent / "schemas")
            got = replay.build(root / pid, source=source, seed=seed, today=today, progress=progress)
            made.append((pid, got.root, got.plan_dir.name))
            listed.append((pid, "province", vi, en, f"file://{got.root}", got.plan_dir.name))
    hid, (hvi, hen) = UNREACHABLE
    listed.append((hid, "province", hvi, hen, f"file://{root / hid}", "plan"))
    steer = root / "steer"
    steer.mkdir()
    (steer / "federation.yaml").write_text(federation_file(listed, today), encoding="utf-8")
    write_schemas(steer / "schemas")
    env = {
        "GIT_AUTHOR_NAME": "r57 demo",
        "GIT_AUTHOR_EMAIL": "demo@example.gov.vn",
        "GIT_COMMITTER_NAME": "r57 demo",
        "GIT_COMMITTER_EMAIL": "demo@example.gov.vn",
    }
    import os

    run_env = {**os.environ, **env}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        [
            "commit",
            "-q",
            "--no-gpg-sign",
            "-m",
            "National steering repository: the members and targets",
        ],
    ):
        subprocess.run(["git", *args], cwd=steer, env=run_env, check=True, capture_output=True)
    return National(root, steer, made, today)
