"""`r57 report --federation`: the national synthesis over member repositories, each a real
git repository with pinned dates, served over file:// and by a real `git daemon` on
127.0.0.1. The merged figures equal the members' own reports; an unreachable, invalid,
rewritten or shallow member is shown with what happened, never dropped; a closed week
reads the same whenever it is rerun."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from r57cli.render.report_members import MEMBER_HEAD
from tests.conftest import PLAN, UNITS, Plan, Result, dump, git, task

WEEK = "2025-W11"  # 10-16 March 2025
TODAY = "2025-03-20"


def _commit(repo: Path, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


def member_repo(root: Path, name: str, tasks: list[dict[str, Any]], folder: str = "plan") -> Plan:
    """A member's plan repository: the tasks at 0% on 3 March, then reports on 12 March."""
    repo = root / name
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    p = Plan(repo, repo / folder if folder != "." else repo)
    p.dir.mkdir(exist_ok=True)
    p.write_plan({**PLAN, "language": "en"})
    p.write_units(UNITS)
    for t in tasks:
        p.write_task({**t, "progress": {"pct": 0, "status": "in_progress"}})
    _commit(repo, "plan", "2025-03-03T09:00:00+07:00")
    for t in tasks:
        p.write_task(t)
    _commit(repo, "reports", "2025-03-12T10:00:00+07:00")
    return p


def progress(pct: int, status: str = "in_progress", **extra: Any) -> dict[str, Any]:
    return {"pct": pct, "status": status, **extra}


TASKS_A = [
    task("T-001", progress=progress(40)),
    # overdue on the 20th
    task(
        "T-002",
        due="2025-03-10",
        milestones=[{"date": "2025-03-10", "planned_pct": 100}],
        progress=progress(50),
    ),
    task(
        "T-003",
        due="2025-03-11",
        milestones=[{"date": "2025-03-11", "planned_pct": 100}],
        progress=progress(100, "done", completed="2025-03-07"),
    ),
]
TASKS_B = [
    task("T-001", progress=progress(10)),
    task("T-007", unit="legal", responsible="chi", progress=progress(30)),
]


def federation(folder: Path, members: list[dict[str, Any]], **extra: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "name": {"en": "National synthesis", "vi": "Tổng hợp toàn quốc"},
        "language": "en",
        "members": members,
        **extra,
    }
    (folder / "federation.yaml").write_text(dump(data, "federation"), encoding="utf-8")
    return folder / "federation.yaml"


def member(mid: str, url: str, folder: str = "plan", kind: str = "province") -> dict[str, Any]:
    return {
        "id": mid,
        "name": {"en": mid.title(), "vi": mid.title()},
        "kind": kind,
        "url": url,
        "plan": folder,
    }


def two_members(tmp_path: Path) -> tuple[Plan, Plan, Path]:
    """hanoi (TASKS_A) and hue (TASKS_B), both served over file://, and their federation."""
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    b = member_repo(tmp_path, "hue", TASKS_B)
    urls = [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{b.repo}")]
    return a, b, federation(tmp_path / "steer", urls)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / "cache"))


def national(r57: Callable[..., Result], fed: Path, *extra: str) -> tuple[Result, dict[str, Any]]:
    res = r57("report", "--federation", str(fed), "--week", WEEK, "--format", "json", *extra)
    assert res.code in (0, 4), res.err
    return res, json.loads(res.out)


def single(r57: Callable[..., Result], p: Plan) -> dict[str, Any]:
    res = r57("report", "--plan", str(p.dir), "--week", WEEK, "--format", "json")
    assert res.code == 0, res.err
    doc: dict[str, Any] = json.loads(res.out)
    return doc


