"""The files plan repositories copy or reference: the GitHub workflow and the pre-commit hook."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import UNITS, Plan, Result, git, task

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "plan.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PLAN_REPOSITORY_DOC = ROOT / "docs" / "plan-repository.md"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# The shell GitHub runs `run:` scripts with on Linux when the workflow names none.
GITHUB_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


def load_workflow() -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML follows YAML 1.1, where the key `on` is the boolean true.
    if True in data:
        data["on"] = data.pop(True)
    return {str(key): value for key, value in data.items()}


def steps() -> list[dict[str, Any]]:
    jobs: dict[str, dict[str, Any]] = load_workflow()["jobs"]
    assert list(jobs) == ["r57"], "one job, whose name is the status check to require"
    found: list[dict[str, Any]] = jobs["r57"]["steps"]
    return found


def step_running(command: str) -> dict[str, Any]:
    matches = [s for s in steps() if command in str(s.get("run", ""))]
    assert len(matches) == 1, f"exactly one step runs {command!r}: {matches}"
    return matches[0]


def step_using(action: str) -> dict[str, Any]:
    matches = [s for s in steps() if str(s.get("uses", "")).startswith(f"{action}@")]
    assert len(matches) == 1, f"exactly one step uses {action}"
    return matches[0]


# --- actionlint ---------------------------------------------------------------------------


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT.exists(), (
        f"{ACTIONLINT} is missing: install the dev extras (pip install -e '.[dev]')"
    )
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_actionlint_accepts_the_workflow() -> None:
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("original", "broken", "complaint"),
    [
        # A pull request's title is attacker-controlled: inlined in a script it could run code.
        (
            "run: r57 validate --format github",
            'run: echo "${{ github.event.pull_request.title }}"',
            "potentially untrusted",
        ),
        ("steps.install.outcome", "steps.instal.outcome", 'property "instal" is not defined'),
        ("github.event.pull_request.base.sha || github.sha", "github.nope", '"nope"'),
        ("timeout-minutes: 15", "timeout-minutes: [15", "could not parse"),
    ],
    ids=["script-injection", "unknown-step", "unknown-context", "bad-yaml"],
)
def test_actionlint_rejects_a_broken_copy(
    tmp_path: Path, original: str, broken: str, complaint: str
) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert original in text
    broken_copy = tmp_path / "plan.yml"
    broken_copy.write_text(text.replace(original, broken, 1), encoding="utf-8")
    result = actionlint(broken_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert complaint in result.stdout


# --- the workflow's shape -------------------------------------------------------------------


def test_workflow_triggers_on_pull_requests_and_pushes_to_main() -> None:
    triggers = load_workflow()["on"]
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["pull_request"] == {"branches": ["main"]}
    assert triggers["push"] == {"branches": ["main"]}


def test_workflow_is_read_only_bounded_and_grouped_per_pull_request() -> None:
    workflow = load_workflow()
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["r57"]
    assert "permissions" not in job
    assert job["name"] == "r57"
    assert 0 < job["timeout-minutes"] <= 30
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] == (
        "${{ github.event_name == 'pull_request' }}"
    )


def test_actions_are_pinned_to_a_major_version_or_a_commit() -> None:
    uses = [str(s["uses"]) for s in steps() if "uses" in s]
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@(v\d+|[0-9a-f]{40})", ref), ref


def test_no_cache_is_restored_where_a_pull_request_could_have_written_it() -> None:
    """r57 trusts its validation cache; a pull request's earlier run could save a cache
    in the pull request's own scope, which GitHub restores first. So the workflow keeps
    no cache: each run validates from the files themselves."""
    assert not [s for s in steps() if str(s.get("uses", "")).startswith("actions/cache")]


def test_checkout_takes_the_pull_request_head_with_full_history() -> None:
    checkout = step_using("actions/checkout")["with"]
    assert checkout["fetch-depth"] == 0
    assert checkout["ref"] == "${{ github.event.pull_request.head.sha || github.sha }}"
    assert checkout["persist-credentials"] is False
    python = step_using("actions/setup-python")["with"]
    major, minor = (int(part) for part in str(python["python-version"]).split(".")[:2])
    assert (major, minor) >= (3, 11)


def test_no_expression_is_expanded_inside_a_script() -> None:
    scripts = [str(s["run"]) for s in steps() if "run" in s]
    assert len(scripts) >= 4
    for script in scripts:
        assert "${{" not in script, script


def test_pull_requests_run_check_over_base_to_head() -> None:
    check = step_running("r57 check")
    assert check["if"] == "github.event_name == 'pull_request'"
    assert check["run"].strip() == 'r57 check "$BASE_SHA..$HEAD_SHA" --format github'
    assert check["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
        "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
    }


def test_pushes_run_validate() -> None:
    validate = step_running("r57 validate")
    assert validate["if"] == "github.event_name == 'push'"
    assert validate["run"].strip() == "r57 validate --format github"


def test_codeowners_is_checked_when_present_even_after_a_failure() -> None:
    codeowners = step_running("r57 codeowners --check")
    condition = codeowners["if"]
    assert "!cancelled()" in condition
    assert "steps.install.outcome == 'success'" in condition
    assert "hashFiles('.github/CODEOWNERS') != ''" in condition
    order = [s.get("id") or s.get("name") for s in steps()]
    assert order.index("install") < order.index(codeowners["name"])


def test_r57_is_installed_from_the_repository_variable_outside_the_work_tree() -> None:
    workflow = load_workflow()
    assert workflow["env"]["R57_PACKAGE"] == "${{ vars.R57_PACKAGE }}"
    install = step_running("pip install")
    assert install["id"] == "install"
    assert install["working-directory"] == "${{ runner.temp }}"
    script = str(install["run"])
    assert not re.search(r"pip install[^\n]*(\s\.|-e|GITHUB_WORKSPACE)", script), script
    names = [s.get("id") or s.get("name") for s in steps()]
    for command in ("r57 check", "r57 validate", "r57 codeowners"):
        assert names.index("install") < names.index(step_running(command)["name"])


# --- the install step, run for real with bash -----------------------------------------------

FAKE_PYTHON = r"""#!/bin/sh
# Stands in for setup-python's python: `-m venv DIR` makes a venv whose pip logs its arguments.
[ "$1 $2" = "-m venv" ] || exit 99
mkdir -p "$3/bin"
cat > "$3/bin/python" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" > "$PIP_LOG"
EOF
cat > "$3/bin/r57" <<'EOF'
#!/bin/sh
echo "r57 (fake)"
EOF
chmod +x "$3/bin/python" "$3/bin/r57"
"""


RunInstall = Callable[[Path, str, str], "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_install(tmp_path: Path) -> RunInstall:
    """Run the workflow's install script as GitHub would, with `python` faked (no network)."""
    script = str(step_running("pip install")["run"])
    fakes = tmp_path / "fakes"
    fakes.mkdir()
    (fakes / "python").write_text(FAKE_PYTHON, encoding="utf-8")
    (fakes / "python").chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()

    def run(workspace: Path, trusted: str, package: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PATH": f"{fakes}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_PATH": str(tmp_path / "github-path"),
            "RUNNER_TEMP": str(runner_temp),
            "PIP_LOG": str(tmp_path / "pip-args"),
            "R57_PACKAGE": package,
            "TRUSTED_SHA": trusted,
        }
        return subprocess.run(
            [*GITHUB_BASH, "-c", script],
            cwd=runner_temp,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run


def pip_args(tmp_path: Path) -> list[str]:
    return (tmp_path / "pip-args").read_text(encoding="utf-8").splitlines()


def test_install_fails_with_an_annotation_when_the_variable_is_empty(
    plan: Plan, run_install: RunInstall, tmp_path: Path
) -> None:
    head = git(plan.repo, "rev-parse", "HEAD").strip()
    result = run_install(plan.repo, head, "")
    assert result.returncode == 1
    assert result.stdout.startswith("::error title=R57_PACKAGE is not set::Set the repository")
    assert "Settings > Secrets and variables > Actions > Variables" in result.stdout
    assert "r57 @ git+https://" in result.stdout
    assert not (tmp_path / "pip-args").exists()


def test_install_takes_the_requirement_from_the_variable(
    plan: Plan, run_install: RunInstall, tmp_path: Path
) -> None:
    head = git(plan.repo, "rev-parse", "HEAD").strip()
    requirement = "r57 @ git+https://git.example.gov.vn/tools/r57.git@v1.2.0"
    result = run_install(plan.repo, head, requirement)
    assert result.returncode == 0, result.stderr
    assert pip_args(tmp_path)[-1] == requirement
    path_line = (tmp_path / "github-path").read_text(encoding="utf-8").strip()
    assert path_line == str(tmp_path / "runner-temp" / "r57-venv" / "bin")


def test_r57s_own_repository_installs_the_base_commit_not_the_pull_request(
    plan: Plan, run_install: RunInstall, tmp_path: Path
) -> None:
    (plan.repo / "pyproject.toml").write_text('[project]\nname = "r57"\n', encoding="utf-8")
    (plan.repo / "marker.txt").write_text("base\n", encoding="utf-8")
    plan.commit("r57 source at the base")
    base = git(plan.repo, "rev-parse", "HEAD").strip()
    (plan.repo / "marker.txt").write_text("pull request\n", encoding="utf-8")
    plan.commit("the pull request changes r57")
    result = run_install(plan.repo, base, "")
    assert result.returncode == 0, result.stderr
    source = tmp_path / "runner-temp" / "r57-src"
    assert pip_args(tmp_path)[-1] == str(source)
    assert (source / "marker.txt").read_text(encoding="utf-8") == "base\n"


# --- docs/plan-repository.md snippets ---------------------------------------------------------


def readme_section() -> str:
    text = PLAN_REPOSITORY_DOC.read_text(encoding="utf-8")
    assert text.startswith("# Run r57 in your own plan repository\n")
    return text


def readme_blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the section that has one."""
    return re.findall(r"```(yaml|sh)\n(.*?)```", readme_section(), flags=re.DOTALL)


def test_readme_snippets_parse_and_name_the_real_hook() -> None:
    blocks = readme_blocks()
    assert [kind for kind, _ in blocks] == ["yaml", "sh", "yaml"]
    gitlab, hook, precommit = (body for _, body in blocks)
    job = yaml.safe_load(gitlab)["r57"]
    assert job["variables"] == {"GIT_DEPTH": 0}
    assert job["script"][-1] == 'r57 check "$CI_MERGE_REQUEST_DIFF_BASE_SHA..$CI_COMMIT_SHA"'
    subprocess.run(["sh", "-n"], input=hook, text=True, check=True, timeout=30)
    hook_ids = {h["id"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    configured = yaml.safe_load(precommit)["repos"][0]["hooks"]
    assert [h["id"] for h in configured] == ["r57-validate"]
    assert "r57-validate" in hook_ids
    assert "# - id: r57-codeowners" in precommit
    assert "r57-codeowners" in hook_ids


@pytest.fixture
def server(plan: Plan, tmp_path: Path) -> Path:
    """A bare repository with docs/plan-repository.md's pre-receive hook, and the plan's
    clone pushing to it, with this virtualenv's r57 on the PATH."""
    bare = tmp_path / "server.git"
    git(tmp_path, "clone", "-q", "--bare", str(plan.repo), str(bare))
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(dict(readme_blocks())["sh"], encoding="utf-8")
    hook.chmod(0o755)
    git(plan.repo, "remote", "add", "origin", str(bare))
    return bare


def push(plan: Plan, *args: str) -> tuple[int, str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["git", "push", *args, "origin", "HEAD:main"],
        cwd=plan.repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_readme_pre_receive_hook_accepts_a_good_push_and_refuses_bad_ones(
    plan: Plan, server: Path
) -> None:
    plan.write_task(task(progress={"pct": 40, "status": "in_progress"}))
    plan.commit("T-001: 40%")
    code, output = push(plan)
    assert code == 0, output
    good = git(plan.repo, "rev-parse", "HEAD").strip()
    assert git(server, "rev-parse", "main").strip() == good

    plan.write_task(task(due="2025-02-30", progress={"pct": 40, "status": "in_progress"}))
    plan.commit("T-001: impossible due date")
    code, output = push(plan)
    assert code == 1, output
    assert "pre-receive hook declined" in output
    assert re.search(r"T-001\.yaml:\d+:\d+: error R57E104", output), output

    git(plan.repo, "reset", "-q", "--hard", "HEAD~2")
    plan.write_task(task(progress={"pct": 45, "status": "in_progress"}))
    plan.commit("T-001: history rewritten")
    code, output = push(plan, "--force")
    assert code == 1, output
    assert "main cannot be rewritten" in output
    assert git(server, "rev-parse", "main").strip() == good


# --- the pre-commit hook, through the real pre-commit ---------------------------------------


def test_hook_manifest_declares_r57_validate() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    hook = by_id["r57-validate"]
    assert hook["name"] == "r57 validate"
    assert hook["entry"] == "r57 validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "plan286/tasks/ndta/T-001.yaml")
    assert re.search(hook["files"], "plan.yml")
    assert not re.search(hook["files"], "README.md")
    owners = by_id["r57-codeowners"]
    assert owners["entry"] == "r57 codeowners --check"
    assert owners["language"] == "python"
    assert owners["pass_filenames"] is False
    for path in (
        "plan286/units.yaml",
        "plan286/plan.yaml",
        "plan286/tasks/ndta/T-001.yaml",
        "tasks/ndta/T-001.yaml",  # a plan at the repository's root
    ):
        assert re.search(owners["files"], path), path
    assert not re.search(owners["files"], "mytasks/x.yaml")
    assert re.search(owners["files"], ".github/CODEOWNERS")
    assert not re.search(owners["files"], "docs/notes.yaml")


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this repository's work tree, as `git add -A` would take it.

    `pre-commit try-repo` clones a repository at a commit, and for uncommitted work it adds
    only files git already tracks (`git add -u`), so a new .pre-commit-hooks.yaml would be
    missing: it gets a clean repository of every file that is not ignored instead."""
    pytest.importorskip(
        "pre_commit", reason="pre-commit is not installed (pip install -e '.[dev]')"
    )
    source = tmp_path_factory.mktemp("r57-source")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        origin = ROOT / name
        if origin.is_file() and not origin.is_symlink():  # deleted files are still listed
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    env = isolated_env(tmp_path_factory.mktemp("source-home"))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True, capture_output=True)
    return source


@pytest.fixture(scope="module")
def caches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One pip cache for the module. try-repo builds each hook environment in a temporary
    store of its own (it ignores PRE_COMMIT_HOME), so pip's cache is what makes the second
    build quick."""
    root = tmp_path_factory.mktemp("caches")
    return {"PIP_CACHE_DIR": str(root / "pip"), "PRE_COMMIT_HOME": str(root / "pre-commit")}


def isolated_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    drop = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GITHUB_ACTIONS", "R57_LANG", "R57_PLAN")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PRE_COMMIT")}
    env.update(
        {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Nguyễn Văn An",
            "GIT_AUTHOR_EMAIL": "an@example.gov.vn",
            "GIT_COMMITTER_NAME": "Nguyễn Văn An",
            "GIT_COMMITTER_EMAIL": "an@example.gov.vn",
            "NO_COLOR": "1",
        }
    )
    env.update(extra or {})
    return env


