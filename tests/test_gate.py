"""`r57 check BASE..HEAD`, the pull-request gate, against real git repositories, real SSH
keys and real signatures.

Every attack fails with its own code, at its file and line, naming the commit and the
people involved; the same change made by the right person passes. History rules hold for
everyone, admins included."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from r57cli.locale import texts
from tests.conftest import PLAN, UNITS, Plan, Result, dump, git, task

R57 = Callable[..., Result]
TODAY = "2025-03-20"  # a Thursday: with week_start monday the current week began on the 17th
WEEK_START = "2025-03-17"
CLOSED = "2025-03-05"  # a day of a week that has closed
OPEN = "2025-03-18"  # a day of the current week

T1 = "plan286/tasks/ndta/T-001.yaml"  # ndta's task, shared with legal (co_units)
T2 = "plan286/tasks/legal/T-002.yaml"  # legal's own task
UNITS_YAML = "plan286/units.yaml"
PLAN_YAML = "plan286/plan.yaml"

# person id -> (name, e-mail) as git records them
PEOPLE: dict[str, tuple[str, str]] = {
    "boss": ("Boss", "boss@example.gov.vn"),  # mic; the admin
    "an": ("Nguyễn Văn An", "an@example.gov.vn"),  # ndta
    "binh": ("Trần Thị Bình", "binh@example.gov.vn"),  # ndta; coordinator
    "chi": ("Lê Chi", "chi@example.gov.vn"),  # legal
    "dung": ("Phạm Dũng", "dung@example.gov.vn"),  # mic; no role
    "eve": ("Eve Outsider", "eve@example.org"),  # in no units.yaml
}
MEMBERS = ("boss", "an", "binh", "chi", "dung")

LEGAL_TASK = task(
    "T-002",
    unit="legal",
    co_units=[],
    responsible="chi",
    title={"en": "Amend Decree 47", "vi": "Sửa Nghị định 47"},
)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    # Commits are made the day the check runs, as in CI (R57W304 flags older ones).
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{TODAY}T09:00:00+07:00")
    # Signing uses the key file given, never an agent of the machine running the tests.
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.delenv("R57_DEBUG", raising=False)  # an internal error is exit 3, not a raise
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    # The message language is a module global of the in-process CLI: start each test fresh.
    monkeypatch.setattr(texts, "_language", "")


# ------------------------------------------------------------------------- documents


def units_doc(
    *, keys: dict[str, str] | None = None, roles: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """conftest's UNITS with boss an admin, dung a plain member of mic, and `keys` (person
    id -> public key line) as ssh_keys. `roles` replaces people's roles."""
    data = copy.deepcopy(UNITS)
    data["units"][0]["members"].append(
        {"id": "dung", "name": PEOPLE["dung"][0], "emails": [PEOPLE["dung"][1]]}
    )
    wanted = {"boss": ["admin"], **(roles or {})}
    for unit in data["units"]:
        for member in unit["members"]:
            if member["id"] in wanted:
                member["roles"] = wanted[member["id"]]
            if keys and member["id"] in keys:
                member["ssh_keys"] = [keys[member["id"]]]
    return data


def plan_doc(week_start: str = "monday", **policy: bool) -> dict[str, Any]:
    data = copy.deepcopy(PLAN)
    data["week_start"] = week_start
    if policy:
        data["policy"] = dict(policy)
    return data


def progress(pct: int, status: str = "in_progress", **more: Any) -> dict[str, Any]:
    return {"pct": pct, "status": status, **more}


# ------------------------------------------------------------------------- the repository


@dataclass
class Checked:
    """One `r57 check` run: its exit code, output and (JSON) diagnostics."""

    code: int
    out: str
    err: str
    diags: list[dict[str, Any]]

    @property
    def codes(self) -> list[str]:
        return sorted(d["code"] for d in self.diags)


@dataclass
class Gate:
    """A plan repository with an admin, where a test plays several people in turn."""

    plan: Plan
    r57: R57
    monkeypatch: pytest.MonkeyPatch
    keys: Path
    base: str = ""

    @property
    def repo(self) -> Path:
        return self.plan.repo

    # -- people and keys

    def become(self, who: str) -> None:
        """Author and commit as `who` from now on."""
        name, email = PEOPLE[who]
        for role in ("AUTHOR", "COMMITTER"):
            self.monkeypatch.setenv(f"GIT_{role}_NAME", name)
            self.monkeypatch.setenv(f"GIT_{role}_EMAIL", email)

    def key(self, who: str) -> Path:
        """`who`'s private key file (an ed25519 key without passphrase, made once)."""
        path = self.keys / who
        if not path.exists():
            self.keys.mkdir(exist_ok=True)
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path), "-C", who],
                check=True,
                capture_output=True,
            )
        return path

    def public_key(self, who: str) -> str:
        return self.key(who).with_suffix(".pub").read_text(encoding="utf-8").strip()

    def fingerprint(self, who: str) -> str:
        out = subprocess.run(
            ["ssh-keygen", "-l", "-f", str(self.key(who).with_suffix(".pub"))],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return out.split()[1]  # "256 SHA256:… comment (ED25519)"

    # -- commits

    def setup(
        self,
        *,
        keys: tuple[str, ...] = (),
        roles: dict[str, list[str]] | None = None,
        week_start: str = "monday",
        tasks: tuple[dict[str, Any], ...] = (),
        **policy: bool,
    ) -> str:
        """An admin's commit that sets the stage; the range to check starts after it."""
        self.become("boss")
        self.plan.write_plan(plan_doc(week_start, **policy))
        self.plan.write_units(units_doc(keys={p: self.public_key(p) for p in keys}, roles=roles))
        self.plan.write_task(LEGAL_TASK)
        for data in tasks:
            self.plan.write_task(data)
        self.base = self.commit("set the stage")
        return self.base

    def commit(self, message: str, *, who: str | None = None, sign: str | None = None) -> str:
        """Commit everything as `who` (default: whoever is current), signed with `sign`'s
        key when given; the new commit's id."""
        if who is not None:
            self.become(who)
        git(self.repo, "add", "-A")
        args = ["commit", "-q", "--allow-empty", "-m", message]
        if sign is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={self.key(sign)}", *args, "-S"]
        git(self.repo, *args)
        return self.head()

    def r57_as(self, who: str, *args: str) -> str:
        """Run a recording command (`update`, `reopen`...) as `who`; the commit it made."""
        self.become(who)
        res = self.run(*args)
        assert res.code == 0, res.out + res.err
        return self.head()

    def sign_everything_with(self, who: str) -> None:
        """Make this clone sign every commit with `who`'s key, as a signing user sets up."""
        git(self.repo, "config", "gpg.format", "ssh")
        git(self.repo, "config", "user.signingkey", str(self.key(who)))
        git(self.repo, "config", "commit.gpgsign", "true")

    def branch(self, name: str, start: str | None = None) -> None:
        git(self.repo, "checkout", "-q", "-b", name, start or self.base)

    def switch(self, name: str) -> None:
        git(self.repo, "checkout", "-q", name)

    def head(self, rev: str = "HEAD") -> str:
        return git(self.repo, "rev-parse", "--verify", "-q", rev).strip()

    def show(self, rev: str, path: str) -> str:
        return git(self.repo, "show", f"{rev}:{path}")

    # -- files

    def write(self, data: dict[str, Any], *, unit: str | None = None) -> None:
        self.plan.write_task(data, unit=unit)

    def remove(self, path: str) -> None:
        (self.repo / path).unlink()

    # -- the gate

    def run(self, *args: str) -> Result:
        return self.r57(*args, cwd=self.repo)

    def check(self, *extra: str, spec: str | None = None, fmt: str = "json") -> Checked:
        res = self.run("check", spec or f"{self.base}..HEAD", "--format", fmt, *extra)
        diags: list[dict[str, Any]] = []
        if fmt == "json" and res.code in (0, 1):
            diags = json.loads(res.out)["diagnostics"]
        return Checked(res.code, res.out, res.err, diags)


@pytest.fixture
def gate(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Gate:
    """plan286 with T-001 (ndta, co-unit legal) and T-002 (legal), boss an admin; the range
    to check starts after the admin's set-up commit."""
    g = Gate(plan, r57, monkeypatch, tmp_path / "keys")
    g.setup()
    return g


# ------------------------------------------------------------------------- assertions


def passes(checked: Checked) -> None:
    assert (checked.code, checked.diags) == (0, []), checked.out + checked.err


def refused(
    g: Gate,
    checked: Checked,
    code: str,
    *,
    commit: str,
    path: str,
    at: str,
    names: tuple[str, ...] = (),
    version: str | None = None,
) -> dict[str, Any]:
    """The one diagnostic of a run that failed only for `code`: on `commit`, in `path`, on
    a line (of the file as `version`, default the commit, has it) containing `at`, its
    message naming the commit's short id and `names`."""
    assert checked.code == 1, checked.out + checked.err
    assert checked.codes == [code], checked.diags
    found = checked.diags[0]
    assert found["commit"] == commit
    assert found["path"] == path
    line = g.show(version or commit, path).splitlines()[found["line"] - 1]
    assert at in line, (line, found)
    assert commit[:10] in found["message"]
    for name in names:
        assert name in found["message"], (name, found["message"])
    return found


# ========================================================================= who may change what


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("chi", "R57E302"),  # legal: a co-unit, but the plan does not let co-units update
        ("dung", "R57E302"),  # mic, no role
        ("an", None),  # ndta, the owner
        ("binh", None),  # ndta's coordinator
        ("boss", None),  # admin
    ],
)
def test_a_task_is_changed_by_its_unit_coordinators_and_admins(
    gate: Gate, who: str, code: str | None
) -> None:
    sha = gate.r57_as(who, "update", "T-001", "--pct", "40")
    checked = gate.check()
    if code is None:
        passes(checked)
        return
    name = PEOPLE[who][0]
    found = refused(gate, checked, code, commit=sha, path=T1, at="pct: 40", names=(name, "T-001"))
    assert "belongs to unit ndta" in found["message"]
    assert "co-operating" not in found["message"]


