"""Each member of a federation as the synthesis sees it: its mirror fetched (in parallel,
bounded), its plan files at the fetched commit copied out as plain files (never a checkout),
and every fault that would make its figures incomplete or untrue, kept to be shown."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from r57cli.git import mirror
from r57cli.plan.planfile import MAX_FILE_BYTES

STAMP = "r57-member.json"
EXPORT = "r57-plan"
MANIFEST = ".r57-files"  # in EXPORT: path -> blob id of every file there
_BLOB = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# A regular file under the plan folder that the synthesis reads: plan.yaml, units.yaml and
# tasks/<unit>/<ID>.yaml (anything else is not copied out).
_WANTED_DEPTH = {"plan.yaml": 1, "units.yaml": 1}
MAX_PLAN_FILES = 50_000

Progress = Callable[[str, str, int], None]  # (member id, phase, percent)


@dataclass
class Fault:
    """Something that makes a member's figures missing, old or possibly untrue."""

    kind: str  # fetch: unreachable timeout auth no-branch too-big refused failed; rewritten,
    # shallow, never-fetched, no-plan, invalid, unsafe-files, offline
    detail: str = ""
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class MemberState:
    id: str
    info: dict[str, Any]  # the federation.yaml entry
    mirror: Path
    tip: str | None = None
    fetched_at: str | None = None  # when the data was last fetched (ISO, UTC)
    plan_dir: Path | None = None  # the plan files at `tip`, copied out
    faults: list[Fault] = field(default_factory=list)
    seconds: float = 0.0
    moved: bool = False  # this run's fetch brought a new tip

    @property
    def plan_rel(self) -> str:
        folder = str(self.info.get("plan") or ".").strip("/")
        return "" if folder in ("", ".") else folder + "/"

    @property
    def has_data(self) -> bool:
        return self.tip is not None and self.plan_dir is not None


def cache_root(folder: Path) -> Path:
    """Where the mirrors live: R57_CACHE_DIR, else the steering repository's git dir."""
    override = os.environ.get("R57_CACHE_DIR")
    if override:
        return Path(override) / "federation"
    from r57cli.git.repo import git_dir

    found = git_dir(folder)
    if found is not None:
        return found / "r57" / "federation"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "r57" / "federation"


def prepare(
    members: list[dict[str, Any]],
    root: Path,
    *,
    offline: bool,
    jobs: int,
    timeout: float,
    max_bytes: int,
    progress: Progress | None = None,
    ready: Callable[[MemberState], None] | None = None,
) -> list[MemberState]:
    """Every member fetched (unless offline) and its plan copied out, in federation order;
    `ready` is told of each member as soon as its own are done (from its fetch thread)."""
    states = [MemberState(str(m["id"]), m, root / f"{m['id']}.git") for m in members]

    def one(state: MemberState) -> MemberState:
        step = (lambda phase, pct: progress(state.id, phase, pct)) if progress else None
        from r57cli.federation.timing import step as timed

        with timed(state.id, "fetch"):
            _fetch(state, offline, timeout, max_bytes, step)
        if state.tip is not None:
            with timed(state.id, "export"):
                _export(state)
        if ready is not None:
            ready(state)
        if progress:
            progress(state.id, "done", 100)
        return state

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(states)))) as pool:
        return list(pool.map(one, states))


