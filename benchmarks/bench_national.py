"""Benchmark the national synthesis (`r57 report --federation`) over many member
repositories served by a real `git daemon` on 127.0.0.1 (issue #18):

    python benchmarks/bench_national.py [--members 10,100] [--repeat 3]

Members are bare copies (hard-linked) of two histories made by benchmarks/genhistory.py:
a province (300 tasks, 5,000 commits: .bench/small, as bench_report.py makes it) and a
large ministry (2,000 tasks, 40,000 commits: .bench/ministry); one member in twenty is a
ministry. For each member count, in one run:

- first run: every member cloned into its mirror and reported cold;
- warm: a rerun with nothing new to fetch (target <= 2 s at 100 members);
- a week later: every member gains a week of commits (48 for a province, 110 for a
  ministry), then the report (target <= the slowest single member's fetch + 1.5 s; that
  fetch is measured alone beside it);
- an hour later: one member in ten gains one more commit, then the report (the hourly
  run: the members that did not move are read back from their kept reports);
- the floor under it: every member's fetch of its week alone (git only, 16 at a time, into
  copies of the mirrors), which no report can beat on this machine;
- the largest process's peak memory (ru_maxrss of the children).
The day is pinned (R57_TODAY) so that each case reports the same week.

--times prints, for each run of a tree whose r57 logs R57_FED_TIMES, where its time went:
the CPU seconds of each step summed over the members (fetch, copy-out, validation, report,
keeping it; then the merge and the rendering), and when the last fetch and the last build
ended.

--fetch-phase also runs the week's report once more per tree, on a copy of its mirrors
taken before the week, with R57_JOBS=1 (every build after the last fetch, none beside
them): with --times, when its fetches ended is r57's fetch phase alone, beside the floor.

--code DIR[,DIR...] runs each r57 source tree (its DIR/src first on PYTHONPATH) over the
same members in one run, each with a cache of its own, old and new side by side."""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchenv import bench_env

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
WORK = BENCH / "federation"
GENHISTORY = Path(__file__).resolve().with_name("genhistory.py")
HISTORY = {"seed": 1, "start": "2024-12-02", "days": 726}
SOURCES = {
    "small": {"tasks": 300, "units": 8, "commits": 5_000},
    "ministry": {"tasks": 2_000, "units": 20, "commits": 40_000},
}
WEEK_COMMITS = {"small": 48, "ministry": 110}
TZ = timezone(timedelta(hours=7))
ENV = bench_env()


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env or ENV, capture_output=True, text=True, check=True
    ).stdout


def ensure_source(name: str) -> Path:
    path = BENCH / name
    wanted = {**SOURCES[name], **HISTORY}
    stamp = path / ".git" / "genhistory.json"
    info = json.loads(stamp.read_text()) if stamp.exists() else {}
    if any(info.get(k) != v for k, v in wanted.items()):
        print(f"building {path} ...", flush=True)
        cmd = [sys.executable, str(GENHISTORY), str(path), "--force"]
        cmd += [f"--{k}={v}" for k, v in wanted.items()]
        subprocess.run(cmd, check=True)
    return path


