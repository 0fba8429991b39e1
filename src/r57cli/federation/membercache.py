"""A member's built report kept in its mirror, under a key of everything it depends on:
r57's code, the member's fetched commit (and its shallow boundary), the periods, the day
and the options. An hourly run where a few members moved then rebuilds only those; the
others are a file read each, in the workers. The file is checked whole (a digest of its
body) before it is read: a damaged or foreign file is a miss, never a crash. It is as
trusted as the mirror it is in, which only r57 writes (members send git objects, never
files of the cache)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

MAGIC = b"r57-member-built-1\n"
FOLDER = "r57-built"
KEEP = 6  # per member: the scheduled workflow's four outputs (3 periods, JSON apart) and two more


def key(mirror: Path, tip: str, plan_rel: str, options: tuple[Any, ...]) -> str:
    from r57cli.fingerprint import code_fingerprint

    try:
        shallow = (mirror / "shallow").read_bytes()
    except OSError:
        shallow = b""
    material = repr((code_fingerprint(), tip, plan_rel, shallow, options))
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def read(mirror: Path, name: str) -> bytes | None:
    """The kept pickle's bytes, whole and r57's own (its digest checked), else None."""
    try:
        raw = (mirror / FOLDER / f"{name}.pkl").read_bytes()
    except OSError:
        return None
    cut = len(MAGIC) + 32
    head, digest, body = raw[: len(MAGIC)], raw[len(MAGIC) : cut], raw[cut:]
    if head != MAGIC or hashlib.sha256(body).digest() != digest:
        return None
    return body


def loads(body: bytes, kind: type) -> Any | None:
    """The object in `body` if it is a `kind`; None for anything else (never raises)."""
    try:
        value = pickle.loads(body)  # noqa: S301 - digest-checked, written by r57 (above)
    except Exception:  # noqa: BLE001 - a file of another shape: a miss
        return None
    return value if isinstance(value, kind) else None


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def write(mirror: Path, name: str, body: bytes) -> None:
    """`body` (dumps()) kept whole or not at all; the oldest beyond KEEP removed. Never
    fails the report."""
    with contextlib.suppress(OSError):
        root = mirror / FOLDER
        root.mkdir(exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".built-", dir=root)
        with os.fdopen(handle, "wb") as f:
            f.write(MAGIC + hashlib.sha256(body).digest() + body)
        Path(tmp).replace(root / f"{name}.pkl")
        kept = sorted(root.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
