"""Entry point for `python -m r57cli` and the `r57` console script."""

from __future__ import annotations


def main() -> None:
    from r57cli.cli import run

    run()


if __name__ == "__main__":
    main()