def test_refusal_message_names_person_units_and_owner(gate: Gate) -> None:
    gate.write(task(progress=progress(45)))
    sha = gate.commit("bump T-001 by hand", who="chi")
    found = refused(gate, gate.check(), "R57E302", commit=sha, path=T1, at="pct: 45")
    assert found["message"] == (
        f"commit {sha[:10]} (bump T-001 by hand): Lê Chi (unit legal) changes task T-001, "
        "which belongs to unit ndta; only members of ndta, coordinators and admins may "
        "change it"
    )
    assert (found["line"], found["column"]) == (22, 3)


@pytest.mark.parametrize("allowed", [True, False])
def test_co_unit_members_update_only_when_the_plan_allows(gate: Gate, allowed: bool) -> None:
    gate.setup(co_units_may_update=allowed)
    sha = gate.r57_as("chi", "update", "T-001", "--pct", "40")
    if allowed:
        passes(gate.check())
    else:
        refused(gate, gate.check(), "R57E302", commit=sha, path=T1, at="pct: 40", names=("Lê Chi",))


def test_co_unit_policy_does_not_open_a_task_to_other_units(gate: Gate) -> None:
    gate.setup(co_units_may_update=True, tasks=(task("T-003", co_units=[]),))
    t3 = "plan286/tasks/ndta/T-003.yaml"
    sha = gate.r57_as("dung", "update", "T-001", "--pct", "40")  # mic is no co-unit of T-001
    found = refused(gate, gate.check(), "R57E302", commit=sha, path=T1, at="pct: 40")
    assert "or of its co-operating units (legal)" in found["message"]
    assert "Phạm Dũng (unit mic)" in found["message"]
    gate.branch("no-co-units")
    sha = gate.r57_as("chi", "update", "T-003", "--pct", "40")  # T-003 has no co-units
    refused(gate, gate.check(), "R57E302", commit=sha, path=t3, at="pct: 40", names=("Lê Chi",))


@pytest.mark.parametrize(
    ("who", "code"),
    [("chi", "R57E304"), ("an", "R57E304"), ("binh", "R57E332"), ("boss", "R57E332")],
)
def test_moving_a_task_to_another_unit_by_hand_is_refused(gate: Gate, who: str, code: str) -> None:
    # Those who may reassign (policy.assign_by) do it with r57 assign (test_planedit.py);
    # by hand, without its trailers, nobody may.
    gate.remove(T1)
    gate.write(task(unit="legal", responsible="chi", progress=progress(40)))
    sha = gate.commit("T-001 is legal's now, at 40%", who=who)
    moved = "plan286/tasks/legal/T-001.yaml"
    # One diagnostic, where the task arrives: the deletion and the creation are a move.
    found = refused(gate, gate.check(), code, commit=sha, path=moved, at="unit: legal")
    if code == "R57E304":
        assert f"{PEOPLE[who][0]} moves task T-001 from unit ndta to legal" in found["message"]
    else:
        assert "r57 assign T-001" in found["hint"], found


def test_the_owner_is_read_from_the_parent_not_the_commit(gate: Gate) -> None:
    # An ndta member claims legal's task for ndta, in place: the parent says legal owns it.
    gate.write(task("T-002", unit="ndta", co_units=[], responsible="an"), unit="legal")
    sha = gate.commit("T-002 belongs to ndta", who="an")
    checked = gate.check()
    assert checked.code == 1
    mine = [d for d in checked.diags if d.get("commit")]
    assert [d["code"] for d in mine] == ["R57E304"], checked.diags
    assert (mine[0]["commit"], mine[0]["path"]) == (sha, T2)
    assert "Nguyễn Văn An moves task T-002 from unit legal to ndta" in mine[0]["message"]
    # ... and the same claim made by moving the file into ndta's folder.
    gate.branch("moved")
    gate.remove(T2)
    gate.write(task("T-002", unit="ndta", co_units=[], responsible="an", progress=progress(40)))
    sha = gate.commit("T-002 moves to ndta", who="an")
    found = refused(
        gate,
        gate.check(),
        "R57E304",
        commit=sha,
        path="plan286/tasks/ndta/T-002.yaml",
        at="unit: ndta",
    )
    assert "from unit legal to ndta" in found["message"]
    # Legal's own member changes it where it is: fine.
    gate.branch("legal-reports")
    gate.r57_as("chi", "update", "T-002", "--pct", "40")
    passes(gate.check())


@pytest.mark.parametrize(
    ("path", "change", "at"),
    [
        (UNITS_YAML, "admin role", "roles:"),
        (PLAN_YAML, "co-unit policy", "policy:"),
    ],
)
def test_granting_oneself_access_is_refused_though_later_commits_use_it(
    gate: Gate, path: str, change: str, at: str
) -> None:
    if path == UNITS_YAML:
        gate.plan.write_units(units_doc(roles={"chi": ["admin"]}))
    else:
        gate.plan.write_plan(plan_doc(co_units_may_update=True))
    grant = gate.commit(f"give myself the {change}", who="chi")
    use = gate.r57_as("chi", "update", "T-001", "--pct", "40")
    checked = gate.check()
    # The grant is refused, and so is the follow-up: its parent holds the grant, but BASE
    # (main) does not, and a commit needs both.
    assert checked.code == 1
    assert checked.codes == ["R57E302", "R57E303"]
    grant_diag = next(d for d in checked.diags if d["code"] == "R57E303")
    assert grant_diag["commit"] == grant
    assert grant_diag["path"] == path
    assert f"changes {path.removeprefix('plan286/')}" in grant_diag["message"]
    assert "ask an admin (Boss)" in grant_diag["hint"]
    assert next(d for d in checked.diags if d["code"] == "R57E302")["commit"] == use
    # The same grant made by an admin passes; once it is on main (the new BASE), the same
    # use of it passes too.
    gate.branch("by-admin")
    if path == UNITS_YAML:
        gate.plan.write_units(units_doc(roles={"chi": ["admin"]}))
    else:
        gate.plan.write_plan(plan_doc(co_units_may_update=True))
    gate.commit(f"give chi the {change}", who="boss")
    passes(gate.check())
    gate.base = gate.head()
    gate.r57_as("chi", "update", "T-001", "--pct", "40")
    passes(gate.check())


def test_an_old_branch_keeps_no_power_main_has_taken_away(gate: Gate) -> None:
    """Access is read from the parent *and* BASE: a branch made before main moved T-001 to
    legal cannot be used to edit it as ndta, even through a clean merge of main."""
    old = gate.head()
    gate.remove(T1)
    moved = task(unit="legal", co_units=[], responsible="chi")
    gate.write(moved)
    gate.commit("move T-001 to legal", who="boss")
    main = gate.head()
    gate.branch("stale", old)
    gate.write(task(progress=progress(45), note="rewritten by an after the task left ndta"))
    edit = gate.commit("T-001: 45%", who="an")
    git(gate.repo, "merge", "-q", "--no-edit", main)
    merge = gate.head()
    moved_path = "plan286/tasks/legal/T-001.yaml"
    # git's rename detection carried an's edit into legal's file: the merge is not clean
    # as the gate sees it (path by path, no renames), and its own changes are refused too.
    assert "pct: 45" in gate.show(merge, moved_path)
    assert "rewritten by an" in gate.show(merge, moved_path)
    checked = gate.check(spec=f"{main}..HEAD")
    assert checked.code == 1, checked.out + checked.err
    found = sorted((d["code"], d["commit"], d["path"]) for d in checked.diags)
    assert found == sorted(
        [("R57E302", edit, T1), ("R57E302", merge, moved_path), ("R57E306", merge, T1)]
    ), checked.diags
    message = next(d["message"] for d in checked.diags if d["commit"] == edit)
    assert "Nguyễn Văn An (unit ndta) changes task T-001, which belongs to unit legal" in message


