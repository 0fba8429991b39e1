"""`r57 init DIR`: a new plan repository that validates, passes the access-file checks,
is one commit, and is made in either language; bad settings and a used folder are refused
with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import Result, git

FLAGS = [
    "--number", "12",
    "--symbol", "12/KH-SKHCN",
    "--title-vi", "Kế hoạch chuyển đổi số năm 2025",
    "--title-en", "Digital transformation plan 2025",
    "--body-vi", "Sở Khoa học và Công nghệ",
    "--body-en", "Department of Science and Technology",
    "--basis", "57-NQ/TW",
    "--unit", "office",
    "--unit-vi", "Văn phòng Sở",
    "--unit-en", "Office of the Department",
    "--person", "nguyen.van.an",
    "--person-name", "Nguyễn Văn An",
    "--email", "an@example.gov.vn",
]  # fmt: skip


def init(r57: Callable[..., Result], target: Path, *extra: str) -> Result:
    return r57("init", str(target), *FLAGS, *extra)


def test_init_makes_a_valid_plan_repository_in_one_commit(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "skhcn"
    res = init(r57, target, "--lang", "en")
    assert res.code == 0, res.err
    assert "first commit" in res.out
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain") == ""
    files = set(git(target, "ls-files").split())
    assert {
        "plan/plan.yaml",
        "plan/units.yaml",
        "plan/tasks/.gitkeep",
        "schemas/task.schema.json",
        ".github/CODEOWNERS",
        ".github/allowed_signers",
        ".github/workflows/plan.yml",
        ".pre-commit-config.yaml",
    } <= files
    for name, schema in (("plan", "plan"), ("units", "units")):
        text = (target / "plan" / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../schemas/{schema}.schema.json\n")
    plan = yaml.safe_load((target / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["number"] == 12
    assert plan["issuing_body"] == {
        "en": "Department of Science and Technology",
        "vi": "Sở Khoa học và Công nghệ",
    }
    assert plan["language"] == "vi"
    units = yaml.safe_load((target / "plan" / "units.yaml").read_text(encoding="utf-8"))
    member = units["units"][0]["members"][0]
    assert member["roles"] == ["coordinator", "admin"]
    assert member["emails"] == ["an@example.gov.vn"]
    checked = r57("validate", "--plan", str(target / "plan"), "--no-cache")
    assert checked.code == 0, checked.out + checked.err
    owners = r57("codeowners", "--check", cwd=target)
    assert owners.code == 0, owners.out + owners.err
    signers = r57("allowed-signers", "--check", "-o", ".github/allowed_signers", cwd=target)
    assert signers.code == 0, signers.out + signers.err


def test_init_writes_the_plan_in_vietnamese_when_asked_for(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "vi"
    res = init(r57, target, "--lang", "vi")
    assert res.code == 0, res.err
    assert "Đã tạo kho kế hoạch" in res.out
    text = (target / "plan" / "plan.yaml").read_text(encoding="utf-8")
    assert "# Kế hoạch:" in text  # the files' comments follow the plan's language
    english = tmp_path / "en"
    assert init(r57, english, "--language", "en").code == 0
    text = (english / "plan" / "plan.yaml").read_text(encoding="utf-8")
    assert "# The plan:" in text
    assert "language: en" in text


def test_init_refuses_a_folder_with_things_in_it_unless_forced(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "used"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    res = init(r57, target, "--lang", "en")
    assert res.code == 2
    assert "is not empty" in res.err
    assert "--force" in res.err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    forced = init(r57, target, "--force", "--lang", "en")
    assert forced.code == 0, forced.err
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"
    # The user's own file is not in the commit: init commits only what it wrote.
    assert "notes.txt" not in git(target, "ls-files")


def test_init_with_force_never_overwrites_a_plan(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "has-plan"
    (target / "plan").mkdir(parents=True)
    (target / "plan" / "plan.yaml").write_text("number: 1\n", encoding="utf-8")
    res = init(r57, target, "--force", "--lang", "en")
    assert res.code == 2
    assert "plan/plan.yaml" in res.err
    assert "does not overwrite" in res.err
    assert (target / "plan" / "plan.yaml").read_text(encoding="utf-8") == "number: 1\n"
    assert sorted(p.name for p in target.rglob("*")) == ["plan", "plan.yaml"]


def test_init_in_an_existing_repository_commits_only_its_files(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    git(target, "init", "-q", "-b", "main")
    (target / "README.md").write_text("# ours\n", encoding="utf-8")
    git(target, "add", "README.md")  # staged, not for init's commit
    res = init(r57, target, "--force", "--lang", "en")
    assert res.code == 0, res.err
    assert "README.md" not in git(target, "show", "--name-only", "--format=", "HEAD")
    assert git(target, "status", "--porcelain").strip() == "A  README.md"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("--unit", "Office"), "--unit"),
        (("--email", "not-an-email"), "--email"),
        (("--timezone", "Asia/Hanoi"), "--timezone"),
        (("--number", "0"), "--number"),
        (("--person", "An"), "--person"),
    ],
)
def test_init_names_the_option_of_a_bad_setting_and_writes_nothing(
    r57: Callable[..., Result], tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    flags = list(FLAGS)
    if change[0] in flags:
        flags[flags.index(change[0]) + 1] = change[1]
    else:
        flags += change
    target = tmp_path / "bad"
    res = r57("init", str(target), *flags, "--lang", "en")
    assert res.code == 2, res.out
    assert f"{expected}:" in res.err
    # Said once, though --person fills a unit's leader, focal point and member alike.
    assert res.err.count(f"{expected}:") == 1, res.err
    assert "Traceback" not in res.err
    assert not target.exists()


def test_a_bad_setting_is_explained_in_vietnamese(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    flags = [*FLAGS, "--timezone", "Asia/Hanoi"]
    res = r57("init", str(tmp_path / "vi"), *flags, "--lang", "vi")
    assert res.code == 2
    assert "--timezone: 'timezone': múi giờ không hợp lệ 'Asia/Hanoi'" in res.err
    assert "Hãy sửa các tuỳ chọn này" in res.err


def test_init_without_a_terminal_lists_every_missing_option(
    r57: Callable[..., Result], tmp_path: Path
) -> None:
    res = r57("init", str(tmp_path / "x"), "--number", "3", "--lang", "en")
    assert res.code == 2
    for option in ("--title-vi", "--body-en", "--basis", "--unit", "--email"):
        assert option in res.err
    assert "--number" not in res.err
    assert not (tmp_path / "x").exists()


def test_init_asks_in_a_terminal(
    r57: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    answers = [
        "7",  # number
        "Kế hoạch số 7",
        "Plan 7",
        "UBND tỉnh Lào Cai",
        "Lao Cai People's Committee",
        "7/KH-UBND",  # symbol
        "03/NQ-CP",  # basis
        "",  # time zone: the default
        "en",  # language
        "so-khcn",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "le.thi.hoa",
        "Lê Thị Hoa",
        "hoa@example.gov.vn",
    ]
    stdin = io.StringIO("\n".join(answers) + "\n")
    stdin.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", stdin)
    target = tmp_path / "asked"
    res = r57("init", str(target), "--lang", "en")
    assert res.code == 0, res.err
    plan = yaml.safe_load((target / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["symbol"] == "7/KH-UBND"
    assert plan["timezone"] == "Asia/Ho_Chi_Minh"
    assert plan["language"] == "en"
    assert plan["legal_basis"] == [{"ref": "03/NQ-CP"}]
    units = yaml.safe_load((target / "plan" / "units.yaml").read_text(encoding="utf-8"))
    assert units["units"][0]["id"] == "so-khcn"
    assert units["units"][0]["members"][0]["name"] == "Lê Thị Hoa"


def _init_in_a_terminal(target: Path, answers: list[str], lang: str) -> tuple[int, str]:
    """`r57 init DIR` run as a user runs it, its stdin, stdout and stderr a terminal (a
    pty), the answers typed in; its exit code and all the terminal showed."""
    import os
    import select
    import subprocess
    import sys

    import r57cli

    src = str(Path(r57cli.__file__).parent.parent)
    env = {**os.environ, "R57_LANG": lang, "PYTHONPATH": src, "COLUMNS": "200"}
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "r57cli", "init", str(target)],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
        )  # fmt: skip
        os.write(master, ("\n".join(answers) + "\n").encode("utf-8"))
        shown = b""
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    shown += os.read(master, 65536)
                except OSError:
                    break
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    return code, shown.decode("utf-8", "replace").replace("\r\n", "\n")


TYPED = [
    "7",  # number
    "Kế hoạch số 7",
    "Plan 7",
    "UBND tỉnh Lào Cai",
    "Lao Cai People's Committee",
    "7/KH-UBND",  # symbol
    "03/NQ-CP",  # basis
    "Asia/Hanoi",  # time zone: there is no such zone ...
    "Asia/Bangkok",  # ... asked again
    "en",  # language
    "so-khcn",
    "Sở Khoa học và Công nghệ",
    "Department of Science and Technology",
    "Le Thi Hoa",  # person id: not an id ...
    "le.thi.hoa",  # ... asked again
    "Lê Thị Hoa",
    "hoa@example.gov.vn",
]


@pytest.mark.parametrize(
    ("lang", "again", "zone", "person"),
    [
        (
            "en",
            "That answer is not valid:",
            "unknown time zone 'Asia/Hanoi'",
            "'Le Thi Hoa' is not a valid person ID",
        ),
        (
            "vi",
            "Câu trả lời này không hợp lệ:",
            "múi giờ không hợp lệ 'Asia/Hanoi'",
            "'Le Thi Hoa'",
        ),
    ],
)
def test_init_in_a_terminal_asks_again_for_a_bad_answer(
    tmp_path: Path, lang: str, again: str, zone: str, person: str
) -> None:
    target = tmp_path / "asked"
    code, shown = _init_in_a_terminal(target, TYPED, lang)
    assert code == 0, shown
    assert "Traceback" not in shown
    refusals = [line for line in shown.splitlines() if again in line]
    assert len(refusals) == 2, shown  # once for the zone, once for the person id
    assert zone in refusals[0]
    assert person in refusals[1]
    assert "r57 init" not in "".join(refusals)  # no "fix these options and run again"
    plan = yaml.safe_load((target / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["timezone"] == "Asia/Bangkok"
    units = yaml.safe_load((target / "plan" / "units.yaml").read_text(encoding="utf-8"))
    assert units["units"][0]["leader"] == "le.thi.hoa"
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
