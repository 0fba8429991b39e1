"""`r57 signing setup`: git set up to sign with an SSH key, a key made when there is none
and never overwritten. Real git and ssh-keygen; HOME is a temporary folder (conftest)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, git

R57 = Callable[..., Result]
EMAIL = "an@example.gov.vn"

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    repo = tmp_path / "clone"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    return repo


def _home() -> Path:
    return Path(os.environ["HOME"])


def test_makes_a_key_sets_git_up_and_prints_what_to_send(clone: Path, r57: R57) -> None:
    res = r57("signing", "setup", "--email", EMAIL, cwd=clone)
    assert res.code == 0, res.out + res.err
    key = _home() / ".ssh" / "id_ed25519"
    public = key.with_name("id_ed25519.pub").read_text("utf-8").strip()
    assert public.startswith("ssh-ed25519 AAAA")
    assert public.endswith(EMAIL)
    assert f"Made a new SSH key (ed25519, no passphrase) at {key}." in res.out
    assert f"    {public}\n" in res.out
    assert f"        ssh_keys:\n          - {public}\n" in res.out
    local = git(clone, "config", "--local", "--list")
    assert "gpg.format=ssh" in local
    assert f"user.signingkey={key}.pub" in local
    assert "commit.gpgsign=true" in local
    # The next commit is signed with it, and verifies against the printed line.
    git(clone, "commit", "-q", "--allow-empty", "-m", "first")
    signers = clone.parent / "allowed_signers"
    kind, blob = public.split()[:2]
    signers.write_text(f'{EMAIL} namespaces="git" {kind} {blob}\n', encoding="utf-8")
    verified = subprocess.run(
        ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", "HEAD"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr


def test_an_existing_key_is_used_and_never_overwritten(clone: Path, r57: R57) -> None:
    assert r57("signing", "setup", cwd=clone).code == 0
    key = _home() / ".ssh" / "id_ed25519"
    before = key.read_bytes(), key.with_name("id_ed25519.pub").read_bytes()
    res = r57("signing", "setup", cwd=clone)
    assert res.code == 0, res.err
    assert f"Signing with the existing key {key}." in res.out
    assert (key.read_bytes(), key.with_name("id_ed25519.pub").read_bytes()) == before


def test_key_option_uses_that_key(clone: Path, r57: R57, tmp_path: Path) -> None:
    mine = tmp_path / "work_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "work", "-f", str(mine)],
        check=True,
        capture_output=True,
    )
    res = r57("signing", "setup", "--key", str(mine), cwd=clone)
    assert res.code == 0, res.err
    assert mine.with_name("work_key.pub").read_text("utf-8").strip() in res.out
    assert git(clone, "config", "user.signingkey").strip() == f"{mine}.pub"
    assert not (_home() / ".ssh" / "id_ed25519").exists()
    missing = r57("signing", "setup", "--key", str(tmp_path / "nope"), cwd=clone)
    assert missing.code == 2
    assert f"--key {tmp_path / 'nope'}: no such file" in missing.err


def test_outside_a_repository_it_says_to_use_a_clone_or_global(
    tmp_path: Path, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    res = r57("signing", "setup", cwd=outside)
    assert res.code == 2
    assert "is not inside a git repository" in res.err
    assert "--global" in res.err
    assert "Traceback" not in res.err
    assert not (_home() / ".ssh").exists()
    # --global writes the user's git config instead.
    config = tmp_path / "gitconfig"
    config.touch()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    res = r57("signing", "setup", "--global", cwd=outside)
    assert res.code == 0, res.err
    text = config.read_text("utf-8")
    assert "format = ssh" in text
    assert "gpgsign = true" in text


def test_without_ssh_keygen_it_says_what_to_install(
    clone: Path, r57: R57, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_git = tmp_path / "only-git"
    only_git.mkdir()
    git_path = shutil.which("git")
    assert git_path is not None
    (only_git / "git").symlink_to(git_path)
    monkeypatch.setenv("PATH", str(only_git))
    res = r57("signing", "setup", cwd=clone)
    assert res.code == 2
    assert "ssh-keygen was not found: install OpenSSH" in res.err
    assert "gpg.format" not in git(clone, "config", "--local", "--list")


def test_vietnamese_words(clone: Path, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("R57_LANG", "vi")
    res = r57("signing", "setup", "--email", EMAIL, cwd=clone)
    assert res.code == 0, res.err
    assert "Đã tạo khóa SSH mới" in res.out
    assert "Gửi dòng khóa công khai này cho quản trị viên" in res.out
