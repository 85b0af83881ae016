"""Property test: designs of random feasible linear cascades meet their targets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design

pytestmark = pytest.mark.component


@settings(max_examples=12, deadline=None)
@given(
    d_light=st.floats(min_value=0.1, max_value=2.0),
    beta=st.floats(min_value=1.5, max_value=6.0),
    share_heavy=st.floats(min_value=0.15, max_value=0.85),
    purity_raffinate=st.floats(min_value=0.9, max_value=0.9999),
    purity_organic=st.floats(min_value=0.9, max_value=0.9999),
    reflux=st.floats(min_value=1.1, max_value=2.0),
)
def test_random_linear_designs_meet_their_targets(
    d_light: float, beta: float, share_heavy: float, purity_raffinate: float, purity_organic: float, reflux: float
) -> None:
    cascade = load_cascade({
        "name": "random linear split",
        "components": ["B", "A"],
        "sections": {"extraction": 5, "scrubbing": 5},
        "feed": {"flow": "1 L/min", "concentration": {"B": 1.0 - share_heavy, "A": share_heavy}},
        "organic": {"flow": "1 L/min"},
        "scrub": {"flow": "0.5 L/min"},
        "equilibrium": {"model": "constant_distribution", "D": {"B": d_light, "A": beta * d_light}},
    })
    targets = (f"purity:raffinate:B={purity_raffinate!r}", f"purity:loaded_organic:A={purity_organic!r}")
    result = design(cascade, targets, reflux=reflux)
    check = simulate(result.cascade)
    assert check.purity["raffinate"]["B"] >= purity_raffinate * (1 - 1e-9)
    assert check.purity["loaded_organic"]["A"] >= purity_organic * (1 - 1e-9)
    assert result.cascade.feed_stage == result.cascade.extraction
    assert result.flow_ratio["organic"] > 1.0
