"""One piece of a report computed on another core: a forked child runs it and sends back its
result as a pickle, while the parent goes on. Used for the period "what changed" compares
with, which a cold report must build beside its own (report/synthesis.py).

The child writes nothing but that pipe (the history cache is the parent's to write) and
leaves with os._exit. Whatever goes wrong in it (an error, a signal, a result that does not
unpickle), the parent gets None and computes the piece itself: the answer never depends on
the child. `R57_JOBS=1` turns it off; `R57_JOBS=N` uses N processes whatever the cores (the
tests compare the ways)."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

from r57cli.plan.taskfacts import TaskFacts, parse_many

# Without R57_JOBS, at most this many processes: each child holds a whole plan state.
MAX_DEFAULT_JOBS = 4
# Fewer file versions than this are parsed here: a fork and the pickle back cost more.
SPREAD_PARSE_MIN = 2_000


def jobs() -> int:
    """How many processes a report may use: Linux only (fork); R57_JOBS when it is a
    number (1 turns forking off), else the cores this process may use, at most
    MAX_DEFAULT_JOBS."""
    if not sys.platform.startswith("linux"):
        return 1
    raw = os.environ.get("R57_JOBS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return min(int(raw), 64)
    try:
        return max(1, min(MAX_DEFAULT_JOBS, len(os.sched_getaffinity(0))))
    except (AttributeError, OSError):
        return 1


def wanted() -> bool:
    """Fork only where it pays and is safe: Linux, and two processes allowed."""
    return jobs() > 1


class Forked:
    """`work()` running in a child; `result()` waits for it (None if it failed)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        read, write = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12 warns when a progress bar's thread is alive: the child touches no
            # lock that thread takes (it prints nothing) and leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            self.pid = os.fork()
        if self.pid == 0:  # the child
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent computes it instead
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self.fd: int | None = read

    def result(self) -> Any:
        if self.fd is None:
            return None
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                self.fd = None
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not data:
                return None
            return pickle.loads(data)  # noqa: S301 - our own child's bytes, through a pipe
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child if it still runs (an error or ^C in the parent)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        if self.pid > 0:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def parse_spread(raws: dict[str, bytes]) -> dict[str, TaskFacts | None]:
    """parse_many shared with forked children, one slice of the versions each, when there
    are enough of them (a whole plan state: a cold report's first read). A child that
    fails has its slice parsed here."""
    n = jobs()
    if n < 2 or len(raws) < SPREAD_PARSE_MIN:
        return parse_many(raws)
    items = list(raws.items())
    slices = [dict(items[k * len(items) // n : (k + 1) * len(items) // n]) for k in range(n)]
    children = [Forked(partial(parse_many, part)) for part in slices[1:]]
    try:
        out = parse_many(slices[0])
        for part, child in zip(slices[1:], children, strict=True):
            got = child.result()
            out.update(got if isinstance(got, dict) and len(got) == len(part) else parse_many(part))
    finally:
        for child in children:
            child.cancel()
    return out
