"""Benchmark `r57 check BASE..HEAD` on a 50-commit pull request over the national history.

    python benchmarks/bench_check.py [--repeat 5] [--commits 50]

Uses .bench/national from benchmarks/genhistory.py (10,000 tasks, 40 units, 200,000
commits; built by bench_report.py's rules when missing) through a `git clone --shared`
in .bench/national-pr, where it makes two pull requests on top of main:

- plain: COMMITS progress updates, each by a member of the task's owning unit (every
  tenth commit updates three tasks of one unit), with R57 trailers, dated today;
- signed: the same on a base where an admin turned on policy.require_signed_commits and
  listed an SSH key (made here) for each author; every commit is signed with its
  author's key, so each one costs git an `ssh-keygen -Y verify`.

Prints, from one run on one machine, best and median of --repeat runs: Python's bare
start-up; the floor of git calls a check needs (the range's log, its diff-tree); `r57
validate` cold (no cache) and warm for reference; `r57 check` of each pull request, cold
(validation cache deleted before each run, as on a fresh CI runner), warm, and with the
cache of the base commit in place (a coordinator's clone that validated main before
checking a colleague's branch). Target:
a 50-commit pull request checked in <= 2 s. Shared machines are noisy: compare the ratios
within one run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / ".bench" / "national"
CLONE = ROOT / ".bench" / "national-pr"
KEYS = ROOT / ".bench" / "national-pr-keys"
R57 = str(Path(sys.executable).with_name("r57"))
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "R57_LANG": "en",
}
_PCT = re.compile(r"^(  pct: )(\d+)$", re.M)

Timing = tuple[float, float]


def git(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=CLONE, env=env or ENV, input=stdin, capture_output=True, check=True
    )
    return proc.stdout.decode()


def ensure_national() -> None:
    if not (NATIONAL / ".git" / "genhistory.json").exists():
        bench_report = Path(__file__).with_name("bench_report.py")
        print("building .bench/national (about two minutes) ...", flush=True)
        subprocess.run([sys.executable, str(bench_report), "--repeat", "1"], check=True)


def fresh_clone() -> None:
    if not CLONE.exists():
        print(f"cloning {NATIONAL} into {CLONE} ...", flush=True)
        subprocess.run(
            ["git", "clone", "-q", "--shared", str(NATIONAL), str(CLONE)], env=ENV, check=True
        )
    git("checkout", "-q", "-f", "-B", "main", "origin/HEAD")
    git("clean", "-q", "-fdx")


def members(units_yaml: Path) -> dict[str, list[tuple[str, str]]]:
    """(name, e-mail) of each unit's members."""
    data = yaml.load(units_yaml.read_bytes(), Loader=yaml.CSafeLoader)
    return {
        u["id"]: [(m["name"], m["emails"][0]) for m in u.get("members") or []]
        for u in data["units"]
    }


