"""The words of the national synthesis (r57 report --federation), in English: the members
section every format shows, and each fault a member can have. The Vietnamese is in r57.po
(msgctxt "report:KEY")."""

from __future__ import annotations

FED_WORDS: dict[str, str] = {
    "fed-sec-members": "Members: {ok} of {count} with complete, current data",
    "fed-col-member": "Member",
    "fed-col-kind": "Kind",
    "fed-col-commit": "Commit",
    "fed-col-fetched": "Fetched",
    "fed-col-tasks": "Tasks",
    "fed-col-state": "State",
    "fed-ok": "complete",
    "fed-kind-ministry": "ministry",
    "fed-kind-province": "province",
    "fed-kind-agency": "agency",
    "fed-kind-other": "other",
    "fed-age": "{when} ({days} days ago)",
    "fed-age-today": "{when} (today)",
    "fed-never": "never",
    "fed-now": "this run",
    "fed-fault-unreachable": "could not be fetched (unreachable): {detail}",
    "fed-fault-timeout": "the fetch took longer than the limit and was stopped: {detail}",
    "fed-fault-auth": "the fetch was refused (authentication): {detail}",
    "fed-fault-no-branch": "the branch is not in the repository: {detail}",
    "fed-fault-too-big": "the repository is larger than the size limit: fetch stopped",
    "fed-fault-refused": "the URL's transport is not allowed: {detail}",
    "fed-fault-failed": "the fetch failed: {detail}",
    "fed-fault-rewritten": "its history was rewritten since the last fetch (a force-push): "
    "{old} is no longer on the branch, now {new}; past reports may change",
    "fed-fault-shallow": "its history is shallow: reports before its first commit are missing",
    "fed-fault-never-fetched": "never fetched: no figures",
    "fed-fault-offline": "not fetched (--offline): the data is as last fetched",
    "fed-fault-no-plan": "no plan.yaml in the folder {detail} at the fetched commit: no figures",
    "fed-fault-invalid": "its plan has {errors} error(s) at the fetched commit (first: {detail}); "
    "figures are as the files say",
    "fed-fault-unsafe-files": "{count} file(s) not read (symbolic links, submodules, or "
    "larger than a plan file may be): {detail}",
    "fed-fault-unreadable": "its history could not be read: {detail}",
    "fed-incomplete": "Incomplete: {count} of the members have missing, old or doubtful "
    "figures (see Members). The exit code is 4.",
}
FED_WORDS.update(
    {
        "fed-invalid": "{path} has {errors} error(s); run r57 validate --plan {path} to see "
        "each with its place, and fix them first",
        "fed-not-found": "{path} is not a federation file: give the federation.yaml (or its "
        "folder) of the national steering repository",
        "fed-unknown-member": "no member {value} in federation.yaml: --unit takes a member ID, "
        "or MEMBER/UNIT for one of its units{suggest}",
        "fed-unknown-accept": "no member {value}: --accept-rewritten takes a member ID of "
        "federation.yaml{suggest}",
        "fed-did-you-mean": "; did you mean {ids}?",
        "fed-members-are": "; its members: {ids}",
        "fed-person-form": "--person {value}: over a federation, write MEMBER/PERSON (a person "
        "ID belongs to one member's plan), e.g. hanoi/nguyen.van.an",
        "fed-no-data": "none of the {count} member(s) has any data yet, so there is no "
        "report; what happened to each:",
    }
)

FED_WORDS.update(
    {
        "xl-sheet-members": "Members",
        "xl-sheet-targets": "National targets",
        "fed-csv-member": "Member",
        "fed-csv-name": "Name",
        "fed-csv-kind": "Kind",
        "fed-csv-group": "Group",
        "fed-csv-commit": "Commit",
        "fed-csv-fetched_at": "Fetched",
        "fed-csv-data_age_days": "Data age (days)",
        "fed-csv-tasks": "Tasks",
        "fed-csv-fault": "State",
        "fed-csv-detail": "Detail",
    }
)

