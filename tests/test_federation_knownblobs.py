"""Issue #18, a week later: a member's tip is read from its mirror's ref files (no git
process), the tip and the kept rewrites after a fetch by one git call, and validation
trusts the copy-out's manifest for the blob of each file, reading only the files whose
result is not cached, and every file again as soon as one does not hold its blob."""

from __future__ import annotations

from pathlib import Path

from r57cli.fingerprint import blob_id
from r57cli.git import mirror
from r57cli.validate.engine import validate
from tests.conftest import Plan, git, task


def _bare(tmp_path: Path, plan: Plan) -> Path:
    bare = tmp_path / "m.git"
    git(tmp_path, "clone", "-q", "--bare", str(plan.repo), str(bare))
    head = git(bare, "rev-parse", "HEAD").strip()
    git(bare, "update-ref", mirror.TIP_REF, head)
    return bare


def test_the_tip_read_from_ref_files_is_the_one_git_reads(tmp_path: Path, plan: Plan) -> None:
    bare = _bare(tmp_path, plan)
    head = git(bare, "rev-parse", "HEAD").strip()
    assert (bare / mirror.TIP_REF).is_file()
    assert mirror.stored_tip(bare) == mirror.tip(bare) == head
    git(bare, "pack-refs", "--all")  # the loose ref goes into packed-refs
    assert not (bare / mirror.TIP_REF).exists()
    assert mirror.stored_tip(bare) == head
    git(bare, "symbolic-ref", mirror.TIP_REF, "refs/heads/main")  # not a plain id: git reads it
    assert mirror.stored_tip(bare) == mirror.tip(bare) == head
    git(bare, "update-ref", "--no-deref", "-d", mirror.TIP_REF)
    assert mirror.stored_tip(bare) is None is mirror.tip(bare)


def test_the_tip_and_the_kept_rewrites_come_from_one_listing(tmp_path: Path, plan: Plan) -> None:
    bare = _bare(tmp_path, plan)
    head = git(bare, "rev-parse", "HEAD").strip()
    assert mirror.fetched_refs(bare) == (head, [])
    git(bare, "update-ref", "refs/r57/rewritten/20250101T000000Z", head)
    git(bare, "pack-refs", "--all")
    git(bare, "update-ref", "refs/r57/rewritten/20250201T000000Z", head)
    assert mirror.fetched_refs(bare) == (
        head,
        [
            (head, "refs/r57/rewritten/20250101T000000Z"),
            (head, "refs/r57/rewritten/20250201T000000Z"),
        ],
    )
    git(bare, "tag", "-a", "-m", "a tag", "t", head)
    git(bare, "update-ref", mirror.TIP_REF, git(bare, "rev-parse", "t").strip())
    assert mirror.fetched_refs(bare)[0] == head  # a tag named by the tip: peeled by git


def _blobs(plan: Plan) -> dict[str, str]:
    out = {}
    for path in sorted(plan.dir.rglob("*.yaml")):
        out[path.relative_to(plan.dir).as_posix()] = blob_id(path.read_bytes())
    return out


def test_a_file_whose_known_blob_is_cached_is_not_read(plan: Plan) -> None:
    assert validate(plan.dir).diagnostics == []
    known = _blobs(plan)
    plan.write_task(task(due="2025-02-30"))  # on disk now, but the manifest says otherwise
    assert validate(plan.dir, known=known).diagnostics == []  # not read: its result stands
    assert [d.code for d in validate(plan.dir).diagnostics] == ["R57E104"]


def test_a_file_that_does_not_hold_its_known_blob_is_read_with_every_other(plan: Plan) -> None:
    known = _blobs(plan)
    validate(plan.dir)
    plan.write_task(task(due="2025-02-30"))
    lying = dict(known, **{"tasks/ndta/T-001.yaml": "0" * 40})  # not cached: read, and wrong
    got = validate(plan.dir, known=lying)
    want = validate(plan.dir, use_cache=False)
    assert [d.code for d in got.diagnostics] == [d.code for d in want.diagnostics] == ["R57E104"]
    assert got.sources == want.sources
    assert got.blobs == want.blobs == _blobs(plan)
