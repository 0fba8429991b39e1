"""`r57 validate` on a federation folder (the one with federation.yaml): the file's YAML and
schema with file:line:col, like a plan file, and its own cross-checks: member and target IDs
used once, a target's members among the members, the same repository listed once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.federationmodel import FederationFile
from r57cli.plan.planfile import load, read_plan_file
from r57cli.validate.checker import Checker, dict_items
from r57cli.validate.engine import ValidationResult
from r57cli.validate.schema import translate

FEDERATION_FILE = "federation.yaml"
SCHEMA_POINTER = "schemas/federation.schema.json"


def validate_federation(folder: Path) -> ValidationResult:
    """Every problem of `folder`/federation.yaml, placed."""
    return checked_federation(folder)[0]


def checked_federation(folder: Path) -> tuple[ValidationResult, bytes, Any]:
    """Every problem of `folder`/federation.yaml, placed, with the bytes read and the data
    loaded from them (read once: the report goes on with this very data)."""
    result = ValidationResult(plan_dir=folder, files=1)
    raw, problem = read_plan_file(folder, FEDERATION_FILE)
    if raw is None:
        result.diagnostics.append(problem or Diagnostic("R57E001", FEDERATION_FILE, 1, 1))
        return result, b"", None
    loaded = load(FEDERATION_FILE, raw)
    out = result.diagnostics
    out.extend(loaded.diagnostics)
    result.sources[FEDERATION_FILE] = raw
    data = loaded.data
    if data is None:
        return result, raw, None
    if isinstance(data, dict) and data.get("language") in ("en", "vi"):
        result.language = str(data["language"])
    if not loaded.first_line.startswith("# yaml-language-server: $schema="):
        out.append(Diagnostic("R57W006", FEDERATION_FILE, 1, 1, {"schema": SCHEMA_POINTER}))
    try:
        FederationFile.model_validate(data)
    except ValidationError as exc:
        out.extend(translate(loaded, FederationFile, exc))
    if isinstance(data, dict):
        _cross(Checker(loaded, out), data)
    out.sort(key=lambda d: (d.line, d.column, d.code))
    return result, raw, data


def _cross(check: Checker, data: dict[str, Any]) -> None:
    members = dict_items(data.get("members"))
    ids = [(m["id"], ("members", i, "id")) for i, m in members if isinstance(m.get("id"), str)]
    check.duplicates(ids, "id-member")
    urls = [(m["url"], ("members", i, "url")) for i, m in members if isinstance(m.get("url"), str)]
    # The same repository twice would count its tasks twice in every national figure.
    check.duplicates(urls, "what-repository", fold=_same_repository)
    known = {value for value, _ in ids}
    targets = dict_items(data.get("targets"))
    check.duplicates(
        [(t["id"], ("targets", i, "id")) for i, t in targets if isinstance(t.get("id"), str)],
        "id-target",
    )
    for i, target in targets:
        listed = target.get("members")
        for j, member in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(member, str) and member not in known:
                check.add(
                    "R57E240",
                    ("targets", i, "members", j),
                    {"value": member, "suggestion": _suggest(member, known)},
                )


def _same_repository(url: str) -> str:
    text = url.strip().rstrip("/").lower()
    return text[:-4] if text.endswith(".git") else text


def _suggest(value: str, known: set[str]) -> dict[str, Any] | str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return phrase("did-you-mean", name=close[0]) if close else ""