def units_with_dung_in(unit: str | None, **more: Any) -> dict[str, Any]:
    """units_doc(**more) with dung moved from mic to `unit` (None: in no unit at all)."""
    data = units_doc(**more)
    dung = data["units"][0]["members"].pop()  # units_doc appends dung to mic last
    assert dung["id"] == "dung"
    for each in data["units"]:
        if each["id"] == unit:
            each["members"].append(dung)
    return data


@pytest.mark.parametrize(
    ("lost", "who", "code"),
    [
        ("admin role", "chi", "R57E330"),  # chi was an admin; main took the role back
        ("membership", "dung", "R57E301"),  # dung was in ndta; main removed him
        ("unit", "dung", "R57E302"),  # dung was in ndta; main moved him to mic
    ],
)
def test_an_old_branch_keeps_no_role_or_membership_main_has_removed(
    gate: Gate, lost: str, who: str, code: str
) -> None:
    if lost == "admin role":
        old = gate.setup(roles={"chi": ["admin"]})
        gate.plan.write_units(units_doc())
    else:
        gate.plan.write_units(units_with_dung_in("ndta"))
        old = gate.commit("dung joins ndta", who="boss")
        gate.plan.write_units(units_with_dung_in(None if lost == "membership" else "mic"))
    main = gate.commit(f"{who} loses the {lost}", who="boss")
    gate.branch("stale", old)
    if who == "chi":
        gate.write(task("T-003", unit="legal", co_units=[], responsible="chi"))
        path, at = "plan286/tasks/legal/T-003.yaml", "id: T-003"
    else:
        gate.write(task(progress=progress(45)))
        path, at = T1, "pct: 45"
    # (A task is added by r57 task add, whose trailer this commit carries.)
    trailer = "\n\nR57-Task: T-003\nR57-Action: task-add\n" if who == "chi" else ""
    edit = gate.commit("work from an old branch" + trailer, who=who)
    passes(gate.check(spec=f"{old}..HEAD"))  # what the branch point allowed ...
    gate.become(who)
    git(gate.repo, "merge", "-q", "--no-edit", "main")
    # ... main has taken away since: a clean merge of main does not keep it.
    found = refused(gate, gate.check(spec=f"{main}..HEAD"), code, commit=edit, path=path, at=at)
    assert PEOPLE[who][0] in found["message"]


def test_a_grant_by_a_non_admin_gives_nothing_to_the_same_commit(gate: Gate) -> None:
    gate.plan.write_units(units_doc(roles={"chi": ["admin"]}))
    gate.write(task(progress=progress(40)))
    sha = gate.commit("make me admin and report", who="chi")
    checked = gate.check()
    assert checked.code == 1
    assert checked.codes == ["R57E302", "R57E303"]
    assert {d["commit"] for d in checked.diags} == {sha}
    assert {d["path"] for d in checked.diags} == {T1, UNITS_YAML}


@pytest.mark.parametrize(("who", "code"), [("an", "R57E303"), ("binh", "R57E303"), ("boss", None)])
def test_other_files_in_the_plan_folder_are_for_admins(
    gate: Gate, who: str, code: str | None
) -> None:
    gate.plan.write_raw("notes/minutes.md", "# Minutes\n\nAgreed to go faster.\n")
    sha = gate.commit("minutes", who=who)
    if code is None:
        passes(gate.check())
    else:
        refused(gate, gate.check(), code, commit=sha, path="plan286/notes/minutes.md", at="Minutes")


@pytest.mark.parametrize(
    ("who", "code"), [("an", "R57E305"), ("binh", "R57E331"), ("boss", "R57E331")]
)
def test_creating_a_task_by_hand_is_refused(gate: Gate, who: str, code: str) -> None:
    # policy.add_task_by's roles add tasks with r57 task add (test_planedit.py).
    gate.write(task("T-003", title={"en": "A new task", "vi": "Nhiệm vụ mới"}))
    sha = gate.commit("new task T-003", who=who)
    path = "plan286/tasks/ndta/T-003.yaml"
    found = refused(gate, gate.check(), code, commit=sha, path=path, at="id: T-003")
    if code == "R57E305":
        assert f"{PEOPLE[who][0]} creates task T-003 in unit ndta's folder" in found["message"]
    else:
        assert "r57 task add" in found["hint"], found


@pytest.mark.parametrize(("who", "code"), [("an", "R57E306"), ("chi", "R57E306"), ("boss", None)])
def test_deleting_a_task_is_for_admins(gate: Gate, who: str, code: str | None) -> None:
    gate.remove(T2)
    sha = gate.commit("drop T-002", who=who)
    if code is None:
        passes(gate.check())
        return
    found = refused(
        gate, gate.check(), code, commit=sha, path=T2, at="id: T-002", version=gate.base
    )
    assert f"{PEOPLE[who][0]} deletes task T-002 of unit legal" in found["message"]
    assert "r57 cancel T-002" in found["hint"]
    # The text report quotes the line from the version the commit deleted.
    text = gate.check("--color", "never", fmt="text").out
    assert f"{T2}:2:5: error R57E306: commit {sha[:10]} (drop T-002)" in text
    assert " 2 | id: T-002\n   |     ^^^^^\n" in text


def test_an_author_units_yaml_does_not_know_is_refused(gate: Gate) -> None:
    sha = gate.r57_as("eve", "update", "T-001", "--pct", "40")
    found = refused(
        gate,
        gate.check(),
        "R57E301",
        commit=sha,
        path=T1,
        at="pct: 40",
        names=("Eve Outsider <eve@example.org>",),
    )
    assert "units.yaml does not list" in found["message"]


def test_the_email_is_matched_without_regard_to_case(gate: Gate) -> None:
    gate.become("an")
    gate.monkeypatch.setenv("GIT_AUTHOR_EMAIL", "AN@Example.gov.vn")
    gate.write(task(progress=progress(40)))
    gate.commit("report")
    passes(gate.check())


def test_a_symlink_in_the_plan_folder_is_for_admins(gate: Gate) -> None:
    link = gate.plan.dir / "tasks" / "legal" / "T-009.yaml"
    link.symlink_to("../ndta/T-001.yaml")
    sha = gate.commit("a link", who="chi")
    checked = gate.check()
    assert checked.code == 1, checked.out + checked.err
    mine = [d for d in checked.diags if d.get("commit") == sha]
    assert mine, checked.diags
    assert {d["code"] for d in mine} <= {"R57E303", "R57E305"}, checked.diags


@pytest.mark.parametrize(
    ("who", "code"), [("an", None), ("binh", None), ("chi", "R57E302"), ("dung", "R57E302")]
)
def test_a_yml_task_file_is_guarded_like_a_yaml_one(gate: Gate, who: str, code: str | None) -> None:
    yml = "plan286/tasks/ndta/T-003.yml"
    gate.plan.write_raw("tasks/ndta/T-003.yml", dump(task("T-003")))
    gate.base = gate.commit("T-003, written as .yml", who="boss")
    gate.plan.write_raw("tasks/ndta/T-003.yml", dump(task("T-003", progress=progress(50))))
    sha = gate.commit("T-003 at 50%", who=who)
    if code is None:
        passes(gate.check())
        return
    found = refused(gate, gate.check(), code, commit=sha, path=yml, at="pct: 50")
    assert f"{PEOPLE[who][0]} (unit " in found["message"]
    assert "changes task T-003, which belongs to unit ndta" in found["message"]


REPORT = "T-001: report\n\nAll milestones on track.\n\nR57-Task: T-001\nR57-Action: report\n"


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("chi", "R57E302"),  # legal: a co-unit, but the plan does not let co-units update
        ("dung", "R57E302"),  # mic, no role
        ("eve", "R57E301"),  # in no unit
        ("an", None),
        ("binh", None),
    ],
)
def test_a_commit_that_only_reports_on_a_task_is_checked(
    gate: Gate, who: str, code: str | None
) -> None:
    # No file changes, but reports and `r57 show` count it as a report on T-001.
    sha = gate.commit(f"{REPORT}R57-Date: {OPEN}", who=who)
    assert git(gate.repo, "diff-tree", "--no-commit-id", "-r", sha) == ""
    checked = gate.check()
    assert json.loads(checked.out)["commits"] == 1
    if code is None:
        passes(checked)
        return
    # Shown at the task's first line: the commit changed none.
    found = refused(gate, checked, code, commit=sha, path=T1, at="yaml-language-server")
    assert PEOPLE[who][0] in found["message"]
    assert (found["line"], found["column"]) == (1, 1)


# ========================================================================= signed commits


def signed_gate(gate: Gate) -> Gate:
    """The plan requires signed commits; every member has a key in units.yaml (eve, who is
    nobody, has a key units.yaml does not list)."""
    gate.setup(keys=MEMBERS, require_signed_commits=True)
    gate.key("eve")
    return gate


