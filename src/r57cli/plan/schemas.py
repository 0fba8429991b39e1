"""JSON Schemas (draft 2020-12) generated from the models, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

from r57cli.plan.federationmodel import FederationFile
from r57cli.plan.model import PlanFile, Task, UnitsFile
from r57cli.plan.modelbase import Strict

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_MODELS: dict[str, type[Strict]] = {
    "plan.schema.json": PlanFile,
    "units.schema.json": UnitsFile,
    "task.schema.json": Task,
    "federation.schema.json": FederationFile,
}


def schema_text(name: str) -> str:
    model = SCHEMA_MODELS[name]
    body = model.model_json_schema(mode="validation")
    doc = {"$schema": DRAFT, "$id": f"https://r57.invalid/schemas/{name}", **body}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        target = out_dir / name
        target.write_text(schema_text(name), encoding="utf-8")
        written.append(target)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    stale = []
    for name in SCHEMA_MODELS:
        target = out_dir / name
        try:
            current = target.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != schema_text(name):
            stale.append(name)
    return stale
