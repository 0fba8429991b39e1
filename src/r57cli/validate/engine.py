"""`r57 validate` as a function: read every plan file, check it, return all problems."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from r57cli.fingerprint import blob_id, code_fingerprint
from r57cli.locale.messages import Severity
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.discovery import plan_files
from r57cli.plan.planfile import read_plan_file
from r57cli.validate.cache import (
    SummaryCache,
    ValidationCache,
    cache_path,
    plan_key,
    summary_ok,
    summary_path,
    well_formed,
)
from r57cli.validate.cap import cap_per_file, problems

_PLAN_FILE = re.compile(r"(?:plan|units)\.yaml\Z|tasks/[^/]+/[^/]+\.ya?ml\Z")

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 1500


# What the cache stores for one file: its diagnostics and the facts cross-file checks need.
CachedResult = dict[str, Any]  # {"d": [diagnostic as list, ...], "f": facts dict or None}


@dataclass(slots=True)
class ValidationResult:
    plan_dir: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    from_cache: int = 0
    language: str | None = None
    # The bytes that were checked, for files with diagnostics: renderers quote these lines.
    sources: dict[str, bytes] = field(default_factory=dict)
    # r57 check: how many commits of the range were checked (None for r57 validate).
    commits: int | None = None
    # The blob id of every plan file read, by plan-relative path.
    blobs: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Errors found, those left unlisted by the per-file cap included."""
        return sum(problems(d) for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(problems(d) for d in self.diagnostics if d.severity is Severity.WARNING)

    def failed(self, strict: bool) -> bool:
        """Whether the run fails: on errors, and with --strict on warnings too."""
        return self.errors > 0 or (strict and self.warnings > 0)


def _check_batch(
    plan_dir: str, batch: list[tuple[str, str]]
) -> list[tuple[str, str, CachedResult]]:
    """Worker entry point: check files whose bytes the worker reads itself."""
    from r57cli.validate.files import check_file

    out = []
    for relpath, blob in batch:
        raw, _problem = read_plan_file(Path(plan_dir), relpath)
        if raw is None or blob_id(raw) != blob:
            continue  # changed since the parent read it: the parent checks its own copy
        out.append((relpath, blob, check_file(relpath, raw).to_cache()))
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """Parsing 10,000 files allocates millions of small objects and no reference cycles;
    the cyclic collector would rescan them over and over (measured: 2-3x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


Overrides = dict[str, bytes | None]


def validate(
    plan_dir: Path,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
    overrides: Overrides | None = None,
    today: date | None = None,
    known: dict[str, str] | None = None,
) -> ValidationResult:
    """Check every file of the plan at `plan_dir` and the plan as a whole.

    `overrides` maps plan-relative paths to the bytes to check instead of the file's (None:
    leave the file out), so a change can be judged before it is written. `today` judges
    completion dates (default: today_anywhere()). `known` maps paths to the blob id their
    file holds (the federation's copy-out manifest): a file whose result is cached under it
    is not read at all; one that turns out to differ makes a run that reads every file."""
    overrides = overrides or {}
    day = today or today_anywhere()
    args: dict[str, Any] = {"jobs": jobs, "overrides": overrides, "today": day}
    with _no_gc():
        if not use_cache:
            return _validate(plan_dir, use_cache=False, **args)
        try:
            try:
                return _validate(plan_dir, use_cache=True, known=known or {}, **args)
            except _Stale:
                return _validate(plan_dir, use_cache=True, **args)
        except Exception:
            # A cache entry of the right shape with nonsense inside (edited by hand, or a
            # disk error). Start the cache afresh; a second failure is a real bug and shows.
            location = cache_path(plan_dir)
            location.unlink(missing_ok=True)
            summary_path(location).unlink(missing_ok=True)
            return _validate(plan_dir, use_cache=True, **args)


class _Stale(Exception):
    """A file does not hold the blob `known` said: validate() reads every file instead."""


def _lazy(plan_dir: Path, relpath: str, blob: str, raws: dict[str, bytes]) -> bytes:
    if relpath not in raws:
        raw, _problem = read_plan_file(plan_dir, relpath)
        if raw is None or blob_id(raw) != blob:
            raise _Stale(relpath)
        raws[relpath] = raw
    return raws[relpath]


def _with_overrides(files: list[str], overrides: Overrides) -> list[str]:
    if not overrides:
        return files
    listed = set(files)
    added = [
        p
        for p, raw in overrides.items()
        if raw is not None and p not in listed and _PLAN_FILE.match(p)
    ]
    kept = [p for p in files if not (p in overrides and overrides[p] is None)]
    head = [p for p in ("plan.yaml", "units.yaml") if p in kept or p in added]
    return head + sorted(p for p in set(kept) | set(added) if p not in head)


def _validate(
    plan_dir: Path,
    *,
    use_cache: bool,
    jobs: int | None,
    overrides: Overrides,
    today: date,
    known: dict[str, str] | None = None,
) -> ValidationResult:
    result = ValidationResult(plan_dir)
    files, notes = plan_files(plan_dir)
    files = _with_overrides(files, overrides)
    result.files = len(files)
    raws: dict[str, bytes] = {}
    blobs: dict[str, str] = {}
    unreadable: dict[str, CachedResult] = {}
    for relpath in files:
        given = overrides.get(relpath)
        if given is not None:
            raws[relpath], blobs[relpath] = given, blob_id(given)
            continue
        if known and relpath in known:  # read below, if its result is not cached
            blobs[relpath] = known[relpath]
            continue
        raw, problem = read_plan_file(plan_dir, relpath)
        if raw is None:
            assert problem is not None
            unreadable[relpath] = {"d": [problem.to_cache()], "f": None}
        else:
            raws[relpath], blobs[relpath] = raw, blob_id(raw)
    fingerprint = code_fingerprint() if use_cache else ""
    location = cache_path(plan_dir)
    summary = SummaryCache(summary_path(location)) if use_cache else None
    key = plan_key(fingerprint, blobs, today) if summary is not None and not unreadable else None
    hit = summary.get(key) if summary is not None and key is not None else None
    if hit is not None and summary_ok(hit):
        # Not one byte changed since the last run: its report stands as it was.
        diagnostics = [Diagnostic.from_cache(d) for d in hit["d"]]
        result.language = hit["language"]
        result.from_cache = len(files)
    else:
        cache = ValidationCache.open(location, fingerprint) if use_cache else None
        per_file = dict(unreadable)
        todo: dict[str, tuple[str, bytes]] = {}
        for relpath, blob in blobs.items():
            cached = cache.get(relpath, blob) if cache is not None else None
            if cached is not None and well_formed(relpath, cached):  # else a miss, not a crash
                per_file[relpath] = cached
                result.from_cache += 1
            else:
                todo[relpath] = (blob, _lazy(plan_dir, relpath, blob, raws))
        for relpath, blob, checked in _check_all(plan_dir, todo, jobs):
            per_file[relpath] = checked
            if cache is not None:
                cache.put(relpath, blob, checked)
        if cache is not None:
            cache.retain(set(per_file))
            cache.save()
        # Path order, whatever came from the cache: the same plan always gives the same report.
        diagnostics = _collect({relpath: per_file[relpath] for relpath in files}, today)
        plan_facts = per_file.get("plan.yaml", {}).get("f") or {}
        result.language = plan_facts.get("language")
        if summary is not None and key is not None:
            summary.put(
                key, {"d": [d.to_cache() for d in diagnostics], "language": result.language}
            )
    result.diagnostics = sorted(cap_per_file(diagnostics + notes), key=Diagnostic.sort_key)
    result.sources = {
        d.path: _lazy(plan_dir, d.path, blobs[d.path], raws)
        for d in result.diagnostics
        if d.path in blobs
    }
    result.blobs = blobs
    return result


def _usable_cpus() -> int:
    # sched_getaffinity honours taskset and container CPU sets; cpu_count does not.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _check_all(
    plan_dir: Path, todo: dict[str, tuple[str, bytes]], jobs: int | None
) -> list[tuple[str, str, CachedResult]]:
    if not todo:
        return []  # all cached: do not even import pydantic and the models
    from r57cli.validate.files import check_file

    workers = min(jobs if jobs is not None else _usable_cpus(), 8, len(todo))
    worth_it = jobs is not None or len(todo) >= PARALLEL_THRESHOLD
    done: list[tuple[str, str, CachedResult]] = []
    if workers > 1 and worth_it:
        done = _in_workers(plan_dir, todo, workers)
    # Serially: everything on one worker, or what the workers could not check.
    finished = {p for p, _, _ in done}
    for relpath, (blob, raw) in todo.items():
        if relpath not in finished:
            done.append((relpath, blob, check_file(relpath, raw).to_cache()))
    return done


def _in_workers(
    plan_dir: Path, todo: dict[str, tuple[str, bytes]], workers: int
) -> list[tuple[str, str, CachedResult]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    items = [(p, blob) for p, (blob, _raw) in todo.items()]
    chunks = [items[i::workers] for i in range(workers)]
    # On Linux, fork shares the already-imported modules, so workers start in milliseconds.
    # Elsewhere use the platform's default: macOS made spawn the default because fork is
    # unsafe there.
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    done: list[tuple[str, str, CachedResult]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_check_batch, os.fspath(plan_dir), chunk) for chunk in chunks]
        for future in futures:
            try:
                done.extend(future.result())
            except (
                Exception
            ):  # a worker died (out of memory, killed): its files are redone serially
                continue
    return done


def today_anywhere() -> date:
    """The latest date on Earth now (UTC+14), or R57_TODAY: a date after it is in the future
    wherever the plan is kept, so the check never flags a date that is today somewhere."""
    pinned = os.environ.get("R57_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass  # the staff commands reject a bad R57_TODAY with a message; here use the clock
    return datetime.now(timezone(timedelta(hours=14))).date()


def _collect(per_file: dict[str, CachedResult], today: date) -> list[Diagnostic]:
    """Per-file diagnostics plus the cross-file checks over the files' facts."""
    from r57cli.validate.crossplan import cross_check

    diagnostics: list[Diagnostic] = []
    facts: dict[str, dict[str, Any]] = {}
    for relpath, checked in per_file.items():
        diagnostics.extend(Diagnostic.from_cache(d) for d in checked["d"])
        if checked["f"] is not None:
            facts[relpath] = checked["f"]
        elif relpath in ("plan.yaml", "units.yaml"):
            facts[relpath] = {}  # present but unusable: do not also report it missing
    unusable = [p for p in per_file if p.startswith("tasks/") and p not in facts]
    diagnostics.extend(cross_check(facts, unusable, today))
    return diagnostics


def validate_change(
    plan_dir: Path, blobs_before: dict[str, str], relpath: str, before: bytes, after: bytes
) -> ValidationResult | None:
    """The report for the plan `blobs_before` with one file changed from `before` to
    `after`, derived from the stored report of `blobs_before`, or None when it cannot be.

    Cross-file checks read only each file's facts (IDs, references, dates and their
    positions). When the change leaves the file's facts exactly as they were, every
    cross-file verdict stands; only the file's own problems are swapped. Progress updates
    never touch facts, so on a 10,000-task plan they skip loading the per-file cache and
    re-running the cross-file checks (measured in benchmarks/bench_update.py)."""
    from r57cli.validate.files import check_file

    fingerprint = code_fingerprint()
    today = today_anywhere()
    summary = SummaryCache(summary_path(cache_path(plan_dir)))
    hit = summary.get(plan_key(fingerprint, blobs_before, today))
    if hit is None or not summary_ok(hit) or blobs_before.get(relpath) != blob_id(before):
        return None
    with _no_gc():
        old = check_file(relpath, before).to_cache()
        new = check_file(relpath, after).to_cache()
    if old["f"] is None or old["f"] != new["f"]:
        return None
    remaining = [json.dumps(d, sort_keys=True) for d in hit["d"]]
    for gone in old["d"]:
        try:
            remaining.remove(json.dumps(gone, sort_keys=True))
        except ValueError:
            return None  # the stored report does not hold this file's problems: recompute
    kept = [Diagnostic.from_cache(json.loads(d)) for d in remaining]
    diagnostics = kept + [Diagnostic.from_cache(d) for d in new["d"]]
    blobs_after = dict(blobs_before)
    blobs_after[relpath] = blob_id(after)
    summary.put(
        plan_key(fingerprint, blobs_after, today),
        {"d": [d.to_cache() for d in diagnostics], "language": hit["language"]},
    )
    _files, notes = plan_files(plan_dir)
    result = ValidationResult(plan_dir, files=len(blobs_after), from_cache=len(blobs_after) - 1)
    result.language = hit["language"]
    result.diagnostics = sorted(cap_per_file(diagnostics + notes), key=Diagnostic.sort_key)
    for d in result.diagnostics:
        if d.path == relpath:
            result.sources[d.path] = after
        elif d.path not in result.sources:
            raw, _problem = read_plan_file(plan_dir, d.path)
            if raw is not None:
                result.sources[d.path] = raw
    return result
