"""federation.yaml: the national steering repository's list of member plans (ministries,
provinces), each in its own git repository, and the national targets they serve. Read by
`r57 report --federation` (federation/) and checked by `r57 validate` like every plan file.

The URL is checked for its transport here (a model rule, so the schema and the validator
say the same): https, ssh (also scp-like user@host:path), git (a git daemon) and file.
Git's `transport::address` helpers (`ext::` runs a command) are refused."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from r57cli.plan.model import (
    MEMBER_ID_PATTERN,
    TARGET_ID_PATTERN,
    Language,
    PlanDate,
    Weekday,
    _check_zone,
)
from r57cli.plan.modelbase import Bilingual, ShortText, Strict
from r57cli.plan.reportblock import ReportSettings

# A branch name git accepts and that cannot be read as an option (check_branch: the rest).
BRANCH_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$"
# The plan folder inside a member's repository: relative, forward slashes (check_folder).
FOLDER_PATTERN = r"^[^\x00-\x1f\\:*?\"<>|/][^\x00-\x1f\\:*?\"<>|]{0,199}$"
ALLOWED_SCHEMES = ("https", "ssh", "git", "file")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!/?/)")
MemberKind = Literal["ministry", "province", "agency", "other"]


def check_url(value: str) -> str:
    """A URL git may fetch from without running anything but its own transports."""
    if value.startswith("-") or any(c in value for c in "\x00\n\r"):
        raise PydanticCustomError("r57_url_option", "'{value}' is not a URL", {"value": value})
    if "::" in value.split("/", 1)[0]:
        raise PydanticCustomError(
            "r57_url_helper",
            "'{value}' asks git for a remote helper, which can run commands; give an "
            "https://, ssh://, git:// or file:// URL",
            {"value": value},
        )
    found = _SCHEME.match(value)
    if found:
        if found.group(1).lower() not in ALLOWED_SCHEMES:
            raise PydanticCustomError(
                "r57_url_scheme",
                "'{scheme}://' is not allowed; use https://, ssh://, git:// or file://",
                {"scheme": found.group(1)},
            )
        return value
    if _SCP.match(value):
        return value  # user@host:path is ssh
    raise PydanticCustomError(
        "r57_url_form",
        "'{value}' is not a URL r57 fetches: write https://host/path.git, ssh://user@host/path, "
        "user@host:path, git://host/path or file:///path",
        {"value": value},
    )


def check_branch(value: str) -> str:
    if ".." in value or "//" in value or value.endswith(("/", ".", ".lock")):
        raise PydanticCustomError(
            "r57_branch", "'{value}' is not a branch name git accepts", {"value": value}
        )
    return value


def check_folder(value: str) -> str:
    parts = value.split("/")
    if value != "." and ("" in parts or ".." in parts):
        raise PydanticCustomError(
            "r57_folder",
            "'{value}' is not a folder inside the repository: write it relative to its root, "
            "with / between names and no '..' (. for the root itself)",
            {"value": value},
        )
    return value


Url = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_url)]
MemberId = Annotated[str, Field(pattern=MEMBER_ID_PATTERN, description="Member ID, e.g. hanoi.")]
TargetId = Annotated[
    str, Field(pattern=TARGET_ID_PATTERN, description="National target ID, e.g. NT-1.")
]


class Member(Strict):
    """One member plan: where its repository is and which folder holds plan.yaml."""

    id: MemberId
    name: Bilingual
    kind: MemberKind = Field(description="ministry, province, agency or other.")
    url: Url = Field(description="Where to fetch the member's plan repository from.")
    branch: Annotated[str, Field(pattern=BRANCH_PATTERN), AfterValidator(check_branch)] = Field(
        default="main", description="The branch whose history the reports read."
    )
    plan: Annotated[str, Field(pattern=FOLDER_PATTERN), AfterValidator(check_folder)] = Field(
        default=".", description="The folder of the repository that holds plan.yaml."
    )
    group: ShortText | None = Field(
        default=None, description="A group to total members by, e.g. a region."
    )


class Target(Strict):
    """A national target set top-down: members register tasks for it (a task's targets:)."""

    id: TargetId
    title: Bilingual
    due: PlanDate
    members: list[MemberId] = Field(
        default_factory=list,
        description="The members that must contribute. Empty: every member of `kinds`.",
    )
    kinds: list[MemberKind] = Field(
        default_factory=list,
        description="Every member of these kinds must contribute (with `members`, both).",
    )


class Limits(Strict):
    """Bounds on what one run may spend on the members: a hostile or broken repository
    cannot hang the synthesis or fill the disk."""

    jobs: int = Field(default=8, ge=1, le=64, description="Members fetched at once.")
    timeout_seconds: int = Field(
        default=120, ge=5, le=3600, description="Longest a member's fetch may take."
    )
    max_size_mb: int = Field(
        default=1024, ge=1, le=102_400, description="Largest a member's mirror may grow to."
    )


class FederationFile(Strict):
    """federation.yaml: the members of the national synthesis and its national targets."""

    name: Bilingual
    timezone: Annotated[str, AfterValidator(_check_zone)] = "Asia/Ho_Chi_Minh"
    week_start: Weekday = "monday"
    language: Language = "vi"
    members: list[Member] = Field(min_length=1, max_length=1000)
    targets: list[Target] = Field(default_factory=list, max_length=1000)
    limits: Limits = Field(default_factory=Limits)
    report: ReportSettings | None = Field(
        default=None,
        description="The national report document's header, recipients and signer "
        "(r57 report --format docx|pdf), as in plan.yaml. Default body: the name above.",
    )
