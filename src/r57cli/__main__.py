"""Entry point for `python -m r57cli` and the `r57` console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # r57 uses no pydantic plugins; looking for them scans every installed distribution's
    # entry points, ~30 ms of each run (measured with -X importtime and cProfile).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    try:
        from r57cli.cli import run
    except KeyboardInterrupt:  # Ctrl-C while Python still loads r57: no traceback
        sys.stderr.write("\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
