"""The capacity is the maximum H content: isotherms end at it and the content never exceeds it,
for one plateau or several, sloped or flat, below or above the critical temperature."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.pct import PCTModel, Plateau, h_per_m_at, isotherm, pressure_at

pytestmark = pytest.mark.unit


def _model(capacity: float, slope: float, tc: float, shares: tuple[float, ...] = (1.0,)) -> PCTModel:
    steps = tuple(Plateau(-30000.0 - 4000.0 * k, -105.0 - R * 0.2, -30000.0 - 4000.0 * k, -105.0, share, slope, tc)
                  for k, share in enumerate(shares))
    return PCTModel(capacity, steps)


@settings(max_examples=40, deadline=None)
@given(
    capacity=st.floats(min_value=0.2, max_value=1.3),
    slope=st.floats(min_value=0.0, max_value=2.0),
    tc=st.floats(min_value=250.0, max_value=600.0),
    T=st.floats(min_value=250.0, max_value=450.0),
    two_steps=st.booleans(),
)
def test_isotherm_ends_at_the_capacity_and_never_exceeds_it(
    capacity: float, slope: float, tc: float, T: float, two_steps: bool
) -> None:
    model = _model(capacity, slope, tc, (0.4, 0.6) if two_steps else (1.0,))
    for branch in ("absorption", "desorption"):
        x, p = isotherm(model, T, branch, 300)
        assert x.max() == pytest.approx(capacity, rel=1e-9)
        assert np.all(np.diff(x) >= 0.0) and np.all(np.diff(p) >= 0.0)
        assert np.all(np.isfinite(p)) and np.all(p > 0.0)
        high = h_per_m_at(model, T, np.array([p[-1], 10.0 * p[-1], 1e3 * p[-1]]), branch)
        np.testing.assert_allclose(high, capacity, rtol=1e-6)


def test_pressure_at_the_capacity_is_the_isotherms_last_point() -> None:
    model = _model(1.0, 0.13, 450.0)
    x, p = isotherm(model, 298.15, "desorption", 100)
    assert pressure_at(model, 298.15, np.array([1.0]), "desorption")[0] == pytest.approx(p[-1], rel=1e-9)
    assert model.site_capacity == pytest.approx(1.0 / 0.995)
    assert p[-1] > 10.0 * P0  # the top of the beta branch lies far above the plateau