def allowed_signers_file(g: Gate) -> Path:
    target = g.keys / "allowed_signers"
    res = g.run("allowed-signers", "-o", str(target))
    assert res.code == 0, res.err
    return target


def verify_commit(g: Gate, signers: Path, rev: str = "HEAD") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", "-v", rev],
        cwd=g.repo,
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_unsigned_commit_is_refused_when_the_plan_requires_signatures(gate: Gate) -> None:
    signed_gate(gate)
    sha = gate.r57_as("an", "update", "T-001", "--pct", "40")
    found = refused(
        gate,
        gate.check(),
        "R57E308",
        commit=sha,
        path=T1,
        at="pct: 40",
        names=("Nguyễn Văn An <an@example.gov.vn>",),
    )
    assert "require_signed_commits" in found["message"]
    assert verify_commit(gate, allowed_signers_file(gate)).returncode != 0

    # The same report, signed with the author's own key from units.yaml.
    gate.branch("signed")
    gate.sign_everything_with("an")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    passes(gate.check())
    verified = verify_commit(gate, allowed_signers_file(gate))
    assert verified.returncode == 0, verified.stderr
    assert 'Good "git" signature for an@example.gov.vn' in verified.stderr


def test_a_hand_made_commit_signed_with_git_passes(gate: Gate) -> None:
    signed_gate(gate)
    gate.write(task(progress=progress(40)))
    gate.commit("report", who="an", sign="an")
    passes(gate.check())
    assert verify_commit(gate, allowed_signers_file(gate)).returncode == 0


def test_a_good_signature_is_verified_in_process_without_ssh_keygen(
    gate: Gate, tmp_path: Path
) -> None:
    # r57 check reads SSHSIG itself (git/sshsig.py): with only git on PATH, a commit signed
    # with its author's listed key still passes, so no ssh-keygen ran for it.
    signed_gate(gate)
    gate.write(task(progress=progress(40)))
    gate.commit("report", who="an", sign="an")
    only_git = tmp_path / "only-git"
    only_git.mkdir()
    git_path = shutil.which("git")
    assert git_path is not None
    (only_git / "git").symlink_to(git_path)
    gate.monkeypatch.setenv("PATH", str(only_git))
    passes(gate.check())


def test_a_signature_does_not_vouch_for_another_persons_email(gate: Gate) -> None:
    signed_gate(gate)
    # chi signs with her own (listed) key a commit that claims to be an's.
    gate.write(task(progress=progress(40)))
    sha = gate.commit("report for An", who="an", sign="chi")
    found = refused(gate, gate.check(), "R57E311", commit=sha, path=T1, at="pct: 40")
    assert found["message"] == (
        f"commit {sha[:10]} (report for An) is signed with Lê Chi's key, but its author is "
        "Nguyễn Văn An <an@example.gov.vn>"
    )
    # git agrees the signature is good, and that it is chi's, not an's.
    verified = verify_commit(gate, allowed_signers_file(gate))
    assert verified.returncode == 0, verified.stderr
    assert 'Good "git" signature for chi@example.gov.vn' in verified.stderr


def test_a_key_units_yaml_does_not_list_is_refused(gate: Gate) -> None:
    signed_gate(gate)
    gate.write(task(progress=progress(40)))
    sha = gate.commit("report", who="an", sign="eve")
    found = refused(
        gate,
        gate.check(),
        "R57E309",
        commit=sha,
        path=T1,
        at="pct: 40",
        names=(gate.fingerprint("eve"),),
    )
    assert "units.yaml does not list for anyone" in found["message"]
    assert verify_commit(gate, allowed_signers_file(gate)).returncode != 0


def test_a_signature_that_does_not_match_the_commit_is_refused(gate: Gate) -> None:
    signed_gate(gate)
    gate.write(task(progress=progress(40)))
    gate.commit("report 40%", who="an", sign="an")
    # Rewrite the signed commit's message, keeping its signature: git calls that bad (B).
    raw = git(gate.repo, "cat-file", "commit", "HEAD").replace("report 40%", "report 90%")
    forged = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=gate.repo,
        input=raw,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(gate.repo, "reset", "-q", "--hard", forged)
    found = refused(gate, gate.check(), "R57E310", commit=forged, path=T1, at="pct: 40")
    assert "does not match the commit" in found["message"]
    assert verify_commit(gate, allowed_signers_file(gate)).returncode != 0


def test_an_openpgp_signature_is_refused_where_ssh_is_required(gate: Gate) -> None:
    signed_gate(gate)
    gate.write(task(progress=progress(40)))
    gate.commit("report", who="an")
    # Give the commit an OpenPGP signature header: the gate checks SSH signatures only.
    raw = git(gate.repo, "cat-file", "commit", "HEAD")
    head, body = raw.split("\n\n", 1)
    pgp = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
    forged = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=gate.repo,
        input=f"{head}\n{pgp}\n\n{body}",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(gate.repo, "reset", "-q", "--hard", forged)
    found = refused(gate, gate.check(), "R57E310", commit=forged, path=T1, at="pct: 40")
    assert "OpenPGP" in found["message"]


def test_signatures_are_required_from_the_commit_after_the_policy_changes(gate: Gate) -> None:
    gate.setup(keys=MEMBERS)
    # The admin turns the policy on inside the range: that commit itself needs no signature
    # (its parent did not ask for one), the next one does.
    gate.plan.write_plan(plan_doc(require_signed_commits=True))
    gate.commit("require signed commits", who="boss")
    sha = gate.r57_as("an", "update", "T-001", "--pct", "40")
    refused(gate, gate.check(), "R57E308", commit=sha, path=T1, at="pct: 40")


def test_unsigned_commits_pass_when_the_plan_does_not_ask(gate: Gate) -> None:
    gate.setup(keys=MEMBERS)
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    passes(gate.check())


def signed_merge(g: Gate, who: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`git merge -S *args` as `who`, signed with `who`'s key; a conflict is not an error."""
    g.become(who)
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={g.key(who)}"]
    return subprocess.run(
        ["git", *signing, "merge", "-q", "-S", *args],
        cwd=g.repo,
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_old_branch_is_held_to_the_signature_policy_main_has_turned_on(gate: Gate) -> None:
    old = gate.setup(keys=("boss", "an", "chi"))
    gate.plan.write_plan(plan_doc(require_signed_commits=True))
    main = gate.commit("require signed commits", who="boss", sign="boss")
    gate.branch("forged", old)  # made when nobody had to sign
    created = "plan286/tasks/legal/T-777.yaml"
    gate.write(task("T-777", unit="legal", co_units=[], responsible="chi"))
    gate.write(task(progress=progress(95), note="edited by chi"))
    # chi writes the admin's name and e-mail as the author; she cannot sign as the admin.
    forged = gate.commit("routine", who="boss")
    names = ("Boss <boss@example.gov.vn>", "require_signed_commits")
    # Against main as the pull request was opened ...
    checked = gate.check(spec=f"{main}..HEAD")
    refused(gate, checked, "R57E308", commit=forged, path=created, at="$schema=", names=names)
    # ... and after chi merges main (cleanly, signed with her own listed key).
    merged = signed_merge(gate, "chi", "--no-edit", "main")
    assert merged.returncode == 0, merged.stderr
    assert "require_signed_commits: true" in gate.show("HEAD", PLAN_YAML)
    checked = gate.check(spec="main..HEAD")
    refused(gate, checked, "R57E308", commit=forged, path=created, at="$schema=", names=names)


def test_a_commit_that_only_reports_on_a_task_must_be_signed(gate: Gate) -> None:
    signed_gate(gate)
    sha = gate.commit(REPORT, who="an")
    found = refused(gate, gate.check(), "R57E308", commit=sha, path=T1, at="yaml-language-server")
    assert "Nguyễn Văn An <an@example.gov.vn>" in found["message"]
    gate.branch("signed")
    gate.commit(REPORT, who="an", sign="an")
    passes(gate.check())


def holiday_plan(name: str) -> dict[str, Any]:
    data = plan_doc(require_signed_commits=True)
    data["holidays"][0]["name"]["en"] = name
    return data


@pytest.mark.parametrize("author", ["chi", "boss"], ids=["as-herself", "forging-the-admin"])
def test_a_conflicted_plan_yaml_does_not_switch_signatures_off(gate: Gate, author: str) -> None:
    """Two admin branches both change plan.yaml; the admin merges them on main, resolving
    the conflict, all signed. chi re-merges the same two branches herself, unsigned, and
    slips in an admin role and a report: git's merge of plan.yaml is full of conflict
    markers, but the policy is read from the merge's parent, never from that."""
    gate.setup(keys=MEMBERS, require_signed_commits=True)
    gate.branch("a")
    gate.plan.write_plan(holiday_plan("Liberation Day"))
    gate.commit("a", who="boss", sign="boss")
    gate.branch("b")
    gate.plan.write_plan(holiday_plan("Victory Day"))
    gate.commit("b", who="boss", sign="boss")
    gate.switch("main")
    assert signed_merge(gate, "boss", "--no-ff", "--no-edit", "a").returncode == 0
    assert signed_merge(gate, "boss", "--no-edit", "b").returncode != 0  # a conflict
    gate.plan.write_plan(holiday_plan("Reunification and Liberation Day"))
    gate.commit("merge b", who="boss", sign="boss")
    gate.branch("attack", "a")
    gate.become(author)
    conflict = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "b"], cwd=gate.repo, capture_output=True, check=False
    )
    assert conflict.returncode != 0
    assert "<<<<<<<" in (gate.plan.dir / "plan.yaml").read_text(encoding="utf-8")
    gate.plan.write_plan(holiday_plan("Reunification and Liberation Day"))  # main's resolution
    gate.plan.write_units(
        units_doc(keys={p: gate.public_key(p) for p in MEMBERS}, roles={"chi": ["admin"]})
    )
    gate.write(task(progress=progress(95)))
    merge = gate.commit("Merge branch 'b'")
    gate.become("chi")
    git(gate.repo, "merge", "-q", "--no-edit", "main")
    # The pull request would make chi an admin and report on T-001.
    assert "- admin" in gate.show("HEAD", UNITS_YAML).split("id: chi")[1]
    assert "pct: 95" in gate.show("HEAD", T1)
    checked = gate.check(spec="main..HEAD")
    found = refused(
        gate,
        checked,
        "R57E308",
        commit=merge,
        path=PLAN_YAML,
        at="Reunification and Liberation Day",
        names=(f"{PEOPLE[author][0]} <{PEOPLE[author][1]}>",),
    )
    assert "require_signed_commits" in found["message"]


