"""Capacities, cycle life, heat duty and bed sizing against their defining equations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reeflow.errors import InputError
from reeflow.hydrogen.composition import atomic_weight
from reeflow.hydrogen.constants import FARADAY, P0
from reeflow.hydrogen.pct import PCTModel, Plateau, h_per_m_at
from reeflow.hydrogen.performance import (
    capacity_retention,
    electrochemical_capacity,
    fit_fade_rate,
    h_per_formula_unit,
    heat_duty,
    reversible_capacity,
    size_bed,
    wt_pct,
)

pytestmark = pytest.mark.unit
M_H = atomic_weight("H")


def test_wt_pct_is_hydrogen_mass_over_hydride_mass() -> None:
    assert wt_pct(6.0, 432.37) == pytest.approx(100 * 6 * M_H / (432.37 + 6 * M_H), rel=1e-12)


def test_wt_pct_and_h_per_formula_unit_are_inverse() -> None:
    for n in (0.5, 6.0, 13.1):
        assert h_per_formula_unit(wt_pct(n, 931.1), 931.1) == pytest.approx(n, rel=1e-12)


def test_electrochemical_capacity_is_n_f_over_3_6_m() -> None:
    assert electrochemical_capacity(6.0, 432.37) == pytest.approx(6.0 * FARADAY / (3.6 * 432.37), rel=1e-12)


def test_fade_rate_of_one_point_is_exact_and_of_several_is_least_squares() -> None:
    k = fit_fade_rate([400], [0.563])
    assert capacity_retention(400, k) == pytest.approx(0.563, rel=1e-12)
    cycles = np.array([100.0, 200.0, 400.0])
    assert fit_fade_rate(cycles, np.exp(-2e-3 * cycles)) == pytest.approx(2e-3, rel=1e-12)
    with pytest.raises(InputError):
        fit_fade_rate([100], [1.5])


def test_heat_duty_is_enthalpy_times_molar_rate() -> None:
    # 1 g/s of H2 is 1/(2 M_H) mol/s
    assert heat_duty(-30000.0, 1e-3) == pytest.approx(30000.0 / (2 * M_H), rel=1e-12)


def _model() -> PCTModel:
    return PCTModel(1.0, (Plateau(-30800.0, -109.3, -30800.0, -108.2, 1.0, 0.13, 450.0),))


def test_reversible_capacity_is_the_difference_of_the_branches() -> None:
    model = _model()
    expected = h_per_m_at(model, 298.15, np.array([10 * P0]), "absorption")[0] - h_per_m_at(
        model, 298.15, np.array([0.5 * P0]), "desorption")[0]
    assert reversible_capacity(model, 298.15, 10 * P0, 0.5 * P0) == pytest.approx(expected, rel=1e-12)
    assert 0.7 < expected < 1.0
    with pytest.raises(InputError):
        reversible_capacity(model, 298.15, 1e5, 2e5)


def test_bed_holds_the_requested_hydrogen() -> None:
    model = _model()
    bed = size_bed(model, 6.0, 432.37, 1.0, 298.15, 10 * P0, 0.5 * P0, alloy_density=8300.0)
    held = bed.alloy_mass * bed.reversible_h_per_m * 6.0 * M_H / 432.37
    assert held == pytest.approx(1.0, rel=1e-12)
    assert bed.bed_volume == pytest.approx(bed.alloy_mass / (8300.0 * 0.5), rel=1e-12)
    assert bed.heat_per_fill == pytest.approx(30800.0 * 1.0 / (2 * M_H) * 1000.0, rel=1e-12)
    assert math.isclose(bed.to_dict()["alloy_mass_kg"], bed.alloy_mass)
    with pytest.raises(InputError):
        size_bed(model, 6.0, 432.37, 1.0, 298.15, 1.01 * P0, 1.0 * P0 * 0.999, alloy_density=8300.0)
