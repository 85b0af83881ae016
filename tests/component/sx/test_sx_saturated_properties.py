"""Property test: random saturated competitive-Langmuir splits near their minimum flows converge.

The hard regime of the solver: a binary split (separation factor 1.3–10) whose organic phase is
loaded close to its capacity (organic capacity 1.0–1.1 times the metal the theory says it must
carry) and whose reflux is 1.02–1.3 times Xu's minimum, 3–60 stages per section, scrub liquor
either a solution of the extractable component or metal-free. Every case must converge from a
cold start with all stage residuals below 1e-12 and the component balances closed to 1e-9.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.theory import minimum_extraction_amount, product_fractions

pytestmark = pytest.mark.component


@st.composite
def _saturated_splits(draw: st.DrawFn) -> dict[str, Any]:
    beta = draw(st.floats(1.3, 10.0))
    f_a = draw(st.floats(0.15, 0.85))
    purity = 1.0 - draw(st.floats(1e-5, 1e-2))
    capacity = draw(st.floats(0.05, 0.4))  # mol/L
    total = draw(st.floats(0.1, 2.0))  # feed metal, mol/L
    k_b = draw(st.floats(1.0, 100.0)) / total  # L/mol: K_B times the feed concentration is 1–100
    s_min, _ = minimum_extraction_amount(beta, f_a, purity, purity)
    product_a, _ = product_fractions(f_a, purity, purity)
    s = draw(st.floats(1.02, 1.3)) * s_min  # extraction amount, mol per mol of feed metal
    organic = s * total * draw(st.floats(1.0, 1.1)) / capacity  # L/min for a 1 L/min feed
    scrub_metal = (s - product_a) * total  # mol/min carried back by the scrub liquor
    if draw(st.booleans()):
        c_scrub = draw(st.floats(0.3, 2.0))
        scrub: dict[str, Any] = {"flow": f"{scrub_metal / c_scrub} L/min", "concentration": {"A": f"{c_scrub} mol/L"}}
    else:
        scrub = {"flow": f"{scrub_metal / total} L/min"}
    return {
        "name": "saturated split near minimum flows",
        "components": ["B", "A"],
        "sections": {"extraction": draw(st.integers(3, 60)), "scrubbing": draw(st.integers(3, 60))},
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
@given(data=_saturated_splits())
def test_saturated_near_minimum_cascades_converge_from_cold_start(data: dict[str, Any]) -> None:
    result = simulate(load_cascade(data))
    assert result.residual < 1e-12
    assert result.balance_closure <= 1e-9
    loading = result.organic.sum(axis=1).max() / (float(data["equilibrium"]["capacity"].split()[0]) * 1000.0)
    assert 0.0 < loading < 1.0  # below the capacity (mol/m³), as the model demands
