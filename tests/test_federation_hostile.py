"""A hostile member cannot run code, read files outside its mirror, hang the run or change
another member's figures: hooks in its repository, a symbolic link and an oversized file in
its plan folder, an `ext::` URL, a server that never answers, a repository past the size
limit. Each is shown as a fault of that member alone."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_federation import (
    TASKS_A,
    TASKS_B,
    WEEK,
    _commit,
    federation,
    member,
    member_repo,
    national,
)


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-03-20")
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))


def test_hooks_symlinks_and_big_files_do_nothing(
    tmp_path: Path, r57: Callable[..., Result]
) -> None:
    marker = tmp_path / "pwned"
    evil = member_repo(tmp_path, "evil", TASKS_B)
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: T-666\ntitle: the secret\n")
    (evil.dir / "tasks" / "ndta" / "T-666.yaml").symlink_to(secret)
    big = evil.dir / "tasks" / "ndta" / "T-777.yaml"
    big.write_text("id: T-777\nnote: " + "x" * 400_000 + "\n")
    _commit(evil.repo, "hostile", "2025-03-13T10:00:00+07:00")
    # Hooks in the member's own repository (a file:// remote runs git there): none may run.
    hooks = evil.repo / ".git" / "hooks"
    for name in ("post-checkout", "reference-transaction", "post-merge", "pre-push"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
        hook.chmod(0o755)
    good = member_repo(tmp_path, "good", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("good", f"file://{good.repo}"), member("evil", f"file://{evil.repo}")],
    )
    res, doc = national(r57, fed)
    assert res.code == 4
    assert not marker.exists()
    states = {m["id"]: m for m in doc["federation"]["members"]}
    assert states["good"]["faults"] == []
    unsafe = [f for f in states["evil"]["faults"] if f["kind"] == "unsafe-files"]
    assert len(unsafe) == 1
    assert unsafe[0]["count"] == 2
    assert "T-666.yaml (symlink)" in unsafe[0]["detail"]
    assert "T-777.yaml" in unsafe[0]["detail"]
    export = tmp_path / "cache" / "federation" / "evil.git" / "r57-plan"
    assert not (export / "tasks" / "ndta" / "T-666.yaml").exists()
    assert "the secret" not in json.dumps(doc)
    # the other member's figures are its own: same as alone
    alone = federation(tmp_path / "alone", [member("good", f"file://{good.repo}")])
    _res, solo = national(r57, alone)
    assert {u["id"]: u["tasks"] for u in doc["units"]} == {"evil": 2, "good": 3}
    good_row = next(u for u in doc["units"] if u["id"] == "good")
    assert good_row["counts"] == solo["units"][0]["counts"]


def test_an_ext_url_is_refused_before_anything_runs(
    tmp_path: Path, r57: Callable[..., Result]
) -> None:
    marker = tmp_path / "pwned"
    fed = federation(tmp_path / "steer", [member("evil", f"ext::sh -c touch% {marker}")])
    res = r57("report", "--federation", str(fed), "--week", WEEK)
    assert res.code == 2
    assert "federation.yaml has 1 error(s)" in res.err
    assert "federation.yaml:" in res.err  # the place
    assert "asks git for a remote helper" in res.err  # and what is wrong there, in words
    assert "fix:" in res.err
    assert not marker.exists()
    check = r57("validate", "--plan", str(fed), "--lang", "en")
    assert check.code == 1
    assert "asks git for a remote helper" in check.out
    assert not marker.exists()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts and never answers: a hung git daemon."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield srv.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        srv.close()


def test_a_hung_server_is_stopped_at_the_time_limit(
    tmp_path: Path, r57: Callable[..., Result], silent_server: int
) -> None:
    good = member_repo(tmp_path, "good", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [
            member("good", f"file://{good.repo}"),
            member("hung", f"git://127.0.0.1:{silent_server}/plan"),
        ],
        limits={"timeout_seconds": 5},
    )
    started = time.monotonic()
    res, doc = national(r57, fed)
    took = time.monotonic() - started
    assert res.code == 4
    assert 5 <= took < 30
    hung = doc["federation"]["members"][1]
    assert [f["kind"] for f in hung["faults"]] == ["timeout", "never-fetched"]
    assert doc["totals"]["tasks"] == 3


def test_a_repository_past_the_size_limit_is_stopped(
    tmp_path: Path, r57: Callable[..., Result]
) -> None:
    big = member_repo(tmp_path, "big", TASKS_B)
    (big.repo / "video.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    _commit(big.repo, "a large file", "2025-03-13T10:00:00+07:00")
    fed = federation(
        tmp_path / "steer", [member("big", f"file://{big.repo}")], limits={"max_size_mb": 1}
    )
    res = r57("report", "--federation", str(fed), "--week", WEEK, "--format", "json")
    assert res.code == 2  # no member has data: nothing to report, and it says why
    assert "larger than the size limit" in res.err
    pack = tmp_path / "cache" / "federation" / "big.git" / "objects" / "pack"
    assert not list(pack.glob("tmp_*"))
