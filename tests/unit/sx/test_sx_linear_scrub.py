"""Extraction + scrubbing (+ stripping) with constant D against an independent dense linear solve.

The reference builds the full system in both phases' unknowns (x and y of every stage, with
y = D x as separate equations), stage by stage from the flow sheet, and solves it with
numpy.linalg.solve — a different formulation from the engine's banded Newton.
"""

from __future__ import annotations

import numpy as np
import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.uom import to_si

pytestmark = pytest.mark.unit

L_MIN = to_si("1 L/min", "m**3/s")
MOL_PER_L = to_si("1 mol/L", "mol/m**3")


def _reference(n: int, m: int, k: int, feed_stage: int, d: float, d_strip: float, flows: dict[str, float],
               feed: float, scrub: float, strip: float) -> tuple[np.ndarray, np.ndarray]:
    """Dense solve; flows in L/min, concentrations in mol/L. Returns (x, y) per stage 1..N."""
    total = n + m + k
    size = 2 * total
    a = np.zeros((size, size))
    b = np.zeros(size)
    xi = lambda j: j - 1  # noqa: E731 - x of stage j (1-based)
    yi = lambda j: total + j - 1  # noqa: E731
    for j in range(1, total + 1):
        row = j - 1
        in_main = j <= n + m
        if in_main:
            aq_out = flows["scrub"] + (flows["feed"] if j <= feed_stage else 0.0)
        else:
            aq_out = flows["strip"]
        a[row, xi(j)] += aq_out
        a[row, yi(j)] += flows["organic"]
        if j > 1:
            a[row, yi(j - 1)] -= flows["organic"]
        last_of_section = j == n + m or j == total
        if not last_of_section:
            upper_out = flows["scrub"] + (flows["feed"] if j + 1 <= feed_stage else 0.0) if in_main else flows["strip"]
            a[row, xi(j + 1)] -= upper_out
        if j == feed_stage:
            b[row] += flows["feed"] * feed
        if j == n + m:
            b[row] += flows["scrub"] * scrub
        if j == total and k:
            b[row] += flows["strip"] * strip
        eq = total + j - 1
        a[eq, yi(j)] = 1.0
        a[eq, xi(j)] = -(d if in_main else d_strip)
    solution = np.linalg.solve(a, b)
    return solution[:total], solution[total:]


@pytest.mark.parametrize(
    ("n", "m", "k", "feed_stage"),
    [(6, 4, 0, 6), (10, 10, 0, 10), (5, 7, 0, 3), (8, 6, 4, 8), (3, 0, 2, 3)],
)
def test_profiles_match_dense_linear_solve(n: int, m: int, k: int, feed_stage: int) -> None:
    flows = {"feed": 1.0, "organic": 2.5, "scrub": 0.4, "strip": 0.7}
    feed, scrub, strip = 0.6, 0.05, 0.01
    d, d_strip = 0.9, 0.08
    data: dict[str, object] = {
        "name": "dense check",
        "components": ["Ce"],
        "sections": {"extraction": n, "scrubbing": m, "stripping": k},
        "feed": {"flow": f"{flows['feed']} L/min", "concentration": {"Ce": f"{feed} mol/L"}, "stage": feed_stage},
        "organic": {"flow": f"{flows['organic']} L/min"},
        "scrub": {"flow": f"{flows['scrub']} L/min", "concentration": {"Ce": f"{scrub} mol/L"}},
        "equilibrium": {"model": "constant_distribution", "D": {"Ce": d}},
    }
    if k:
        data["strip"] = {
            "flow": f"{flows['strip']} L/min",
            "concentration": {"Ce": f"{strip} mol/L"},
            "equilibrium": {"model": "constant_distribution", "D": {"Ce": d_strip}},
        }
    result = simulate(load_cascade(data))
    x_ref, y_ref = _reference(n, m, k, feed_stage, d, d_strip, flows, feed, scrub, strip if k else 0.0)
    np.testing.assert_allclose(result.aqueous[:, 0], x_ref * MOL_PER_L, rtol=1e-11)
    np.testing.assert_allclose(result.organic[:, 0], y_ref * MOL_PER_L, rtol=1e-11)
    assert result.outlet_flows["raffinate"][0] == pytest.approx((flows["feed"] + flows["scrub"]) * L_MIN * x_ref[0] * MOL_PER_L, rel=1e-11)


def test_two_components_are_independent_with_constant_d() -> None:
    base = {
        "name": "independence",
        "sections": {"extraction": 7, "scrubbing": 5},
        "organic": {"flow": "3 L/min"},
        "scrub": {"flow": "0.5 L/min"},
    }
    both = load_cascade(base | {
        "components": ["La", "Ce"],
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.4 mol/L", "Ce": "0.6 mol/L"}},
        "equilibrium": {"model": "constant_distribution", "D": {"La": 0.3, "Ce": 1.7}},
    })
    only_ce = load_cascade(base | {
        "components": ["Ce"],
        "feed": {"flow": "1 L/min", "concentration": {"Ce": "0.6 mol/L"}},
        "equilibrium": {"model": "constant_distribution", "D": {"Ce": 1.7}},
    })
    np.testing.assert_allclose(simulate(both).aqueous[:, 1], simulate(only_ce).aqueous[:, 0], rtol=1e-12)
