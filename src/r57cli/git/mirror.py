"""Bare mirrors of member repositories (r57 report --federation): fetched with git itself,
hardened for untrusted remotes, bounded in time and size, with progress read from git's own
`--progress` lines.

What a hostile member cannot do through this module:
- run code: only git's https, ssh, git and file transports are allowed (GIT_ALLOW_PROTOCOL
  covers redirects and any nested fetch); the mirror is bare, so no checkout runs smudge
  filters, LFS or submodules; hooks point at an empty folder; the URL comes after `--`;
- hang the run: a fetch is killed (with its process group) after the member's time limit,
  and git never prompts for a password (GIT_TERMINAL_PROMPT=0, ssh BatchMode);
- fill the disk: the mirror's size is watched while it fetches and the fetch killed past
  the limit, its partial pack removed;
- smuggle malformed objects: every received object is checked (transfer.fsckObjects).
GitPython's clone/fetch progress wraps the same `--progress` text; r57 reads it directly,
because importing GitPython costs ~0.2 s of start-up on every run (docs/design.md)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from r57cli.git.repo import _env

ALLOWED_PROTOCOLS = "https:ssh:git:file"
TIP_REF = "refs/r57/tip"
_PROGRESS = re.compile(rb"(Counting|Compressing|Receiving|Resolving) (?:objects|deltas):\s+(\d+)%")
_HOOKS = "hooks-none"  # an empty folder inside the mirror, as core.hooksPath

Progress = Callable[[str, int], None]  # (phase, percent)


@dataclass(slots=True)
class Fetched:
    """What one fetch did. `error` is None on success, else one of: unreachable, timeout,
    auth, no-branch, too-big, refused, failed; `detail` is git's own last words."""

    tip: str | None
    previous: str | None
    error: str | None = None
    detail: str = ""
    seconds: float = 0.0
    # After a fetch that worked: the refs under refs/r57/rewritten/, (object, name) each,
    # read by the same git call as the tip (None: not read).
    rewritten: list[tuple[str, str]] | None = None


def mirror_env() -> dict[str, str]:
    env = _env()
    env["GIT_ALLOW_PROTOCOL"] = ALLOWED_PROTOCOLS
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=20")
    env["GIT_LFS_SKIP_SMUDGE"] = "1"
    for name in ("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXEC_PATH"):
        env.pop(name, None)
    return env


def git(mirror: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(
        ["git", "--git-dir", str(mirror), *args],
        capture_output=True,
        env=mirror_env(),
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if check and proc.returncode != 0:
        raise OSError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return proc


HARDENED = "r57-hardened"  # written once the settings are in: a warm run spawns no git config


def ensure_mirror(mirror: Path) -> None:
    """A bare repository at `mirror` with the hardening settings, made if missing."""
    marker = mirror / HARDENED
    if (mirror / "HEAD").exists() and marker.is_file() and marker.read_text() == str(mirror):
        return
    if not (mirror / "HEAD").exists():
        mirror.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "init", "-q", "--bare", str(mirror)],
            capture_output=True,
            env=mirror_env(),
            check=True,
        )
    (mirror / _HOOKS).mkdir(exist_ok=True)
    settings = {
        "core.hooksPath": str(mirror / _HOOKS),
        "core.fsmonitor": "false",
        "transfer.fsckObjects": "true",
        "fetch.fsckObjects": "true",
        "fetch.recurseSubmodules": "false",
        "gc.autoDetach": "false",
    }
    for key, value in settings.items():
        git(mirror, "config", key, value)
    marker.write_text(str(mirror))


def tip(mirror: Path) -> str | None:
    proc = git(mirror, "rev-parse", "-q", "--verify", f"{TIP_REF}^{{commit}}", check=False)
    out = proc.stdout.decode().strip()
    return out if proc.returncode == 0 and out else None


