"""The repository object: finding it, its state and config, committing, the progress log.
With git/reads.py (history plumbing) and git/gate.py, the only modules that run git.
Everything goes through the git CLI, so the user's hooks, `commit.gpgsign` and credential
helpers apply, and each failure becomes a sentence the user
can act on (an R57Error), never a traceback.

Measured on a 10,000-file index: GitPython's `index.add` + `index.commit` took 273 ms
because it rewrites the index in Python; `git commit -- path` took 50 ms.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from r57cli.errors import R57Error
from r57cli.locale.texts import say

# Fields of one progress commit in `git log` output, separated by US (0x1f), records by RS.
_LOG_FORMAT = "%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s%x1f%b%x1f%(trailers:unfold,only)%x1e"


class GitError(R57Error):
    pass


def repo_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that has a `.git` (a folder, or a file in a
    linked worktree or submodule). No git process: the validator only needs the place."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def git_dir(start: Path) -> Path | None:
    """The repository's git directory, following the `gitdir:` line of a `.git` file."""
    root = repo_root(start)
    if root is None:
        return None
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    target = Path(text.removeprefix("gitdir:").strip())
    return target if target.is_absolute() else (root / target).resolve()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # r57 reads git's messages (a rejected push): keep them in one language, and never
    # let git stop to ask for a password or open an editor in the middle of an update.
    env.update(LC_ALL="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0", GIT_EDITOR=":")
    # r57 finds the repository from the plan folder and sets pathspec magic per call:
    # variables left over in the user's shell must not point git elsewhere.
    for name in (
        "GIT_INDEX_FILE",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_LITERAL_PATHSPECS",
        "GIT_GLOB_PATHSPECS",
        "GIT_NOGLOB_PATHSPECS",
        "GIT_ICASE_PATHSPECS",
    ):
        env.pop(name, None)
    return env


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    authored: str  # ISO 8601 with offset
    committed: str
    subject: str
    body: str
    trailers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Repo:
    root: Path
    git_dir: Path

    def run(
        self,
        *args: str,
        check: bool = True,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        try:
            child = subprocess.Popen(
                ["git", *args],
                cwd=self.root,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env or _env(),
            )
        except FileNotFoundError:
            raise GitError(say("git-missing")) from None
        try:
            out, err = child.communicate(stdin)
        except BaseException:
            # Interrupted (Ctrl-C, or SIGTERM turned into one): let git stop the way it
            # cleans up after itself (it removes index.lock on SIGTERM), never SIGKILL it
            # first, which would leave the lock behind for every later git command.
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
            raise
        proc = subprocess.CompletedProcess(child.args, child.returncode, out, err)
        if check and proc.returncode != 0:
            raise GitError(say("git-failed", command=f"git {args[0]}", output=_tail(proc)))
        return proc

    # ------------------------------------------------------------------ state

    def state(self) -> tuple[str, str]:
        """The current branch and HEAD's commit, after refusing the states in which a
        commit would go astray: an operation in progress, a detached HEAD, no commit yet."""
        for marker, key in (
            ("MERGE_HEAD", "state-merge"),
            ("rebase-merge", "state-rebase"),
            ("rebase-apply", "state-rebase"),
            ("CHERRY_PICK_HEAD", "state-cherry-pick"),
            ("REVERT_HEAD", "state-revert"),
            ("BISECT_LOG", "state-bisect"),
        ):
            if (self.git_dir / marker).exists():
                raise GitError(say(key))
        proc = self.run("rev-parse", "HEAD", "--symbolic-full-name", "HEAD", check=False)
        lines = proc.stdout.split()
        if proc.returncode != 0 or len(lines) != 2:
            ref = self.run("symbolic-ref", "-q", "HEAD", check=False)
            if ref.returncode != 0:
                raise GitError(say("state-detached"))
            branch = ref.stdout.strip().removeprefix("refs/heads/")
            raise GitError(say("state-unborn", branch=branch))
        sha, name = lines
        if not name.startswith("refs/heads/"):
            raise GitError(say("state-detached"))
        return name.removeprefix("refs/heads/"), sha

    def branch(self) -> str:
        return self.state()[0]

    def head(self) -> str:
        return self.run("rev-parse", "HEAD").stdout.strip()

    def identity(self) -> tuple[str, str]:
        """The author name and e-mail git would use, or an error saying how to set them."""
        proc = self.run("var", "GIT_AUTHOR_IDENT", check=False)
        ident = proc.stdout.strip()
        if proc.returncode != 0 or "<" not in ident:
            raise GitError(say("no-identity"))
        name, _, rest = ident.partition(" <")
        return name, rest.split(">", 1)[0]

    def head_signed(self) -> bool:
        """Whether HEAD carries a signature at all (verifying it is the gate's work)."""
        raw = self.run("cat-file", "commit", "HEAD", check=False).stdout
        headers = raw.split("\n\n", 1)[0]
        return any(line.startswith(("gpgsig ", "gpgsig-sha256 ")) for line in headers.splitlines())

    def config_bool(self, key: str) -> bool | None:
        """A boolean setting as git reads it (true/yes/on/1...), None when unset; a value
        git does not read as a boolean is an error, not a silent "no"."""
        proc = self.run("config", "--type=bool", "--get", key, check=False)
        if proc.returncode == 1:
            return None
        if proc.returncode != 0:
            raise GitError(say("bad-config", setting=key, output=proc.stderr.strip()))
        return proc.stdout.strip() == "true"

    def config_section(self, section: str) -> dict[str, str]:
        """Every setting under `section` (`r57.smtp` gives host, port...), by its last name
        part as git spells it (lower case); the last value of a key set twice wins."""
        pattern = "^" + section.replace(".", "\\.") + "\\."
        proc = self.run("config", "--get-regexp", pattern, check=False)
        out: dict[str, str] = {}
        for line in proc.stdout.splitlines():
            key, _, value = line.partition(" ")
            out[key[len(section) + 1 :]] = value
        return out

    def changed_paths(self, pathspec: str) -> dict[str, str]:
        """Paths under `pathspec` that differ from HEAD (staged, unstaged or untracked),
        with their two-letter porcelain status."""
        out = self.run(
            "--no-optional-locks",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            pathspec,
        ).stdout
        result = {}
        for entry in out.split("\0"):
            if len(entry) > 3:
                result[entry[3:]] = entry[:2]
        return result

    def tree_blobs(self, prefix: str) -> dict[str, str]:
        """Blob id of every regular file under `prefix` in HEAD, paths relative to `prefix`:
        what HEAD holds, read from git's tree without touching the work tree."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", prefix or ".").stdout
        blobs = {}
        for entry in out.split("\0"):
            meta, _, path = entry.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "blob" and parts[0] in ("100644", "100755"):
                blobs[path[len(prefix) :]] = parts[2]
        return blobs

    def show_blobs(self, paths: list[str]) -> dict[str, bytes | None]:
        """The HEAD version of each path (None when HEAD does not have it), in one call."""
        if not paths:
            return {}
        request = "".join(f"HEAD:{p}\n" for p in paths).encode("utf-8")
        proc = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.root,
            input=request,
            capture_output=True,
            env=_env(),
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(say("git-failed", command="git cat-file", output=proc.stderr.decode()))
        out, pos = proc.stdout, 0
        result: dict[str, bytes | None] = {}
        for path in paths:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].split()
            pos = header_end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                result[path] = out[pos : pos + size]
                pos += size + 1
            else:
                result[path] = None
        return result

    # ------------------------------------------------------------------ writing

    def commit_only(
        self, relpath: str, message: str, *, allow_empty: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Commit the work-tree content of one path and nothing else, whatever is staged for
        other paths (`git commit --only`). The caller judges the result."""
        env = _env()
        env["GIT_LITERAL_PATHSPECS"] = "1"  # the path is a path, never a glob or magic
        return self.run(
            "commit",
            "--only",
            "--no-edit",
            "--cleanup=whitespace",
            "-F",
            "-",
            # A weekly report that changes no figure is still a report: an empty commit.
            *(["--allow-empty"] if allow_empty else []),
            "--",
            relpath,
            stdin=message,
            env=env,
            check=False,
        )

    def upstream(self) -> tuple[str, str] | None:
        """The current branch's remote and the full name of the branch there it merges
        from (branch.<name>.remote and .merge), or None without one. A local upstream
        (remote ".") is not somewhere to push to."""
        branch = self.branch()
        remote = self.run("config", "--get", f"branch.{branch}.remote", check=False)
        merge = self.run("config", "--get", f"branch.{branch}.merge", check=False)
        name, ref = remote.stdout.strip(), merge.stdout.strip()
        if not name or name == "." or not ref.startswith("refs/heads/") or name.startswith("-"):
            return None
        return name, ref

    # ------------------------------------------------------------------ history

    def log(
        self,
        pathspecs: list[str],
        *,
        limit: int | None = None,
        since: str | None = None,
        greps: list[str] | None = None,
    ) -> list[Commit]:
        """Commits touching `pathspecs` (all commits when empty) whose messages match every
        one of `greps`, newest first, parsed from one `git log` call. Merge commits are
        left out: the commits they bring in are listed themselves."""
        args = ["log", f"--format={_LOG_FORMAT}", "--no-color", "--no-merges"]
        if limit:
            args.append(f"--max-count={limit}")
        if since:
            args.append(f"--since={since}")
        if greps:
            args += ["--all-match", *(f"--grep={g}" for g in greps)]
        proc = self.run(*args, "--", *pathspecs, check=False)
        if proc.returncode != 0:
            return []
        return [c for c in (_parse(r) for r in proc.stdout.split("\x1e")) if c is not None]


def _parse(record: str) -> Commit | None:
    parts = record.strip("\n").split("\x1f")
    if len(parts) != 8:
        return None
    sha, author, email, authored, committed, subject, body, trailer_text = parts
    trailers: dict[str, str] = {}
    for line in trailer_text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.startswith("R57-"):
            trailers[key] = value.strip()
    return Commit(sha, author, email, authored, committed, subject, body.strip(), trailers)


def _tail(proc: subprocess.CompletedProcess[str]) -> str:
    text = (proc.stderr or proc.stdout or "").strip()
    lines = text.splitlines()
    return "\n".join(lines[-15:])


def open_repo(start: Path) -> Repo:
    """The repository holding `start`, or an error that says what to do."""
    probe = (
        subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
            cwd=start,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_env(),
            check=False,
        )
        if _have_git()
        else None
    )
    if probe is None:
        raise GitError(say("git-missing"))
    if probe.returncode != 0:
        raise GitError(say("not-a-repo", path=str(start)))
    top, gdir = probe.stdout.splitlines()[:2]
    return Repo(Path(top), Path(gdir))


def _have_git() -> bool:
    from shutil import which

    return which("git") is not None
