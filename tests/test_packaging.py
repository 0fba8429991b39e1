"""The wheel works outside the source tree (issue 12, item 7).

The wheel is built from this checkout, installed with no dependencies into a fresh venv in a
temporary folder, and r57 is run from another temporary folder: `r57 demo DIR`, then
`r57 validate` and `r57 report --week --lang en` inside DIR. The new venv sees the runtime
dependencies through a .pth line naming this venv's site-packages; a path added that way is
not scanned for .pth files, so the editable install's pointer at src/ stays out of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2025-06-20"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: hatchling is a dev dependency, so no index is needed.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("r57-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv that holds the wheel and nothing of the checkout."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False, symlinks=os.name != "nt")
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "r57-test-deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    return python.parent


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("R57_", "PYTHON"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), R57_TODAY=TODAY)
    return env


def _r57(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "r57"), *args],
        cwd=cwd,
        env=_env(cwd.parent / "home"),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_wheel_carries_the_plan_the_schemas_and_the_catalogues(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("plan.yaml", "units.yaml"):
        assert f"r57cli/data/plan286/{rel}" in names
    tasks = [n for n in names if n.startswith("r57cli/data/plan286/") and n.endswith(".yaml")]
    bundled = [p for p in (ROOT / "plan286").rglob("*.yaml")]
    assert len(tasks) == len(bundled)
    schemas = {p.name for p in (ROOT / "schemas").glob("*.json")}
    assert schemas
    assert {f"r57cli/data/schemas/{s}" for s in schemas} <= names
    for catalogue in (ROOT / "src" / "r57cli" / "locale").rglob("*.[mp]o"):
        assert catalogue.relative_to(ROOT / "src").as_posix() in names
    assert "r57cli/data/.github/workflows/plan.yml" in names  # the demo's day-one workflow
    assert "r57cli/data/.github/workflows/report.yml" in names  # ... and the publishing one


def test_demo_validate_and_report_run_from_a_plain_install(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(installed / "python"), "-c", "import r57cli; print(r57cli.__file__)"],
        cwd=elsewhere,
        env=_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not Path(where.strip()).is_relative_to(ROOT), where  # the wheel, not src/

    demo = _r57(installed, elsewhere, "demo", "plan-repo", "--lang", "en")
    assert demo.returncode == 0, demo.stderr
    repo = elsewhere / "plan-repo"
    assert (repo / "plan286" / "plan.yaml").is_file()
    assert "r57 report --week" in demo.stdout + demo.stderr
    # A complete plan repository on day one, from the wheel alone.
    for name in ("plan.yml", "report.yml"):
        workflow = (repo / ".github" / "workflows" / name).read_bytes()
        assert workflow == (ROOT / ".github" / "workflows" / name).read_bytes(), name
    assert (repo / ".pre-commit-config.yaml").is_file()
    for args in (
        ("codeowners", "--check"),
        ("allowed-signers", "--check", "-o", ".github/allowed_signers"),
    ):
        gate = _r57(installed, repo, "--lang", "en", *args)
        assert gate.returncode == 0, (args, gate.stdout + gate.stderr)

    check = _r57(installed, repo, "validate", "--lang", "en")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "plan is valid: plan286:" in check.stdout
    assert "no errors" in check.stdout

    report = _r57(installed, repo, "report", "--week", "--lang", "en")
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("Weekly progress report, week 2025-W25\n")
    tasks = sum(1 for _ in (repo / "plan286").rglob("T-*.yaml"))
    assert tasks > 0
    assert any(line.split() == ["Tasks", str(tasks)] for line in report.stdout.splitlines())
