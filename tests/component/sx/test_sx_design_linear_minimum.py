"""The minimum organic flow of a linear split with allowed key losses, against long cascades.

For constant distribution ratios and targets that let fractions ``l_A`` of the heavy key reach the
raffinate and ``l_B`` of the light key reach the loaded organic, the minimum organic flow at
infinite stages is ``O_min = F (1 − l_A − l_B)/(D_A − D_B)`` (``linear_minimum_flows``). With
120 + 120 stages (close to infinite for these factors): at 0.98 ``O_min`` no scrub flow meets
both loss limits, at 1.02 ``O_min`` some scrub flow does. The design's reported flow ratio
refers to this minimum, so a design meeting such targets has a ratio above 1.
"""

from __future__ import annotations

import numpy as np
import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.shortcut import linear_minimum_flows

pytestmark = pytest.mark.component

D_B, D_A, SHARE_A, FEED = 1.0, 4.0, 0.1875, 1.0  # feed in L/min
LOSS_A, LOSS_B = 0.2, 0.1


def _best_margin(organic: float) -> float:
    """Largest, over scrub flows, of the smaller of the two loss margins (≥ 0: both met)."""
    best = -np.inf
    for scrub in np.linspace(0.0, D_A * organic, 90)[1:]:
        result = simulate(load_cascade({
            "name": "linear minimum",
            "components": ["B", "A"],
            "sections": {"extraction": 120, "scrubbing": 120},
            "feed": {"flow": f"{FEED} L/min", "concentration": {"B": 1 - SHARE_A, "A": SHARE_A}},
            "organic": {"flow": f"{organic} L/min"},
            "scrub": {"flow": f"{scrub} L/min"},
            "equilibrium": {"model": "constant_distribution", "D": {"B": D_B, "A": D_A}},
        }))
        split_a, split_b = result.split["A"], result.split["B"]
        assert split_a is not None and split_b is not None
        loss_a, loss_b = split_a["raffinate"], split_b["loaded_organic"]
        best = max(best, min(LOSS_A - loss_a, LOSS_B - loss_b))
    return float(best)


def test_sharp_limit_is_the_classical_minimum() -> None:
    organic, scrub = linear_minimum_flows(FEED, D_A, D_B, 0.0, 0.0)
    assert organic == pytest.approx(FEED / (D_A - D_B))
    assert scrub == pytest.approx(D_B * organic)


def test_minimum_with_allowed_losses_separates_feasible_from_infeasible_flows() -> None:
    organic_min, _ = linear_minimum_flows(FEED, D_A, D_B, LOSS_A, LOSS_B)
    assert organic_min == pytest.approx(FEED * (1 - LOSS_A - LOSS_B) / (D_A - D_B))
    assert _best_margin(0.98 * organic_min) < 0.0
    assert _best_margin(1.02 * organic_min) > 0.0
