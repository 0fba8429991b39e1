"""The validation cache: used when nothing changed, never stale, never in the work tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from r57cli.cache import blob_id, cache_path
from r57cli.validate import validate
from tests.conftest import Plan, git, task


def test_blob_id_matches_git(plan: Plan) -> None:
    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    expected = git(plan.repo, "hash-object", str(path)).strip()
    assert blob_id(path.read_bytes()) == expected


def test_second_run_is_served_from_cache(plan: Plan) -> None:
    first = validate(plan.dir)
    second = validate(plan.dir)
    assert (first.from_cache, second.from_cache) == (0, 3)
    assert first.diagnostics == second.diagnostics == []


def test_cache_lives_in_the_git_directory(plan: Plan) -> None:
    validate(plan.dir)
    location = cache_path(plan.dir)
    assert location.is_file()
    assert location.is_relative_to(plan.repo / ".git")
    assert git(plan.repo, "status", "--porcelain") == ""


def test_edited_file_is_rechecked(plan: Plan) -> None:
    validate(plan.dir)
    plan.write_task(task(due="2025-02-30"))
    result = validate(plan.dir)
    assert result.from_cache == 2
    assert [d.code for d in result.diagnostics] == ["R57E104"]
    plan.write_task(task())
    assert validate(plan.dir).diagnostics == []


def test_cross_file_results_are_never_cached(plan: Plan) -> None:
    """A task file that did not change is re-judged when units.yaml changes."""
    validate(plan.dir)
    text = (plan.dir / "units.yaml").read_text(encoding="utf-8")
    (plan.dir / "units.yaml").write_text(text.replace("id: legal", "id: law"), encoding="utf-8")
    result = validate(plan.dir)
    assert result.from_cache == 2
    assert [d.code for d in result.diagnostics] == ["R57E201"]


def test_same_bytes_elsewhere_are_checked_for_their_own_path(plan: Plan) -> None:
    validate(plan.dir)
    source = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    (plan.dir / "tasks" / "ndta" / "T-002.yaml").write_bytes(source.read_bytes())
    codes = sorted(d.code for d in validate(plan.dir).diagnostics)
    assert codes == ["R57E108", "R57E203"]


def test_deleted_file_leaves_the_cache(plan: Plan) -> None:
    plan.write_task(task("T-002"))
    validate(plan.dir)
    (plan.dir / "tasks" / "ndta" / "T-002.yaml").unlink()
    validate(plan.dir)
    entries = json.loads(cache_path(plan.dir).read_bytes())["entries"]
    assert sorted(entries) == ["plan.yaml", "tasks/ndta/T-001.yaml", "units.yaml"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"fingerprint": "old", "entries": {}}',
        b'{"fingerprint": 1, "entries": []}',
    ],
)
def test_corrupt_or_foreign_cache_is_ignored(plan: Plan, content: bytes) -> None:
    location = cache_path(plan.dir)
    location.parent.mkdir(parents=True, exist_ok=True)
    location.write_bytes(content)
    result = validate(plan.dir)
    assert (result.from_cache, result.diagnostics) == (0, [])
    assert validate(plan.dir).from_cache == 3


def test_no_cache_leaves_nothing_behind(plan: Plan) -> None:
    validate(plan.dir, use_cache=False)
    assert not cache_path(plan.dir).exists()


def test_outside_git_the_user_cache_is_used(tmp_path: Path) -> None:
    from r57cli.genplan import generate

    generate(tmp_path / "p", tasks=5, units=2, seed=1)
    assert validate(tmp_path / "p").from_cache == 0
    assert cache_path(tmp_path / "p").is_relative_to(Path.home() / ".cache" / "r57")
    assert validate(tmp_path / "p").from_cache == 7


def test_parallel_cold_run_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from r57cli import validate as validate_module
    from r57cli.genplan import generate

    generate(tmp_path / "p", tasks=60, units=3, seed=3)
    (tmp_path / "p" / "tasks" / "unit-000" / "T-001.yaml").write_text("id: [\n", encoding="utf-8")
    serial = validate(tmp_path / "p", use_cache=False, jobs=1)
    monkeypatch.setattr(validate_module, "PARALLEL_THRESHOLD", 10)
    parallel = validate(tmp_path / "p", use_cache=False, jobs=2)
    assert serial.diagnostics == parallel.diagnostics
    assert [d.code for d in serial.diagnostics][:1] == ["R57E006"]