def try_repo(
    plan: Plan, hook_id: str, source: Path, caches: dict[str, str], tmp_path: Path
) -> tuple[int, str]:
    """Exit code and output of `pre-commit try-repo SOURCE HOOK --all-files` in the plan's
    repository, run the way a person would: from the repository's root."""
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(source), hook_id, "--all-files"],
        cwd=plan.repo,
        env=isolated_env(tmp_path / "home", caches),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_pre_commit_hook_passes_on_a_valid_plan(
    plan: Plan, hook_source: Path, caches: dict[str, str], tmp_path: Path
) -> None:
    code, output = try_repo(plan, "r57-validate", hook_source, caches, tmp_path)
    assert code == 0, output
    # The hook ran in an environment pre-commit built from the snapshot, not a system r57.
    assert "Installing environment for" in output
    assert re.search(r"^r57 validate\.+Passed$", output, flags=re.MULTILINE), output


def test_pre_commit_hook_fails_on_a_broken_task(
    plan: Plan, hook_source: Path, caches: dict[str, str], tmp_path: Path
) -> None:
    plan.write_task(task(due="2025-02-30"))
    git(plan.repo, "add", "-A")  # --all-files runs on the files git knows
    code, output = try_repo(plan, "r57-validate", hook_source, caches, tmp_path)
    assert code == 1, output
    assert re.search(r"^r57 validate\.+Failed$", output, flags=re.MULTILINE), output
    assert re.search(
        r"^plan286/tasks/ndta/T-001\.yaml:\d+:\d+: error R57E104: ", output, flags=re.MULTILINE
    ), output


