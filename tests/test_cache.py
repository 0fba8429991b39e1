"""The validation cache: used when nothing changed, never stale, never in the work tree."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from r57cli.fingerprint import blob_id
from r57cli.validate.cache import cache_path, summary_path
from r57cli.validate.engine import validate
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
    from r57cli.demo.genplan import generate

    generate(tmp_path / "p", tasks=5, units=2, seed=1)
    assert validate(tmp_path / "p").from_cache == 0
    assert cache_path(tmp_path / "p").is_relative_to(Path.home() / ".cache" / "r57")
    assert validate(tmp_path / "p").from_cache == 7


def test_parallel_cold_run_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from r57cli.demo.genplan import generate
    from r57cli.validate import engine as validate_module

    generate(tmp_path / "p", tasks=60, units=3, seed=3)
    (tmp_path / "p" / "tasks" / "unit-000" / "T-001.yaml").write_text("id: [\n", encoding="utf-8")
    serial = validate(tmp_path / "p", use_cache=False, jobs=1)
    monkeypatch.setattr(validate_module, "PARALLEL_THRESHOLD", 10)
    parallel = validate(tmp_path / "p", use_cache=False, jobs=2)
    assert serial.diagnostics == parallel.diagnostics
    assert [d.code for d in serial.diagnostics][:1] == ["R57E006"]


def test_new_checking_code_invalidates_the_cache(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.validate import engine as validate_module

    validate(plan.dir)
    assert validate(plan.dir).from_cache == 3
    monkeypatch.setattr(validate_module, "code_fingerprint", lambda: "another r57")
    assert validate(plan.dir).from_cache == 0


def test_fingerprint_follows_the_checking_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import r57cli
    from r57cli.fingerprint import code_fingerprint

    before = code_fingerprint()
    monkeypatch.setattr(r57cli, "__version__", "9.9.9")
    assert code_fingerprint() != before


def _record_pid_then_check(plan_dir: str, batch: list[tuple[str, str]]) -> Any:
    """Stands in for the worker entry point; module level so that it can be pickled."""
    from r57cli.validate import engine as validate_module

    marker = Path(os.environ["R57_TEST_PIDS"]) / str(os.getpid())
    marker.write_text("", encoding="utf-8")
    return validate_module._ORIGINAL_CHECK_BATCH(plan_dir, batch)  # type: ignore[attr-defined]


def test_jobs_really_uses_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from r57cli.demo.genplan import generate
    from r57cli.validate import engine as validate_module

    generate(tmp_path / "p", tasks=40, units=2, seed=4)
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("R57_TEST_PIDS", str(pids))
    monkeypatch.setattr(
        validate_module, "_ORIGINAL_CHECK_BATCH", validate_module._check_batch, raising=False
    )
    monkeypatch.setattr(validate_module, "_check_batch", _record_pid_then_check)
    result = validate(tmp_path / "p", use_cache=False, jobs=2)
    assert result.diagnostics == []
    workers = {int(p.name) for p in pids.iterdir()}
    assert len(workers) == 2
    assert os.getpid() not in workers


def test_worker_skips_a_file_that_changed_since_it_was_read(plan: Plan) -> None:
    from r57cli.validate.engine import _check_batch

    path = plan.dir / "tasks" / "ndta" / "T-001.yaml"
    good = blob_id(path.read_bytes())
    assert [r[0] for r in _check_batch(str(plan.dir), [("tasks/ndta/T-001.yaml", good)])] == [
        "tasks/ndta/T-001.yaml"
    ]
    assert _check_batch(str(plan.dir), [("tasks/ndta/T-001.yaml", "0" * 40)]) == []


def test_linked_worktree_keeps_its_cache_in_the_git_directory(plan: Plan, tmp_path: Path) -> None:
    worktree = tmp_path / "wt"
    git(plan.repo, "worktree", "add", "-q", str(worktree))
    assert (worktree / ".git").is_file()
    validate(worktree / "plan286")
    location = cache_path(worktree / "plan286")
    assert location.is_file()
    assert location.is_relative_to(plan.repo / ".git" / "worktrees")
    assert git(worktree, "status", "--porcelain") == ""


def test_cache_dir_can_be_chosen(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "elsewhere"))
    validate(plan.dir)
    location = cache_path(plan.dir)
    assert set((tmp_path / "elsewhere").iterdir()) == {location, summary_path(location)}
    assert validate(plan.dir).from_cache == 3


def test_unchanged_plan_reuses_the_whole_report(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.validate import crossplan as plancheck

    plan.write_task(task(co_units=["legall"]))
    first = validate(plan.dir)
    assert [d.code for d in first.diagnostics] == ["R57E201"]

    def no_cross_check(*args: object) -> None:
        raise AssertionError("cross-file checks ran although nothing changed")

    monkeypatch.setattr(plancheck, "cross_check", no_cross_check)
    second = validate(plan.dir)
    assert second.diagnostics == first.diagnostics
    assert second.sources.keys() == {"tasks/ndta/T-001.yaml"}
    monkeypatch.undo()
    plan.write_task(task(co_units=["legal"]))  # one byte changes: a full run
    assert validate(plan.dir).diagnostics == []


def test_damaged_summary_is_ignored(plan: Plan) -> None:
    plan.write_task(task(due="2025-02-30"))
    validate(plan.dir)
    location = summary_path(cache_path(plan.dir))
    doc = json.loads(location.read_bytes())
    doc["result"]["d"] = [["R57E999", "x", 1, 1, {}, 1, []]]
    location.write_text(json.dumps(doc), encoding="utf-8")
    assert [d.code for d in validate(plan.dir).diagnostics] == ["R57E104"]