def make_pr(branch: str, base: str, count: int, today: str, keys: dict[str, Path]) -> None:
    """COUNT commits on `branch` from `base`, each by a member of the owning unit."""
    git("checkout", "-q", "-f", "-B", branch, base)
    people = members(CLONE / "units.yaml")
    rng = random.Random(57)
    folders = sorted(p.name for p in (CLONE / "tasks").iterdir() if people.get(p.name))
    stamp = f"{today}T10:00:00+07:00"
    made = 0
    while made < count:
        unit = rng.choice(folders)
        name, email = rng.choice(people[unit])
        files = sorted((CLONE / "tasks" / unit).glob("*.yaml"))
        changed = []
        for path in rng.sample(files, 3 if made % 10 == 9 else 1):
            text = path.read_text(encoding="utf-8")
            match = _PCT.search(text)
            if match is None or int(match[2]) >= 95:
                continue
            new = int(match[2]) + 5
            path.write_text(_PCT.sub(rf"\g<1>{new}", text, count=1), encoding="utf-8")
            changed.append((path, new))
        if not changed:
            continue
        task_id = changed[0][0].stem
        message = f"{task_id}: {changed[0][1]}%\n\nR57-Task: {task_id}\nR57-Date: {today}\n"
        env = {
            **ENV,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        sign = []
        if keys:
            sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={keys[email]}"]
        git("add", "--", *(str(p.relative_to(CLONE)) for p, _ in changed))
        git(*sign, "commit", "-q", *(["-S"] if keys else []), "-m", message, env=env)
        made += 1


def signed_base(today: str) -> tuple[str, dict[str, Path]]:
    """main plus an admin's commit that requires signatures and lists a key per member."""
    git("checkout", "-q", "-f", "-B", "signed-base", "main")
    if KEYS.exists():
        shutil.rmtree(KEYS)
    KEYS.mkdir(parents=True)
    units = (CLONE / "units.yaml").read_text(encoding="utf-8")
    keys: dict[str, Path] = {}
    out = []
    for line in units.splitlines(keepends=True):
        out.append(line)
        match = re.match(r"^(\s+)emails: \[([^\],]+)\]$", line.rstrip("\n"))
        if match:
            email = match[2].strip()
            key = KEYS / f"k{len(keys)}"
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key), "-C", email],
                check=True,
            )
            public = " ".join(key.with_suffix(".pub").read_text().split()[:2])
            out.append(f"{match[1]}ssh_keys: ['{public}']\n")
            keys[email] = key
    (CLONE / "units.yaml").write_text("".join(out), encoding="utf-8")
    plan = (CLONE / "plan.yaml").read_text(encoding="utf-8")
    plan = re.sub(r"(?m)^policy:.*\n(?:  .*\n)*", "", plan)
    plan += "policy:\n  require_signed_commits: true\n"
    (CLONE / "plan.yaml").write_text(plan, encoding="utf-8")
    stamp = f"{today}T08:00:00+07:00"
    env = {**ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env.update(GIT_AUTHOR_NAME="Admin", GIT_AUTHOR_EMAIL="admin@example.gov.vn")
    env.update(GIT_COMMITTER_NAME="Admin", GIT_COMMITTER_EMAIL="admin@example.gov.vn")
    git("commit", "-q", "-am", "Require signed commits; members' keys", env=env)
    return git("rev-parse", "HEAD").strip(), keys


def timed(
    cmd: list[str], repeat: int, env: dict[str, str], before: Callable[[], None] | None = None
) -> Timing | str:
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=CLONE, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            lines = (proc.stdout + proc.stderr).decode(errors="replace").strip().splitlines()
            return f"exit {proc.returncode}: {(lines or ['?'])[-1][:90]}"
    return min(times), statistics.median(times)


def show(label: str, value: Timing | str) -> None:
    if isinstance(value, str):
        print(f"| {label} | {value} | |")
    else:
        print(f"| {label} | {value[0]:.3f} | {value[1]:.3f} |")


def drop_cache() -> None:
    shutil.rmtree(CLONE / ".git" / "r57", ignore_errors=True)


def cache_from(base: str, tip: str, env: dict[str, str]) -> Callable[[], None]:
    """A clone that validated BASE before: validate it, then check out the tip."""

    def prepare() -> None:
        drop_cache()
        git("checkout", "-q", "-f", base)
        subprocess.run([R57, "validate"], cwd=CLONE, env=env, capture_output=True, check=True)
        git("checkout", "-q", "-f", tip)

    return prepare


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument(
        "--old",
        type=Path,
        help="the source tree of another r57 (e.g. `git archive REV src | tar -x -C DIR`): "
        "its `r57 check` of the signed pull request is timed too, in the same run",
    )
    args = parser.parse_args()
    ensure_national()
    fresh_clone()
    today = git("log", "-1", "--format=%cd", "--date=format:%Y-%m-%d", "main").strip()
    env = {**ENV, "R57_TODAY": today}
    make_pr("pr-plain", "main", args.commits, today, {})
    plain_tip = git("rev-parse", "HEAD").strip()
    base_signed, keys = signed_base(today)
    make_pr("pr-signed", base_signed, args.commits, today, keys)
    signed_tip = git("rev-parse", "HEAD").strip()
    counts = {
        "plain": git("rev-list", "--count", f"main..{plain_tip}").strip(),
        "signed": git("rev-list", "--count", f"{base_signed}..{signed_tip}").strip(),
    }
    print(f"pull requests: plain {counts['plain']} commits, signed {counts['signed']} commits")
    print("| run | best (s) | median (s) |\n|---|--:|--:|")
    show("`python -c pass`", timed([sys.executable, "-c", "pass"], args.repeat, env))
    fmt = "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%s%x1f%(trailers:unfold,only)"
    show(
        "floor: `git log` of the range",
        timed(["git", "log", fmt, f"main..{plain_tip}"], args.repeat, env),
    )
    git("checkout", "-q", "-f", plain_tip)
    rng = f"main..{plain_tip}"
    show("`r57 validate`, cold", timed([R57, "validate"], args.repeat, env, drop_cache))
    show("`r57 validate`, warm", timed([R57, "validate"], args.repeat, env))
    show("`r57 check` plain PR, cold", timed([R57, "check", rng], args.repeat, env, drop_cache))
    show("`r57 check` plain PR, warm", timed([R57, "check", rng], args.repeat, env))
    show(
        "`r57 check` plain PR, main's cache restored",
        timed([R57, "check", rng], args.repeat, env, cache_from("main", plain_tip, env)),
    )
    git("checkout", "-q", "-f", signed_tip)
    rng = f"{base_signed}..{signed_tip}"
    show("`r57 check` signed PR, cold", timed([R57, "check", rng], args.repeat, env, drop_cache))
    show("`r57 check` signed PR, warm", timed([R57, "check", rng], args.repeat, env))
    show(
        "`r57 check` signed PR, main's cache restored",
        timed([R57, "check", rng], args.repeat, env, cache_from(base_signed, signed_tip, env)),
    )
    if args.old is not None:
        old_env = {**env, "PYTHONPATH": str(args.old.resolve() / "src")}
        old = [sys.executable, "-m", "r57cli", "check", rng]
        show("old r57: `r57 check` signed PR, cold", timed(old, args.repeat, old_env, drop_cache))
        show("old r57: `r57 check` signed PR, warm", timed(old, args.repeat, old_env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
