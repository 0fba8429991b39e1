"""r57's exceptions. Each carries the exit code the CLI returns and a message for the user."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID = 1  # the plan has errors
    USAGE = 2  # bad options, no plan found, unreadable path
    INTERNAL = 3  # a bug in r57
    INTERRUPTED = 130


class R57Error(Exception):
    """An error the user can act on. `str(err)` is the whole message."""

    exit_code = ExitCode.USAGE


class PlanNotFoundError(R57Error):
    pass