FED_WORDS.update(
    {
        "fed-sec-regulations": "Regulations blocking tasks across the members",
        "fed-regulation": "{ref} blocks {tasks} in {where}; the oldest has been open {days} days.",
        "fed-tasks": "{count} tasks",
        "fed-tasks-one": "1 task",
        "fed-no-regulations": "No open blocker names a regulation.",
        "fed-in-province": "{count} provinces",
        "fed-in-ministry": "{count} ministries",
        "fed-in-agency": "{count} agencies",
        "fed-in-other": "{count} other members",
        "fed-in-province-one": "1 province",
        "fed-in-ministry-one": "1 ministry",
        "fed-in-agency-one": "1 agency",
        "fed-in-other-one": "1 other member",
        "fed-and": "{head} and {last}",
    }
)

FED_WORDS.update(
    {
        "fed-sec-targets": "National targets: who registered tasks, and the gaps "
        "(* = not required, contributes)",
        "fed-col-target": "Target",
        "fed-target-gap": "GAP: registered no task for this target",
        "fed-target-late": "later than the target: {late}",
        "fed-target-on_track": "on track for the target's due",
        "fed-target-done": "done",
        "fed-target-no_data": "no data (see Members)",
        "fed-target-not_shown": "required, not in this report (--unit)",
    }
)

FED_WORDS.update(
    {
        "fed-csv-t-target": "Target",
        "fed-csv-t-title": "Title",
        "fed-csv-t-due": "Due",
        "fed-csv-t-member": "Member",
        "fed-csv-t-required": "Required",
        "fed-csv-t-tasks": "Tasks",
        "fed-csv-t-avg_pct_end": "Avg %",
        "fed-csv-t-state": "State",
        "fed-csv-t-late": "Later than the target",
    }
)

# What to do about each fault, shown after it ("fed-fix").
FED_WORDS.update(
    {
        "fed-fix": "(fix: {fix})",
        "fed-fix-unreachable": "check the member's url: in federation.yaml and that its host "
        "answers",
        "fed-fix-timeout": "check the host, or raise limits.timeout_seconds in federation.yaml",
        "fed-fix-auth": "give this machine read access to the repository (in CI: the secret "
        "R57_GIT_CREDENTIALS)",
        "fed-fix-no-branch": "set branch: in federation.yaml to the member's branch",
        "fed-fix-too-big": "raise limits.max_size_mb in federation.yaml if the size is expected",
        "fed-fix-failed": "read git's message; run the same fetch by hand to see more",
        "fed-fix-rewritten": "ask the member why its history changed; once checked, run "
        "r57 report --federation … --accept-rewritten {member}",
        "fed-fix-shallow": "the member's repository must hold its whole history (no shallow "
        "clone on the server)",
        "fed-fix-no-plan": "set plan: in federation.yaml to the folder that holds plan.yaml",
        "fed-fix-invalid": "the member runs r57 validate in its repository and fixes what it lists",
        "fed-fix-unsafe-files": "the member replaces links and oversized files with real plan "
        "files",
        "fed-fix-never-fetched": "fetch again once the fault above is fixed",
        "fed-fix-never-fetched-offline": "run the report without --offline to fetch it",
        "fed-fault-url-changed": "its url: changed since the last fetch (was {old}): the "
        "figures come from the new address",
        "fed-accepted": "accepted {count} rewrite(s) of {member}'s history",
        "fed-generated": "From the commits of {count} members (listed under Members).",
        "fed-generated-at": "Made {date} {time} (UTC{zone}) from the commits of {count} "
        "members (listed under Members).",
    }
)

FED_WORDS.update(
    {
        "fed-unreadable": "{count} task files could not be read at their members' commits and "
        "are left out of every figure: the Members section says whose.",
        "fed-fault-unread-tasks": "{count} of its task files could not be read at the fetched "
        "commit and are left out of every figure",
        "fed-fix-unread-tasks": "the member runs r57 validate in its repository and fixes the "
        "files it names",
    }
)

# A national report's rows are its members (without --rollup): the sections that name
# their rows say so (render/memberwords.py).
FED_WORDS.update(
    {
        "fed-m-sec-units": "Members ranked by on-time delivery",
        "fed-m-sec-changes-units": "Members: change in average progress and rank",
        "fed-m-col-unit": "Member",
        "fed-m-sec-burnup": "Plan against actual, by member",
        "fed-m-col-total": "All members",
        "fed-m-dx-units": "Results by member:",
        "fed-m-xl-sheet-ranking": "Ranking of members",
    }
)
