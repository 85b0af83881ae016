"""Xu's minimum extraction amount against the rigorous simulator, in the theory's own regime.

A competitive-Langmuir organic with large affinities is saturated on every stage, so the organic
metal flux is ``O·Q`` and, with an exchange scrub of pure A, the aqueous metal flux of the
scrubbing section is the scrub's: the mixed extraction ratios of both sections are constant, the
separation factor is ``K_A/K_B`` — Xu's constant-mixed-extraction-ratio system. Below ``S_min`` no
number of stages reaches the purities; above it a long cascade does.
"""

from __future__ import annotations

import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.theory import minimum_extraction_amount

pytestmark = pytest.mark.component

BETA, F_A, PURITY = 2.0, 0.5, 0.99
CAPACITY, SCRUB_CONC, K_B = 0.2, 1.0, 1000.0  # mol/L, mol/L, L/mol


def purities(reflux: float, stages: int) -> tuple[float, float]:
    """Raffinate purity of B and organic-product purity of A at S = reflux · S_min."""
    s_min, w_min = minimum_extraction_amount(BETA, F_A, PURITY, PURITY)
    product_a = s_min - w_min
    s = reflux * s_min
    w = s - product_a
    feed_metal = 1.0  # mol/min: 1 L/min of 1 mol/L
    cascade = load_cascade({
        "name": "saturated organic, exchange scrub",
        "components": ["B", "A"],
        "sections": {"extraction": stages, "scrubbing": stages},
        "feed": {"flow": "1 L/min", "concentration": {"B": 1.0 - F_A, "A": F_A}},
        "organic": {"flow": f"{s * feed_metal / CAPACITY!r} L/min"},
        "scrub": {"flow": f"{w * feed_metal / SCRUB_CONC!r} L/min", "concentration": {"A": SCRUB_CONC}},
        "equilibrium": {
            "model": "competitive_langmuir",
            "capacity": f"{CAPACITY} mol/L",
            "K": {"B": f"{K_B} L/mol", "A": f"{BETA * K_B} L/mol"},
        },
    })
    purity = simulate(cascade).purity
    return purity["raffinate"]["B"], purity["loaded_organic"]["A"]


@pytest.mark.parametrize("stages", [60, 150])
def test_below_the_minimum_no_cascade_reaches_the_purities(stages: int) -> None:
    raffinate, organic = purities(0.97, stages)
    assert min(raffinate, organic) < PURITY


def test_above_the_minimum_a_long_cascade_reaches_them() -> None:
    raffinate, organic = purities(1.05, 60)
    assert raffinate >= PURITY and organic >= PURITY


def test_the_pinch_does_not_move_with_more_stages() -> None:
    """Below S_min the product purities are set by the pinch, not by the stage count."""
    short, long = purities(0.97, 60), purities(0.97, 150)
    assert short == pytest.approx(long, rel=1e-3)