# ========================================================================= honest history


@pytest.mark.parametrize("who", ["an", "boss"])
def test_lowering_a_percentage_needs_a_reason(gate: Gate, who: str) -> None:
    gate.write(task(progress=progress(20)))
    sha = gate.commit("T-001 at 20%", who=who)
    found = refused(gate, gate.check(), "R57E320", commit=sha, path=T1, at="pct: 20")
    assert "lowers T-001 from 30% to 20% without a reason" in found["message"]
    assert "r57 update T-001 --pct 20 --reason" in found["hint"]
    # The same figure through r57 update, which writes the reason as a trailer.
    gate.branch("with-reason")
    sha = gate.r57_as(who, "update", "T-001", "--pct", "20", "--reason", "the survey was redone")
    assert "R57-Reason: the survey was redone" in git(gate.repo, "log", "-1", "--format=%B")
    passes(gate.check())


def test_a_reason_trailer_written_by_hand_counts(gate: Gate) -> None:
    gate.write(task(progress=progress(20)))
    gate.commit("T-001 at 20%\n\nR57-Reason: counted twice before", who="an")
    passes(gate.check())


def done_task(completed: str) -> dict[str, Any]:
    return task(progress=progress(100, "done", completed=completed))


def test_taking_a_task_out_of_done_needs_reopen(gate: Gate) -> None:
    gate.setup(tasks=(done_task(OPEN),))
    gate.write(task(progress=progress(90)))
    sha = gate.commit("not quite done", who="an")
    checked = gate.check()
    assert checked.code == 1
    assert checked.codes == ["R57E320", "R57E321"]  # and 100% -> 90% has no reason either
    found = next(d for d in checked.diags if d["code"] == "R57E321")
    assert (found["commit"], found["path"]) == (sha, T1)
    assert "status: in_progress" in gate.show(sha, T1).splitlines()[found["line"] - 1]
    assert "changes T-001 from done back to in_progress without reopening" in found["message"]
    # r57 reopen records R57-Action: reopen and the reason.
    gate.branch("reopened")
    gate.r57_as("an", "reopen", "T-001", "--pct", "90", "--reason", "the decree was returned")
    passes(gate.check())


def test_a_reason_alone_does_not_reopen(gate: Gate) -> None:
    gate.setup(tasks=(done_task(OPEN),))
    gate.write(task(progress=progress(90)))  # the reason covers 100% -> 90%
    sha = gate.commit("back to work\n\nR57-Reason: the decree was returned", who="an")
    refused(gate, gate.check(), "R57E321", commit=sha, path=T1, at="status: in_progress")


def test_cancelled_is_closed_too(gate: Gate) -> None:
    gate.setup(tasks=(task(progress=progress(30, "cancelled")),))
    gate.write(task(progress=progress(30)))
    sha = gate.commit("resume", who="binh")
    refused(gate, gate.check(), "R57E321", commit=sha, path=T1, at="status: in_progress")
    gate.branch("reopened")
    gate.r57_as("binh", "reopen", "T-001", "--reason", "funding came through")
    passes(gate.check())


def test_reopen_may_clear_a_completion_date_of_a_closed_week(gate: Gate) -> None:
    gate.setup(tasks=(done_task(CLOSED),))
    gate.r57_as("an", "reopen", "T-001", "--pct", "90", "--reason", "returned for changes")
    passes(gate.check())
    # By hand, the same edit also rewrites a closed week's completion date.
    gate.branch("by-hand")
    gate.write(task(progress=progress(90)))
    gate.commit("reopen by hand", who="an")
    checked = gate.check()
    assert checked.codes == ["R57E320", "R57E321", "R57E322"], checked.diags
    found = next(d for d in checked.diags if d["code"] == "R57E322")
    assert f"changes progress.completed of T-001 from {CLOSED} to -" in found["message"]


BLOCKERS = [
    {
        "id": "B-1",
        "kind": "decree",
        "ref": "Decree 47/2020/ND-CP",
        "description": "Decree 47 in the way",
        "raised": CLOSED,
    },
    {"id": "B-2", "kind": "budget", "description": "No money yet", "raised": OPEN},
]


def blocked_task(blockers: list[dict[str, Any]]) -> dict[str, Any]:
    return task(blockers=blockers)


@pytest.mark.parametrize(
    ("blockers", "field", "new"),
    [
        ([{**BLOCKERS[0], "raised": "2025-03-06"}, BLOCKERS[1]], "blockers.0.raised", "2025-03-06"),
        ([{**BLOCKERS[0], "raised": OPEN}, BLOCKERS[1]], "blockers.0.raised", OPEN),
        ([BLOCKERS[1]], "blockers", "-"),  # the blocker removed with its date
    ],
)
def test_a_date_of_a_closed_week_is_not_rewritten(
    gate: Gate, blockers: list[dict[str, Any]], field: str, new: str
) -> None:
    gate.setup(tasks=(blocked_task(BLOCKERS),))
    gate.write(blocked_task(blockers))
    sha = gate.commit("fix the dates", who="an")
    # A removed blocker is shown at the list it was taken from.
    at = "raised" if new != "-" else "- id: B-2"
    found = refused(gate, gate.check(), "R57E322", commit=sha, path=T1, at=at, names=("T-001",))
    assert f"changes {field} of T-001 from {CLOSED} to {new}" in found["message"]
    assert f"the current week began {WEEK_START}" in found["message"]


def test_a_date_of_the_current_week_may_be_corrected(gate: Gate) -> None:
    gate.setup(tasks=(blocked_task(BLOCKERS),))
    gate.write(blocked_task([BLOCKERS[0], {**BLOCKERS[1], "raised": "2025-03-19"}]))
    gate.commit("B-2 was raised a day later", who="an")
    passes(gate.check())


def test_admins_may_not_rewrite_closed_weeks_either(gate: Gate) -> None:
    gate.setup(tasks=(blocked_task(BLOCKERS),))
    gate.write(blocked_task([{**BLOCKERS[0], "raised": "2025-03-06"}, BLOCKERS[1]]))
    sha = gate.commit("fix the dates", who="boss")
    refused(gate, gate.check(), "R57E322", commit=sha, path=T1, at="raised: 2025-03-06")


def test_request_dates_of_closed_weeks_are_kept(gate: Gate) -> None:
    request = {"id": "R-1", "unit": "mic", "need": "Budget", "asked": CLOSED}
    gate.setup(tasks=(task(resources=[request]),))
    gate.write(task(resources=[{**request, "asked": "2025-03-04"}]))
    sha = gate.commit("asked a day earlier", who="an")
    found = refused(gate, gate.check(), "R57E322", commit=sha, path=T1, at="asked: 2025-03-04")
    assert "resources.0.asked" in found["message"]


def test_the_week_starts_on_the_plans_week_start(gate: Gate) -> None:
    # With weeks starting on Thursday, the current week began on TODAY itself, so OPEN (a
    # Tuesday) lies in a closed week.
    gate.setup(week_start="thursday", tasks=(blocked_task(BLOCKERS),))
    gate.write(blocked_task([BLOCKERS[0], {**BLOCKERS[1], "raised": "2025-03-19"}]))
    sha = gate.commit("B-2 was raised a day later", who="an")
    found = refused(gate, gate.check(), "R57E322", commit=sha, path=T1, at="raised: 2025-03-19")
    assert f"from {OPEN} to 2025-03-19" in found["message"]
    assert f"the current week began {TODAY}" in found["message"]


