"""The parse of task-file versions alone (`taskfacts.parse_many`: the plain-YAML reader plus
the dict turned into TaskFacts), for source trees side by side, on the same file versions.

    python benchmarks/bench_parse.py --code /work/main,. --repo /tmp/parse-nat [--repeat 5]

The versions: every blob of HEAD:tasks, and every version of a task file written in the
--weeks (default 4) before the last commit, read once with `git cat-file --batch`. Each
tree then parses all of them in a fresh process (the reader's caches start empty, as in a
cold report), --repeat times, the trees alternating; best and median seconds, and µs per
file (wall and CPU). The results of every tree must equal the first tree's (TaskFacts ==,
and the same repr, so True is not 1), else it says which versions differ and exits 1.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

_PARSE = """
import pickle, sys, time
from r57cli.plan import taskfacts
raws = pickle.load(open(sys.argv[1], "rb"))
began, cpu = time.perf_counter(), time.process_time()
out = taskfacts.parse_many(raws)
seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
if sys.argv[2]:
    pickle.dump({b: (f, repr(f)) for b, f in out.items()}, open(sys.argv[2], "wb"))
print(f"{seconds:.6f} {cpu:.6f}")
"""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, check=True
    ).stdout


def versions(repo: Path, weeks: int) -> dict[str, bytes]:
    """HEAD's task files and every task-file version of the last `weeks`, by blob id."""
    blobs = [
        line.split()[2]
        for line in _git(repo, "ls-tree", "-r", "HEAD", "tasks").decode().splitlines()
    ]
    last = datetime.fromisoformat(_git(repo, "log", "-1", "--format=%cI").decode().strip())
    since = (last - timedelta(weeks=weeks)).isoformat()
    raw = _git(repo, "log", f"--since={since}", "--format=", "--raw", "--no-abbrev", "--no-renames")
    for line in raw.decode().splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[5].startswith("tasks/") and set(parts[3]) != {"0"}:
            blobs.append(parts[3])
    unique = list(dict.fromkeys(blobs))
    out = _git(repo, "cat-file", "--batch", stdin="\n".join(unique).encode() + b"\n")
    found: dict[str, bytes] = {}
    at = 0
    for blob in unique:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        found[blob] = out[end + 1 : end + 1 + size]
        at = end + 2 + size
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--code", required=True, help="source trees, by comma (first: old)")
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    codes = [Path(c).resolve() for c in args.code.split(",") if c]
    raws = versions(args.repo.resolve(), args.weeks)
    print(f"{len(raws)} task-file versions ({args.repo}, HEAD and {args.weeks} weeks)")
    times: dict[Path, list[float]] = {code: [] for code in codes}
    cpus: dict[Path, list[float]] = {code: [] for code in codes}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "raws.pickle"
        data.write_bytes(pickle.dumps(raws))
        results = {code: Path(tmp) / f"out-{n}.pickle" for n, code in enumerate(codes)}
        for turn in range(args.repeat):
            for code in codes:
                env = {**os.environ, "PYTHONPATH": f"{code / 'src'}:{code}"}
                keep = str(results[code]) if turn == 0 else ""
                done = subprocess.run(
                    [sys.executable, "-c", _PARSE, str(data), keep],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                wall, cpu = done.stdout.split()[-2:]
                times[code].append(float(wall))
                cpus[code].append(float(cpu))
        sys.path.insert(0, str(codes[0] / "src"))
        first = pickle.loads(results[codes[0]].read_bytes())
        differ = 0
        for code in codes:
            got = pickle.loads(results[code].read_bytes())
            bad = [b for b in raws if got.get(b) != first.get(b)]
            differ += len(bad)
            skipped = sum(f is None for f, _ in got.values())
            best, median = min(times[code]), statistics.median(times[code])
            print(
                f"{code}: best {best:.3f} s, median {median:.3f} s, "
                f"{best / len(raws) * 1e6:.1f} µs a file (best), "
                f"CPU best {min(cpus[code]) / len(raws) * 1e6:.1f} µs a file, "
                f"{skipped} unreadable, {len(bad)} differ from the first tree"
            )
            for blob in bad[:5]:
                print(f"  {blob}:\n    {first.get(blob)}\n    {got.get(blob)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
