"""SSHSIG verified in-process (git/sshsig.py) against real `ssh-keygen -Y verify`: the
in-process answer is "good" exactly when ssh-keygen says so, and otherwise "no" or
"cannot say" (then r57 asks ssh-keygen). Real ssh-keygen, real keys."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

from r57cli.git import sshsig

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")

EMAIL = "an@example.gov.vn"
MESSAGE = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor An\n\nT-001: 40%\n"
KINDS: tuple[tuple[str, list[str]], ...] = (
    ("ed25519", []),
    ("rsa", ["-b", "2048"]),
    ("ecdsa", ["-b", "256"]),
    ("ecdsa", ["-b", "384"]),
)


def _key(folder: Path, name: str, kind: str, extra: list[str]) -> Path:
    path = folder / name
    args = ["ssh-keygen", "-q", "-t", kind, *extra, "-N", "", "-C", name, "-f", str(path)]
    subprocess.run(args, check=True, capture_output=True)
    return path


def _sign(key: Path, message: bytes, namespace: str = "git") -> bytes:
    proc = subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", namespace],
        input=message,
        capture_output=True,
        check=True,
    )
    return proc.stdout


def _signers(key: Path, email: str = EMAIL) -> str:
    kind, blob = key.with_suffix(".pub").read_text("utf-8").split()[:2]
    return f'{email} namespaces="git" {kind} {blob}\n'


def _ssh_keygen(folder: Path, signers: str, signature: bytes, message: bytes, email: str) -> bool:
    (folder / "signers").write_text(signers, encoding="utf-8")
    (folder / "sig").write_bytes(signature)
    args = ["ssh-keygen", "-Y", "verify", "-f", str(folder / "signers"), "-I", email]
    proc = subprocess.run(
        [*args, "-n", "git", "-s", str(folder / "sig")], input=message, capture_output=True
    )
    return proc.returncode == 0


def _tamper(signature: bytes) -> bytes:
    lines = signature.strip().splitlines()
    raw = bytearray(base64.b64decode(b"".join(lines[1:-1])))
    raw[-5] ^= 0x01  # inside the signature bytes
    body = base64.b64encode(bytes(raw))
    return b"\n".join([lines[0], *(body[i : i + 70] for i in range(0, len(body), 70)), lines[-1]])


@pytest.mark.parametrize(("kind", "extra"), KINDS)
def test_agrees_with_ssh_keygen(tmp_path: Path, kind: str, extra: list[str]) -> None:
    key = _key(tmp_path, "an", kind, extra)
    other = _key(tmp_path, "chi", kind, extra)
    good = _sign(key, MESSAGE)
    cases = {
        "good": (_signers(key), good, MESSAGE, EMAIL),
        "tampered message": (_signers(key), good, MESSAGE + b"x", EMAIL),
        "tampered signature": (_signers(key), _tamper(good), MESSAGE, EMAIL),
        "wrong namespace": (_signers(key), _sign(key, MESSAGE, "file"), MESSAGE, EMAIL),
        "wrong key": (_signers(other), good, MESSAGE, EMAIL),
        "another e-mail": (_signers(key, "chi@example.gov.vn"), good, MESSAGE, EMAIL),
        "e-mail case": (_signers(key, "An@Example.gov.vn"), good, MESSAGE, EMAIL),
    }
    for name, (signers, signature, message, email) in cases.items():
        theirs = _ssh_keygen(tmp_path, signers, signature, message, email)
        ours = sshsig.verify(signature, message, signers, email)
        if theirs:
            assert ours is True, name
        else:
            assert ours is not True, name
    assert sshsig.verify(good, MESSAGE, _signers(key), EMAIL) is True
    assert sshsig.verify(_tamper(good), MESSAGE, _signers(key), EMAIL) is False


def test_what_it_cannot_read_is_left_to_ssh_keygen(tmp_path: Path) -> None:
    key = _key(tmp_path, "an", "ed25519", [])
    good = _sign(key, MESSAGE)
    kind, blob = key.with_suffix(".pub").read_text("utf-8").split()[:2]
    for signers in (
        f"*@example.gov.vn {kind} {blob}\n",  # a pattern
        f'{EMAIL} valid-after="20250101" {kind} {blob}\n',  # an option it does not read
    ):
        assert sshsig.verify(good, MESSAGE, signers, EMAIL) is None
    for garbage in (b"", b"-----BEGIN SSH SIGNATURE-----\n!!\n-----END SSH SIGNATURE-----\n"):
        assert sshsig.verify(garbage, MESSAGE, _signers(key), EMAIL) is None
    assert sshsig.parse(good[:-40] + b"\n-----END SSH SIGNATURE-----\n") is None