def write_codeowners(plan: Plan, r57: Callable[..., Result]) -> None:
    result = r57("codeowners", "--plan", str(plan.dir), cwd=plan.repo)
    assert result.code == 0, result.err
    plan.commit("CODEOWNERS from units.yaml")


def test_codeowners_hook_passes_while_the_file_is_current(
    plan: Plan,
    r57: Callable[..., Result],
    hook_source: Path,
    caches: dict[str, str],
    tmp_path: Path,
) -> None:
    write_codeowners(plan, r57)
    code, output = try_repo(plan, "r57-codeowners", hook_source, caches, tmp_path)
    assert code == 0, output
    assert re.search(r"^r57 codeowners --check\.+Passed$", output, flags=re.MULTILINE), output


def test_codeowners_hook_fails_when_units_change_without_it(
    plan: Plan,
    r57: Callable[..., Result],
    hook_source: Path,
    caches: dict[str, str],
    tmp_path: Path,
) -> None:
    write_codeowners(plan, r57)
    units = copy.deepcopy(UNITS)
    units["units"][1]["members"].append(
        {"id": "dung", "name": "Phạm Dũng", "emails": ["dung@example.gov.vn"]}
    )
    plan.write_units(units)
    git(plan.repo, "add", "-A")
    code, output = try_repo(plan, "r57-codeowners", hook_source, caches, tmp_path)
    assert code == 1, output
    assert re.search(r"^r57 codeowners --check\.+Failed$", output, flags=re.MULTILINE), output
    assert "CODEOWNERS" in output
    assert "dung@example.gov.vn" in output  # the diff shows what is missing
