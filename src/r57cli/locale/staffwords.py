"""What the staff commands say (say(key)): the sentences around recording progress, in
English. The Vietnamese is in vi/LC_MESSAGES/r57.po under msgctxt "say:KEY"."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- finding the plan ---------------------------------------------------------------------
    "plan-no-folder": "{path}: no such folder. Check the --plan path.",
    "plan-is-a-file": "{path}: is a file. Give --plan the folder that holds plan.yaml.",
    "plan-denied": "{path}: permission denied. Check the folder's rights.",
    "plan-no-plan-file": "{path}: no plan.yaml here. Point --plan at the folder that holds it.",
    "plan-several": "several plans found under {folder}: {names}. Choose one with --plan DIR.",
    "plan-not-found": (
        "no plan found in {path} or its parent folders (looked for plan.yaml). Run r57 "
        "inside a plan repository, or pass --plan DIR."
    ),
    # --- git and the repository ------------------------------------------------------------
    "git-missing": (
        "git is not installed or not on PATH. Install git, then run the command again."
    ),
    "git-failed": "{command} failed:\n{output}",
    "not-a-repo": (
        "{path} is not inside a git repository. r57 records progress as git commits: clone "
        "the plan repository (git clone URL) and run r57 inside it."
    ),
    "plan-outside-repo": "The plan folder {path} is not inside the git repository at {root}.",
    "state-merge": (
        "A merge is in progress. Finish it (git commit) or abandon it (git merge --abort), "
        "then record progress."
    ),
    "state-rebase": (
        "A rebase is in progress. Finish it (git rebase --continue) or abandon it (git "
        "rebase --abort), then record progress."
    ),
    "state-cherry-pick": (
        "A cherry-pick is in progress. Finish it or run git cherry-pick --abort first."
    ),
    "state-revert": "A revert is in progress. Finish it or run git revert --abort first.",
    "state-bisect": "A git bisect is in progress. Run git bisect reset first.",
    "state-detached": (
        "HEAD is detached (not on a branch), so a commit would belong to no branch. Switch "
        "to your branch first: git switch main"
    ),
    "state-unborn": (
        "The branch {branch} has no commits yet. Commit the plan first (git add . && git "
        "commit -m 'Plan'), then record progress."
    ),
    "no-identity": (
        "git does not know who you are. Set your name and the e-mail listed for you in "
        'units.yaml:\n  git config user.name "Your Name"\n  git config user.email '
        "you@example.gov.vn"
    ),
    "index-locked": (
        "git's index is locked ({path} exists). Another git command may be running in this "
        "clone (an editor, a GUI, another terminal). If none is, a crashed git left the "
        "file behind: delete it and run the command again. Nothing was changed."
    ),
    "lock-busy": (
        "Another r57 command is recording progress in this clone and did not finish within "
        "{seconds} s. Wait for it, then run the command again."
    ),
    "recovered": (
        "note: an earlier r57 run was interrupted before it committed {path}; the file was "
        "put back as it was."
    ),
    "recovered-import": (
        "note: an earlier r57 import was interrupted before it committed; the {n} task files "
        "it had written were removed."
    ),
    "recovery-conflict": (
        "An earlier r57 run was interrupted while recording {path}, and the file has been "
        "edited since. Check it with git diff -- {path}, keep or discard the change (git "
        "restore -- {path}), then delete {journal}."
    ),
    "bad-config": (
        "git config {setting} is not true or false. The commit was made; fix the setting (git "
        "config {setting} true) and push with git push.\n{output}"
    ),
    "journal-odd": (
        "{path} is not a file r57 wrote. Remove it (it holds nothing r57 needs), then run the "
        "command again."
    ),
    "task-symlink": (
        "{path} is a symbolic link. A task file must be a file in the repository (r57 "
        "validate ignores links); replace the link with the file itself."
    ),
    "journal-pending": (
        "note: an earlier r57 run was interrupted; the next real run finishes or undoes it."
    ),
    "changed-meanwhile": (
        "{path} or the current branch changed while r57 was checking the plan (an editor "
        "saving, or git in another window). Nothing was written; run the command again."
    ),
    "rollback-failed": (
        "Recording failed, and putting {path} back failed too ({reason}). Free some space or "
        "fix the cause, then run any r57 recording command: it restores the file from "
        "the journal in .git/r57."
    ),
    "commit-failed": (
        "git commit failed, so nothing was recorded and {path} is back as it was.\n{output}"
    ),
    "write-failed": "Could not write {path}: {reason}. Nothing was changed.",
    # --- the task ---------------------------------------------------------------------------
    "bad-task-id": (
        "'{value}' is not a task ID. Task IDs look like T-012: capital letters, a dash and digits."
    ),
    "unknown-task": "There is no task {task} in {plan}.{suggest}",
    "did-you-mean": " Did you mean {ids}?",
    "task-dirty": (
        "{path} has changes that are not committed. r57 commits only its own change, so "
        "first commit yours (git commit -- {path}) or discard them (git restore --staged "
        "--worktree -- {path})."
    ),
    "task-untracked": (
        "{path} is not committed yet. Add the new task with git (git add {path} && git "
        "commit), then record progress."
    ),
    "task-invalid": (
        "{path} has problems, so r57 will not change it. Run r57 validate to see them."
    ),
    "show-invalid": (
        "{path} cannot be read as a task, so r57 cannot show it. Run r57 validate to see why."
    ),
    "plan-would-break": "This change would leave the plan invalid, so nothing was written:",
    "cannot-edit": (
        "r57 cannot change {path} safely ({reason}). Nothing was written. Make the change "
        "by hand, or report the file's layout to the r57 team."
    ),
    # --- user input ------------------------------------------------------------------------
    "bad-text": (
        "{option} contains control characters or is too long. Use plain text of at most "
        "{limit} characters{line}."
    ),
    "text-divider": (
        "A line of {option} starts with ---, which git reads as the end of a commit message "
        "(the trailers after it would be lost). Write the line another way."
    ),
    "list-status": (
        "--status {value} is not a status. Use not_started, in_progress, done or cancelled."
    ),
    "one-line": " on one line",
    "empty-text": "{option} must not be empty.",
    "bad-date": (
        "{option} '{value}' is not a date. Write it as YYYY-MM-DD, for example 2026-11-20."
    ),
    "future-date": (
        "{option} {value} is in the future (today is {today}). Progress can only be "
        "recorded for today or earlier."
    ),
    "bad-duration": "'{value}' is not a period. Write days or weeks, for example 14d or 2w.",
    # --- the status model ------------------------------------------------------------------
    "pct-lower": (
        '{task} is at {old}%; going down to {new}% needs --reason "why" (it goes into '
        "the commit, and reviewers see it)."
    ),
    "pct-100": (
        "100% means the task is finished: record it with r57 done {task}, which also sets "
        "the completion date."
    ),
    "pct-same": (
        "{task} is already at {pct}% with status {status}. Nothing to record; add --note "
        "to report without a change."
    ),
    "is-done": (
        "{task} is done (completed {date}). To change it, first run r57 reopen {task} "
        '--reason "why".'
    ),
    "is-cancelled": (
        '{task} is cancelled. To work on it again, run r57 reopen {task} --reason "why".'
    ),
    "already-started": "{task} is already {status}; nothing to start.",
    "not-reopenable": "{task} is {status}, not done or cancelled; there is nothing to reopen.",
    "reopen-pct": "Reopening sets the task below 100%: give the new figure with --pct (0-99).",
    "needs-reason": ('{action} needs --reason "why": it goes into the commit for reviewers.'),
    "before-start": "{option} {value} is before the task starts ({start}).",
    "not-started-pct": (
        "A task that has not started is at 0%: use --status not_started with --pct 0."
    ),
    "pct-with-status": (
        "--pct does not go with --status {status}: done is always 100%, and cancel keeps "
        "the percentage. Leave out --pct (or use r57 done / r57 cancel)."
    ),
    "done-blocked": (
        "{task} still has open blockers ({ids}). Lift them first (r57 unblock {task} ID), "
        "then mark it done."
    ),
    "before-raised": "--date {value} is before blocker {id} was raised ({raised}).",
    "before-asked": "--date {value} is before request {id} was made ({asked}).",
    "status-choice": (
        "--status {value} is not something update sets. Use r57 start, done, reopen or cancel."
    ),
    "ref-needed": (
        'A {kind} blocker must name the document to amend: add --ref "Decree 47/2020/ND-CP".'
    ),
    "unknown-blocker": "{task} has no blocker {id}. Its blockers: {ids}.",
    "blocker-lifted": "Blocker {id} of {task} was already lifted on {date}.",
    "unknown-request": "{task} has no resource request {id}. Its requests: {ids}.",
    "request-decided": "Request {id} of {task} is already {status} ({date}).",
    "unknown-unit": "There is no unit '{unit}' in units.yaml.{suggest}",
    "none": "none",
    "list-unreadable": (
        "warning: {path} cannot be read as a task, so {task} is left out of this list. Run "
        "r57 validate to see why."
    ),
    "not-in-units": (
        "{email} (git config user.email) is not listed for anyone in units.yaml, so r57 "
        "cannot tell which tasks are yours. Set the e-mail listed for you, or use --person."
    ),
    # --- results ---------------------------------------------------------------------------
    "recorded": "Recorded {subject}  [{branch} {sha}]",
    "dry-run": "Dry run: nothing was written or committed. The commit would be:",
    "not-member": (
        "warning: {email} is not listed as a member of {unit} (the owner of {task}). The "
        "commit was made, but the pull-request check will reject it unless a member, a "
        "coordinator or an admin makes it. Check git config user.email."
    ),
    "not-signed": (
        "warning: the commit is not signed, and this plan requires signed commits "
        "(policy.require_signed_commits): the pull-request check will refuse it. Run r57 "
        "signing setup once, then sign this commit: git commit --amend --no-edit -S."
    ),
    # --- push ------------------------------------------------------------------------------
    "no-upstream": (
        "The commit is made, but the branch {branch} has no upstream to push to. Push it "
        "once with: git push -u origin {branch}"
    ),
    "pushed": "Pushed to {remote}/{branch}.",
    "rebased-as": "Rebased on the remote's new commits: your report is now commit {sha}.",
    "push-retry": "The remote moved on; rebased on it and trying again ({attempt}/{limit}).",
    "push-conflict": (
        "Your commit is kept here, but it was not pushed: someone else changed {path} at "
        "the same time, so the two changes conflict. The simple way out: git fetch, then git "
        "reset --hard @{{u}} (this drops your commit and keeps theirs), then run the same r57 "
        "update again. Or merge the two by hand: git pull --rebase, fix {path} (r57 validate "
        "shows where), git add {path}, git rebase --continue, then git push."
    ),
    "push-invalid": (
        "Your commit is kept here, but it was not pushed: on top of the latest remote "
        "changes the plan is invalid. Run r57 validate, fix it, commit, then git push."
    ),
    "push-failed": (
        "Your commit is kept here, but the push failed. Fix the cause and run git push:\n{output}"
    ),
    "push-gave-up": (
        "Your commit is kept here, but the remote kept moving and {limit} attempts to push "
        "failed. Run git pull --rebase && git push."
    ),
    # --- r57 demo --------------------------------------------------------------------------
    "demo-not-empty": (
        "{path} is not empty. Give r57 demo a new folder or an empty one; nothing was changed."
    ),
    "demo-not-a-folder": (
        "{path} exists and is not a folder. Give r57 demo a new folder; nothing was changed."
    ),
    "demo-no-bundled": (
        "The bundled plan286/ was not found next to r57's source (r57 was installed "
        "without it). Pass the plan folder with --from PATH."
    ),
    "demo-bad-source": (
        "{path} is not a plan r57 demo can use ({reason} is missing or invalid). Run "
        "r57 validate --plan {path} to see why."
    ),
    "demo-invalid": (
        "The plan in {path} has errors, so no report could be recorded on it. Run "
        "r57 validate --plan {path} and fix them first."
    ),
    "demo-no-people": (
        "units.yaml has no member with an e-mail address: the demo needs people to report progress."
    ),
    "demo-too-early": (
        "--today {today} is before the plan's kick-off on {kickoff}: there is no history "
        "to make. Choose a later day."
    ),
    "demo-progress": "Recording reports",
    "demo-built": (
        "Made a plan repository in {path}: {commits} commits by {people} people, from the "
        "kick-off on {first} to {last} ({late} reports recorded late), in {seconds} s."
    ),
    "demo-next": "Next, the weekly synthesis:\n    cd {path} && {r57} report --week",
    "demo-national": (
        "Made a national federation in {path}: the ministry (mic) and the provinces "
        "{provinces}, each a plan repository with its own history, and the steering "
        "repository {steer}, whose federation.yaml lists them and one more province (hue) "
        "whose repository is missing on purpose.\nNext, the national synthesis:\n"
        "    cd {steer} && {r57} report --week"
    ),
    # --- r57 signing setup --------------------------------------------------------------------
    "signing-no-ssh-keygen": (
        "ssh-keygen was not found: install OpenSSH (the openssh-client package, or Git "
        "for Windows) and run `r57 signing setup` again."
    ),
    "signing-not-a-repo": (
        "{path} is not inside a git repository: run `r57 signing setup` in your clone of "
        "the plan, or add --global to set it up for every repository."
    ),
    "signing-key-missing": (
        "--key {path}: no such file. Give the path of an existing SSH key, or leave --key"
        " out to make one."
    ),
    "signing-key-exists": (
        "{path} (or its .pub) exists already and is not overwritten: use it with --key {path}."
    ),
    "signing-keygen-failed": "ssh-keygen could not make a key at {path}: {output}",
    "signing-key-unreadable": "{path} is not an SSH key ssh-keygen can read: {output}",
    "signing-key-created": "Made a new SSH key (ed25519, no passphrase) at {path}.",
    "signing-key-used": "Signing with the existing key {path}.",
    "signing-where-global": "every repository (--global)",
    "signing-configured": (
        "git now signs your commits with it (gpg.format ssh, user.signingkey, "
        "commit.gpgsign true) in {where}."
    ),
    "signing-send-admin": (
        "Send this public line to the plan's admin (it is public; never send the private key):"
    ),
    "signing-snippet": (
        "The admin adds it to your member entry ({email}) in units.yaml, then runs `r57 "
        "allowed-signers -o .github/allowed_signers`:"
    ),
    # --- r57 codeowners, r57 allowed-signers ----------------------------------------------------
    "access-check-stdout": "--check compares with a file: give -o PATH, not -o -.",
    "access-output-or-config": "Choose one: -o/--output PATH or --git-config.",
    "access-check-needs-file": "--check compares with a file: give -o PATH or --git-config.",
    "access-no-units": (
        "{path}: no units could be read from it, so there is nothing to generate. Run r57 "
        "validate to see why."
    ),
    "access-setting-elsewhere": "r57: {setting} does not point at {target}. Run `{fix}`.",
    "access-setting-set": (
        "set {setting} to it in this repository's git config: git log --show-signature and git "
        "verify-commit now check SSH signatures against units.yaml. Run `{fix}` again after "
        "units.yaml changes."
    ),
    "access-no-keys": "r57: note: units.yaml lists no ssh_keys yet: no signature will verify.",
    "access-cannot-read": "{path}: cannot read it: {reason}.",
    "access-current": "{path} is current.",
    "access-missing": "r57: {path} is missing. Run `{fix}` and commit the result.",
    "access-more-lines": "... {count} more lines of difference",
    "access-stale": (
        "r57: {path} is stale: it differs from what units.yaml gives now. Run `{fix}` and "
        "commit the result."
    ),
    "access-unchanged": "{path} is already current; nothing written.",
    "access-cannot-write": "{path}: cannot write it: {reason}. Nothing was changed.",
    "access-wrote": "wrote {path}",
    # --- r57 check ----------------------------------------------------------------------------
    "check-bad-range": (
        "'{spec}' is not a range of commits. Give BASE..HEAD (for example origin/main..HEAD), "
        "or one revision, which means REV..HEAD."
    ),
    "check-three-dots": (
        "'{spec}': r57 check takes BASE..HEAD with two dots: the commits reachable from HEAD "
        "and not from BASE, which is what a pull request adds."
    ),
    "check-unknown-rev": (
        "'{rev}' is not a commit in this repository. Fetch it first (git fetch origin), or "
        "check the spelling.{shallow}"
    ),
    "check-shallow-hint": (
        " This is a shallow clone: fetch the whole history with git fetch --unshallow "
        "(GitHub Actions: actions/checkout with fetch-depth: 0)."
    ),
    "check-shallow": (
        "The range {spec} reaches past the history this shallow clone holds (commit {commit} "
        "has no parents here), so who changed what cannot be checked. Fetch the whole history "
        "with git fetch --unshallow (GitHub Actions: actions/checkout with fetch-depth: 0), "
        "then run r57 check again."
    ),
    "check-git-too-old": (
        "r57 check needs git 2.38 or newer to check merge commits (git merge-tree "
        "--write-tree). Upgrade git, or rebase the branch instead of merging."
    ),
    "check-worktree-differs": (
        "The plan files on disk are not those of commit {head} ({files}): uncommitted "
        "changes, or a .gitattributes filter that rewrites files on checkout. r57 check "
        "judges what was committed: commit or stash the changes (git stash), or remove the "
        "filter for the plan's files."
    ),
    "check-not-head": (
        "r57 check validates the plan as checked out, but the checkout is at {checkout}, not "
        "at the end of the range {head}. Run git checkout {head} first, or end the range at "
        "HEAD."
    ),
    # The prefix of every error r57 prints (cli.run), in the run's language.
    "error-prefix": "r57: error:",
    "interrupted": "Interrupted.",
    "list-stale-days-alone": "--stale-days goes with --stale (or use --silent N).",
    "aborted": "Aborted.",
    "os-enoent": "No such file or directory",
    "os-eacces": "Permission denied",
    "os-eisdir": "Is a directory",
    "os-enotdir": "Not a directory",
    "os-enospc": "No space left on device",
    "os-erofs": "Read-only file system",
    "os-eexist": "File exists",
    "cannot-write-output": "{path}: cannot write the report: {reason}.",
    "schema-stale": "{path}: stale or missing. Run: r57 schema --out {out}",
    "schema-wrote": "wrote {path}",
    "completion-installed": "{shell} completion installed in {path}. Open a new terminal.",
    "schema-cannot-write": "{path}: cannot write schemas: {reason}.",
}
