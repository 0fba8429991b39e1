"""`r57 signing setup`'s work with git and ssh-keygen: find or make an SSH key, read its
public line, and set git's signing settings (gpg.format, user.signingkey,
commit.gpgsign) in one repository or globally."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from r57cli.errors import R57Error
from r57cli.git.repo import _env
from r57cli.locale.texts import say

SETTINGS = ("gpg.format", "user.signingkey", "commit.gpgsign")


def ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise R57Error(say("signing-no-ssh-keygen"))
    return found


def repo_root(cwd: Path) -> Path:
    """The work tree around `cwd`, or an error saying to run in a clone or with --global."""
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise R57Error(say("signing-not-a-repo", path=cwd))
    return Path(proc.stdout.strip())


def make_key(path: Path, comment: str) -> None:
    """A new ed25519 key at `path` (and path.pub), never over an existing file."""
    if path.exists() or path.with_name(path.name + ".pub").exists():
        raise R57Error(say("signing-key-exists", path=path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    args = [ssh_keygen(), "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)]
    proc = subprocess.run(
        args, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
    )
    if proc.returncode != 0:
        raise R57Error(say("signing-keygen-failed", path=path, output=proc.stderr.strip()))


def public_line(path: Path) -> str:
    """`<type> <base64> [comment]` of the key at `path` (a private key or its .pub)."""
    pub = path if path.name.endswith(".pub") else path.with_name(path.name + ".pub")
    if pub.is_file():
        text = pub.read_text(encoding="utf-8", errors="replace").strip()
    else:
        proc = subprocess.run(
            [ssh_keygen(), "-y", "-f", str(path)],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            raise R57Error(say("signing-key-unreadable", path=path, output=proc.stderr.strip()))
        text = proc.stdout.strip()
    if not text.startswith(("ssh-", "ecdsa-", "sk-")) or "\n" in text:
        raise R57Error(say("signing-key-unreadable", path=path, output=text[:80]))
    return text


def configure(root: Path | None, key: Path) -> None:
    """Set the signing settings in `root`'s repository, or globally when root is None."""
    scope = ["--global"] if root is None else ["--local"]
    for name, value in zip(SETTINGS, ("ssh", str(key), "true"), strict=True):
        subprocess.run(
            ["git", "config", *scope, name, value],
            cwd=root,
            env=_env(),
            capture_output=True,
            text=True,
            check=True,
        )


def configured_email(root: Path | None) -> str:
    proc = subprocess.run(
        ["git", "config", "user.email"],
        cwd=root,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip()
