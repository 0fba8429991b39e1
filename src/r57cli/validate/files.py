"""Everything about one plan file that needs no other file: YAML, schema, and the file's own
rules. The result depends only on the file's path and bytes, so it is what the validation
cache stores, keyed by git blob id, with the facts cross-file checks need (IDs, references,
dates and their positions) as plain JSON values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.model import FILE_MODELS, Task
from r57cli.plan.planfile import load
from r57cli.validate.cap import cap_per_file
from r57cli.validate.registry import RegistryChecker
from r57cli.validate.schema import translate
from r57cli.validate.tasks import TaskChecker, salvage

SCHEMA_FILES = {
    "plan": "plan.schema.json",
    "units": "units.schema.json",
    "task": "task.schema.json",
}


@dataclass(slots=True)
class FileResult:
    """Per-file diagnostics plus the facts cross-file checks need (None if unusable)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: dict[str, Any] | None = None

    def to_cache(self) -> dict[str, Any]:
        return {"d": [d.to_cache() for d in cap_per_file(self.diagnostics)], "f": self.facts}


def file_kind(relpath: str) -> str:
    if relpath == "plan.yaml":
        return "plan"
    if relpath == "units.yaml":
        return "units"
    return "task"


def schema_pointer(relpath: str) -> str:
    depth = len(PurePosixPath(relpath).parts)  # plan.yaml -> 1, tasks/u/T.yaml -> 3
    return "../" * depth + "schemas/" + SCHEMA_FILES[file_kind(relpath)]


def check_file(relpath: str, raw: bytes) -> FileResult:
    """Everything about one file that does not need any other file."""
    loaded = load(relpath, raw)
    result = FileResult(list(loaded.diagnostics))
    if loaded.data is None:
        return result
    if not loaded.first_line.startswith("# yaml-language-server: $schema="):
        result.diagnostics.append(
            Diagnostic("R57W006", relpath, 1, 1, {"schema": schema_pointer(relpath)})
        )
    kind = file_kind(relpath)
    model_cls = FILE_MODELS[kind]
    # Facts and cross-reference rules come from the raw mapping, so that a typo in one field
    # does not hide an unknown unit, a broken dependency or a leader outside their unit.
    if kind != "task":
        registry = RegistryChecker(loaded, result.diagnostics)
        result.facts = registry.units_facts() if kind == "units" else registry.plan_facts()
        try:
            model_cls.model_validate(loaded.data)
        except ValidationError as exc:
            result.diagnostics.extend(translate(loaded, model_cls, exc))
        return result
    checker = TaskChecker(loaded, result.diagnostics)
    result.facts = checker.task_facts()
    try:
        task = Task.model_validate(loaded.data)
    except ValidationError as exc:
        result.diagnostics.extend(translate(loaded, Task, exc))
        salvaged, dropped = salvage(loaded.data, exc)
        if salvaged is not None:
            checker.task(salvaged, dropped)
        return result
    checker.task(task)
    if result.facts is not None:
        result.facts["valid"] = True
    return result
