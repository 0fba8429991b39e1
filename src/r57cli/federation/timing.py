"""R57_FED_TIMES=FILE: where a national report's time goes, for profiling (docs/speed.md,
"The national synthesis"). Each step (a member's fetch, copy-out, validation and report in
whichever process ran it; the merge and the rendering) is appended to FILE as one JSON line:
{"pid", "member", "step", "start", "end", "cpu"} (Unix seconds; cpu: the CPU seconds of
the thread that ran the step, not of the git it waited for). Unset, nothing is measured."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def step(member: str, name: str) -> Iterator[None]:
    path = os.environ.get("R57_FED_TIMES")
    if not path:
        yield
        return
    start, cpu = time.time(), time.thread_time()
    try:
        yield
    finally:
        line = {"pid": os.getpid(), "member": member, "step": name, "start": start}
        line["end"] = time.time()
        line["cpu"] = time.thread_time() - cpu
        with contextlib.suppress(OSError), Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
