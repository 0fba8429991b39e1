"""The demo's signing keys and identities: one ed25519 key per person, derived from the seed and the
person's id, so the same seed gives the same keys and (ed25519 signatures being
deterministic) the same signed commits, byte for byte.

The private keys are written under the demo's .git/ (r57-demo-keys/), outside the tracked
tree; the public lines go into the demo's units.yaml `ssh_keys`. They are demo keys:
anyone with r57 and the seed can make them, so they prove nothing outside the sandbox."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from r57cli.demo.people import Person

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FOLDER = "r57-demo-keys"


def public_line(seed: int, person: Person) -> str:
    from cryptography.hazmat.primitives import serialization

    key = _private(seed, person).public_key()
    raw = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return raw.decode("ascii")


def write_private(folder: Path, seed: int, person: Person) -> Path:
    """The person's private key in OpenSSH format at folder/<id> (mode 0600)."""
    from cryptography.hazmat.primitives import serialization

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / re.sub(r"[^A-Za-z0-9._-]", "_", person.id)
    if not path.exists():
        raw = _private(seed, person).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
        path.touch(mode=0o600)
        path.write_bytes(raw)
    return path


def _private(seed: int, person: Person) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    material = hashlib.sha256(f"r57-demo-key:{seed}:{person.id}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(material)


def add_keys(units_text: str, lines: dict[str, str]) -> str:
    """units.yaml with an `ssh_keys:` line right after each listed member's `- id:` line,
    at that member's indentation."""
    out: list[str] = []
    for line in units_text.splitlines(keepends=True):
        out.append(line)
        found = re.match(r"(\s*- )id:\s*(\S+)\s*$", line)
        if found and found.group(2) in lines:
            indent = " " * len(found.group(1))
            out.append(f"{indent}ssh_keys: [{lines[found.group(2)]} {found.group(2)}]\n")
    return "".join(out)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def identity(person: Person, at: datetime, key: Path) -> dict[str, str]:
    """Who commits, when, with which key, for one commit only (none in .git/config, so a
    newcomer's next commit there is theirs); GIT_CONFIG_* overrides the user's own setup."""
    stamp = at.isoformat(timespec="seconds")
    config = {
        "gpg.format": "ssh",
        "gpg.ssh.program": "ssh-keygen",
        "user.signingkey": str(key),
        "commit.gpgsign": "true",
    }
    settings = {"GIT_CONFIG_COUNT": str(len(config))}
    for n, (name, value) in enumerate(config.items()):
        settings[f"GIT_CONFIG_KEY_{n}"] = name
        settings[f"GIT_CONFIG_VALUE_{n}"] = value
    return {
        **settings,
        "GIT_AUTHOR_NAME": person.name,
        "GIT_AUTHOR_EMAIL": person.email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": person.name,
        "GIT_COMMITTER_EMAIL": person.email,
        "GIT_COMMITTER_DATE": stamp,
        "R57_TODAY": at.date().isoformat(),
    }
