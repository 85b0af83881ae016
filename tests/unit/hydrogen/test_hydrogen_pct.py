"""PCT model: van 't Hoff law, Lacher phase limits, continuity, monotonicity, inverses."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.pct import (
    PCTModel,
    Plateau,
    alpha_limit,
    h_per_m_at,
    isotherm,
    plateau_pressure,
    pressure_at,
    van_t_hoff_pressure,
)

pytestmark = pytest.mark.unit


def single(slope: float = 0.2, hysteresis: float = 0.15, tc: float = 450.0, capacity: float = 1.0) -> PCTModel:
    return PCTModel(capacity, (Plateau(-30000.0, -105.0 - R * hysteresis, -30000.0, -105.0, 1.0, slope, tc),))


def test_van_t_hoff_is_the_exact_exponential() -> None:
    T = np.array([273.15, 298.15, 350.0])
    expected = P0 * np.exp(-30000.0 / (R * T) + 105.0 / R)
    np.testing.assert_allclose(van_t_hoff_pressure(-30000.0, -105.0, T), expected, rtol=1e-14)


def test_mid_plateau_pressure_is_the_van_t_hoff_pressure() -> None:
    model = single()
    x = np.array([0.5 * model.site_capacity])  # half the Lacher sites filled
    assert pressure_at(model, 300.0, x)[0] == pytest.approx(plateau_pressure(model, 300.0), rel=1e-12)


def test_hysteresis_is_the_ratio_of_branch_pressures() -> None:
    model = single(hysteresis=0.3)
    ratio = plateau_pressure(model, 320.0, "absorption") / plateau_pressure(model, 320.0, "desorption")
    assert math.log(ratio) == pytest.approx(0.3, rel=1e-12)


@pytest.mark.parametrize("T", [250.0, 298.15, 400.0])
def test_alpha_limit_is_the_common_tangent_of_the_lacher_model(T: float) -> None:
    tc = 450.0
    theta = float(alpha_limit(T, tc))
    a = 4.0 * tc / T
    assert 0.0 < theta < 0.5
    assert math.log(theta / (1.0 - theta)) - a * (theta - 0.5) == pytest.approx(0.0, abs=1e-10)


def test_no_miscibility_gap_above_the_critical_temperature() -> None:
    assert float(alpha_limit(460.0, 450.0)) == 0.5
    assert float(alpha_limit(300.0, 450.0)) < float(alpha_limit(400.0, 450.0)) < 0.5


def test_isotherm_is_continuous_at_the_phase_limits() -> None:
    model = single(slope=0.4)
    t_a = float(alpha_limit(298.15, 450.0))
    eps = 1e-7
    x = np.array([t_a - eps, t_a + eps, 1 - t_a - eps, 1 - t_a + eps])
    p = pressure_at(model, 298.15, x)
    assert p[1] / p[0] == pytest.approx(1.0, abs=1e-5)
    assert p[3] / p[2] == pytest.approx(1.0, abs=1e-5)


def test_plateau_slope_is_the_given_slope() -> None:
    model = single(slope=0.5)
    x = np.array([0.4, 0.6])
    p = pressure_at(model, 298.15, x)
    assert math.log(p[1] / p[0]) == pytest.approx(0.5 * 0.2, rel=1e-10)


@settings(max_examples=50, deadline=None)
@given(
    slope=st.floats(min_value=0.0, max_value=2.0),
    hysteresis=st.floats(min_value=0.0, max_value=1.0),
    tc=st.floats(min_value=250.0, max_value=600.0),
    T=st.floats(min_value=250.0, max_value=450.0),
    capacity=st.floats(min_value=0.3, max_value=1.3),
)
def test_isotherms_rise_monotonically_and_invert(
    slope: float, hysteresis: float, tc: float, T: float, capacity: float
) -> None:
    model = single(slope, hysteresis, tc, capacity)
    for branch in ("absorption", "desorption"):
        x, p = isotherm(model, T, branch, 400)
        assert np.all(np.diff(p) >= 0.0)
        back = h_per_m_at(model, T, p, branch)
        lnp = np.log(p)  # skip points of a flat plateau, where H/M is not a function of P
        mask = (np.diff(lnp, prepend=-np.inf) > 1e-9) & (np.diff(lnp, append=np.inf) > 1e-9)
        np.testing.assert_allclose(back[mask], x[mask], atol=1e-5 * capacity)
    xa, pa = isotherm(model, T, "absorption", 50)
    xd, pd = isotherm(model, T, "desorption", 50)
    assert np.all(pa >= pd)


def test_two_plateaus_fill_in_order_and_stay_monotonic() -> None:
    low = Plateau(-35000.0, -110.0, -35000.0, -110.0, 0.4, 0.0, 450.0)
    high = Plateau(-25000.0, -105.0, -25000.0, -105.0, 0.6, 0.2, 450.0)
    model = PCTModel(1.0, (low, high))
    x, p = isotherm(model, 298.15, "desorption", 1000)
    assert np.all(np.diff(p) >= -1e-9 * p[:-1])
    assert x[0] < 0.01
    p_low, p_high = plateau_pressure(model, 298.15, step=0), plateau_pressure(model, 298.15, step=1)
    on_low = (p > 0.9 * p_low) & (p < 1.1 * p_low)
    on_high = (p > 0.9 * p_high) & (p < 1.1 * p_high)
    assert x[on_low].max() < x[on_high].min()
    np.testing.assert_allclose(pressure_at(model, 298.15, np.array([0.2])), [p_low], rtol=0.05)


def test_bad_models_and_inputs_are_refused() -> None:
    plateau = Plateau(-30000.0, -105.0, -30000.0, -105.0, 0.5)
    with pytest.raises(InputError):
        PCTModel(1.0, (plateau,))
    with pytest.raises(InputError):
        PCTModel(0.0, (Plateau(-30000.0, -105.0, -30000.0, -105.0),))
    with pytest.raises(InputError):
        pressure_at(single(), 300.0, np.array([1.2]))
    with pytest.raises(InputError):
        plateau_pressure(single(), 300.0, "charging")  # type: ignore[arg-type]
