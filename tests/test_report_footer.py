"""The report's footer names what it was made from: the branch checked out, or the --rev
given, in both languages and in JSON `ref` (issue 15, try15 N1: it said "of branch
history" whatever the branch)."""

from __future__ import annotations

import json

from tests import test_report_history as base
from tests.test_report_history import Hist

hist = base.hist  # T-001..T-003, committed on 3 Feb 2025 on branch main


def _footer(h: Hist, *args: str) -> str:
    res = h.run("report", "--week", *args, cwd=h.repo)
    assert res.code == 0, res.err
    return res.out.rstrip("\n").splitlines()[-1]


def test_the_footer_names_the_branch_or_the_rev(hist: Hist) -> None:
    sha = hist.git("rev-parse", "HEAD").strip()
    short = sha[:12]
    assert _footer(hist, "--lang", "en") == f"From commit {short} of branch main."
    assert _footer(hist, "--lang", "vi") == f"Lập từ commit {short} trên nhánh main."
    hist.git("switch", "-q", "-c", "bao-cao-tuan")
    assert _footer(hist, "--lang", "en") == f"From commit {short} of branch bao-cao-tuan."
    assert _footer(hist, "--rev", "main", "--lang", "en") == f"From commit {short} of branch main."
    hist.git("tag", "w07")
    assert _footer(hist, "--rev", "w07", "--lang", "vi") == f"Lập từ commit {short} của w07."
    hist.git("switch", "-q", "--detach")
    assert _footer(hist, "--lang", "en") == f"From commit {short}."
    md = hist.run("report", "--week", "--format", "markdown", "--rev", "main", cwd=hist.repo)
    assert md.out.rstrip().endswith("of branch main.")
    html = hist.run("report", "--week", "--format", "html", "--rev", "main", cwd=hist.repo)
    assert "of branch main." in html.out
    assert "history" not in _footer(hist, "--lang", "en")


def test_json_ref(hist: Hist) -> None:
    doc = json.loads(hist.r57("report", "--week", "--format", "json").out)
    assert doc["ref"] == {"name": "main", "kind": "branch"}
    sha = hist.git("rev-parse", "HEAD").strip()
    doc = json.loads(hist.r57("report", "--week", "--format", "json", "--rev", sha).out)
    assert doc["ref"] == {"name": sha, "kind": "rev"}
