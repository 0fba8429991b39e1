"""The history reads of `r57 report` and the gate: git's plumbing in one process per
question, whatever the number of commits or files (the first-parent chain, tree listings and
diffs, objects by id through one `cat-file --batch`, a commit range with its trailers read
in the background). Runs git like git/repo.py, which holds the repository object these take.
A per-commit GitPython walk took 17.7 s on 5,000 commits; these take well under a second on
200,000."""

from __future__ import annotations

import subprocess
from typing import NamedTuple

from r57cli.git.repo import GitError, Repo, _env
from r57cli.locale.texts import say

# What `r57 report` needs, each in one git call whatever the number of commits or files:
# a per-commit GitPython walk took 17.7 s on 5,000 commits, these take well under a second
# on 200,000.

# One commit of a history range: fields separated by US, the body closed by GS, then the
# names of the files it changed (--name-only); records open with RS.
_RANGE_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%(trailers:unfold,only)%x1f%b%x1d"


class RangeCommit(NamedTuple):
    """A named tuple, not a dataclass: reports cache thousands of them, and a tuple
    decodes several times faster than a frozen dataclass."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: str  # ISO 8601 with offset
    trailers: dict[str, str]
    body: str
    paths: tuple[str, ...]


class _Git:
    """A git process whose input comes from a file and whose errors go to one. Its output
    goes to a pipe read at once, or, in the background, to a file: a pipe nobody reads
    stops git after 64 KiB. (With two pipes, `communicate` polls in 32 KiB steps, which
    cost ~0.3 s on the ~20 MB a cold national report reads.)"""

    def __init__(
        self,
        repo: Repo,
        args: list[str],
        stdin: bytes | None = None,
        *,
        background: bool = False,
    ) -> None:
        import tempfile

        self.what = f"git {args[0] if args[0] != '-c' else args[2]}"
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()/cancel()
        self.output = tempfile.TemporaryFile() if background else None  # noqa: SIM115
        source = None
        if stdin is not None:
            source = tempfile.TemporaryFile()  # noqa: SIM115 - closed once git has it
            source.write(stdin)
            source.seek(0)
        try:
            self.child = subprocess.Popen(
                ["git", *args],
                cwd=repo.root,
                stdin=source if source is not None else subprocess.DEVNULL,
                stdout=self.output if self.output is not None else subprocess.PIPE,
                stderr=self.errors,
                env=_env(),
            )
        except FileNotFoundError:
            self._close()
            raise GitError(say("git-missing")) from None
        finally:
            if source is not None:
                source.close()

    def result(self) -> bytes:
        """All of git's output, once it has finished, or its error as an R57Error."""
        try:
            if self.output is None:
                assert self.child.stdout is not None
                out = self.child.stdout.read()  # all of it, or what a streaming caller left
                self.child.stdout.close()
                self.child.wait()
            else:
                self.child.wait()
                self.output.seek(0)
                out = self.output.read()
            if self.child.returncode != 0:
                self.errors.seek(0)
                message = self.errors.read().decode("utf-8", "replace").strip()
                raise GitError(say("git-failed", command=self.what, output=message))
            return out
        except BaseException:
            self.cancel()
            raise
        finally:
            self._close()

    def cancel(self) -> None:
        """Stop git if it still runs (SIGTERM: it cleans up after itself)."""
        if self.child.poll() is None:
            self.child.terminate()
            self.child.wait()
        if self.child.stdout is not None:
            self.child.stdout.close()
        self._close()

    def _close(self) -> None:
        self.errors.close()
        if self.output is not None:
            self.output.close()


def _output(repo: Repo, args: list[str], stdin: bytes | None = None) -> bytes:
    return _Git(repo, args, stdin).result()


def first_parent_chain(
    repo: Repo, tip: str, stop: str | None, until: int | None = None
) -> tuple[list[str], list[int], bool]:
    """The first-parent chain from `tip`, newest first, as commit ids and committer
    times, not going into `stop` or its ancestors, and read no further back than the
    first commit older than `until` (epoch seconds). The flag says whether the walk got
    to the end (the root, or `stop`). rev-list reads the commit-graph; a report reads the
    weeks it needs, not 200,000 commits."""
    args = ["rev-list", "--first-parent", "--timestamp", tip, *([f"^{stop}"] if stop else [])]
    git = _Git(repo, [*args, "--"])  # its output pipe is read line by line here
    shas: list[str] = []
    times: list[int] = []
    ended = True
    assert git.child.stdout is not None
    for line in git.child.stdout:
        when, _, sha = line.decode("ascii").partition(" ")
        shas.append(sha.strip())
        times.append(int(when))
        if until is not None and times[-1] < until:
            ended = False
            break
    if not ended:
        git.cancel()
        return shas, times, False
    git.result()
    return shas, times, True