def test_a_late_report_is_a_warning_and_strict_fails_on_it(gate: Gate) -> None:
    sha = gate.r57_as("an", "update", "T-001", "--pct", "40", "--date", "2025-03-14")
    checked = gate.check()
    assert checked.code == 0, checked.out
    assert checked.codes == ["R57W301"]
    found = checked.diags[0]
    assert (found["severity"], found["commit"], found["path"]) == ("warning", sha, T1)
    assert f"commit {sha[:10]}" in found["message"]
    assert (
        f"reports for 2025-03-14, in a week that has closed (the current week began {WEEK_START}"
        in (found["message"])
    )
    strict = gate.check("--strict")
    assert (strict.code, strict.codes) == (1, ["R57W301"])


def test_a_report_dated_in_the_current_week_is_not_late(gate: Gate) -> None:
    gate.r57_as("an", "update", "T-001", "--pct", "40", "--date", WEEK_START)
    passes(gate.check("--strict"))


@pytest.mark.parametrize(
    "trailer",
    ["r57-reason: legal asked", "R57-Reason : legal asked", "R57-REASON: legal asked"],
    ids=["lower-case", "space-before-colon", "upper-case"],
)
def test_a_reason_trailer_typed_in_another_case_counts(gate: Gate, trailer: str) -> None:
    # git reads trailer keys without regard to case (and without the space), and so does r57.
    gate.write(task(progress=progress(20)))
    gate.commit(f"T-001 down\n\n{trailer}", who="an")
    passes(gate.check())


@pytest.mark.parametrize(("pct", "code"), [(30, None), (40, None), (20, "R57E320")])
def test_history_rules_compare_with_the_last_readable_version(
    gate: Gate, pct: int, code: str | None
) -> None:
    """A commit breaks T-001's YAML, the next one repairs it: the repair is compared with
    the version before the break (30%), not with nothing."""
    fixed = dump(task(progress=progress(pct)))
    broken = fixed.replace("status: in_progress", "status: in_progress\n note: oops")
    assert broken != fixed
    gate.plan.write_raw("tasks/ndta/T-001.yaml", broken)
    gate.commit(f"T-001 at {pct}% (typo)", who="an")
    assert gate.run("validate", "--no-cache").code == 1  # the intermediate version is unreadable
    gate.plan.write_raw("tasks/ndta/T-001.yaml", fixed)
    repair = gate.commit("fix the typo", who="an")
    if code is None:
        passes(gate.check())
        return
    found = refused(gate, gate.check(), code, commit=repair, path=T1, at=f"pct: {pct}")
    assert f"lowers T-001 from 30% to {pct}% without a reason" in found["message"]


@pytest.mark.parametrize(
    ("field", "data", "at"),
    [
        (  # recorded today: a claim that says so (without it, R57W302 too)
            "progress.completed",
            task(progress=progress(100, "done", completed=CLOSED, recorded=TODAY)),
            "completed",
        ),
        ("a new blocker", blocked_task([BLOCKERS[0]]), "raised"),
        (
            "a new request",
            task(resources=[{"id": "R-1", "unit": "mic", "need": "Budget", "asked": CLOSED}]),
            "asked",
        ),
    ],
)
def test_a_date_newly_recorded_in_a_closed_week_is_a_late_report(
    gate: Gate, field: str, data: dict[str, Any], at: str
) -> None:
    # No R57-Date trailer: the date the commit records shows that it reports late.
    gate.write(data)
    sha = gate.commit(f"T-001: {field}", who="an")
    checked = gate.check()
    assert checked.code == 0, checked.out
    # a completion that far back is also an open claim (R57W305) until a coordinator confirms
    expected = ["R57W301", "R57W305"] if field == "progress.completed" else ["R57W301"]
    assert checked.codes == expected, checked.diags
    found = next(d for d in checked.diags if d["code"] == "R57W301")
    assert (found["severity"], found["commit"], found["path"]) == ("warning", sha, T1)
    line = gate.show(sha, T1).splitlines()[found["line"] - 1]
    assert f"{at}: {CLOSED}" in line, line
    assert f"reports for {CLOSED}, in a week that has closed" in found["message"]
    strict = gate.check("--strict")
    assert (strict.code, strict.codes) == (1, expected)


# ========================================================================= merges


def test_a_merged_branch_fails_on_its_own_commit_not_on_the_merge(gate: Gate) -> None:
    gate.branch("feature")
    gate.write(task(title={"en": "Roadmap for the 2G switch-off", "vi": "Lộ trình dừng 2G"}))
    chi = gate.commit("better title", who="chi")
    gate.branch("pr")
    gate.write(LEGAL_TASK | {"progress": progress(40)}, unit="legal")
    own = gate.commit("T-002 at 40%", who="chi")
    gate.become("an")
    git(gate.repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    merge = gate.head()
    checked = gate.check()
    found = refused(
        gate, checked, "R57E302", commit=chi, path=T1, at="en: Roadmap", names=("Lê Chi",)
    )
    assert found["commit"] not in (merge, own)


@pytest.mark.parametrize(
    "main_changes",
    ["T-001 pct", "README outside the plan"],
)
def test_a_clean_merge_of_main_passes(gate: Gate, main_changes: str) -> None:
    gate.branch("pr")
    gate.r57_as("chi", "update", "T-002", "--pct", "40")
    gate.switch("main")
    if main_changes == "T-001 pct":
        gate.r57_as("an", "update", "T-001", "--pct", "40")
    else:
        (gate.repo / "README.md").write_text("# Plan 286\n", encoding="utf-8")
        gate.commit("readme", who="eve")
    gate.switch("pr")
    gate.become("chi")  # a merge that takes each side's files as they are changes nothing
    git(gate.repo, "merge", "-q", "--no-ff", "-m", "merge main", "main")
    passes(gate.check(spec="main..HEAD"))
    passes(gate.check())


@pytest.mark.parametrize(
    ("done", "on_main"),
    [
        (False, ("update", "T-001", "--pct", "20", "--reason", "the survey was redone")),
        (True, ("reopen", "T-001", "--pct", "90", "--reason", "returned for changes")),
    ],
    ids=["lowered-with-reason", "reopened"],
)
def test_a_clean_merge_of_main_touching_the_same_task_file_passes(
    gate: Gate, done: bool, on_main: tuple[str, ...]
) -> None:
    # Both sides change T-001, in different places; git merges the file line by line, so
    # the merged version matches neither parent, though the merge adds nothing of its own:
    # main's change was checked (and passed) in main, with its own trailers.
    if done:
        gate.setup(tasks=(done_task(CLOSED),))
    gate.branch("pr")
    title = {"en": "Roadmap for the 2G switch-off", "vi": "Lộ trình dừng 2G"}
    gate.write(task(title=title, progress=done_task(CLOSED)["progress"] if done else progress(30)))
    gate.commit("better title", who="an")
    gate.switch("main")
    gate.r57_as("binh", *on_main)
    passes(gate.check(spec=f"{gate.base}..HEAD"))  # main's own change is fine
    gate.switch("pr")
    gate.become("an")
    git(gate.repo, "merge", "-q", "--no-ff", "-m", "merge main", "main")
    merged = gate.show("HEAD", T1)
    assert "the 2G switch-off" in merged
    assert merged != gate.show("main", T1)
    passes(gate.check(spec="main..HEAD"))


def test_an_evil_merge_is_checked_as_its_authors_commit(gate: Gate) -> None:
    gate.branch("pr")
    gate.r57_as("chi", "update", "T-002", "--pct", "40")
    gate.switch("main")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    gate.switch("pr")
    gate.become("chi")
    git(gate.repo, "merge", "-q", "--no-ff", "--no-commit", "main")
    gate.write(task(progress=progress(55)))  # neither side's version: chi's own edit
    merge = gate.commit("merge main")
    assert len(git(gate.repo, "log", "-1", "--format=%P").split()) == 2
    for spec in ("main..HEAD", f"{gate.base}..HEAD"):
        found = refused(
            gate,
            gate.check(spec=spec),
            "R57E302",
            commit=merge,
            path=T1,
            at="pct: 55",
            names=("Lê Chi", "T-001"),
        )
        assert "merge main" in found["message"]


def test_a_conflict_resolved_by_the_owner_passes(gate: Gate) -> None:
    gate.branch("pr")
    gate.r57_as("an", "update", "T-001", "--pct", "50")
    gate.switch("main")
    gate.r57_as("binh", "update", "T-001", "--pct", "40")
    gate.switch("pr")
    gate.become("an")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-ff", "main"], cwd=gate.repo, capture_output=True, check=False
    )
    assert merged.returncode != 0  # a conflict on the pct line
    gate.write(task(progress=progress(50)))
    gate.commit("merge main, keep 50%")
    passes(gate.check(spec="main..HEAD"))