_HEX = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def stored_tip(mirror: Path) -> str | None:
    """tip(), read from the mirror's ref files when they say it plainly (a loose ref, or
    packed-refs), without starting git: one process less per member and run. Anything
    else (a symbolic ref, a reftable, a ref that names no commit) asks git."""
    try:
        loose = (mirror / TIP_REF).read_bytes().decode("ascii").strip()
    except FileNotFoundError:
        loose = None
    except (OSError, UnicodeDecodeError):
        return tip(mirror)
    found = loose
    if found is None and not (mirror / "reftable").exists():
        try:
            packed = (mirror / "packed-refs").read_bytes().decode("ascii")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return tip(mirror)
        lines = packed.splitlines()
        for i, line in enumerate(lines):
            obj, _, name = line.partition(" ")
            if name == TIP_REF:
                peeled = i + 1 < len(lines) and lines[i + 1].startswith("^")
                found = None if peeled else obj  # an annotated tag: git peels it
                break
        else:
            return None
    if found is None or not _HEX.fullmatch(found):
        return tip(mirror)
    return found


def fetched_refs(mirror: Path) -> tuple[str | None, list[tuple[str, str]]]:
    """The tip (a commit) and the kept rewrites, by one git call (for-each-ref) where
    three ran before (rev-parse, for-each-ref and, for an unmoved tip, nothing less)."""
    out = git(
        mirror,
        "for-each-ref",
        "--format=%(objectname) %(objecttype) %(refname)",
        "refs/r57/",
        check=False,
    ).stdout.decode("ascii", "replace")
    found: str | None = None
    kind = ""
    rewritten: list[tuple[str, str]] = []
    for line in out.splitlines():
        obj, _, rest = line.partition(" ")
        kind_of, _, ref = rest.partition(" ")
        if ref == TIP_REF:
            found, kind = obj, kind_of
        elif ref.startswith("refs/r57/rewritten/"):
            rewritten.append((obj, ref))
    if found is not None and kind != "commit":
        found = tip(mirror)  # not a commit itself: peeled (or refused) by git
    return found, rewritten


def is_ancestor(mirror: Path, old: str, new: str) -> bool:
    return git(mirror, "merge-base", "--is-ancestor", old, new, check=False).returncode == 0


def is_shallow(mirror: Path) -> bool:
    return (mirror / "shallow").exists()


def mirror_size(mirror: Path) -> int:
    total = 0
    pending = [str(mirror / "objects")]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    total += entry.stat(follow_symlinks=False).st_size
    return total


def fetch(
    mirror: Path,
    url: str,
    branch: str,
    *,
    timeout: float,
    max_bytes: int,
    progress: Progress | None = None,
) -> Fetched:
    """Fetch `branch` of `url` into `mirror`'s TIP_REF (forced: a rewritten history is
    taken, and the caller compares it with the previous tip)."""
    ensure_mirror(mirror)
    previous = stored_tip(mirror)
    started = time.monotonic()
    args = [
        "git",
        "--git-dir",
        str(mirror),
        "fetch",
        "--no-tags",
        "--no-recurse-submodules",
        "--no-write-fetch-head",
        "--update-shallow",
        "--progress",
        "--",
        url,
        f"+refs/heads/{branch}:{TIP_REF}",
    ]
    child = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=mirror_env(),
        start_new_session=True,
    )
    lines: list[bytes] = []
    reader = threading.Thread(target=_read_progress, args=(child, lines, progress), daemon=True)
    reader.start()
    error = None
    next_size_check = started
    while child.poll() is None:
        now = time.monotonic()
        if now - started > timeout:
            error = "timeout"
        elif now >= next_size_check:
            next_size_check = now + 0.2
            if mirror_size(mirror) > max_bytes:
                error = "too-big"
        if error:
            _kill(child)
            break
        # Woken the moment git exits, when it closes its stderr (the reader ends): a small
        # fetch takes ~0.1 s, and Popen.wait(timeout) polls, sleeping up to 50 ms.
        if reader.is_alive():
            reader.join(timeout=0.05)
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=0.05)
    reader.join(timeout=5)
    seconds = time.monotonic() - started
    text = b"\n".join(lines).decode("utf-8", "replace")
    if error:
        _drop_partial(mirror)
        old = _peeled(mirror, previous)
        return Fetched(old, old, error, _last_words(text), seconds)
    if child.returncode != 0:
        old = _peeled(mirror, previous)
        return Fetched(old, old, classify(text), _last_words(text), seconds)
    if mirror_size(mirror) > max_bytes:
        # Fetched faster than the watch could see: undo it, objects and all.
        if previous:
            git(mirror, "update-ref", TIP_REF, previous, check=False)
        else:
            git(mirror, "update-ref", "-d", TIP_REF, check=False)
        git(mirror, "-c", "gc.reflogExpire=now", "reflog", "expire", "--all", check=False)
        git(mirror, "prune", "--expire=now", check=False)
        git(mirror, "repack", "-a", "-d", "-q", check=False)
        old = _peeled(mirror, previous)
        return Fetched(old, old, "too-big", "", seconds)
    fresh, rewritten = fetched_refs(mirror)
    return Fetched(fresh, previous, None, "", seconds, rewritten)


