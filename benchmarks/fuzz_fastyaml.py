"""The long differential fuzz of the fast YAML reader (tests/test_fastyaml.py runs a bounded
one in make test): documents from tests/yamlgen.py, plus PyYAML-dumped random documents,
each read by the fast reader and by PyYAML's C and pure loaders, compared type for type.

    .venv/bin/python benchmarks/fuzz_fastyaml.py --documents 1000000 --seed 1

Prints the documents tried, how many took the fast path, the differences (each shown) and
the seconds; exits 1 if there is any difference.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_fastyaml import strictly_equal  # noqa: E402
from tests.yamlgen import document  # noqa: E402

from r57cli.plan import fastyaml  # noqa: E402


def _read(text: str, loader: Any) -> tuple[bool, Any]:
    try:
        return True, yaml.load(text, Loader=loader)
    except (yaml.YAMLError, ValueError) as exc:
        return False, type(exc).__name__


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    fast_path = differences = 0
    for _ in range(args.documents):
        text = document(rng)
        fast = fastyaml.load(text)
        if fast is None:
            continue
        fast_path += 1
        for loader in (yaml.CSafeLoader, yaml.SafeLoader):
            ok, value = _read(text, loader)
            if not ok or not strictly_equal(fast, value):
                differences += 1
                print(
                    f"difference ({loader.__name__}): {text!r}\n  fast: {fast!r}\n  yaml: {value!r}"
                )
                break
    seconds = time.perf_counter() - started
    print(
        f"{args.documents} documents (seed {args.seed}), {fast_path} on the fast path, "
        f"{differences} differences, {seconds:.1f} s"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
