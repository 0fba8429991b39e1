"""`r57 decide` by a member of the asked unit: the local warning follows the gate's rule
(plan/decisions.py). With policy.asked_unit_may_decide the gate accepts the commit and r57
does not warn that it will refuse it; without the policy it warns, and the gate refuses
(issue 15, try15 N30). Real clones and the real gate: test_gate's fixtures."""

from __future__ import annotations

import pytest

from tests import test_gate, test_gate_asked
from tests.test_gate import Gate, passes, refused

gate = test_gate.gate
pinned_today = test_gate.pinned_today
ASKED, T3 = test_gate_asked.ASKED, test_gate_asked.T3


@pytest.mark.parametrize("allowed", [True, False])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_warning_agrees_with_the_gate(gate: Gate, allowed: bool, lang: str) -> None:
    gate.setup(asked_unit_may_decide=allowed, tasks=(ASKED,))
    gate.become("chi")  # a plain member of legal, the unit R-1 asks; T-003 is ndta's
    res = gate.run("decide", "T-003", "R-1", "--outcome", "granted", "--lang", lang)
    assert res.code == 0, res.out + res.err
    warned = "pull-request check will reject" in res.err or "kiểm tra pull request" in res.err
    assert warned is not allowed, res.err
    if allowed:
        passes(gate.check())
    else:
        refused(gate, gate.check(), "R57E302", commit=gate.head(), path=T3, at="status: granted")


def test_the_policy_does_not_silence_other_changes(gate: Gate) -> None:
    gate.setup(asked_unit_may_decide=True, tasks=(ASKED,))
    gate.become("chi")  # legal's member, updating ndta's task: still warned
    res = gate.run("update", "T-003", "--pct", "40", "--lang", "en")
    assert res.code == 0, res.out + res.err
    assert "is not listed as a member of ndta" in res.err
