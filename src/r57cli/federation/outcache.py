"""The finished national report, kept under a key of everything it depends on: r57's code,
federation.yaml, every member's fetched commit and faults, the periods, options and day.
A rerun with nothing new fetched (another reader, the hourly page) is then a file read,
whatever the number of members. The file is untrusted input: a wrong shape is a miss."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from r57cli.federation.members import MemberState

MAGIC = b"r57-national-1\n"
KEEP = 16


def key(parts: tuple[Any, ...], states: list[MemberState]) -> str:
    from r57cli.fingerprint import code_fingerprint

    members = [
        (s.id, s.tip, [(f.kind, f.detail, sorted(f.args.items())) for f in s.faults])
        for s in states
    ]
    stale = [(s.id, s.fetched_at) for s in states if s.faults]
    material = repr((code_fingerprint(), parts, members, stale))
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def read(root: Path, name: str) -> tuple[bytes | str, int] | None:
    """The kept output (text or bytes) and its count of incomplete members."""
    try:
        raw = (root / f"national-{name}.out").read_bytes()
    except OSError:
        return None
    if not raw.startswith(MAGIC):
        return None
    head, sep, body = raw[len(MAGIC) :].partition(b"\n")
    fields = head.split(b" ")
    if not sep or len(fields) != 2 or not fields[0].isdigit() or fields[1] not in (b"s", b"b"):
        return None
    if fields[1] == b"b":
        return body, int(fields[0])
    try:
        return body.decode("utf-8"), int(fields[0])
    except UnicodeDecodeError:
        return None


def write(root: Path, name: str, text: bytes | str, bad: int) -> None:
    """Kept whole or not at all; the oldest beyond KEEP removed. Never fails the report."""
    kind = b"b" if isinstance(text, bytes) else b"s"
    body = text if isinstance(text, bytes) else text.encode("utf-8")
    data = MAGIC + f"{bad} ".encode() + kind + b"\n" + body
    with contextlib.suppress(OSError):
        root.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".national-", dir=root)
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        Path(tmp).replace(root / f"national-{name}.out")
        kept = sorted(root.glob("national-*.out"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