def _read_stamp(state: MemberState) -> dict[str, Any]:
    try:
        data = json.loads((state.mirror / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fetch(
    state: MemberState,
    offline: bool,
    timeout: float,
    max_bytes: int,
    step: Callable[[str, int], None] | None,
) -> None:
    stamp = _read_stamp(state)
    last = stamp.get("fetched_at")
    state.fetched_at = last if isinstance(last, str) else None
    have = (state.mirror / "HEAD").exists()
    if offline:
        state.tip = mirror.tip(state.mirror) if have else None
        if state.tip is None:  # not a fault to fix first: the run did not fetch
            state.faults.append(Fault("never-fetched", "--offline"))
        else:
            state.faults.append(Fault("offline"))
            _rewritten(state)
        return
    got = mirror.fetch(
        state.mirror,
        str(state.info["url"]),
        str(state.info.get("branch") or "main"),
        timeout=timeout,
        max_bytes=max_bytes,
        progress=step,
    )
    state.seconds = got.seconds
    if got.error:
        state.faults.append(Fault(got.error, got.detail))
        state.tip = got.previous  # the last data fetched, shown with its age
        if state.tip is None:
            state.faults.append(Fault("never-fetched"))
        return
    state.tip = got.tip
    state.moved = got.tip != got.previous
    moved = got.previous and got.tip and got.previous != got.tip
    kept = got.rewritten
    if moved and not mirror.is_ancestor(state.mirror, str(got.previous), str(got.tip)):
        # A force-push: past reports read from the old history could change. Keep the old
        # tip reachable, to compare and to prove it; the fault stays until accepted.
        keep = f"refs/r57/rewritten/{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        done = mirror.git(state.mirror, "update-ref", keep, str(got.previous), check=False)
        if kept is not None and done.returncode == 0 and keep not in {r for _o, r in kept}:
            kept = sorted([*kept, (str(got.previous), keep)], key=lambda x: x[1])
        elif kept is not None:
            kept = None  # read them again
    _rewritten(state, kept)
    url = stamp.get("url")
    if isinstance(url, str) and url != state.info["url"]:
        state.faults.append(Fault("url-changed", "", {"old": url}))
    if mirror.is_shallow(state.mirror):
        state.faults.append(Fault("shallow"))
    state.fetched_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    stamp = {"tip": got.tip, "fetched_at": state.fetched_at, "url": state.info["url"]}
    tmp = state.mirror / f"{STAMP}.tmp"
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    tmp.replace(state.mirror / STAMP)


def _rewritten(state: MemberState, kept: list[tuple[str, str]] | None = None) -> None:
    """Every rewrite kept under refs/r57/rewritten/ is a fault until accepted
    (accept_rewrites), however many runs later: a force-push must not hide after one run.
    `kept`: those refs as the fetch read them already (mirror.fetched_refs)."""
    if kept is None:
        out = mirror.git(
            state.mirror,
            "for-each-ref",
            "--format=%(objectname) %(refname)",
            "refs/r57/rewritten/",
            check=False,
        ).stdout.decode("ascii", "replace")
        kept = [(o, r) for o, _, r in (line.partition(" ") for line in out.splitlines())]
    for old, ref in kept:
        when = ref.rsplit("/", 1)[-1]
        state.faults.append(Fault("rewritten", when, {"old": old, "new": state.tip}))


def accept_rewrites(root: Path, member: str) -> int:
    """--accept-rewritten MEMBER: the rewrites of `member` checked and accepted; how many."""
    path = root / f"{member}.git"
    if not (path / "HEAD").exists():
        return 0
    out = mirror.git(
        path, "for-each-ref", "--format=%(refname)", "refs/r57/rewritten/", check=False
    )
    refs = out.stdout.decode("ascii", "replace").split()
    for ref in refs:
        mirror.git(path, "update-ref", "-d", ref, check=False)
    return len(refs)


def _export(state: MemberState) -> None:
    """The plan folder's files at the tip, as plain files in the mirror's EXPORT folder.
    Only regular blobs at the places plan files live are written; a symbolic link, a
    submodule or an oversized file is a fault, never followed. When the tip moves, only the
    files whose blob changed are rewritten (the folder's manifest maps each file to its
    blob: content-addressed, so it holds across a rewritten history too)."""
    assert state.tip is not None
    target = state.mirror / EXPORT
    marker = target / ".r57-tip"
    try:
        if marker.read_text(encoding="ascii").strip() == state.tip:
            state.plan_dir = target
            return
    except OSError:
        pass
    wanted = _wanted(state)
    if wanted is None:
        return
    from r57cli.git.reads import read_blobs
    from r57cli.git.repo import Repo

    had = _manifest(target)
    if had is None:
        fresh = state.mirror / f"{EXPORT}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        change, drop, into = wanted, {}, fresh
    else:
        # The manifest and the tip go first: a run cut short here rebuilds next time.
        (target / MANIFEST).unlink()
        marker.unlink(missing_ok=True)
        change = {rel: blob for rel, blob in wanted.items() if had.get(rel) != blob}
        drop = {rel: blob for rel, blob in had.items() if rel not in wanted}
        into = target
    blobs = read_blobs(Repo(state.mirror, state.mirror), sorted(set(change.values())))
    for rel in drop:
        (into / rel).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # a unit's folder left empty goes too
            (into / rel).parent.rmdir()
    for rel, blob in change.items():
        dest = into / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.unlink(missing_ok=True)
        dest.write_bytes(blobs.get(blob, b""))
    (into / MANIFEST).write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
    (into / ".r57-tip").write_text(state.tip, encoding="ascii")
    if into is not target:
        shutil.rmtree(target, ignore_errors=True)
        into.replace(target)
    state.plan_dir = target


def _wanted(state: MemberState) -> dict[str, str] | None:
    """The plan files at the tip, path -> blob id; None (and a fault) when there is no
    plan to report from."""
    assert state.tip is not None
    prefix = state.plan_rel
    listing = mirror.git(
        state.mirror, "ls-tree", "-r", "-z", "--full-tree", "-l", state.tip, "--", prefix or "."
    ).stdout.decode("utf-8", "surrogateescape")
    wanted: dict[str, str] = {}
    unsafe: list[str] = []
    for entry in listing.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) != 4 or not path.startswith(prefix):
            continue
        rel = path[len(prefix) :]
        mode, kind, blob, size = parts
        if not _is_plan_path(rel):
            continue
        if kind != "blob" or mode not in ("100644", "100755"):
            unsafe.append(f"{rel} ({'symlink' if mode == '120000' else kind})")
        elif not size.isdigit() or int(size) > MAX_FILE_BYTES:
            unsafe.append(f"{rel} ({size} bytes)")
        else:
            wanted[rel] = blob
    if "plan.yaml" not in wanted:
        state.faults.append(Fault("no-plan", prefix or "."))
        return None
    if len(wanted) > MAX_PLAN_FILES:
        state.faults.append(Fault("unsafe-files", "", {"count": len(wanted)}))
        return None
    if unsafe:
        state.faults.append(Fault("unsafe-files", ", ".join(unsafe[:5]), {"count": len(unsafe)}))
    return wanted


def known_blobs(plan_dir: Path) -> dict[str, str]:
    """The blob id of every file of a copied-out plan, by path, as its manifest says."""
    return _manifest(plan_dir) or {}


def _manifest(target: Path) -> dict[str, str] | None:
    """What the export folder holds, path -> blob id; None when it cannot be trusted to
    (missing, cut short, or not of r57's making): the folder is then built afresh."""
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and _is_plan_path(k) and isinstance(v, str) and _BLOB.fullmatch(v)
        for k, v in data.items()
    ):
        return None
    return data


def _is_plan_path(rel: str) -> bool:
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0] in _WANTED_DEPTH
    # tasks/<unit>/<name>.yaml, the unit neither empty nor hidden (nor . or ..); run for
    # every file of every member's tree at every copy-out, so spelled out for speed.
    return (
        len(parts) == 3
        and parts[0] == "tasks"
        and parts[1][:1] not in ("", ".")
        and parts[2].endswith(".yaml")
    )
