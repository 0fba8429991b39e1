"""The asked unit's view, at the gate: a member of the unit a resource request is addressed
to may decide it when policy.asked_unit_may_decide says so, and only that (issue 15)."""

from __future__ import annotations

import pytest

from tests import test_gate
from tests.conftest import task
from tests.test_gate import Gate, passes, refused

# test_gate's fixtures, for this module's tests too.
gate = test_gate.gate
pinned_today = test_gate.pinned_today

T3 = "plan286/tasks/ndta/T-003.yaml"
ASKED = task(
    "T-003",
    co_units=[],
    resources=[
        {"id": "R-1", "unit": "legal", "need": "A lawyer", "asked": "2025-03-03"},
        {
            "id": "R-2",
            "kind": "extension",
            "unit": "legal",
            "due": "2025-12-31",
            "need": "More time",
            "asked": "2025-03-03",
        },
    ],
)


@pytest.mark.parametrize("allowed", [True, False])
def test_the_asked_unit_decides_a_request_only_when_the_policy_says_so(
    gate: Gate, allowed: bool
) -> None:
    gate.setup(asked_unit_may_decide=allowed, tasks=(ASKED,))
    # chi is a plain member of legal, the unit R-1 asks; T-003 belongs to ndta.
    sha = gate.r57_as("chi", "decide", "T-003", "R-1", "--outcome", "granted")
    if allowed:
        passes(gate.check())
        return
    found = refused(gate, gate.check(), "R57E302", commit=sha, path=T3, at="status: granted")
    assert "policy.asked_unit_may_decide: true" in found["message"]
    res = gate.run("check", f"{gate.base}..HEAD", "--lang", "vi")
    assert "chỉ được quyết định đề nghị đó khi plan.yaml đặt" in res.out + res.err


def test_the_policy_lets_the_asked_unit_decide_nothing_more(gate: Gate) -> None:
    gate.setup(asked_unit_may_decide=True, tasks=(ASKED,))
    # Another unit's member (mic) is no asked unit: refused, and without the policy hint.
    sha = gate.r57_as("dung", "decide", "T-003", "R-1", "--outcome", "refused")
    found = refused(gate, gate.check(), "R57E302", commit=sha, path=T3, at="status: refused")
    assert "asked_unit_may_decide" not in found["message"]
    # The asked unit deciding and also moving the task's % in one commit: refused.
    gate.branch("more")
    data = {**ASKED, "progress": {"pct": 35, "status": "in_progress"}}
    data["resources"] = [{**ASKED["resources"][0], "status": "granted", "decided": "2025-03-04"}]
    data["resources"].append(ASKED["resources"][1])
    gate.write(data)
    sha = gate.commit("decide and bump", who="chi")
    assert "R57E302" in gate.check().codes
    # An extension request stays for coordinators (R57E317), whatever the policy.
    gate.branch("extension")
    sha = gate.r57_as("chi", "decide", "T-003", "R-2", "--outcome", "refused")
    assert "R57E317" in gate.check().codes
