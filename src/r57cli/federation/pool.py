"""Members' reports built on every core, beginning while other members still fetch: a
member whose tip moved is handed to a worker the moment its plan is copied out, so that
building overlaps the fetches instead of waiting for the slowest one. The workers are
forked once, before any fetch thread starts (a fork beside running threads can inherit a
lock mid-use), and reused for every member; each member's caches are its own mirror's, so
workers never share a file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from r57cli.federation.members import MemberState


def _one_process() -> None:
    """In a worker: the cores are the workers', so a member's report forks no children of
    its own (report/forked.py); they would only contend with the other workers."""
    import os

    os.environ["R57_JOBS"] = "1"


class Builder:
    def __init__(self, work: Callable[[MemberState], Any], *, early: bool, members: int) -> None:
        """`early`: fork the workers now, to start on moved members as soon as they are
        fetched (only when fetching: --offline moves nothing)."""
        self.work = work
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[str, Future[Any]] = {}
        self.lock = threading.Lock()
        if early and members >= 2:
            self._start(members)

    def _start(self, members: int) -> None:
        from r57cli.report import forked

        if not forked.wanted():
            return
        import multiprocessing

        self.pool = ProcessPoolExecutor(
            max_workers=max(1, min(forked.jobs(), members)),
            mp_context=multiprocessing.get_context("fork"),
            initializer=_one_process,
        )
        self.pool.submit(int).result()  # every worker forked here, before any thread runs

    def ready(self, state: MemberState) -> None:
        """A member fetched and copied out (from a fetch thread). Only a member whose tip
        moved starts now: unmoved members may all be answered by the kept report."""
        if self.pool is None or not state.moved or not state.has_data:
            return
        with self.lock:
            self.futures[state.id] = self.pool.submit(self.work, state)

    def results(
        self, states: list[MemberState], then: Callable[[Any], Any] = lambda x: x
    ) -> dict[str, Any]:
        """Every member with data built: those started early, then the rest; `then` is
        applied to each result here as soon as it is back, while the others are built."""
        ready = [s for s in states if s.has_data]
        if self.pool is None and len(ready) >= 2:
            self._start(len(ready))
        if self.pool is None:
            return {s.id: then(self.work(s)) for s in ready}
        pool = self.pool
        with self.lock:
            for s in ready:
                if s.id not in self.futures:
                    self.futures[s.id] = pool.submit(self.work, s)
        from concurrent.futures import as_completed

        with self.lock:
            which = {self.futures.pop(s.id): s.id for s in ready}
        got = {}
        for f in as_completed(which):
            got[which[f]] = then(f.result())
            del which[f]  # the bytes go as soon as they are loaded
        return {s.id: got[s.id] for s in ready}

    def __enter__(self) -> Builder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
