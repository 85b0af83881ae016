"""Property tests: saturated competitive-Langmuir splits near their minimum flows converge.

The hard regime of the solver: a binary split (separation factor 1.3–10) whose organic phase is
loaded close to its capacity (capacity 1.0–1.1, or in the extreme set 1.0–1.15, times the metal
Xu's theory says it must carry), with reflux just above Xu's minimum and scrub liquor either a
solution of the extractable component or metal-free. Two sets:

- saturated: K·c of the feed 1–100, 3–60 stages per section, reflux 1.02–1.3× the minimum;
- extreme: K·c 1–1000, 3–150 stages per section, reflux 1.01–1.3× (issue 4: saturated 150-stage
  cascades whose profiles span more than ten orders of magnitude; about one such case in a hundred
  failed before the solver's stage sequencing).

Every case must converge from a cold start with all stage residuals below 1e-12, the component
balances closed to 1e-9, every concentration positive and the organic below its capacity.
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


def saturated_splits(
    *, max_stages: int, max_log10_kc: float, max_capacity_excess: float, min_reflux: float, max_log10_loss: float
) -> st.SearchStrategy[dict[str, Any]]:
    """Cascade mappings of binary saturated splits in the given regime."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        beta = draw(st.floats(1.3, 10.0))
        f_a = draw(st.floats(0.15, 0.85))
        purity = 1.0 - 10.0 ** draw(st.floats(-5.0, max_log10_loss))
        capacity = draw(st.floats(0.05, 0.4))  # mol/L
        total = draw(st.floats(0.1, 2.0))  # feed metal, mol/L
        k_b = 10.0 ** draw(st.floats(0.0, max_log10_kc)) / total  # L/mol
        s_min, _ = minimum_extraction_amount(beta, f_a, purity, purity)
        product_a, _ = product_fractions(f_a, purity, purity)
        s = draw(st.floats(min_reflux, 1.3)) * s_min  # extraction amount, mol per mol of feed metal
        organic = s * total * draw(st.floats(1.0, max_capacity_excess)) / capacity  # L/min for 1 L/min feed
        scrub_metal = (s - product_a) * total  # mol/min carried back by the scrub liquor
        if draw(st.booleans()):
            c_scrub = draw(st.floats(0.3, 2.0))
            scrub: dict[str, Any] = {"flow": f"{scrub_metal / c_scrub} L/min",
                                     "concentration": {"A": f"{c_scrub} mol/L"}}
        else:
            scrub = {"flow": f"{scrub_metal / total} L/min"}
        return {
            "name": "saturated split near minimum flows",
            "components": ["B", "A"],
            "sections": {"extraction": draw(st.integers(3, max_stages)),
                         "scrubbing": draw(st.integers(3, max_stages))},
            "feed": {"flow": "1 L/min",
                     "concentration": {"B": f"{total * (1 - f_a)} mol/L", "A": f"{total * f_a} mol/L"}},
            "organic": {"flow": f"{organic} L/min"},
            "scrub": scrub,
            "equilibrium": {
                "model": "competitive_langmuir",
                "capacity": f"{capacity} mol/L",
                "K": {"B": f"{k_b} L/mol", "A": f"{k_b * beta} L/mol"},
            },
        }

    return build()


def check_converged(data: dict[str, Any]) -> None:
    cascade = load_cascade(data)
    result = simulate(cascade)
    assert result.residual < 1e-12
    assert result.balance_closure <= 1e-9
    assert np.all(result.aqueous > 0) and np.all(result.organic > 0)
    np.testing.assert_allclose(sum(result.outlet_flows.values()), cascade.total_input(), rtol=1e-9)
    loading = result.organic.sum(axis=1).max() / (float(data["equilibrium"]["capacity"].split()[0]) * 1000.0)
    assert 0.0 < loading < 1.0  # below the capacity (mol/m³), as the model demands


@settings(max_examples=40, deadline=None)
@given(data=saturated_splits(max_stages=60, max_log10_kc=2.0, max_capacity_excess=1.1, min_reflux=1.02,
                             max_log10_loss=-2.0))
def test_saturated_near_minimum_cascades_converge_from_cold_start(data: dict[str, Any]) -> None:
    check_converged(data)


@settings(max_examples=40, deadline=None)
@given(data=saturated_splits(max_stages=150, max_log10_kc=3.0, max_capacity_excess=1.15, min_reflux=1.01,
                             max_log10_loss=-2.0))
def test_extremely_saturated_long_cascades_converge_from_cold_start(data: dict[str, Any]) -> None:
    check_converged(data)
