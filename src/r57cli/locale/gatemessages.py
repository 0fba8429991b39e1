"""The messages of the pull-request gate (`r57 check`), in English (the Vietnamese is in
vi/LC_MESSAGES/r57.po). They join messages.CATALOGUE there; the codes are an API like every
other (R57E3xx, R57W3xx)."""

from __future__ import annotations

# code -> (category, severity, rule name, message, fix)
GATE_MESSAGES: dict[str, tuple[str, str, str, str, str]] = {
    # --- who may change what -----------------------------------------------------------------
    "R57E301": (
        "access",
        "error",
        "unknown-author",
        "commit {commit} ({subject}) is by {author}, an e-mail units.yaml does not list",
        "commit with the e-mail units.yaml lists for you (git config user.email …), then redo "
        "the commit: git commit --amend --reset-author; or ask an admin to add your e-mail to "
        "units.yaml first",
    ),
    "R57E302": (
        "access",
        "error",
        "not-task-owner",
        "commit {commit} ({subject}): {person} (unit {units}) changes task {task}, which "
        "belongs to unit {unit}; only members of {unit}{co}, coordinators and admins may "
        "change it",
        "ask someone in {unit} to make this change, and drop this commit from the pull request "
        "(git rebase -i)",
    ),
    "R57E303": (
        "access",
        "error",
        "admin-only-file",
        "commit {commit} ({subject}): {person} changes {file}; only admins may change it",
        "ask an admin ({admins}) to make this change in a pull request of its own",
    ),
    "R57E304": (
        "access",
        "error",
        "task-moved",
        "commit {commit} ({subject}): {person} moves task {task} from unit {unit} to {to}; "
        "only admins may move a task to another unit",
        "leave the task with {unit}; ask an admin ({admins}) to move it",
    ),
    "R57E305": (
        "access",
        "error",
        "task-created",
        "commit {commit} ({subject}): {person} creates task {task} in unit {unit}'s folder; "
        "only admins may create tasks",
        "ask an admin ({admins}) to add the task",
    ),
    "R57E306": (
        "access",
        "error",
        "task-deleted",
        "commit {commit} ({subject}): {person} deletes task {task} of unit {unit}; only admins "
        "may delete tasks",
        'to stop a task, cancel it: r57 cancel {task} --reason "…"; or ask an admin ({admins})',
    ),
    "R57E323": (
        "access",
        "error",
        "unit-edited-by-hand",
        "commit {commit} ({subject}) changes units.yaml by hand: it {kind}s unit {unit} "
        "without the commit of r57 unit {kind}",
        "drop this change (git checkout BASE -- units.yaml) and run r57 unit add {unit} "
        "--name … --name-vi …, or r57 unit merge {unit} --into {into} --date YYYY-MM-DD "
        "--decision …: one commit that moves the tasks and members too",
    ),
    "R57E324": (
        "access",
        "error",
        "unit-commit-not-allowed",
        "commit {commit} ({subject}): {person} runs r57 {action}; only people with a role in "
        "policy.edit_units_by ({roles}) may add or merge units",
        "ask someone with one of those roles to run the command, and drop this commit from "
        "the pull request (git rebase -i)",
    ),
    "R57E308": (
        "access",
        "error",
        "unsigned-commit",
        "commit {commit} ({subject}) by {author} is not signed, and this plan requires signed "
        "commits (policy.require_signed_commits in plan.yaml)",
        "sign with the SSH key units.yaml lists for you: git config gpg.format ssh; git config "
        "user.signingkey ~/.ssh/id_ed25519.pub; git commit --amend --no-edit -S (several "
        "commits: git rebase --exec 'git commit --amend --no-edit -S' BASE)",
    ),
    "R57E309": (
        "access",
        "error",
        "unknown-signing-key",
        "commit {commit} ({subject}) is signed with key {key}, which units.yaml does not list "
        "for anyone",
        "sign with the key units.yaml lists for you, or ask an admin to add your public key to "
        "your ssh_keys in units.yaml (in an earlier pull request)",
    ),
    "R57E310": (
        "access",
        "error",
        "bad-signature",
        "the signature of commit {commit} ({subject}) cannot be accepted: {detail}",
        "sign the commit again with your SSH key: git commit --amend --no-edit -S",
    ),
    "R57E311": (
        "access",
        "error",
        "forged-author",
        "commit {commit} ({subject}) is signed with {signer}'s key, but its author is {author}",
        "each person commits and signs as themselves: set user.email to the signer's own "
        "e-mail and redo the commit (git commit --amend --reset-author -S)",
    ),
    # --- honest history ------------------------------------------------------------------------
    "R57E320": (
        "history",
        "error",
        "pct-lowered-without-reason",
        "commit {commit} ({subject}) lowers {task} from {old}% to {new}% without a reason",
        'record it with r57 update {task} --pct {new} --reason "…" (it adds an R57-Reason '
        "trailer), or end the commit message with a line 'R57-Reason: …'",
    ),
    "R57E321": (
        "history",
        "error",
        "closed-task-undone",
        "commit {commit} ({subject}) changes {task} from {old} back to {new} without reopening it",
        'reopen it: r57 reopen {task} --reason "…" (it records R57-Action: reopen and a reason)',
    ),
    "R57E322": (
        "history",
        "error",
        "closed-week-rewritten",
        "commit {commit} ({subject}) changes {field} of {task} from {old} to {new}, but {old} "
        "is in a week that has closed (the current week began {week_start})",
        "keep the dates of closed weeks as recorded; if one was wrong, explain it in a note "
        "(the task's note, or --note on the next report)",
    ),
    "R57W301": (
        "history",
        "warning",
        "late-report",
        "commit {commit} ({subject}) reports for {date}, in a week that has closed (the "
        "current week began {week_start})",
        "nothing to fix for a late report: weekly reports list it as recorded after its week "
        "closed",
    ),
    # --- schedules move only by approval --------------------------------------------------
    "R57E312": (
        "history",
        "error",
        "reschedule-not-allowed",
        "commit {commit} ({subject}): {person} changes {field} of {task} from {old} to {new}; "
        "only people with a role in policy.reschedule_by ({roles}) may change a schedule, "
        "never the unit on its own",
        'ask a coordinator to run `r57 reschedule {task} {option} {value} --reason "…"`, and '
        "drop this change from the pull request; to ask for more time, run "
        '`r57 extend {task} --to DATE --reason "…"`',
    ),
    "R57E313": (
        "history",
        "error",
        "reschedule-without-record",
        "commit {commit} ({subject}) changes {field} of {task} but appends {count} entries "
        "to its reschedules: list instead of exactly one",
        'record it with `r57 reschedule {task} … --reason "…"`, or append one reschedules: '
        "entry (id, date, by, reason, before, after) that describes this change",
    ),
    "R57E314": (
        "history",
        "error",
        "reschedule-record-mismatch",
        "commit {commit} ({subject}): the new reschedules entry {entry} of {task} does not "
        "record the change: its {field} is {found}, expected {expected}",
        "make the entry say who made the change (by: your person ID), why (reason:), the "
        "values before it (before:) and after it (after:); or use `r57 reschedule {task}`",
    ),
    "R57E315": (
        "history",
        "error",
        "reschedule-record-rewritten",
        "commit {commit} ({subject}) edits, reorders or removes the reschedules entry {entry} "
        "of {task}; the list is append-only",
        "put entry {entry} back as it was before commit {commit} (git diff {commit}^ {commit} "
        "shows what it changed) and record a new change with `r57 reschedule {task}`",
    ),
    "R57E316": (
        "history",
        "error",
        "reschedule-record-without-change",
        "commit {commit} ({subject}) appends a reschedules entry to {task} without changing "
        "its start, due or milestones",
        "change the schedule in the same commit (r57 reschedule does both), or remove the entry",
    ),
    "R57E317": (
        "history",
        "error",
        "extension-decided-without-role",
        "commit {commit} ({subject}): {person} sets the extension request {request} of {task} "
        "to {status}; only people with a role in policy.reschedule_by ({roles}) may decide "
        "one (a unit cannot grant itself time)",
        "leave the request open; a coordinator grants it with `r57 reschedule {task} --grants "
        "{request} …` or refuses it with `r57 decide`",
    ),
    "R57E318": (
        "history",
        "error",
        "extension-granted-without-reschedule",
        "commit {commit} ({subject}) grants the extension request {request} of {task} without "
        "a reschedule that names it",
        "grant it with `r57 reschedule {task} --grants {request} --reason …`, which "
        "records both in one commit",
    ),
    "R57E319": (
        "history",
        "error",
        "confirmation-not-allowed",
        "commit {commit} ({subject}): {person} sets confirmed_by of {task} to {confirmed}; a "
        "claimed completion is confirmed by a person with a role in policy.reschedule_by "
        "({roles}), as themselves",
        "remove confirmed_by, or set it to your own person ID ({id}) if you hold the role; "
        "ask a coordinator to confirm the claim",
    ),
    "R57E330": (
        "access",
        "error",
        "plan-edit-not-allowed",
        "commit {commit} ({subject}) is an r57 {command} of task {task} by {person}, who has no "
        "role in policy.{key} ({roles})",
        "ask a person with one of those roles to run r57 {command}, and drop this commit from "
        "the pull request (git rebase -i)",
    ),
    "R57E331": (
        "access",
        "error",
        "task-added-by-hand",
        "commit {commit} ({subject}) adds task {task} to unit {unit} by hand, without r57 task add",
        "drop the file from this commit and add the task with r57 task add --from FILE (a "
        "person with a role in policy.{key}: {roles})",
    ),
    "R57E332": (
        "access",
        "error",
        "task-assigned-by-hand",
        "commit {commit} ({subject}) changes {field} of task {task} from {old} to {new} by "
        "hand, without r57 assign",
        "undo the edit and run r57 assign {task} --unit … --responsible … --reason … (a person "
        "with a role in policy.{key}: {roles})",
    ),
    "R57E333": (
        "access",
        "error",
        "task-cancelled-by-hand",
        "commit {commit} ({subject}) sets task {task} to cancelled by hand, without r57 cancel",
        'undo the edit and run r57 cancel {task} --reason "…" (a person with a role in '
        "policy.{key}: {roles})",
    ),
    "R57W302": (
        "history",
        "warning",
        "claimed-completion",
        "commit {commit} ({subject}) marks {task} done on {completed}, {days} days before the "
        "commit's day {day} (policy.max_backdate_days: {limit}), without recording that day",
        "add progress.recorded: {day} (r57 done does it): on-time is then judged by the "
        "recorded day until a coordinator confirms the claim",
    ),
    "R57W305": (
        "history",
        "warning",
        "completion-claim-unconfirmed",
        "commit {commit} ({subject}) records {task} done on {completed}, {days} days before "
        "it was recorded ({recorded}; policy.max_backdate_days: {limit}): the date is a claim, "
        "and reports judge on-time by the recorded day until a coordinator confirms it",
        "a coordinator checks the evidence and runs r57 confirm {task}; nothing to change in "
        "this pull request",
    ),
    "R57W303": (
        "history",
        "warning",
        "commit-dated-before-parent",
        "commit {commit} ({subject}) has a committer date ({day}) earlier than its parent's "
        "({parent}): it is backdated, and reports count it by when it was really recorded",
        "commit with the real clock (unset GIT_COMMITTER_DATE) and redo the commit: git "
        "commit --amend --no-edit (or git rebase --exec 'git commit --amend --no-edit' BASE)",
    ),
    "R57W304": (
        "history",
        "warning",
        "commit-dated-in-the-past",
        "commit {commit} ({subject}) is new in this range but its committer date ({day}) is "
        "more than a day before today ({today}): it may be backdated",
        "if the branch simply waited, rebase it (git rebase BASE sets new committer dates); "
        "never set GIT_COMMITTER_DATE by hand",
    ),
}

GATE_PHRASES: dict[str, str] = {
    "co-units-may": " or of its co-operating units ({units})",
    "asked-unit-may-decide": (
        " (the unit a request is addressed to may decide it only when plan.yaml sets "
        "policy.asked_unit_may_decide: true)"
    ),
    "no-admins": "units.yaml names none: give someone roles: [admin]",
    "sig-bad": "it does not match the commit (changed after signing, or a wrong key)",
    "sig-expired-signature": "the signature has expired",
    "sig-expired-key": "the key has expired",
    "sig-revoked-key": "the key has been revoked",
    "sig-cannot-check": "git could not check it (is ssh-keygen installed?)",
    "sig-kind-openpgp": "it is an OpenPGP (gpg) signature; this plan checks SSH signatures",
    "sig-kind-x509": "it is an X.509 signature; this plan checks SSH signatures",
}