def first_parent(repo: Repo, commit: str) -> str | None:
    proc = repo.run("rev-parse", "--verify", "--quiet", f"{commit}^1", check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def shallow_commits(repo: Repo) -> set[str]:
    """The commits whose parents a shallow clone does not have (empty in a full clone).
    A linked worktree keeps the list in the repository's common folder."""
    folders = [repo.git_dir]
    try:
        common = (repo.git_dir / "commondir").read_text(encoding="utf-8").strip()
        folders.append((repo.git_dir / common).resolve())
    except OSError:
        pass
    found: set[str] = set()
    for folder in folders:
        try:
            found |= set((folder / "shallow").read_text(encoding="ascii").split())
        except OSError:
            continue
    return found


def resolve(repo: Repo, rev: str) -> str | None:
    proc = repo.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def list_tree(repo: Repo, commit: str, prefix: str) -> dict[str, str]:
    """Blob id of every regular file under `prefix` at `commit`, by repository path."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or "."]
    out = _output(repo, args).decode("utf-8", "surrogateescape")
    blobs = {}
    for entry in out.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[0] in ("100644", "100755"):
            blobs[path] = parts[2]
    return blobs


def diff_trees(repo: Repo, old: str, new: str, prefix: str) -> dict[str, str | None]:
    """Files under `prefix` that differ between two commits: the new blob id, or None when
    `new` does not have the file."""
    args = ["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", old, new, "--"]
    out = _output(repo, [*args, prefix or "."]).decode("utf-8", "surrogateescape")
    changes: dict[str, str | None] = {}
    fields = out.split("\0")
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        parts = meta.split()
        if len(parts) != 5:
            continue
        mode, blob, status = parts[1], parts[3], parts[4]
        regular = mode in ("100644", "100755")
        changes[path] = None if status == "D" or not regular else blob
    return changes


def read_blobs(repo: Repo, ids: list[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch`."""
    return read_objects(repo, ids, b"blob")


def read_objects(repo: Repo, ids: list[str], kind: bytes) -> dict[str, bytes]:
    """The content of each object of type `kind` (b"blob", b"commit"), in one `git
    cat-file --batch`; objects missing or of another type are left out."""
    if not ids:
        return {}
    request = "".join(f"{i}\n" for i in ids).encode("ascii")
    out, pos = _output(repo, ["cat-file", "--batch"], request), 0
    result: dict[str, bytes] = {}
    for name in ids:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        pos = header_end + 1
        if len(header) == 3:  # "<id> <type> <size>", else "<name> missing"
            size = int(header[2])
            if header[1] == kind:
                result[name] = out[pos : pos + size]
            pos += size + 1
    return result


class PendingRange:
    """A `git log` of a range running in the background while Python does other work
    (the machine has more than one core); `result()` waits for it and parses."""

    def __init__(self, repo: Repo, old: str | None, new: str) -> None:
        args = ["-c", "core.quotePath=false", "log", "--no-show-signature", "--name-only"]
        args += [f"--format={_RANGE_FORMAT}", new, *([f"^{old}"] if old else []), "--"]
        self.git = _Git(repo, args, background=True)

    def result(self) -> list[RangeCommit]:
        return _parse_range(self.git.result().decode("utf-8", "replace"))

    def cancel(self) -> None:
        self.git.cancel()


def r57_trailers(text: str) -> dict[str, str]:
    """The R57- trailers of `%(trailers:unfold,only)` output, keys spelt as r57 writes them
    (git's trailer keys ignore case: `r57-reason:` is `R57-Reason:`); the last one wins."""
    trailers: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        name = _TRAILER_NAMES.get(key, "")
        if name == "":
            name = _trailer_name(key)
        if name is not None:
            trailers[name] = value.strip()
    return trailers


# Each trailer key as r57 spells it (None: not an R57- trailer); a few keys recur in every
# commit of a range (a national month has ~8,000), so each is spelt once.
_TRAILER_NAMES: dict[str, str | None] = {}


def _trailer_name(key: str) -> str | None:
    name = None
    if key.upper().startswith("R57-") and " " not in key:
        name = "R57-" + "-".join(part.capitalize() for part in key[4:].split("-"))
    if len(_TRAILER_NAMES) < 4096:
        _TRAILER_NAMES[key] = name
    return name


def _parse_range(out: str) -> list[RangeCommit]:
    commits = []
    for record in out.split("\x1e")[1:]:
        head, _, names = record.partition("\x1d")
        parts = head.split("\x1f")
        if len(parts) != 7:
            continue
        sha, parents, author, email, authored, trailer_text, body = parts
        trailers = r57_trailers(trailer_text)
        commits.append(
            RangeCommit(
                sha,
                tuple(parents.split()),
                author,
                email,
                authored,
                trailers,
                body.strip(),
                tuple(n for n in names.split("\n") if n),
            )
        )
    return commits
