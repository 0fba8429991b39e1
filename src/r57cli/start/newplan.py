"""`r57 init DIR`: a new plan repository, ready for `r57 import` and `r57 update`.

It lays the repository out as `r57 demo` does (demo/replay.py): the plan in a folder of its
own beside schemas/, which every file's first line points to, and the day-one files of
demo/day_one.py (CODEOWNERS, allowed_signers, the workflows, the pre-commit hooks). The
settings are checked by the plan's own models before anything is written, the result is
validated before it is committed, and a failed run takes back every file it made. It never
overwrites or deletes a file: with `force` it adds to a folder that has other things in it.
Nothing prints here.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from r57cli.errors import ExitCode, R57Error
from r57cli.locale.reportwords import rsay
from r57cli.plan.schemas import SCHEMA_MODELS

PLAN_FOLDER = "plan"
HEADER = "# yaml-language-server: $schema=../schemas/{name}.schema.json\n"


class InitError(R57Error):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str


@dataclass(frozen=True)
class NewPlan:
    """What `r57 init` asks for: the plan's identity and its first unit and person."""

    number: int
    title_vi: str
    title_en: str
    body_vi: str
    body_en: str
    basis: list[str]
    unit_id: str
    unit_vi: str
    unit_en: str
    person: Person
    symbol: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    folder: str = PLAN_FOLDER


@dataclass
class Created:
    root: Path
    plan_dir: Path
    files: list[str] = field(default_factory=list)  # repository-relative, as committed
    sha: str = ""


def plan_data(new: NewPlan) -> dict[str, Any]:
    data: dict[str, Any] = {"number": new.number}
    if new.symbol:
        data["symbol"] = new.symbol
    data["title"] = {"en": new.title_en, "vi": new.title_vi}
    data["issuing_body"] = {"en": new.body_en, "vi": new.body_vi}
    data["legal_basis"] = [{"ref": ref} for ref in new.basis]
    data["timezone"] = new.timezone
    data["week_start"] = "monday"
    data["language"] = new.language
    return data


def units_data(new: NewPlan) -> dict[str, Any]:
    p = new.person
    member = {"id": p.id, "name": p.name, "emails": [p.email], "roles": ["coordinator", "admin"]}
    unit = {
        "id": new.unit_id,
        "name": {"en": new.unit_en, "vi": new.unit_vi},
        "leader": p.id,
        "focal": p.id,
        "members": [member],
    }
    return {"units": [unit]}


def check(new: NewPlan) -> list[str]:
    """Every problem of the settings, as the option that sets it and what is wrong, in the
    words and language of `r57 validate` (validate/schema.py reads the same models). An
    option said once: --person fills a unit's leader, focal point and member alike."""
    said: set[str] = set()
    out = []
    for option, text in _problems(new):
        if option.startswith("--") and option in said:
            continue
        said.add(option)
        out.append(f"{option}: {text}")
    return out


# A plan whose every setting is good: one answer put into it is checked alone.
_GOOD = NewPlan(1, "x", "x", "x", "x", ["x"], "unit", "x", "x", Person("a.b", "x", "a@b.vn"))
_FIELDS = {
    "--number": "number",
    "--symbol": "symbol",
    "--title-vi": "title_vi",
    "--title-en": "title_en",
    "--body-vi": "body_vi",
    "--body-en": "body_en",
    "--timezone": "timezone",
    "--language": "language",
    "--unit": "unit_id",
    "--unit-vi": "unit_vi",
    "--unit-en": "unit_en",
}
_PERSON_FIELDS = {"--person": "id", "--person-name": "name", "--email": "email"}


def answer_problem(option: str, value: Any) -> str | None:
    """What check() says first of the setting of `option` given `value`, the other settings
    good: for `r57 init` to check each answer as it is typed, by the same rules."""
    from dataclasses import replace

    if option in _PERSON_FIELDS:
        trial = replace(_GOOD, person=replace(_GOOD.person, **{_PERSON_FIELDS[option]: value}))
    elif option == "--basis":
        trial = replace(_GOOD, basis=[value])
    elif option in _FIELDS:
        trial = replace(_GOOD, **{_FIELDS[option]: value})
    else:
        return None
    return next((text for where, text in _problems(trial) if where == option), None)


def _problems(new: NewPlan) -> list[tuple[str, str]]:
    from pydantic import ValidationError

    from r57cli.locale.messages import render
    from r57cli.locale.texts import language
    from r57cli.plan.model import PlanFile, UnitsFile
    from r57cli.plan.planfile import load
    from r57cli.validate.schema import translate

    problems = []
    for model, name, text, options in (
        (PlanFile, "plan.yaml", _plan_text(new), _PLAN_OPTIONS),
        (UnitsFile, "units.yaml", _units_text(new), _UNIT_OPTIONS),
    ):
        loaded = load(name, text.encode("utf-8"))
        try:
            model.model_validate(loaded.data)
        except ValidationError as exc:
            for error, diag in zip(exc.errors(), translate(loaded, model, exc), strict=True):
                where = tuple(str(part) for part in error["loc"])
                option = next((o for key, o in options if where[: len(key)] == key), None)
                message, hint = render(diag.code, diag.args, language())
                problems.append((option or ".".join(where), f"{message} ({hint})"))
    if new.folder in ("", ".", "..") or "/" in new.folder or "\\" in new.folder:
        problems.append(("--folder", rsay("init-bad-folder", folder=new.folder)))
    return problems