def test_a_merge_that_drops_mains_change_is_checked(gate: Gate) -> None:
    # chi merges main into her pull request but keeps her side of every file (-s ours):
    # the merge matches its first parent, yet merging the pull request would undo an's
    # report on main. That undoing is the merge author's own change.
    gate.branch("pr")
    gate.r57_as("chi", "update", "T-002", "--pct", "40")
    gate.switch("main")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    gate.switch("pr")
    gate.become("chi")
    git(gate.repo, "merge", "-q", "--no-ff", "-s", "ours", "-m", "merge main", "main")
    merge = gate.head()
    assert "pct: 30" in gate.show("HEAD", T1)  # an's 40% is gone from the pull request
    checked = gate.check(spec="main..HEAD")
    assert checked.code == 1, checked.out
    assert ("R57E302", merge, T1) in {(d["code"], d["commit"], d["path"]) for d in checked.diags}


@pytest.mark.parametrize(
    ("completed", "codes"),
    [(CLOSED, ["R57E320", "R57E321", "R57E322"]), (OPEN, ["R57E320", "R57E321"])],
    ids=["completed-in-a-closed-week", "completed-this-week"],
)
@pytest.mark.parametrize("note", ["n", "n."], ids=["own-side", "own-side-and-a-dot"])
def test_a_conflict_resolved_by_throwing_away_mains_done_is_refused(
    gate: Gate, completed: str, codes: list[str], note: str
) -> None:
    old = gate.setup(tasks=(task(note="n"),))
    gate.write(task(note="n", progress=progress(100, "done", completed=completed)))
    gate.commit("T-001: done\n\nR57-Action: done", who="binh")
    gate.branch("an", old)
    gate.write(task(note="n", progress=progress(50)))
    gate.commit("T-001: 30% -> 50%", who="an")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "main"], cwd=gate.repo, capture_output=True, check=False
    )
    assert merged.returncode != 0  # both sides changed the progress: lines
    gate.write(task(note=note, progress=progress(50)))  # an keeps her side; main's done is gone
    merge = gate.commit("Merge branch 'main' into an")
    assert len(git(gate.repo, "log", "-1", "--format=%P").split()) == 2
    checked = gate.check(spec="main..HEAD")
    assert checked.code == 1, checked.out + checked.err
    assert checked.codes == codes, checked.diags
    assert {(d["commit"], d["path"]) for d in checked.diags} == {(merge, T1)}
    found = next(d for d in checked.diags if d["code"] == "R57E321")
    assert "status: in_progress" in gate.show(merge, T1).splitlines()[found["line"] - 1]
    assert "changes T-001 from done back to in_progress without reopening" in found["message"]


@pytest.mark.parametrize("first_parent", ["the old branch", "main"])
def test_a_renamed_plan_folder_does_not_carry_edits_made_outside_it(
    gate: Gate, first_parent: str
) -> None:
    """main renames plan/ to plan286/ (the current plan folder); chi's branch from before
    edits plan/units.yaml and plan/tasks/ndta/T-001.yaml, which the gate does not check
    (they lie outside the plan folder). git's rename detection carries both edits into
    plan286/ when the branch is merged with main: the merge holds them as its own."""
    git(gate.repo, "mv", "plan286", "plan")
    old = gate.commit("the plan lives in plan/", who="boss")
    git(gate.repo, "mv", "plan", "plan286")
    main = gate.commit("rename the plan folder to plan286/", who="boss")
    gate.branch("chi", old)
    outside = Plan(gate.repo, gate.repo / "plan")
    outside.write_task(task(progress=progress(0, "not_started"), note="chi was here"))
    outside.write_units(units_doc(roles={"chi": ["admin"]}))
    gate.commit("typo fixes", who="chi")
    gate.become("chi")
    if first_parent == "main":
        gate.branch("pr", main)
        git(gate.repo, "merge", "-q", "--no-ff", "--no-edit", "chi")
    else:
        git(gate.repo, "merge", "-q", "--no-edit", "main")
    merge = gate.head()
    assert not (gate.repo / "plan").exists()
    assert "chi was here" in gate.show(merge, T1)
    assert "- admin" in gate.show(merge, UNITS_YAML).split("id: chi")[1]
    checked = gate.check(spec="main..HEAD")
    assert checked.code == 1, checked.out + checked.err
    mine = sorted((d["code"], d["path"]) for d in checked.diags if d.get("commit") == merge)
    assert len(mine) == len(checked.diags), checked.diags
    if first_parent == "main":
        # Judged by main's units.yaml: chi (legal) changes ndta's task and units.yaml.
        assert mine == [("R57E302", T1), ("R57E303", UNITS_YAML), ("R57E320", T1)]
    else:
        # The merge's first parent (the old branch) has no plan286/units.yaml, so nobody is
        # known there: chi is refused as unknown (an admin's or an's merge is refused too).
        assert mine == [("R57E301", T1), ("R57E320", T1)]


# ========================================================================= environment


def clone(g: Gate, target: Path, *args: str) -> Path:
    git(g.repo.parent, "clone", "-q", *args, f"file://{g.repo}", str(target))
    return target


def test_a_shallow_clone_that_lacks_the_range_says_how_to_fetch_it(gate: Gate) -> None:
    gate.branch("pr")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    gate.r57_as("binh", "update", "T-001", "--pct", "50")
    copy_ = clone(
        gate, gate.repo.parent / "shallow", "--depth", "1", "--no-single-branch", "-b", "pr"
    )
    # BASE is there (origin/main, one commit deep) but the PR's first commits are not.
    res = gate.r57("check", "origin/main..HEAD", "--format", "json", cwd=copy_)
    assert res.code == 2, res.out + res.err
    assert "reaches past the history this shallow clone holds" in res.err
    assert "git fetch --unshallow" in res.err
    assert "fetch-depth: 0" in res.err
    # A BASE the clone does not have at all.
    res = gate.r57("check", f"{gate.base}~1..HEAD", cwd=copy_)
    assert res.code == 2, res.out + res.err
    assert "is not a commit in this repository" in res.err
    assert "This is a shallow clone" in res.err
    assert "git fetch --unshallow" in res.err
    assert "fetch-depth: 0" in res.err
    git(copy_, "fetch", "-q", "--unshallow")
    res = gate.r57("check", "origin/main..HEAD", "--format", "json", cwd=copy_)
    assert res.code == 0, res.out + res.err
    assert json.loads(res.out)["commits"] == 2


def test_a_shallow_clone_that_holds_the_range_is_enough(gate: Gate) -> None:
    gate.branch("pr")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    gate.r57_as("chi", "update", "T-001", "--pct", "50")
    copy_ = clone(gate, gate.repo.parent / "shallow", "--depth", "3", "-b", "pr")
    assert git(copy_, "rev-parse", "--is-shallow-repository").strip() == "true"
    res = gate.r57("check", "HEAD~2..HEAD", "--format", "json", cwd=copy_)
    assert res.code == 1, res.out + res.err
    assert [d["code"] for d in json.loads(res.out)["diagnostics"]] == ["R57E302"]


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("nope..HEAD", "'nope' is not a commit"),
        ("HEAD..nope", "'nope' is not a commit"),
        ("main...HEAD", "two dots"),
        ("..HEAD", "is not a range of commits"),
        ("-all..HEAD", "is not a range of commits"),
    ],
)
def test_a_range_that_is_not_one_is_a_usage_error(gate: Gate, spec: str, says: str) -> None:
    res = gate.run("check", "--", spec)  # after --, so that the gate itself sees "-all"
    assert res.code == 2, res.out + res.err
    assert says in res.err


def test_the_checkout_must_be_the_end_of_the_range(gate: Gate) -> None:
    gate.branch("pr")
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    pr = gate.head()
    gate.switch("main")
    res = gate.run("check", f"{gate.base}..pr")
    assert res.code == 2, res.out + res.err
    assert f"git checkout {pr[:10]}" in res.err
    gate.switch("pr")
    passes(gate.check(spec=f"{gate.base}..pr"))


def test_an_empty_range_validates_the_plan(gate: Gate) -> None:
    for spec in ("HEAD..HEAD", "HEAD", f"{gate.base}..{gate.base}"):
        checked = gate.check(spec=spec)
        passes(checked)
        assert json.loads(checked.out)["commits"] == 0


def test_one_revision_means_up_to_head(gate: Gate) -> None:
    sha = gate.r57_as("chi", "update", "T-001", "--pct", "40")
    refused(gate, gate.check(spec=gate.base), "R57E302", commit=sha, path=T1, at="pct: 40")


def test_an_invalid_plan_at_head_fails_though_every_commit_is_allowed(gate: Gate) -> None:
    gate.write(task(co_units=["nowhere"], progress=progress(40)))  # an unknown unit
    gate.commit("report", who="an")
    checked = gate.check()
    assert checked.code == 1, checked.out
    assert checked.diags
    assert all(not d.get("commit") for d in checked.diags), checked.diags
    assert all(not d["code"].startswith("R57E3") for d in checked.diags)
    assert any(d["path"] == T1 for d in checked.diags)


