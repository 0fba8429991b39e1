"""Entry point for `python -m r57cli` and the `r57` console script."""

from __future__ import annotations

import os


def main() -> None:
    # r57 uses no pydantic plugins; looking for them scans every installed distribution's
    # entry points, ~30 ms of each run (measured with -X importtime and cProfile).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from r57cli.cli import run

    run()


if __name__ == "__main__":
    main()
