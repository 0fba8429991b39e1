"""Push a recorded commit, and when someone else pushed first, rebase onto theirs,
re-validate and try again: a bounded number of times, with jitter so that a room full of
people pressing Enter at 16:59 on Friday do not retry in lock-step. Nothing is ever lost:
if the rebase conflicts it is aborted and the local commit stays as it was."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from r57cli.locale.texts import say
from r57cli.plan.workspace import Workspace
from r57cli.record.commit import validate_as_committed
from r57cli.record.durable import locked, terminate_as_interrupt

# Each round at least one of the people pushing at once gets through, so the last of N
# needs up to N attempts: leave room for a unit's worth of people.
ATTEMPTS = 10
# Someone else's push landed first: either the remote refused ours as a non-fast-forward,
# or two pushes raced for the remote's ref lock ("cannot lock ref ... but expected ...").
_RACE = ("cannot lock ref", "failed to update ref", "incorrect old value")


@dataclass
class PushResult:
    ok: bool
    message: str
    retries: list[str]
    sha: str = ""  # the commit pushed: after a rebase, not the one first recorded


def push(ws: Workspace, relpath: str, *, attempts: int = ATTEMPTS) -> PushResult:
    # The rebase moves HEAD and the work tree: hold the clone's r57 lock, so that another r57
    # run in this clone neither finds the rebase half-way nor commits in the middle of it.
    with locked(ws.repo), terminate_as_interrupt():
        try:
            return _push(ws, relpath, attempts)
        except BaseException:
            # Interrupted half-way: never leave the clone in the middle of a rebase.
            if any((ws.repo.git_dir / d).exists() for d in ("rebase-merge", "rebase-apply")):
                ws.repo.run("rebase", "--abort", check=False)
            raise


def _push(ws: Workspace, relpath: str, attempts: int) -> PushResult:
    repo = ws.repo
    branch = repo.branch()
    upstream = repo.upstream()
    if upstream is None:
        return PushResult(False, say("no-upstream", branch=branch), [])
    remote, merge_ref = upstream
    remote_branch = merge_ref.removeprefix("refs/heads/")
    retries: list[str] = []
    for attempt in range(1, attempts + 1):
        proc = repo.run("push", "--porcelain", "--", remote, f"HEAD:{merge_ref}", check=False)
        if proc.returncode == 0:
            message = say("pushed", remote=remote, branch=remote_branch)
            return PushResult(True, message, retries, repo.head())
        output = (proc.stdout + proc.stderr).strip()
        if not _retryable(output):
            # stderr holds git's and the remote's own words; stdout is the porcelain table
            shown = proc.stderr.strip() or output
            return PushResult(False, say("push-failed", output=shown), retries)
        if attempt == attempts:
            break
        # Back off before fetching, not between the rebase and the push: what is fetched is
        # then as fresh as it can be when the push follows it.
        time.sleep(random.uniform(0.05, 0.25) * attempt)
        fetched = repo.run("fetch", "--quiet", "--", remote, merge_ref, check=False)
        if fetched.returncode != 0:
            return PushResult(False, say("push-failed", output=fetched.stderr.strip()), retries)
        rebased = repo.run("rebase", "--autostash", "--quiet", "FETCH_HEAD", check=False)
        if rebased.returncode != 0:
            repo.run("rebase", "--abort", check=False)
            return PushResult(False, say("push-conflict", path=relpath), retries)
        if validate_as_committed(ws, {}).errors:
            return PushResult(False, say("push-invalid"), retries)
        retries.append(say("push-retry", attempt=attempt, limit=attempts))
    return PushResult(False, say("push-gave-up", limit=attempts), retries)


def _retryable(output: str) -> bool:
    if "[rejected]" in output:
        return True
    return "[remote rejected]" in output and any(marker in output for marker in _RACE)