def test_merged_figures_equal_the_members_own(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    b = member_repo(tmp_path, "hue", TASKS_B, folder=".")
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{b.repo}", ".")],
    )
    res, doc = national(r57, fed)
    assert res.code == 0, res.err
    own = {"hanoi": single(r57, a), "hue": single(r57, b)}
    units = {u["id"]: u for u in doc["units"]}
    assert set(units) == {"hanoi", "hue"}
    for mid, mine in own.items():
        mt, row = mine["totals"], units[mid]
        for key in ("tasks", "counts", "done", "due_or_done", "on_time", "active", "reported"):
            assert row[key] == mt[key], (mid, key)
        assert row["avg_pct_end"] == mt["avg_pct_end"]
    total = doc["totals"]
    assert total["tasks"] == 5
    for key in ("tasks", "done", "due_or_done", "on_time", "active", "reported"):
        assert total[key] == sum(m["totals"][key] for m in own.values()), key
    for cls, n in total["counts"].items():
        assert n == sum(m["totals"]["counts"][cls] for m in own.values()), cls
    ids = sorted(t["id"] for t in doc["tasks"])
    assert ids == ["hanoi/T-001", "hanoi/T-002", "hanoi/T-003", "hue/T-001", "hue/T-007"]
    overdue = [t["id"] for t in doc["tasks"] if t["status"] == "overdue"]
    assert overdue == ["hanoi/T-002"]
    states = {m["id"]: m for m in doc["federation"]["members"]}
    assert states["hanoi"]["tasks"] == 3
    assert states["hue"]["tasks"] == 2
    assert all(m["faults"] == [] for m in states.values())
    assert doc["federation"]["complete"] is True


