"""Identities of bytes and of code: the id git gives a file's bytes, and the fingerprint of
the r57 that judges them. Caches are keyed by both, so a hit is never stale."""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

import r57cli


def blob_id(data: bytes) -> str:
    """The id git gives these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def code_fingerprint() -> str:
    """Everything a per-file verdict depends on besides the file: r57's checking code, the
    libraries that parse and validate, and the time-zone database that judges `timezone`.
    Worked out once per process (`r57 demo` records hundreds of reports in one)."""
    return _fingerprint(r57cli.__version__)


@functools.cache
def _fingerprint(r57_version: str) -> str:
    digest = hashlib.sha1(r57_version.encode(), usedforsecurity=False)
    # Every module of the package, not a list of "checking" ones that a refactoring could
    # leave incomplete: reading them costs about a millisecond.
    source = Path(r57cli.__file__).parent
    for module in sorted(source.rglob("*.py")):
        digest.update(module.relative_to(source).as_posix().encode())
        digest.update(module.read_bytes())
    # Versions are read from metadata: importing pydantic here would cost a cached run ~0.1 s.
    from importlib.metadata import PackageNotFoundError, version

    for distribution in ("pydantic", "pydantic-core", "PyYAML", "tzdata"):
        try:
            digest.update(f"{distribution}={version(distribution)};".encode())
        except PackageNotFoundError:
            digest.update(f"{distribution}=none;".encode())
    digest.update(sys.version.encode())
    import zoneinfo

    for folder in zoneinfo.TZPATH:
        try:
            stamp = Path(folder).stat().st_mtime_ns
        except OSError:
            stamp = 0
        digest.update(f"{folder}:{stamp};".encode())
    return digest.hexdigest()
