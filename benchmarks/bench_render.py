"""The terminal table alone (render/report_layout.render_table, the readable view a person
gets in a terminal: at national size the tasks that need attention, 200 rows at most), for
source trees side by side, on the same report document.

    python benchmarks/bench_render.py --code /work/main,. --repo .bench/national [--repeat 5]

The document is the repository's `r57 report --week --format json` (R57_TODAY = the day of
its last commit), made once per language with the first tree on a `git clone --local` of
the repository in a temporary folder (the repository's own cache is left alone); each
tree then renders it in its own process, 80 columns wide, --repeat times. Prints best and
median seconds, and a digest of the output: equal digests, byte-identical tables.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_RENDER = """
import hashlib, json, statistics, sys, time
from r57cli.locale.texts import set_language
from r57cli.render import report_layout
doc = json.load(open(sys.argv[1], encoding="utf-8"))
set_language(doc["language"])
times = []
for _ in range(int(sys.argv[2])):
    began = time.perf_counter()
    out = report_layout.render_table(doc, 80, full=False)
    times.append(time.perf_counter() - began)
digest = hashlib.sha256(out.encode()).hexdigest()[:12]
print(f"{min(times):.3f} {statistics.median(times):.3f} {digest}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--code", required=True, help="source trees, by comma")
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    codes = [Path(c).resolve() for c in args.code.split(",") if c]
    repo = args.repo.resolve()
    today = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {**os.environ, "R57_TODAY": today, "GIT_CONFIG_GLOBAL": os.devnull}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"{repo}, R57_TODAY={today}, render_table of the week, best / median of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "-q", "--local", str(repo), str(clone)], check=True)
        for lang in ("en", "vi"):
            doc = Path(tmp) / f"week-{lang}.json"
            first = {**env, "PYTHONPATH": f"{codes[0] / 'src'}:{codes[0]}"}
            with doc.open("wb") as out:
                cmd = [sys.executable, "-m", "r57cli", "report", "--week", "--format", "json"]
                subprocess.run([*cmd, "--lang", lang], cwd=clone, env=first, stdout=out, check=True)
            for code in codes:
                own = {**env, "PYTHONPATH": f"{code / 'src'}:{code}"}
                got = subprocess.run(
                    [sys.executable, "-c", _RENDER, str(doc), str(args.repeat)],
                    env=own,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
                print(f"  {lang}  {str(code):40} {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