def test_rollup_gives_the_members_departments(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a, b, fed = two_members(tmp_path)
    _res, doc = national(r57, fed, "--rollup")
    rows = {u["id"]: u["tasks"] for u in doc["units"]}
    assert rows == {"hanoi/ndta": 3, "hue/ndta": 1, "hue/legal": 1}
    names = {u["id"]: u["name"]["en"] for u in doc["units"]}
    assert names["hue/legal"] == "Hue — Legal Department"


def test_text_and_markdown_lead_with_the_members(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{tmp_path}/nowhere")],
    )
    for fmt, lang in (("table", "en"), ("markdown", "vi")):
        res = r57(
            "report", "--federation", str(fed), "--week", WEEK, "--format", fmt, "--lang", lang
        )
        assert res.code == 4, res.err
        first = res.out.split("\n\n")[1]
        res.out = " ".join(res.out.split())  # as read, whatever the terminal's width
        if lang == "en":
            assert first.startswith("Members: 1 of 2 with complete, current data")
            assert "could not be fetched (unreachable)" in res.out
            assert "Incomplete: 1 of the members" in res.err
        else:
            assert "Thành viên: 1/2 có số liệu đầy đủ, cập nhật" in res.out
            assert "không lấy được dữ liệu (không kết nối được)" in res.out
            assert "Chưa đầy đủ: 1 thành viên" in res.err


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A real `git daemon` on 127.0.0.1 serving tmp_path/served, stopped afterwards."""
    base = tmp_path / "served"
    base.mkdir()
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
            str(base),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        yield base, port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_member_served_by_git_daemon(
    tmp_path: Path, r57: Callable[..., Result], today: None, daemon: tuple[Path, int]
) -> None:
    base, port = daemon
    a = member_repo(base, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"git://127.0.0.1:{port}/hanoi")])
    res, doc = national(r57, fed)
    assert res.code == 0, res.err
    assert doc["totals"]["tasks"] == 3
    head = git(a.repo, "rev-parse", "HEAD").strip()
    assert doc["federation"]["members"][0]["commit"] == head


def test_faults_are_shown_never_dropped(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    good = member_repo(tmp_path, "hanoi", TASKS_A)
    bad = member_repo(tmp_path, "hue", TASKS_B)
    bad.write_raw("tasks/ndta/T-009.yaml", "id: T-009\ntitle: [unclosed\n")
    _commit(bad.repo, "broken", "2025-03-13T10:00:00+07:00")
    fed = federation(
        tmp_path / "steer",
        [
            member("hanoi", f"file://{good.repo}"),
            member("hue", f"file://{bad.repo}"),
            member("dn", f"file://{tmp_path}/nowhere"),
            member("qn", f"file://{good.repo}-missing-branch"),
        ],
    )
    res, doc = national(r57, fed)
    assert res.code == 4
    states = {m["id"]: m for m in doc["federation"]["members"]}
    assert list(states) == ["hanoi", "hue", "dn", "qn"]  # every member, in order
    assert states["hanoi"]["faults"] == []
    hue = [f["kind"] for f in states["hue"]["faults"]]
    assert hue == ["invalid", "unread-tasks"]  # the broken file: never dropped silently
    assert states["hue"]["faults"][1]["count"] == 1
    assert states["hue"]["faults"][0]["errors"] >= 1
    assert states["hue"]["tasks"] == 2  # figures still shown, marked
    assert doc["unreadable_files"] == 1
    assert [f["kind"] for f in states["dn"]["faults"]] == ["unreachable", "never-fetched"]
    assert states["dn"]["tasks"] is None
    assert doc["federation"]["complete"] is False
    assert doc["totals"]["tasks"] == 5


def test_a_rewritten_history_is_named_and_kept(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    res, _doc = national(r57, fed)
    assert res.code == 0
    old = git(a.repo, "rev-parse", "HEAD").strip()
    git(a.repo, "reset", "-q", "--hard", "HEAD~1")
    a.write_task(task("T-001", progress=progress(90)))
    _commit(a.repo, "rewritten reports", "2025-03-12T11:00:00+07:00")
    res, doc = national(r57, fed)
    assert res.code == 4
    faults = doc["federation"]["members"][0]["faults"]
    assert [f["kind"] for f in faults] == ["rewritten"]
    assert faults[0]["old"] == old
    mirror = tmp_path / "cache" / "federation" / "hanoi.git"
    kept = git(mirror, "for-each-ref", "--format=%(objectname)", "refs/r57/rewritten/")
    assert kept.split() == [old]
    text = r57("report", "--federation", str(fed), "--week", WEEK, "--offline").out
    assert "its history was rewritten" in " ".join(text.split())  # offline too: until accepted


def test_a_shallow_member_is_named(tmp_path: Path, r57: Callable[..., Result], today: None) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{a.repo}", str(shallow))
    b = member_repo(tmp_path, "hue", TASKS_B)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{shallow}"), member("hue", f"file://{b.repo}")],
    )
    res, doc = national(r57, fed)
    assert res.code == 4
    hanoi = doc["federation"]["members"][0]
    # its history does not reach the period's start: no figures, and it says so
    assert [f["kind"] for f in hanoi["faults"]] == ["shallow", "unreadable"]
    assert hanoi["tasks"] is None
    assert doc["totals"]["tasks"] == 2


def test_offline_with_nothing_fetched_says_to_fetch_not_to_fix_a_fault(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    """--offline on a steering repository that never fetched: each member is named, and the
    fix is to run without --offline (there is no fault "above" to fix first)."""
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    for lang, words in (
        ("en", "hanoi: never fetched: no figures (fix: run the report without --offline"),
        ("vi", "hanoi: chưa từng lấy được dữ liệu: không có số liệu (cách khắc phục: chạy báo "
               "cáo không có --offline"),
    ):  # fmt: skip
        res = r57("report", "--federation", str(fed), "--week", WEEK, "--offline", "--lang", lang)
        assert res.code == 2, res.err
        assert words in res.err, res.err
        assert "above" not in res.err, res.err
        assert "nêu trên" not in res.err, res.err


def test_offline_reports_from_the_mirrors(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    _res, first = national(r57, fed)
    shutil.rmtree(a.repo)
    res, doc = national(r57, fed, "--offline")
    assert res.code == 0, res.err
    assert doc["totals"] == first["totals"]
    assert [f["kind"] for f in doc["federation"]["members"][0]["faults"]] == ["offline"]
    res, doc = national(r57, fed)
    assert res.code == 4  # fetching now fails: the last data, with its age
    state = doc["federation"]["members"][0]
    assert [f["kind"] for f in state["faults"]] == ["unreachable"]
    assert state["fetched_at"]
    assert state["data_age_days"] == 0
    assert doc["totals"] == first["totals"]


def test_a_closed_week_reads_the_same_when_rerun(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a, b, fed = two_members(tmp_path)
    args = ("report", "--federation", str(fed), "--week", WEEK, "--format")
    first = {f: r57(*args, f).out for f in ("json", "markdown")}
    assert {f: r57(*args, f).out for f in ("json", "markdown")} == first  # byte for byte
    a.write_task(task("T-001", progress=progress(95)))
    _commit(a.repo, "a later report", "2025-03-19T10:00:00+07:00")
    again = {f: r57(*args, f).out for f in ("json", "markdown")}
    json_first, json_again = json.loads(first["json"]), json.loads(again["json"])
    # the commits differ (hanoi moved on); the figures of the closed week do not
    json_first.pop("commit"), json_again.pop("commit")
    for m in (*json_first["federation"]["members"], *json_again["federation"]["members"]):
        m.pop("commit")
    assert json_first == json_again


def test_every_format_names_the_missing_member(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    import openpyxl

    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{tmp_path}/nowhere")],
    )
    base = ("report", "--federation", str(fed), "--week", WEEK, "--lang", "en")
    for fmt in ("table", "markdown", "html"):
        res = r57(*base, "--format", fmt)
        assert res.code == 4, fmt
        assert "could not be fetched (unreachable)" in " ".join(res.out.split()), fmt
    html = r57(*base, "--format", "html").out
    assert html.index('<section id="members">') < html.index('<section id="summary">')
    plain = r57(*base, "--format", "csv", "--csv-table", "members", "--csv-dialect", "plain")
    rows = [line.split(",")[:9] for line in plain.out.splitlines()]
    assert rows[0] == [*MEMBER_HEAD, "tasks", "fault"]
    assert [r[0] for r in rows[1:]] == ["hanoi", "hue"]  # a row per member
    assert [r[8] for r in rows[1:]] == ["", "unreachable never-fetched"]
    out = tmp_path / "n.xlsx"
    assert r57(*base, "-o", str(out)).code == 4
    sheet = openpyxl.load_workbook(out)["Members"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[0] for v in values] == ["hanoi", "hue"]
    assert values[0][5] == 3
    assert values[1][6].startswith("could not be fetched (unreachable)")


def test_the_regulation_to_amend_first(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    decree = {"kind": "decree", "ref": "Nghị định 47/2020/NĐ-CP", "description": "Chưa có quy định"}
    circular = {"kind": "circular", "ref": "Thông tư 39/2017/TT-BTTTT", "description": "Cũ"}

    def blocked(tid: str, *items: tuple[dict[str, str], str]) -> dict[str, Any]:
        found = [{"id": f"B-{i}", **b, "raised": raised} for i, (b, raised) in enumerate(items, 1)]
        return task(tid, progress=progress(20), blockers=found)

    a = member_repo(tmp_path, "hanoi", [blocked("T-001", (decree, "2024-08-20"))])
    b = member_repo(
        tmp_path,
        "hue",
        [blocked("T-001", (decree, "2025-01-02")), blocked("T-002", (circular, "2025-03-01"))],
    )
    c = member_repo(tmp_path, "mic", [blocked("T-005", (decree, "2025-02-01"))])
    fed = federation(
        tmp_path / "steer",
        [
            member("hanoi", f"file://{a.repo}"),
            member("hue", f"file://{b.repo}"),
            member("mic", f"file://{c.repo}", kind="ministry"),
        ],
    )
    en = r57("report", "--federation", str(fed), "--week", WEEK, "--lang", "en", "--wide").out
    lines = [x for x in en.splitlines() if " blocks " in x]
    assert lines == [
        "Nghị định 47/2020/NĐ-CP blocks 3 tasks in 2 provinces and 1 ministry; the oldest has "
        "been open 208 days.",
        "Thông tư 39/2017/TT-BTTTT blocks 1 task in 1 province; the oldest has been open 15 days.",
    ]
    vi = r57("report", "--federation", str(fed), "--week", WEEK, "--lang", "vi", "--wide").out
    assert (
        "Nghị định 47/2020/NĐ-CP đang gây vướng mắc cho 3 nhiệm vụ tại 2 tỉnh, thành phố và "
        "1 bộ, ngành; vướng mắc lâu nhất đã kéo dài 208 ngày." in vi
    )


def test_national_targets_show_who_registered_and_the_gaps(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", [task("T-001", targets=["NT-1"], progress=progress(40))])
    b = member_repo(tmp_path, "hue", [task("T-001", progress=progress(10))])
    c = member_repo(
        tmp_path,
        "mic",
        [task("T-005", targets=["NT-1", "NT-2"], due="2025-12-31", progress=progress(60))],
    )
    fed = federation(
        tmp_path / "steer",
        [
            member("hanoi", f"file://{a.repo}"),
            member("hue", f"file://{b.repo}"),
            member("mic", f"file://{c.repo}", kind="ministry"),
        ],
        targets=[
            {
                "id": "NT-1",
                "title": {"en": "Open data portal", "vi": "Cổng dữ liệu mở"},
                "due": "2025-09-30",
                "members": ["hanoi", "hue", "mic"],
            },
            {
                "id": "NT-2",
                "title": {"en": "Provincial platforms", "vi": "Nền tảng cấp tỉnh"},
                "due": "2025-12-31",
                "kinds": ["province"],
            },
        ],
    )
    assert r57("validate", "--plan", str(fed)).code == 0
    _res, doc = national(r57, fed)
    found = {t["id"]: {m["id"]: m for m in t["members"]} for t in doc["federation"]["targets"]}
    nt1 = found["NT-1"]
    assert nt1["hanoi"]["state"] == "on_track"
    assert nt1["hanoi"]["tasks"] == ["hanoi/T-001"]
    assert nt1["hue"]["state"] == "gap"
    assert nt1["mic"]["state"] == "late"  # due 31 December, after the target's 30 September
    assert nt1["mic"]["late"] == ["mic/T-005"]
    nt2 = found["NT-2"]
    assert {m: v["state"] for m, v in nt2.items()} == {
        "hanoi": "gap",
        "hue": "gap",
        "mic": "on_track",
    }
    assert nt2["mic"]["required"] is False
    gaps = {t["id"]: t["gaps"] for t in doc["federation"]["targets"]}
    assert gaps == {"NT-1": ["hue"], "NT-2": ["hanoi", "hue"]}
    text = r57("report", "--federation", str(fed), "--week", WEEK, "--wide").out
    assert "GAP: registered no task for this target" in text
    vi = r57("report", "--federation", str(fed), "--week", WEEK, "--wide", "--lang", "vi").out
    assert "THIẾU: chưa đăng ký nhiệm vụ nào cho chỉ tiêu này" in vi
    plain = r57(
        "report",
        "--federation",
        str(fed),
        "--week",
        WEEK,
        "--format",
        "csv",
        "--csv-table",
        "targets",
        "--csv-dialect",
        "plain",
    ).out.splitlines()
    assert plain[0].split(",")[:4] == ["target", "title", "due", "member"]
    assert [line.split(",")[7] for line in plain[1:]] == [
        "on_track",
        "gap",
        "late",
        "gap",
        "gap",
        "on_track",
    ]
    import openpyxl

    out = tmp_path / "t.xlsx"
    r57("report", "--federation", str(fed), "--week", WEEK, "-o", str(out))
    sheet = openpyxl.load_workbook(out)["National targets"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[3], r[5]) for r in cells] == [
        ("NT-1", "hanoi", 1),
        ("NT-1", "hue", 0),
        ("NT-1", "mic", 1),
        ("NT-2", "hanoi", 0),
        ("NT-2", "hue", 0),
        ("NT-2", "mic", 1),
    ]
    assert cells[0][2].year == 2025  # a date cell


def test_a_rerun_with_nothing_new_is_read_back_and_a_bad_cache_is_a_miss(
    tmp_path: Path, r57: Callable[..., Result], today: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from r57cli.federation import national as national_module

    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{tmp_path}/nowhere")],
    )
    args = ("report", "--federation", str(fed), "--week", WEEK, "--format", "markdown")
    first = r57(*args)
    assert first.code == 4
    kept = list((tmp_path / "cache" / "federation").glob("national-*.out"))
    assert len(kept) == 1
    kept[0].write_bytes(b"r57-national-1\nnot a header\n")  # damaged: a miss, rebuilt
    assert r57(*args).out == first.out

    def no_build(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("rebuilt although nothing changed")

    monkeypatch.setattr(national_module, "build", no_build)
    again = r57(*args)
    assert (again.code, again.out) == (4, first.out)  # read back, exit code and all
    assert "Incomplete: 1 of the members" in again.err
    a.write_task(task("T-001", progress=progress(70)))
    _commit(a.repo, "new report", "2025-03-14T10:00:00+07:00")
    assert r57(*args).code == 3  # a new commit in a member: a new key, built (here: refused)


def test_members_built_on_several_cores_or_one_give_the_same_report(
    tmp_path: Path, r57: Callable[..., Result], today: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, fed = two_members(tmp_path)
    out = {}
    for jobs in ("2", "1"):
        monkeypatch.setenv("R57_JOBS", jobs)
        monkeypatch.setenv("R57_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))  # cold, each
        res = r57("report", "--federation", str(fed), "--week", WEEK, "--format", "json")
        assert res.code == 0, res.err
        out[jobs] = res.out
    assert out["2"] == out["1"]


def test_a_trend_sums_the_members_period_by_period(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a, b, fed = two_members(tmp_path)
    for period in (["--week", WEEK, "--weeks", "3"], ["--month", "2025-03", "--months", "2"]):
        res = r57("report", "--federation", str(fed), *period, "--format", "json")
        assert res.code == 0, res.err
        doc = json.loads(res.out)
        own = [
            json.loads(r57("report", "--plan", str(p.dir), *period, "--format", "json").out)
            for p in (a, b)
        ]
        assert [p["id"] for p in doc["periods"]] == [p["id"] for p in own[0]["periods"]]
        for i, shown in enumerate(doc["periods"]):
            for key in ("tasks", "done", "due_or_done", "on_time", "active", "reported"):
                assert shown["totals"][key] == sum(o["periods"][i]["totals"][key] for o in own)
            having = [
                m for m, o in zip(("hanoi", "hue"), own, strict=True) if o["periods"][i]["units"]
            ]
            assert [u["id"] for u in shown["units"]] == having
        assert [u["id"] for u in doc["periods"][-1]["units"]] == ["hanoi", "hue"]


def test_unit_and_person_filters_name_the_member(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a, b, fed = two_members(tmp_path)

    def ids(*extra: str) -> list[str]:
        _res, doc = national(r57, fed, *extra)
        return sorted(t["id"] for t in doc["tasks"])

    assert ids("--unit", "hue") == ["hue/T-001", "hue/T-007"]
    assert ids("--unit", "hue/legal") == ["hue/T-007"]
    assert ids("--unit", "hue/legal", "--unit", "hanoi") == [
        "hanoi/T-001",
        "hanoi/T-002",
        "hanoi/T-003",
        "hue/T-007",
    ]
    assert ids("--person", "hue/chi") == ["hue/T-007"]
    for bad, words in (
        (("--unit", "hoi"), "no member hoi in federation.yaml"),
        (("--unit", "huee/legal"), "; did you mean hue?"),
        (("--person", "chi"), "write MEMBER/PERSON"),
        (("--unit", "hue/legl"), "legl"),
        (("--person", "hue/nobody"), "hue/nobody"),
    ):
        res = r57("report", "--federation", str(fed), "--week", WEEK, *bad)
        assert res.code == 2, bad
        assert words in res.err
        assert "Traceback" not in res.err


def test_the_national_document_opens_with_the_members(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    import docx

    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}"), member("hue", f"file://{tmp_path}/nowhere")],
        report={
            "body": {
                "en": "National Digital Transformation Agency",
                "vi": "Cục Chuyển đổi số quốc gia",
            }
        },
    )
    out = tmp_path / "week.docx"
    res = r57("report", "--federation", str(fed), "--week", WEEK, "--lang", "en", "-o", str(out))
    assert res.code == 4, res.err
    document = docx.Document(str(out))
    head = document.tables[0].rows[0].cells[0].text
    assert "NATIONAL DIGITAL TRANSFORMATION AGENCY" in head
    members = document.tables[1]
    assert [c.text for c in members.rows[0].cells] == ["Member", "Kind", "Tasks", "State"]
    assert [r.cells[0].text.split(" · ")[0] for r in members.rows[1:]] == ["hanoi", "hue"]
    assert members.rows[2].cells[3].text.startswith("could not be fetched (unreachable)")


def test_a_rewrite_stays_a_fault_until_accepted(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", TASKS_A)
    fed = federation(tmp_path / "steer", [member("hanoi", f"file://{a.repo}")])
    assert national(r57, fed)[0].code == 0
    git(a.repo, "reset", "-q", "--hard", "HEAD~1")
    a.write_task(task("T-001", progress=progress(90)))
    _commit(a.repo, "rewritten reports", "2025-03-12T11:00:00+07:00")
    for _ in range(3):  # not only on the run that saw it
        res, doc = national(r57, fed)
        assert res.code == 4
        assert [f["kind"] for f in doc["federation"]["members"][0]["faults"]] == ["rewritten"]
    text = r57("report", "--federation", str(fed), "--week", WEEK, "--lang", "en").out
    assert "--accept-rewritten hanoi" in " ".join(text.split())
    assert "--accept-rewritten" in text  # a command is never split at its hyphen
    # the rewritten history was fetched by this run: no fetch time (which would make each
    # rerun differ), and not "never" either
    assert "this run" in text, text
    assert "UTC" not in text, text
    assert doc["federation"]["members"][0]["fetched_at"] is None
    # a typo in the member's ID: the error names --accept-rewritten (not --unit), suggests
    # the member, and accepts nothing
    for lang, words in (
        ("en", "--accept-rewritten takes a member ID of federation.yaml; did you mean hanoi?"),
        ("vi", "--accept-rewritten nhận mã thành viên trong federation.yaml; có phải là hanoi?"),
    ):
        bad = r57("report", "--federation", str(fed), "--week", WEEK, "--lang", lang,
                  "--accept-rewritten", "hanio")  # fmt: skip
        assert bad.code == 2, bad.err
        assert words in bad.err, bad.err
        assert "--unit" not in bad.err, bad.err
    res, doc = national(r57, fed, "--accept-rewritten", "hanoi")
    assert res.code == 0
    assert "accepted 1 rewrite(s) of hanoi's history" in res.err
    assert doc["federation"]["members"][0]["faults"] == []


def test_a_gap_is_not_claimed_for_a_member_narrowed_by_a_filter(
    tmp_path: Path, r57: Callable[..., Result], today: None
) -> None:
    a = member_repo(tmp_path, "hanoi", [task("T-001", targets=["NT-1"], progress=progress(40))])
    fed = federation(
        tmp_path / "steer",
        [member("hanoi", f"file://{a.repo}")],
        targets=[{"id": "NT-1", "title": {"en": "x", "vi": "y"}, "due": "2025-09-30"}],
    )
    _res, doc = national(r57, fed, "--unit", "hanoi/legal")
    [target] = doc["federation"]["targets"]
    assert [m["state"] for m in target["members"]] == ["not_shown"]
    assert target["gaps"] == []
