"""The environment every benchmark runs r57 and git in: a fixed identity for the commits it
makes, no user or system git configuration (a developer's settings never move a timing),
and English messages. `extra` adds or overrides variables (R57_TODAY, mostly)."""

from __future__ import annotations

import os


def bench_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.gov.vn",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.gov.vn",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "R57_LANG": "en",
        **extra,
    }
