"""The git reads of the pull-request gate: the commits of a range, what each changed in the
plan folder, and their SSH signatures. A sibling of git/repo.py and git/reads.py:
like it, this is a module that runs git, and nothing else does.

A range of 50 commits costs five git processes whatever its size: one `log`, one
`diff-tree --stdin`, one `cat-file --batch-check` for the access files at each parent, one
`cat-file --batch` for every file version, and, when signatures are required, one `log`
that verifies them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from r57cli.errors import R57Error
from r57cli.git import sshsig
from r57cli.git.reads import (
    _output,
    r57_trailers,
    read_blobs,
    read_objects,
    resolve,
    shallow_commits,
)
from r57cli.git.repo import Repo
from r57cli.locale.texts import say

# One commit per record, its fields (and, with -z, the records) separated by NUL.
_FORMAT = "%H%x00%an%x00%ae%x00%ct%x00%s%x00%(trailers:unfold,only)"
_SIGNATURE_FORMAT = "%x1e%H%x1f%G?%x1f%GS%x1f%GK"


class GateCommit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    committed: int  # epoch seconds
    subject: str
    trailers: dict[str, str]  # the R57- trailers, last one of a key wins


class Change(NamedTuple):
    """One file a commit changed relative to one parent: blob ids, None where absent."""

    path: str  # repository path
    old: str | None
    new: str | None
    special: bool = False  # a symbolic link or a submodule on either side


class Signature(NamedTuple):
    status: str  # git's %G?: G good, U good but unknown key, N none, B bad, E cannot check
    principal: str  # the allowed-signers principal (an e-mail) of a good signature
    key: str  # the key's fingerprint, when git could read one
    kind: str  # "ssh", "openpgp", "x509" or "" for unsigned


def range_ends(repo: Repo, spec: str) -> tuple[str, str, str, str]:
    """BASE and HEAD of `BASE..HEAD` (a lone revision means `REV..HEAD`), as given and as
    commit ids. A revision this clone lacks is an error that says how to fetch it."""
    if "..." in spec:
        raise R57Error(say("check-three-dots", spec=spec))
    base, sep, head = spec.partition("..")
    head = head if sep and head else "HEAD"
    if not base or base.startswith("-") or head.startswith("-"):
        raise R57Error(say("check-bad-range", spec=spec))
    ids = []
    for rev in (base, head):
        sha = resolve(repo, rev)
        if sha is None:
            hint = say("check-shallow-hint") if shallow_commits(repo) else ""
            raise R57Error(say("check-unknown-rev", rev=rev, shallow=hint))
        ids.append(sha)
    return base, head, ids[0], ids[1]


def range_commits(repo: Repo, base: str, head: str) -> list[GateCommit]:
    """The commits of `base..head`, parents before children.

    Fields are separated by NUL, which no commit message, name or e-mail can hold, and
    the list is checked against `rev-list`: a subject with a separator in it must not
    hide its commit from the check."""
    order = ["--topo-order", "--reverse"]
    listed = _output(repo, ["rev-list", *order, "--parents", head, f"^{base}", "--"])
    expected = [line.split() for line in listed.decode("ascii").splitlines() if line]
    args = ["log", "--no-show-signature", *order, "-z", f"--format={_FORMAT}"]
    out = _output(repo, [*args, head, f"^{base}", "--"]).decode("utf-8", "replace")
    fields = out.split("\0")
    commits = []
    for n, (sha, *parents) in enumerate(expected):
        record = fields[n * 6 : n * 6 + 6]
        if len(record) != 6 or record[0] != sha:
            raise R57Error(say("git-failed", command="git log", output=f"cannot read {sha}"))
        _sha, author, email, committed, subject, trailer_text = record
        commits.append(
            GateCommit(
                sha,
                tuple(parents),
                author,
                email,
                int(committed),
                subject,
                r57_trailers(trailer_text),
            )
        )
    return commits


def committer_dates(repo: Repo, shas: list[str]) -> dict[str, int]:
    """The committer date (epoch seconds) of each commit, in one git process."""
    if not shas:
        return {}
    out = _output(
        repo, ["log", "--no-walk=unsorted", "--no-show-signature", "--format=%H %ct", *shas]
    )
    found: dict[str, int] = {}
    for line in out.decode("ascii", "replace").splitlines():
        sha, _, stamp = line.partition(" ")
        if stamp.strip().isdigit():
            found[sha] = int(stamp)
    return found


def merge_base(repo: Repo, first: str, second: str) -> str | None:
    proc = repo.run("merge-base", first, second, check=False)
    return proc.stdout.split()[0] if proc.returncode == 0 and proc.stdout.strip() else None


def missing_history(repo: Repo, commits: Iterable[GateCommit]) -> list[str]:
    """Commits of the range whose parents this (shallow) clone does not have."""
    cut = shallow_commits(repo)
    return [c.sha for c in commits if c.sha in cut] if cut else []


def changes(repo: Repo, pairs: list[tuple[str, str | None]], prefix: str) -> list[list[Change]]:
    """What each (commit, parent) pair changed under `prefix`, in the order asked, in one
    `diff-tree --stdin` (a None parent: the root commit, against the empty tree). Renames
    are not followed: a moved task is a deletion and an addition, which the gate pairs by
    task ID itself."""
    if not pairs:
        return []
    # diff-tree reads "<commit> <parent>" (the commit first); --always prints each header,
    # even over an empty diff, so the answers line up with the questions.
    request = "".join(f"{new} {old}\n" if old else f"{new}\n" for new, old in pairs)
    args = ["diff-tree", "--stdin", "--always", "--root", "-r", "-z", "--no-renames"]
    out = _output(repo, [*args, "--", prefix or "."], request.encode("ascii"))
    result = _parse_raw_diff(out, headers=True)
    if len(result) != len(pairs):
        raise R57Error(say("git-failed", command="git diff-tree", output="unexpected output"))
    return result


def tree_changes(repo: Repo, old: str, new: str, prefix: str) -> list[Change]:
    """What differs under `prefix` between two trees (or commits)."""
    args = ["diff-tree", "-r", "-z", "--no-renames", old, new, "--", prefix or "."]
    return _parse_raw_diff(_output(repo, args), headers=False)[0]


def _parse_raw_diff(out: bytes, *, headers: bool) -> list[list[Change]]:
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    result: list[list[Change]] = [] if headers else [[]]
    regular = ("100644", "100755")
    i = 0
    while i < len(fields):
        field = fields[i]
        if not field:
            i += 1
        elif not field.startswith(":"):
            result.append([])  # the header of the next pair
            i += 1
        else:
            parts = field[1:].split()
            path = fields[i + 1] if i + 1 < len(fields) else ""
            i += 2
            if result and len(parts) == 5:
                old_mode, new_mode, old_blob, new_blob, status = parts
                special = any(m not in (*regular, "000000") for m in (old_mode, new_mode))
                result[-1].append(
                    Change(
                        path,
                        old_blob if old_mode in regular and status != "A" else None,
                        new_blob if new_mode in regular and status != "D" else None,
                        special,
                    )
                )
    return result


def auto_merge(repo: Repo, first: str, second: str) -> tuple[str, set[str]]:
    """The tree git's own merge of two commits makes, with no one's hand in it, and the
    paths it could not merge (they hold conflict markers in that tree)."""
    args = ["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages"]
    proc = repo.run(*args, "--allow-unrelated-histories", first, second, check=False)
    if proc.returncode not in (0, 1):
        detail = proc.stderr.strip() or "unexpected exit"
        if "--write-tree" in detail or "usage" in detail:
            detail = say("check-git-too-old")
        raise R57Error(say("git-failed", command="git merge-tree", output=detail))
    tree, *rest = proc.stdout.split("\0")
    conflicted = set()
    for name in rest:
        if not name:
            break
        conflicted.add(name)
    return tree.strip(), conflicted


def blob_ids(repo: Repo, objects: list[str]) -> dict[str, str | None]:
    """The blob id of each `<commit>:<path>`, or None where the commit has no such file."""
    if not objects:
        return {}
    request = "".join(f"{o}\n" for o in objects).encode("utf-8")
    out = _output(repo, ["cat-file", "--batch-check"], request).decode("utf-8", "replace")
    found: dict[str, str | None] = {}
    for name, line in zip(objects, out.splitlines(), strict=False):
        parts = line.split()
        found[name] = parts[0] if len(parts) == 3 and parts[1] == "blob" else None
    return found


def blobs(repo: Repo, ids: Iterable[str]) -> dict[str, bytes]:
    return read_blobs(repo, sorted(set(ids)))


class PendingSignatures:
    """Each commit's signature checked against `allowed_signers` (the file's text), run in
    the background while the caller works (`r57 check` validates the plan meanwhile). The
    user's own gpg.ssh.allowedSignersFile never counts, only units.yaml's keys.

    Fast path: an SSH signature is verified for the author's e-mail in-process (sshsig.py),
    or, for what that cannot decide, with `ssh-keygen -Y verify`, as git does, several at
    once (git itself runs two ssh-keygen processes per
    commit, one after the other: ~17 ms a commit). Only the commits that fail it go
    through git's own `%G?`, which tells an unknown key from a forged author or a bad
    signature."""

    IN_FLIGHT = 32

    def __init__(self, repo: Repo, commits: list[GateCommit], allowed_signers: str) -> None:
        self.repo = repo
        self.found: dict[str, Signature] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="r57-signatures-"))
        self.signers = self.folder / "allowed_signers"
        self.queue: list[tuple[GateCommit, Path, Path]] = []
        self.running: list[tuple[GateCommit, subprocess.Popen[bytes] | None]] = []
        self.doubtful: list[str] = []  # refused in-process: git's %G? says why
        try:
            self.signers.write_text(allowed_signers, encoding="utf-8")
            raw = read_commits(repo, [c.sha for c in commits])
            for n, c in enumerate(commits):
                kind, payload, signature = split_signature(raw.get(c.sha, b""))
                if kind != "ssh":
                    self.found[c.sha] = Signature("N" if not kind else "E", "", "", kind)
                    continue
                verdict = sshsig.verify(signature, payload, allowed_signers, c.email)
                if verdict is True:
                    self.found[c.sha] = Signature("G", c.email, "", "ssh")
                    continue
                if verdict is False:
                    self.doubtful.append(c.sha)
                    continue
                (self.folder / f"{n}.sig").write_bytes(signature)
                (self.folder / f"{n}.msg").write_bytes(payload)
                self.queue.append((c, self.folder / f"{n}.sig", self.folder / f"{n}.msg"))
            self._launch()
        except BaseException:
            self.cancel()
            raise

    def _launch(self) -> None:
        while self.queue and len(self.running) < self.IN_FLIGHT:
            commit, signature, payload = self.queue.pop(0)
            args = ["ssh-keygen", "-Y", "verify", "-f", str(self.signers), "-I", commit.email]
            with payload.open("rb") as source:
                try:
                    child: subprocess.Popen[bytes] | None = subprocess.Popen(
                        [*args, "-n", "git", "-s", str(signature)],
                        stdin=source,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                except OSError:
                    child = None  # no ssh-keygen: git's own check below says so
            self.running.append((commit, child))

    def result(self) -> dict[str, Signature]:
        doubtful = self.doubtful
        try:
            while self.running:
                commit, child = self.running.pop(0)
                if child is not None and child.wait() == 0:
                    self.found[commit.sha] = Signature("G", commit.email, "", "ssh")
                else:
                    doubtful.append(commit.sha)
                self._launch()
            if doubtful:
                self.found.update(_git_verify(self.repo, str(self.signers), doubtful))
            return self.found
        finally:
            self.cancel()

    def cancel(self) -> None:
        for _commit, child in self.running:
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
        self.running.clear()
        self.queue.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _git_verify(repo: Repo, signers: str, shas: list[str]) -> dict[str, Signature]:
    args = ["-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "--no-walk=unsorted"]
    out = _output(repo, [*args, f"--format={_SIGNATURE_FORMAT}", *shas, "--"])
    found: dict[str, Signature] = {}
    for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
        parts = record.rstrip("\n").split("\x1f")
        if len(parts) == 4:
            sha, status, principal, key = parts
            found[sha] = Signature(status, principal.strip(), key.strip(), "ssh")
    return found


def read_commits(repo: Repo, shas: list[str]) -> dict[str, bytes]:
    """The raw objects of commits, in one `git cat-file --batch`."""
    return read_objects(repo, shas, b"commit")


def split_signature(commit: bytes) -> tuple[str, bytes, bytes]:
    """(kind, signed payload, signature) of a raw commit: the kind is "ssh", "openpgp",
    "x509" or "" when unsigned; the payload is the commit without its signature header,
    which is what the author signed."""
    head, sep, message = commit.partition(b"\n\n")
    kept: list[bytes] = []
    signature: list[bytes] = []
    inside = False
    for line in head.split(b"\n"):
        if inside and line.startswith(b" "):
            signature.append(line[1:])
            continue
        inside = False
        if not signature and line.startswith((b"gpgsig ", b"gpgsig-sha256 ")):
            inside = True
            signature.append(line.split(b" ", 1)[1])
            continue
        kept.append(line)
    if not signature:
        return "", commit, b""
    first = signature[0]
    kind = "ssh" if b"SSH SIGNATURE" in first else "openpgp" if b"PGP" in first else "x509"
    return kind, b"\n".join(kept) + sep + message, b"\n".join(signature) + b"\n"
