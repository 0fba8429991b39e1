"""A member's built report is kept in its mirror by commit (federation/membercache.py): a
rerun after some members moved rebuilds only those, reads exactly as a run from nothing,
and a kept file that is damaged, cut short or not r57's own is a miss, never a crash."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result, task
from tests.test_federation import TASKS_A, TASKS_B, _commit, member, progress
from tests.test_federation_incremental import _four, _reports


def _built_steps(log: Path) -> set[str]:
    """The members whose report was built (not read back) in the runs logged to `log`."""
    lines = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    return {x["member"] for x in lines if x["step"] == "report"}


def _drop_kept_output(cache: Path) -> None:
    for kept in (cache / "federation").glob("national-*.out"):
        kept.unlink()


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_only_the_members_that_moved_are_built_again_and_the_report_is_the_same(
    tmp_path: Path,
    r57: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    monkeypatch.setenv("R57_JOBS", jobs)
    (hanoi, _hue, _danang, quangnam), fed = _four(tmp_path)
    warm = tmp_path / "cache-warm"
    log = tmp_path / "times.jsonl"
    monkeypatch.setenv("R57_FED_TIMES", str(log))
    _reports(r57, fed, warm, monkeypatch)
    assert _built_steps(log) == {"hanoi", "hue", "danang", "quangnam"}

    hanoi.write_task(task("T-001", progress=progress(75)))
    _commit(hanoi.repo, "later reports", "2025-03-13T10:00:00+07:00")
    quangnam.write_task(task("T-001", progress=progress(40)))
    _commit(quangnam.repo, "a report", "2025-03-13T11:00:00+07:00")
    log.unlink()
    after = _reports(r57, fed, warm, monkeypatch)
    assert _built_steps(log) == {"hanoi", "quangnam"}  # hue and danang read back
    assert '"pct_end": 75' in after["json"]
    monkeypatch.delenv("R57_FED_TIMES")
    assert after == _reports(r57, fed, tmp_path / "cache-fresh", monkeypatch)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped
        lambda raw: b"",  # empty
        lambda raw: b"r57-member-built-1\n" + b"\0" * 32 + b"not a pickle",
        lambda raw: raw[:19] + __import__("hashlib").sha256(b"x").digest() + b"x",
    ],
)
def test_a_damaged_kept_member_report_is_a_miss(
    tmp_path: Path,
    r57: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    from tests.test_federation import federation, member_repo

    a = member_repo(tmp_path, "hanoi", TASKS_A)
    b = member_repo(tmp_path, "hue", TASKS_B)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{b.repo}")],
    )
    cache = tmp_path / "cache"
    first = _reports(r57, fed, cache, monkeypatch)
    kept = sorted((cache / "federation").glob("*.git/r57-built/*.pkl"))
    assert len(kept) == 4  # two members, two formats (JSON's rows are made in the worker)
    for path in kept:
        path.write_bytes(damage(path.read_bytes()))
    _drop_kept_output(cache)
    log = tmp_path / "times.jsonl"
    monkeypatch.setenv("R57_FED_TIMES", str(log))
    assert _reports(r57, fed, cache, monkeypatch) == first
    assert _built_steps(log) == {"hanoi", "hue"}
    # ... and kept again, whole: the next run reads them back.
    log.unlink()
    _drop_kept_output(cache)
    assert _reports(r57, fed, cache, monkeypatch) == first
    assert _built_steps(log) == set()


class _Runs:
    """A pickle that, loaded by pickle.loads, would run a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        import os

        return (os.system, (f"touch {self.marker}",))


class _Walks:
    """A pickle that reaches eval through getattr from one of r57's own classes."""

    def __reduce__(self) -> tuple[Any, ...]:
        from r57cli.federation.national import _Built

        return (getattr, (_Built, "__init__"))


@pytest.mark.parametrize("make", ["system", "getattr"])
def test_a_kept_pickle_that_names_other_code_is_a_miss_and_runs_nothing(
    tmp_path: Path, make: str
) -> None:
    import io

    from r57cli.federation import membercache
    from r57cli.federation.national import _Built

    marker = tmp_path / "ran"
    hostile = _Runs(marker) if make == "system" else _Walks()
    body = pickle.dumps(hostile)
    membercache.write(tmp_path, "x", body)  # digest and all: as r57 would keep it
    kept = membercache.read(tmp_path, "x")
    assert kept == body
    assert membercache.loads(kept, _Built) is None
    with pytest.raises(pickle.UnpicklingError, match="not r57's data"):
        membercache._Unpickler(io.BytesIO(body)).load()
    assert not marker.exists()
    # r57's own data still reads back through the same door.
    assert membercache.loads(membercache.dumps(_Built(first="a")), _Built) == _Built(first="a")
