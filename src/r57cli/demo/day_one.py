"""What a plan repository holds on day one, besides the plan: the access files generated
from units.yaml (.github/CODEOWNERS, .github/allowed_signers), the CI workflow r57 ships
(.github/workflows/plan.yml), the one that publishes the report (report.yml) and a
.pre-commit-config.yaml naming r57's hooks. The demo
commits them with the kick-off, so `r57 codeowners --check` and `r57 allowed-signers
--check -o .github/allowed_signers` pass in it from the start."""

from __future__ import annotations

from pathlib import Path

from r57cli import __version__

WORKFLOW = Path(".github") / "workflows" / "plan.yml"
WORKFLOWS = (WORKFLOW, WORKFLOW.with_name("report.yml"))

PRE_COMMIT = """\
# pre-commit hooks (https://pre-commit.com) for this plan repository: run
# `pre-commit install` once in each clone. Point repo: at where your r57 is hosted and
# rev: at the release your CI installs (R57_PACKAGE in .github/workflows/plan.yml).
repos:
  - repo: https://git.example.gov.vn/tools/r57
    rev: v{version}
    hooks:
      - id: r57-validate
      - id: r57-codeowners
"""


def workflow_template(source: Path, name: Path = WORKFLOW) -> Path | None:
    """A workflow r57 ships: beside the bundled plan, or in r57's source tree."""
    here = Path(__file__).resolve()
    for folder in (source.resolve().parent, *here.parents):
        if (folder / name).is_file():
            return folder / name
    return None


def write_files(root: Path, plan_dir: Path, source: Path) -> None:
    """Write the day-one files into the demo at `root`, its plan (keys included) in
    `plan_dir` already written."""
    from r57cli.gate import accessfiles as access
    from r57cli.plan.planfile import read_plan_file
    from r57cli.plan.workspace import Workspace

    ws = Workspace(plan_dir)
    tasks = {}
    if access.co_units_may_update(ws.plan_data):
        for path in ws.task_ids().values():
            raw, _problem = read_plan_file(ws.plan_dir, path)
            if raw is not None:
                tasks[path] = access.load_task(raw)
    github = root / ".github"
    (github / "workflows").mkdir(parents=True, exist_ok=True)
    units = {"units": ws.units_data}
    (github / "CODEOWNERS").write_text(
        access.codeowners(ws.plan_rel, units, ws.plan_data, tasks), encoding="utf-8"
    )
    (github / "allowed_signers").write_text(access.allowed_signers(units), encoding="utf-8")
    for name in WORKFLOWS:
        template = workflow_template(source, name)
        if template is not None:
            (root / name).write_bytes(template.read_bytes())
    (root / ".pre-commit-config.yaml").write_text(
        PRE_COMMIT.format(version=__version__), encoding="utf-8"
    )