def _peeled(mirror: Path, previous: str | None) -> str | None:
    """The last data fetched, when this fetch failed: the commit, as git names it (the
    ref file read before the fetch is not checked to name a commit)."""
    return tip(mirror) if previous else None


def _read_progress(
    child: subprocess.Popen[bytes], lines: list[bytes], progress: Progress | None
) -> None:
    stream = child.stderr
    if stream is None:
        return
    pending = b""
    while True:
        chunk = stream.read1(4096) if hasattr(stream, "read1") else stream.read(4096)
        if not chunk:
            break
        pending += chunk
        *done, pending = re.split(rb"[\r\n]", pending)
        for line in done:
            found = _PROGRESS.search(line)
            if found:
                if progress is not None:
                    progress(found.group(1).decode(), int(found.group(2)))
            elif line.strip():
                lines.append(line.strip()[:500])
                del lines[:-20]
    if pending.strip() and not _PROGRESS.search(pending):
        lines.append(pending.strip()[:500])


def _kill(child: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()
    child.wait()


def _drop_partial(mirror: Path) -> None:
    """What a killed fetch leaves: temporary packs and objects, never referenced."""
    pack = mirror / "objects" / "pack"
    for entry in pack.glob("tmp_*") if pack.is_dir() else []:
        entry.unlink(missing_ok=True)
    for entry in (mirror / "objects").glob("incoming-*"):
        shutil.rmtree(entry, ignore_errors=True)


_KINDS = (
    ("refused", ("transport '", "not allowed")),
    (
        "auth",
        (
            "authentication failed",
            "permission denied",
            "could not read username",
            "could not read password",
            "access denied",
            "403",
            "401",
        ),
    ),
    ("no-branch", ("couldn't find remote ref", "could not find remote ref")),
    (
        "unreachable",
        (
            "could not resolve host",
            "connection refused",
            "unable to access",
            "does not appear to be a git repository",
            "repository not found",
            "not found",
            "unable to connect",
            "connection timed out",
            "no route to host",
            "could not read from remote repository",
        ),
    ),
)


def classify(text: str) -> str:
    low = text.lower()
    for kind, needles in _KINDS:
        if kind == "refused":
            if all(n in low for n in needles):
                return kind
            continue
        if any(n in low for n in needles):
            return kind
    return "failed"


def _last_words(text: str) -> str:
    """git's own explanation: its first fatal/error line (the precise one, e.g. "'/x' does
    not appear to be a git repository"), then the last line if different."""
    words = [line.strip() for line in text.splitlines() if line.strip()]
    first = next(
        (w for w in words if w.startswith(("fatal:", "error:"))), words[0] if words else ""
    )
    shown = [first] + ([words[-1]] if words and words[-1] != first else [])
    return " / ".join(shown)[:600]
