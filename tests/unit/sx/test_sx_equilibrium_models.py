"""Equilibrium models: values against their defining equations, analytic Jacobians against differences."""

from __future__ import annotations

import numpy as np
import pytest

from reeflow.unitops.sx import CompetitiveLangmuir, ConstantDistribution, MassAction

pytestmark = pytest.mark.unit

RNG = np.random.default_rng(7)


def _finite_difference(function, z: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Central differences of ``function(z)`` (N, M) → (N, M, M), relative step."""
    jac = np.zeros(z.shape + (z.shape[1],))
    for k in range(z.shape[1]):
        h = 1e-6 * z[:, k]
        up, down = z.copy(), z.copy()
        up[:, k] += h
        down[:, k] -= h
        jac[:, :, k] = (function(up) - function(down)) / (2 * h[:, None])
    return jac


def test_constant_distribution_is_linear() -> None:
    model = ConstantDistribution(("La", "Ce"), np.array([0.4, 2.2]))
    x = RNG.uniform(1, 500, (6, 2))
    y, dydx = model.distribution(x)
    np.testing.assert_allclose(y, x * [0.4, 2.2], rtol=1e-15)
    np.testing.assert_allclose(dydx[3], np.diag([0.4, 2.2]))


def test_langmuir_separation_factor_and_saturation() -> None:
    model = CompetitiveLangmuir(("La", "Ce", "Pr"), 180.0, np.array([2e-3, 11e-3, 20e-3]))
    x = RNG.uniform(1, 800, (10, 3))
    y, _ = model.distribution(x)
    ratio = (y[:, 1] / x[:, 1]) / (y[:, 0] / x[:, 0])
    np.testing.assert_allclose(ratio, 5.5, rtol=1e-13)
    assert np.all(y.sum(axis=1) < 180.0)
    y_conc, _ = model.distribution(np.array([1e7, 1e7, 1e7]))
    assert y_conc.sum() == pytest.approx(180.0, rel=1e-5)
    y_dilute, _ = model.distribution(np.array([1e-9, 1e-9, 1e-9]))
    np.testing.assert_allclose(y_dilute / 1e-9, 180.0 * model.K, rtol=1e-9)


def test_langmuir_jacobian_matches_differences() -> None:
    model = CompetitiveLangmuir(("La", "Ce", "Pr", "Nd"), 150.0, np.array([2e-3, 11e-3, 20e-3, 30e-3]))
    x = RNG.uniform(1, 800, (5, 4))
    _, dydx = model.distribution(x)
    np.testing.assert_allclose(dydx, _finite_difference(lambda z: model.distribution(z)[0], x), rtol=1e-6, atol=1e-12)


def test_mass_action_follows_its_law_and_jacobian() -> None:
    model = MassAction(("La", "Ce"), np.array([0.02, 0.1]), extractant=1000.0, saponification=0.2)
    z = np.column_stack([RNG.uniform(1, 400, 5), RNG.uniform(1, 400, 5), RNG.uniform(10, 900, 5)])
    aqueous, organic, d_aqueous, d_organic = model.phase_contents(z)
    e = model.free_extractant(z[:, :2], z[:, 2])
    y = organic[:, :2]
    np.testing.assert_allclose(y * z[:, 2:3] ** 3 / (z[:, :2] * e[:, None] ** 3), [[0.02, 0.1]] * 5, rtol=1e-12)
    np.testing.assert_allclose(e + 3 * y.sum(axis=1), 500.0, rtol=1e-13)  # extractant balance, T = 500
    np.testing.assert_allclose(organic[:, 2], 2 * e + 3 * y.sum(axis=1), rtol=1e-13)  # organic protons
    assert d_aqueous is None
    np.testing.assert_allclose(aqueous, z)
    np.testing.assert_allclose(d_organic, _finite_difference(lambda s: model.phase_contents(s)[1], z), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("loading", [1e-12, 1e-3, 1.0, 1e3, 1e9])
def test_free_extractant_root_over_the_whole_range(loading: float) -> None:
    model = MassAction(("Nd",), np.array([0.05]), extractant=1500.0)
    h = np.array([10.0])
    e = model.free_extractant(np.array([[loading]]), h)
    residual = e + 3 * 0.05 * loading * e**3 / h**3 - 750.0
    assert 0 < e[0] <= 750.0
    assert abs(residual[0]) < 1e-10 * 750.0


def test_mass_action_fresh_organic_carries_fewer_protons_when_saponified() -> None:
    model = MassAction(("Nd",), np.array([0.05]), extractant=1500.0, saponification=0.36)
    inlet = model.organic_inlet(np.array([0.0]))
    assert inlet[1] == pytest.approx(2 * 750.0 * 0.64)
    assert model.state_size == 2