def test_commits_outside_the_plan_folder_are_nobodys_business(gate: Gate) -> None:
    (gate.repo / "README.md").write_text("# Plan 286\n", encoding="utf-8")
    gate.commit("readme", who="chi")
    (gate.repo / ".github").mkdir()
    (gate.repo / ".github" / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    gate.commit("owners", who="eve")
    checked = gate.check()
    passes(checked)
    assert json.loads(checked.out)["commits"] == 2


def test_every_bad_commit_of_a_range_is_reported(gate: Gate) -> None:
    first = gate.r57_as("chi", "update", "T-001", "--pct", "40")
    gate.r57_as("an", "update", "T-001", "--pct", "50")
    third = gate.r57_as("eve", "update", "T-002", "--pct", "35")
    checked = gate.check()
    assert checked.code == 1
    found = sorted((d["code"], d["commit"], d["path"]) for d in checked.diags)
    assert found == [("R57E301", third, T2), ("R57E302", first, T1)]


def test_files_on_disk_that_git_rewrote_on_checkout_are_not_checked(gate: Gate) -> None:
    """An `ident` filter makes the checked-out T-001 valid YAML while the committed one is
    broken: the gate must not pass the plan on disk in place of the commit's."""
    text = (gate.plan.dir / "tasks" / "ndta" / "T-001.yaml").read_text(encoding="utf-8")
    gate.plan.write_raw("tasks/ndta/T-001.yaml", text + 'note: "$Id:" is not valid "$"\n')
    gate.commit("T-001 note\n\nR57-Reason: wording", who="an")
    (gate.repo / ".gitattributes").write_text("*.yaml ident\n", encoding="utf-8")
    head = gate.commit("editor settings", who="an")
    copy_ = clone(gate, gate.repo.parent / "ci")
    on_disk = (copy_ / T1).read_text(encoding="utf-8").splitlines()[-1]
    assert on_disk.startswith('note: "$Id: '), on_disk
    assert on_disk.endswith(' $"'), on_disk
    assert gate.r57("validate", "--no-cache", cwd=copy_).code == 0  # what is on disk is valid
    res = gate.r57("check", f"{gate.base}..HEAD", "--format", "json", cwd=copy_)
    assert res.code == 2, res.out + res.err
    assert (
        f"The plan files on disk are not those of commit {head[:10]} (tasks/ndta/T-001.yaml): "
        "uncommitted changes, or a .gitattributes filter that rewrites files on checkout."
    ) in res.err
    assert res.out == ""


@pytest.mark.parametrize("change", ["edited", "added", "deleted"])
def test_uncommitted_plan_files_are_not_checked(gate: Gate, change: str) -> None:
    gate.r57_as("an", "update", "T-001", "--pct", "40")
    head = gate.head()
    if change == "edited":
        gate.write(task(progress=progress(90)))
        shown = "tasks/ndta/T-001.yaml"
    elif change == "added":
        gate.write(task("T-003"))
        shown = "tasks/ndta/T-003.yaml"
    else:
        gate.remove(T2)
        shown = "tasks/legal/T-002.yaml"
    res = gate.run("check", f"{gate.base}..HEAD", "--format", "json")
    assert res.code == 2, res.out + res.err
    assert f"not those of commit {head[:10]} ({shown})" in res.err
    git(gate.repo, "stash", "-q", "--include-untracked")
    passes(gate.check())


@pytest.mark.parametrize(
    ("separator", "shown"), [("\x1f", "\\x1f"), ("\x1e", "\\x1e")], ids=["0x1f", "0x1e"]
)
def test_a_separator_byte_in_a_subject_does_not_hide_its_commit(
    gate: Gate, separator: str, shown: str
) -> None:
    # Commit fields were once split on these bytes: a subject holding one shifted the
    # fields, and the commit went unchecked.
    gate.write(task(progress=progress(10)))
    sha = gate.commit(f"T-001: edited by chi{separator}hidden", who="chi")
    gate.r57_as("an", "update", "T-001", "--pct", "35")
    checked = gate.check()
    assert checked.code == 1, checked.out + checked.err
    assert json.loads(checked.out)["commits"] == 2
    assert checked.codes == ["R57E302", "R57E320"], checked.diags
    assert {(d["commit"], d["path"]) for d in checked.diags} == {(sha, T1)}
    for found in checked.diags:
        # The byte is shown escaped, as every control character in a message is.
        assert f"commit {sha[:10]} (T-001: edited by chi{shown}hidden)" in found["message"]
    assert "lowers T-001 from 30% to 10% without a reason" in next(
        d["message"] for d in checked.diags if d["code"] == "R57E320"
    )


def broken_units(shape: str) -> dict[str, Any]:
    data = units_doc()
    if shape == "members: 5":
        data["units"][2]["members"] = 5
    else:
        binh = data["units"][1]["members"][1]
        binh["roles"], binh["emails"] = "admin", "binh@example.gov.vn"  # not lists
    return data


@pytest.mark.parametrize(
    ("shape", "errors"),
    [
        ("members: 5", [(42, "'units[3].members' must be a list, found a whole number")]),
        (
            "roles and emails not lists",
            [
                (33, "'units[2].members[2].emails' must be a list, found text"),
                (34, "'units[2].members[2].roles' must be a list, found text"),
            ],
        ),
    ],
)
def test_a_refused_units_yaml_of_the_wrong_shape_is_reported_not_a_crash(
    gate: Gate, shape: str, errors: list[tuple[int, str]]
) -> None:
    gate.plan.write_units(broken_units(shape))
    bad = gate.commit("tidy units.yaml", who="chi")
    gate.write(task(progress=progress(40)))
    gate.commit("T-001 at 40%", who="an")  # judged by the broken units.yaml and BASE's
    checked = gate.check()
    assert checked.code == 1, checked.out + checked.err  # not 3, an internal error
    assert all(d["path"] and d["line"] >= 1 for d in checked.diags), checked.diags
    mine = [(d["code"], d["commit"], d["path"]) for d in checked.diags if d.get("commit")]
    assert mine == [("R57E303", bad, UNITS_YAML)], checked.diags
    found = sorted((d["line"], d["message"]) for d in checked.diags if d["code"] == "R57E103")
    assert found == errors, checked.diags
    assert {d["path"] for d in checked.diags if d["code"] == "R57E103"} == {UNITS_YAML}


# ========================================================================= output formats


def attack(g: Gate) -> str:
    return g.r57_as("chi", "update", "T-001", "--pct", "40")


def test_text_and_json_agree_on_the_verdict(gate: Gate) -> None:
    sha = attack(gate)
    text = gate.check("--color", "never", fmt="text")
    assert text.code == gate.check().code == 1
    assert f"{T1}:22:3: error R57E302: commit {sha[:10]} (T-001: 30% → 40%): Lê Chi" in text.out
    assert "22 |   pct: 40" in text.out
    assert "1 commit(s)" in text.out


def test_github_annotations_carry_file_line_and_code(gate: Gate) -> None:
    sha = attack(gate)
    checked = gate.check(fmt="github")
    assert checked.code == 1
    errors = [line for line in checked.out.splitlines() if line.startswith(f"::error file={T1}")]
    assert len(errors) == 1, checked.out
    assert ",line=22," in errors[0]
    assert "title=R57E302::" in errors[0]
    assert f"commit {sha[:10]}" in errors[0]
    # On GitHub Actions, annotations are the default.
    gate.monkeypatch.setenv("GITHUB_ACTIONS", "true")
    res = gate.run("check", f"{gate.base}..HEAD")
    assert res.code == 1
    assert f"::error file={T1},line=22," in res.out


def test_sarif_results_carry_the_commit(gate: Gate) -> None:
    sha = attack(gate)
    checked = gate.check(fmt="sarif")
    assert checked.code == 1
    doc = json.loads(checked.out)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["R57E302"]
    assert results[0]["properties"]["commit"] == sha
    region = results[0]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"].endswith("tasks/ndta/T-001.yaml")
    assert region["region"]["startLine"] == 22


def test_json_diagnostics_carry_the_full_commit_id(gate: Gate) -> None:
    sha = attack(gate)
    checked = gate.check()
    doc = json.loads(checked.out)
    assert (doc["valid"], doc["commits"], doc["errors"]) == (False, 1, 1)
    assert len(sha) == 40
    assert checked.diags[0]["commit"] == sha


def test_messages_in_vietnamese(gate: Gate) -> None:
    sha = attack(gate)
    checked = gate.check("--lang", "vi")
    assert checked.code == 1
    message = checked.diags[0]["message"]
    assert message.startswith(f"commit {sha[:10]}")
    assert "Lê Chi (đơn vị legal) sửa nhiệm vụ T-001 của đơn vị ndta" in message
    assert "đề nghị người của ndta" in checked.diags[0]["hint"]