def week_of_commits(source: Path, name: str) -> Path:
    """A clone of `source` with a week of progress commits on top (made once)."""
    clone = WORK / f"week-{name}"
    if clone.exists():
        return clone
    git(WORK, "clone", "-q", str(source), str(clone))
    last = int(git(clone, "log", "-1", "--format=%ct").strip())
    start = datetime.fromtimestamp(last, TZ).replace(hour=9, minute=0) + timedelta(days=3)
    files = sorted((clone).glob("tasks/*/*.yaml"))
    for i in range(WEEK_COMMITS[name]):
        path = files[(i * 7) % len(files)]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  pct: 0\n", "  pct: 5\n", 1) + f"# week {i}\n")
        when = (start + timedelta(minutes=20 * i)).isoformat()
        env = {**ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git(clone, "commit", "-qam", f"Update {path.stem}: week {i}", env=env)
    return clone


def hour_of_commits(week: Path, name: str) -> Path:
    """A clone of the week's clone with one more report on top (made once)."""
    clone = WORK / f"hour-{name}"
    if clone.exists():
        return clone
    git(WORK, "clone", "-q", str(week), str(clone))
    last = int(git(clone, "log", "-1", "--format=%ct").strip())
    when = datetime.fromtimestamp(last + 3600, TZ).isoformat()
    path = sorted(clone.glob("tasks/*/*.yaml"))[1]
    path.write_text(path.read_text(encoding="utf-8") + "# an hour later\n", encoding="utf-8")
    env = {**ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git(clone, "commit", "-qam", f"Update {path.stem}: an hour later", env=env)
    return clone


def serve(count: int, sources: dict[str, Path]) -> tuple[Path, list[tuple[str, str]]]:
    served = WORK / "served"
    served.mkdir(parents=True, exist_ok=True)
    members = []
    for i in range(count):
        kind = "ministry" if i % 20 == 0 else "small"
        mid = f"m{i:03d}"
        bare = served / f"{mid}.git"
        if bare.exists():
            shutil.rmtree(bare)
        git(served, "clone", "-q", "--bare", "--local", str(sources[kind]), str(bare))
        members.append((mid, kind))
    return served, members


def start_daemon(base: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            f"--base-path={base}",
            "--listen=127.0.0.1",
            f"--port={port}",
            "--max-connections=64",
            str(base),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return proc, port


def steering(count: int, members: list[tuple[str, str]], port: int) -> Path:
    steer = WORK / f"steer-{count}"
    steer.mkdir(parents=True, exist_ok=True)
    lines = [
        "# yaml-language-server: $schema=schemas/federation.schema.json",
        "name: {en: Benchmark federation, vi: Liên thông thử}",
        "language: en",
        "limits: {jobs: 16, timeout_seconds: 600, max_size_mb: 4096}",
        "members:",
    ]
    for mid, kind in members:
        lines += [
            f"  - id: {mid}",
            f"    name: {{en: Member {mid}, vi: Thành viên {mid}}}",
            f"    kind: {'ministry' if kind == 'ministry' else 'province'}",
            f"    url: git://127.0.0.1:{port}/{mid}.git",
        ]
    (steer / "federation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return steer


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int, float]:
    """Seconds, exit code, the largest child's peak RSS in MiB (measured in a fresh
    Python, so that earlier runs do not count) and the CPU seconds of r57 and every
    process it waited for (git included; the daemon's side not): the figure that a busy
    machine disturbs least."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "rc = done.returncode\n"
        "sys.stderr.buffer.write(done.stderr[-4000:] if rc not in (0, 4) else b'')\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, rc, use.ru_maxrss, use.ru_utime + use.ru_stime)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]) // 1024, float(out[3])


def steps(log: Path) -> str:
    """A run's R57_FED_TIMES log summed up: CPU seconds by step, and when (seconds from
    the first step) the fetches and the builds ended."""
    try:
        lines = [json.loads(x) for x in log.read_text().splitlines()]
    except OSError:
        return ""
    if not lines:
        return ""
    t0 = min(x["start"] for x in lines)
    cpu: dict[str, float] = {}
    end: dict[str, float] = {}
    for x in lines:
        cpu[x["step"]] = cpu.get(x["step"], 0.0) + x.get("cpu", 0.0)
        end[x["step"]] = max(end.get(x["step"], 0.0), x["end"] - t0)
    parts = [f"{k} {v:.2f}" for k, v in cpu.items()]
    done = f"fetches done at {end.get('fetch', 0):.2f} s"
    built = f"builds at {end.get('wait-builds', 0):.2f} s"
    return f"CPU s by step: {', '.join(parts)}; {done}, {built}"


def measured(
    cmd: list[str], cwd: Path, env: dict[str, str], notes: list[str] | None, label: str
) -> tuple[float, int, int, float]:
    """timed(), and with --times (`notes` given) the run's steps summed up in `notes`."""
    if notes is None:
        return timed(cmd, cwd, env)
    log = WORK / "times.jsonl"
    log.unlink(missing_ok=True)
    got = timed(cmd, cwd, {**env, "R57_FED_TIMES": str(log)})
    summary = steps(log)
    if summary:
        notes.append(f"{label}: {summary}")
    return got


def fetch_all(probes: Path, members: list[tuple[str, str]], port: int) -> float:
    """Every member's fetch alone, 16 at a time (as federation.yaml's jobs), with the
    mirrors' own settings (object checks and all): the floor under the report."""
    from concurrent.futures import ThreadPoolExecutor

    def one(mid: str) -> None:
        url = f"git://127.0.0.1:{port}/{mid}.git"
        git(
            probes / f"{mid}.git",
            "fetch",
            "-q",
            "--no-tags",
            "--no-write-fetch-head",
            url,
            "+refs/heads/main:refs/r57/tip",
        )

    t = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, [mid for mid, _ in members]))
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", default="10,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", default="", help="r57 source trees to compare, by comma")
    parser.add_argument("--times", action="store_true", help="where each run's time went")
    parser.add_argument(
        "--fetch-phase", action="store_true", help="the week's fetches alone, builds after"
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sources = {name: ensure_source(name) for name in SOURCES}
    weeks = {name: week_of_commits(path, name) for name, path in sources.items()}
    hours = {name: hour_of_commits(path, name) for name, path in weeks.items()}
    r57 = [str(Path(sys.executable).with_name("r57"))]
    codes: list[Path | None] = [Path(c).resolve() for c in args.code.split(",") if c] or [None]
    Timed = tuple[float, int, int, float]
    rows: list[tuple[int, Path | None, Timed, list[Timed], float, float, Timed, Timed]] = []
    notes: list[str] | None = [] if args.times else None
    for count in (int(x) for x in args.members.split(",")):
        served, members = serve(count, sources)
        daemon, port = start_daemon(served)
        try:
            steer = steering(count, members, port)
            last = int(git(sources["small"], "log", "-1", "--format=%ct").strip())
            today = (datetime.fromtimestamp(last, TZ) + timedelta(days=10)).date().isoformat()
            report = [*r57, "report", "--week", "--format", "json"]

            envs: list[tuple[Path | None, Path, dict[str, str]]] = []
            got: list[tuple[Timed, list[Timed]]] = []
            for i, code in enumerate(codes):
                cache = WORK / f"cache-{count}-{i}"
                shutil.rmtree(cache, ignore_errors=True)
                env = {**ENV, "R57_CACHE_DIR": str(cache), "R57_TODAY": today}
                if code is not None:
                    env["PYTHONPATH"] = f"{code / 'src'}:{code}"
                envs.append((code, cache, env))
                label = f"{count} members, {code or 'this'}"
                first = measured(report, steer, env, notes, f"{label}, first run")
                warm = [
                    measured(report, steer, env, notes, f"{label}, warm")
                    for _ in range(args.repeat)
                ]
                got.append((first, warm))
            # the floor: every member's week fetched alone, into copies of the mirrors
            probes = WORK / "probes"
            shutil.rmtree(probes, ignore_errors=True)
            probes.mkdir()
            for mid, _kind in members:
                src = envs[0][1] / "federation" / f"{mid}.git"
                subprocess.run(["cp", "-al", str(src), str(probes / f"{mid}.git")], check=True)
            alone: list[Path] = []
            for i, (_code, cache, _env) in enumerate(envs if args.fetch_phase else []):
                alone.append(WORK / f"alone-{count}-{i}")
                shutil.rmtree(alone[-1], ignore_errors=True)
                subprocess.run(["cp", "-a", str(cache), str(alone[-1])], check=True)
            for mid, kind in members:
                git(weeks[kind], "push", "-q", "--force", str(served / f"{mid}.git"), "HEAD:main")
            # the slowest single member's fetch of its week, alone: a ministry's
            t = time.perf_counter()
            git(
                probes / "m000.git",
                "fetch",
                "-q",
                f"git://127.0.0.1:{port}/m000.git",
                "+refs/heads/main:refs/r57/tip",
            )
            single = time.perf_counter() - t
            everyone = fetch_all(probes, members[1:], port)
            afters = [
                measured(
                    report, steer, env, notes, f"{count} members, {code or 'this'}, a week later"
                )
                for code, _cache, env in envs
            ]
            for (code, _cache, env), copy in zip(envs, alone, strict=False):
                solo = {**env, "R57_CACHE_DIR": str(copy), "R57_JOBS": "1"}
                label = f"{count} members, {code or 'this'}, a week later, builds after fetches"
                measured(report, steer, solo, notes, label)
                shutil.rmtree(copy, ignore_errors=True)
            for mid, kind in members[::10]:
                git(hours[kind], "push", "-q", "--force", str(served / f"{mid}.git"), "HEAD:main")
            hourly = [
                measured(
                    report, steer, env, notes, f"{count} members, {code or 'this'}, an hour later"
                )
                for code, _cache, env in envs
            ]
            for (code, _cache, _env), (first, warm), after, hour in zip(
                envs, got, afters, hourly, strict=True
            ):
                rows.append((count, code, first, warm, single, everyone, after, hour))
        finally:
            daemon.terminate()
            daemon.wait()
    print()
    print(
        "| members | code | first run (s) | warm best / median (s) | a week later (s, CPU s) "
        "| slowest member's fetch alone (s) | all members' fetches alone (s) "
        "| an hour later, a tenth moved (s, CPU s) | peak RSS, largest process (MiB) |"
    )
    print("|--:|--|--:|--:|--:|--:|--:|--:|--:|")
    for count, code, first, warm, single, everyone, after, hour in rows:
        times = [w[0] for w in warm]
        peak = max(first[2], after[2], hour[2], *(w[2] for w in warm))
        print(
            f"| {count} | {code or 'this'} | {first[0]:.2f} "
            f"| {min(times):.2f} / {statistics.median(times):.2f} "
            f"| {after[0]:.2f} ({after[3]:.1f}) | {single:.2f} | {everyone:.2f} "
            f"| {hour[0]:.2f} ({hour[3]:.1f}) | {peak} |"
        )
        if any(one[1] not in (0, 4) for one in (first, after, hour)):
            print(f"  (exit codes: first {first[1]}, after {after[1]}, hour {hour[1]})")
    for note in notes or []:
        print(f"- {note}")


if __name__ == "__main__":
    main()