_PLAN_OPTIONS = (
    (("number",), "--number"),
    (("symbol",), "--symbol"),
    (("title", "vi"), "--title-vi"),
    (("title", "en"), "--title-en"),
    (("issuing_body", "vi"), "--body-vi"),
    (("issuing_body", "en"), "--body-en"),
    (("legal_basis",), "--basis"),
    (("timezone",), "--timezone"),
    (("language",), "--language"),
)
_UNIT_OPTIONS = (
    (("units", "0", "id"), "--unit"),
    (("units", "0", "name", "vi"), "--unit-vi"),
    (("units", "0", "name", "en"), "--unit-en"),
    (("units", "0", "leader"), "--person"),
    (("units", "0", "focal"), "--person"),
    (("units", "0", "members", "0", "id"), "--person"),
    (("units", "0", "members", "0", "name"), "--person-name"),
    (("units", "0", "members", "0", "emails"), "--email"),
)


# ------------------------------------------------------------------------- the files


def _plan_text(new: NewPlan) -> str:
    from r57cli.record.yamltext import value_lines

    data = plan_data(new)
    lines = [HEADER.format(name="plan").rstrip("\n"), rsay("init-plan-comment"), ""]
    for key, value in data.items():
        if key == "legal_basis":
            lines.append(rsay("init-basis-comment"))
        lines += value_lines(key, value, 0, (2, 2, 2))
    lines += ["", rsay("init-holidays-comment"), "holidays: []", ""]
    lines += [rsay("init-policy-comment"), "policy:", "  co_units_may_update: false"]
    lines.append("  require_signed_commits: false")
    return "\n".join(lines) + "\n"


def _units_text(new: NewPlan) -> str:
    from r57cli.record.yamltext import value_lines

    lines = [HEADER.format(name="units").rstrip("\n"), rsay("init-units-comment"), ""]
    lines += value_lines("units", units_data(new)["units"], 0, (2, 2, 2))
    return "\n".join(lines) + "\n"


def _day_one_paths(folder: str) -> list[str]:
    from r57cli.demo import day_one

    names = [f"{folder}/plan.yaml", f"{folder}/units.yaml", f"{folder}/tasks/.gitkeep"]
    names += [f"schemas/{name}" for name in SCHEMA_MODELS]
    names += [".github/CODEOWNERS", ".github/allowed_signers", ".pre-commit-config.yaml"]
    names += [p.as_posix() for p in day_one.WORKFLOWS]
    return names


def create(target: Path, new: NewPlan, *, force: bool = False) -> Created:
    """Make the plan repository at `target` (new, empty, or with `force` any folder that
    holds none of the files it writes) and commit it."""
    problems = check(new)
    if problems:
        raise InitError(rsay("init-bad-settings", problems="\n  ".join(problems)))
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InitError(rsay("init-not-a-folder", path=target))
    existed = target.is_dir()
    if existed and any(target.iterdir()) and not force:
        raise InitError(rsay("init-not-empty", path=target))
    paths = _day_one_paths(new.folder)
    taken = [p for p in paths if (target / p).exists() or (target / p).is_symlink()]
    if (target / new.folder).exists() and not (target / new.folder).is_dir():
        taken.append(new.folder)
    if taken:
        raise InitError(rsay("init-would-overwrite", path=target, files=", ".join(taken)))
    made: list[Path] = []  # what to take back if the run fails, deepest last
    try:
        return _make(target, new, paths, made)
    except BaseException:
        _take_back(target, existed, made)
        raise


def _make(target: Path, new: NewPlan, paths: list[str], made: list[Path]) -> Created:
    from r57cli.demo import day_one, replay
    from r57cli.git.many import commit_paths
    from r57cli.git.repo import GitError, Repo, open_repo
    from r57cli.plan.schemas import write_schemas
    from r57cli.record.commit import PlanWouldBreak
    from r57cli.validate.engine import validate

    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    for folder in (new.folder, f"{new.folder}/tasks", "schemas", ".github", ".github/workflows"):
        if not (root / folder).exists():
            (root / folder).mkdir()
            made.append(root / folder)
    if (root / ".git").exists():
        repo = open_repo(root)
    else:
        repo = Repo(root, root / ".git")
        made.insert(0, root / ".git")
        repo.run("init", "-q", "-b", "main")
    made += [root / p for p in paths]
    plan_dir = root / new.folder
    (plan_dir / "plan.yaml").write_text(_plan_text(new), encoding="utf-8")
    (plan_dir / "units.yaml").write_text(_units_text(new), encoding="utf-8")
    (plan_dir / "tasks" / ".gitkeep").write_bytes(b"")
    write_schemas(root / "schemas")
    day_one.write_files(root, plan_dir, replay.bundled_plan())
    result = validate(plan_dir, use_cache=False)
    if result.errors:  # the models accepted the settings: this would be a bug in r57
        raise PlanWouldBreak(result)
    base = repo.root.resolve()
    rels = [(root / p).relative_to(base).as_posix() for p in paths if (root / p).exists()]
    # The commit subject stays English, as every commit r57 makes (record/progress.py).
    message = (
        f"Plan {new.symbol or new.number}: start the plan repository (r57 init)\n\n"
        f"First unit: {new.unit_id}; its tasks come next (r57 import).\n"
    )
    proc = commit_paths(repo, rels, message)
    if proc.returncode != 0:
        raise GitError(rsay("init-commit-failed", output=(proc.stderr or proc.stdout).strip()))
    return Created(root, plan_dir, rels, repo.head())


def _take_back(target: Path, existed: bool, made: list[Path]) -> None:
    """Remove what this run made, and only that: the folder if it made it, else its files
    and the folders it created, newest first."""
    with contextlib.suppress(OSError):
        if not existed:
            shutil.rmtree(target)
            return
        for path in reversed(made):
            if path.is_dir() and not path.is_symlink():
                if path.name == ".git":
                    shutil.rmtree(path)
                else:
                    with contextlib.suppress(OSError):
                        path.rmdir()  # only if empty: a folder the user filled stays
            else:
                path.unlink(missing_ok=True)
