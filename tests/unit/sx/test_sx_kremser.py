"""Single component, constant D, n extraction stages: the Kremser equation, exactly."""

from __future__ import annotations

import pytest

from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.unit


def _battery(stages: int, distribution: float, organic_l_min: float) -> dict[str, object]:
    return {
        "name": "Kremser check",
        "components": ["Nd"],
        "sections": {"extraction": stages},
        "feed": {"flow": "1 L/min", "concentration": {"Nd": "0.2 mol/L"}},
        "organic": {"flow": f"{organic_l_min} L/min"},
        "equilibrium": {"model": "constant_distribution", "D": {"Nd": distribution}},
    }


@pytest.mark.parametrize("stages", [1, 2, 5, 12, 30, 60])
@pytest.mark.parametrize(("distribution", "organic"), [(0.25, 2.0), (0.8, 2.0), (1.0, 2.0), (2.5, 2.0), (3.0, 0.5)])
def test_fraction_unextracted_matches_kremser(stages: int, distribution: float, organic: float) -> None:
    factor = distribution * organic  # E = D O / A with A = 1 L/min
    if factor == 1.0:
        expected = 1.0 / (stages + 1)
    else:
        expected = (factor - 1.0) / (factor ** (stages + 1) - 1.0)
    result = simulate(load_cascade(_battery(stages, distribution, organic)))
    assert result.split["Nd"] is not None
    assert result.split["Nd"]["raffinate"] == pytest.approx(expected, rel=1e-10, abs=0.0)
    assert result.split["Nd"]["loaded_organic"] == pytest.approx(1.0 - expected, rel=1e-10)
    assert result.balance_closure < 1e-12


def test_stage_profile_is_geometric_in_the_extraction_factor() -> None:
    """For a linear battery x_j - x_0 grows like E^j: x_j = x_0 (E^(j+1) - 1)/(E - 1)."""
    stages, distribution, organic = 8, 1.5, 2.0
    result = simulate(load_cascade(_battery(stages, distribution, organic)))
    factor = distribution * organic
    x = result.aqueous[:, 0]
    for j in range(stages):
        assert x[j] == pytest.approx(x[0] * (factor ** (j + 1) - 1.0) / (factor - 1.0), rel=1e-11)
    assert result.organic[:, 0] == pytest.approx(distribution * x, rel=1e-14)
