"""The composition model: shipped coefficients, resolution of alloys, inverse design."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reeflow.errors import DataError, InputError
from reeflow.hydrogen.alloy import resolve_alloy
from reeflow.hydrogen.composition import parse_alloy
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.design import design_alloys, predicted_ln_pressure
from reeflow.hydrogen.fit import fit_model
from reeflow.hydrogen.model import FEATURES, T_REF, coefficients, predict
from reeflow.hydrogen.pct import plateau_pressure

pytestmark = pytest.mark.component


def test_shipped_coefficients_are_those_the_fit_script_writes() -> None:
    """Regenerate with ``python -m reeflow.hydrogen.fit`` when the data change."""
    shipped = coefficients()
    refit = fit_model()
    assert shipped["features"] == list(FEATURES)
    for target, entry in refit["targets"].items():
        for feature, value in entry["coefficients"].items():
            assert shipped["targets"][target]["coefficients"][feature] == pytest.approx(value, abs=1e-5), (target, feature)


def test_prediction_is_consistent_with_van_t_hoff() -> None:
    p = predict(parse_alloy("LaNi4.8Al0.2"))
    assert p.dS_desorption == pytest.approx(p.dH_desorption / T_REF - R * p.ln_p_ref, rel=1e-12)
    assert p.dH_desorption < 0.0
    assert 0.3 <= p.h_per_m <= 1.3


def test_a_formula_not_shipped_is_predicted() -> None:
    alloy = resolve_alloy("La0.9Ce0.1Ni4.6Mn0.2Al0.2")
    assert alloy.predicted
    assert "desorption dH and dS" in alloy.predicted_fields
    expected = P0 * math.exp(predicted_ln_pressure("La0.9Ce0.1Ni4.6Mn0.2Al0.2", 310.0))
    assert plateau_pressure(alloy.pct, 310.0) == pytest.approx(expected, rel=1e-9)


def test_a_shipped_alloy_uses_its_data() -> None:
    alloy = resolve_alloy("MmNi5")
    assert not alloy.predicted
    assert alloy.pct.plateaus[0].dH_desorption == -21100.0
    assert alloy.status["dH_desorption"] == "measured"


def test_absorption_branch_carries_the_hysteresis() -> None:
    alloy = resolve_alloy("MmNi5")  # hysteresis 1.65 (Sandrock 1999), no absorption constants
    ratio = plateau_pressure(alloy.pct, 300.0, "absorption") / plateau_pressure(alloy.pct, 300.0, "desorption")
    assert math.log(ratio) == pytest.approx(1.65, rel=1e-9)


def test_bad_formulas_and_shipped_alloys_without_usable_data_are_refused() -> None:
    with pytest.raises(InputError):
        resolve_alloy("LaNi9")
    with pytest.raises(DataError) as info:
        resolve_alloy("GdNi5")  # HydPARK gives plateau points but no dH, and Gd is outside the model
    assert "outside the composition model" in str(info.value)


def test_design_candidates_meet_the_target_within_the_validity_range() -> None:
    target, T = 1.0e5, 313.15
    candidates = design_alloys(target, T)
    assert candidates
    ranges = coefficients()["feature_ranges"]["AB5"]
    for c in candidates:
        assert abs(predicted_ln_pressure(c.formula, T) - math.log(target / P0)) <= 0.05
        alloy = parse_alloy(c.formula)
        assert alloy.structure == "AB5"
        for symbol, amount in alloy.b_per_a().items():
            if symbol != "Ni":
                assert amount <= ranges[f"B:{symbol}"][1] + 1e-3
    capacities = [c.capacity_wt_pct for c in candidates]
    assert capacities == sorted(capacities, reverse=True)
    assert np.isfinite(candidates[0].plateau_Pa)


def test_design_refuses_unknown_structures() -> None:
    with pytest.raises(InputError):
        design_alloys(1e5, 300.0, structure="AB2")


def test_design_reaches_full_a_site_substitution_and_reports_unreachable_targets() -> None:
    high = design_alloys(30e5, 298.15)  # 30 bar at 25 degC: Ce-rich compositions
    assert all(abs(c.plateau_Pa / 30e5 - 1.0) < 0.06 for c in high)
    assert design_alloys(1000e5, 298.15) == []  # beyond every family within the validity ranges
