"""Property test: extremely saturated, long competitive-Langmuir splits converge from a cold start.

The harshest regime the solver is asked to handle (issue 4: saturated 150-stage cascades whose
profiles span more than ten orders of magnitude): a binary split (separation factor 1.3–10) with
K·c of the feed from 1 to 1000, an organic phase whose capacity is only 1.0–1.15 times the metal
that Xu's theory says it must carry, reflux 1.01–1.3 times Xu's minimum, 3–150 stages per
section, scrub liquor either a solution of the extractable component or metal-free. About one
such case in a hundred ended in a ConvergenceError before the solver's stage sequencing. Every
case must converge with all stage residuals below 1e-12, the component balances closed to 1e-9
and every concentration positive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.theory import minimum_extraction_amount, product_fractions

pytestmark = pytest.mark.component


@st.composite
def _extreme_splits(draw: st.DrawFn) -> dict[str, Any]:
    beta = draw(st.floats(1.3, 10.0))
    f_a = draw(st.floats(0.15, 0.85))
    purity = 1.0 - 10.0 ** draw(st.floats(-5.0, -2.0))
    capacity = draw(st.floats(0.05, 0.4))  # mol/L
    total = draw(st.floats(0.1, 2.0))  # feed metal, mol/L
    k_b = 10.0 ** draw(st.floats(0.0, 3.0)) / total  # L/mol: K_B times the feed concentration is 1–1000
    s_min, _ = minimum_extraction_amount(beta, f_a, purity, purity)
    product_a, _ = product_fractions(f_a, purity, purity)
    s = draw(st.floats(1.01, 1.3)) * s_min  # extraction amount, mol per mol of feed metal
    organic = s * total * draw(st.floats(1.0, 1.15)) / capacity  # L/min for a 1 L/min feed
    scrub_metal = (s - product_a) * total  # mol/min carried back by the scrub liquor
    if draw(st.booleans()):
        c_scrub = draw(st.floats(0.3, 2.0))
        scrub: dict[str, Any] = {"flow": f"{scrub_metal / c_scrub} L/min", "concentration": {"A": f"{c_scrub} mol/L"}}
    else:
        scrub = {"flow": f"{scrub_metal / total} L/min"}
    return {
        "name": "extremely saturated split near minimum flows",
        "components": ["B", "A"],
        "sections": {"extraction": draw(st.integers(3, 150)), "scrubbing": draw(st.integers(3, 150))},
        "feed": {"flow": "1 L/min", "concentration": {"B": f"{total * (1 - f_a)} mol/L", "A": f"{total * f_a} mol/L"}},
        "organic": {"flow": f"{organic} L/min"},
        "scrub": scrub,
        "equilibrium": {
            "model": "competitive_langmuir",
            "capacity": f"{capacity} mol/L",
            "K": {"B": f"{k_b} L/mol", "A": f"{k_b * beta} L/mol"},
        },
    }


@settings(max_examples=40, deadline=None)
@given(data=_extreme_splits())
def test_extremely_saturated_long_cascades_converge_from_cold_start(data: dict[str, Any]) -> None:
    cascade = load_cascade(data)
    result = simulate(cascade)
    assert result.residual < 1e-12
    assert result.balance_closure <= 1e-9
    assert np.all(result.aqueous > 0) and np.all(result.organic > 0)
    np.testing.assert_allclose(sum(result.outlet_flows.values()), cascade.total_input(), rtol=1e-9)
