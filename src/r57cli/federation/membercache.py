"""A member's built report kept in its mirror, under a key of everything it depends on:
r57's code, the member's fetched commit (and its shallow boundary), the periods, the day
and the options. An hourly run where a few members moved then rebuilds only those; the
others are a file read each, in the workers. The file is checked whole (a digest of its
body) before it is read: a damaged or foreign file is a miss, never a crash. It is as
trusted as the mirror it is in, which only r57 writes (members send git objects, never
files of the cache).

A cache is still untrusted input (it may be restored from a CI cache, or written by
hand), and a pickle can name any callable: it is read with an unpickler that builds only
r57's own dataclasses and a short list of plain value types (dates, times, zones, sets), so
a file that names anything else, such as os.system, is a miss, never code run."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Final

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


# The globals a kept report may name besides r57's dataclasses: plain values, no callables
# with effects.
_PLAIN: Final = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


def _zone_getattr(owner: Any, name: str) -> Any:
    """getattr as a pickle of a ZoneInfo asks for it (ZoneInfo._unpickle), and nothing
    else: a free getattr would walk from any class to eval."""
    from zoneinfo import ZoneInfo

    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"getattr of {name} is not r57's data")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        if module.startswith("r57cli.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not r57's data")


def loads(body: bytes, kind: type) -> Any | None:
    """The object in `body` if it is a `kind`; None for anything else (never raises)."""
    try:
        value = _Unpickler(io.BytesIO(body)).load()
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
