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
from reeflow.hydrogen.fit import INTERACTION_PENALTIES, PENALTIES, choose_penalty, fit_model, robust_ridge
from reeflow.hydrogen.model import FEATURES, T_REF, coefficients, feature_vector, predict
from reeflow.hydrogen.pct import plateau_pressure
from reeflow.hydrogen.training import (
    DS_BAND,
    between_source_scatter,
    measurements,
    training_rows,
)

pytestmark = pytest.mark.component


def test_shipped_coefficients_are_those_the_fit_script_writes() -> None:
    """Regenerate with ``python -m reeflow.hydrogen.fit`` when the data change."""
    shipped = coefficients()
    refit = fit_model(nested=False)
    assert shipped["features"] == list(FEATURES)
    assert set(refit["targets"]) == {"ln_p_ref", "dH_desorption", "dS_desorption", "h_per_m"}
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


def test_enthalpy_is_the_entropy_model_plus_the_plateau_model() -> None:
    """dH = T_ref (dS + R ln P) holds coefficient by coefficient (shipped derivation)."""
    targets = coefficients()["targets"]
    for feature in FEATURES:
        expected = T_REF * (targets["dS_desorption"]["coefficients"][feature]
                            + R * targets["ln_p_ref"]["coefficients"][feature])
        assert targets["dH_desorption"]["coefficients"][feature] == pytest.approx(expected, abs=0.05)


def test_ab3_a2b7_interaction_terms_leave_ab5_alloys_alone() -> None:
    """The AB3/A2B7 x A-site features are zero for AB5 and equal the A-site fractions otherwise."""
    names = [f for f in FEATURES if f.startswith("AB3/A2B7 x ")]
    index = [FEATURES.index(f) for f in names]
    assert names and all(f.removeprefix("AB3/A2B7 x ") in FEATURES for f in names)
    ab5 = feature_vector({"La": 0.5, "Ce": 0.5}, {"Ni": 5.0}, "AB5")
    assert np.all(ab5[index] == 0.0)
    a2b7 = feature_vector({"La": 0.5, "Ce": 0.5}, {"Ni": 3.5}, "A2B7")
    assert a2b7[FEATURES.index("AB3/A2B7 x A:Ce")] == a2b7[FEATURES.index("A:Ce")] == 0.5
    assert np.sum(a2b7[index]) == pytest.approx(0.5)


def test_robust_ridge_recovers_an_exact_linear_law_and_ignores_one_outlier() -> None:
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(40), np.zeros((40, 2)), rng.uniform(0.0, 1.0, (40, len(FEATURES) - 3))])
    beta = rng.normal(size=len(FEATURES))
    beta[1:3] = 0.0
    y = X @ beta
    assert robust_ridge(X, y, 1e-9) == pytest.approx(beta, abs=1e-5)
    y_bad = y.copy()
    y_bad[0] += 50.0  # one wild value: Huber weights keep the fit on the other 39 points
    fitted = robust_ridge(X, y_bad, 1e-9)
    assert np.max(np.abs(X[1:] @ fitted - y[1:])) < 0.5
    penalty, interaction_penalty = choose_penalty(X, y)
    assert penalty in PENALTIES and interaction_penalty in INTERACTION_PENALTIES


def test_training_rows_hold_one_value_per_publication() -> None:
    """The toolbox and HydPARK often compile the same paper: it counts once per composition."""
    lani5 = next(r for r in training_rows() if r.key == "La1Ni5")
    assert lani5.structure == "AB5"
    publications = [name.rsplit("(", 1)[1] for name in lani5.names]
    assert len(lani5.values["ln_p_ref"]) <= len(set(publications))
    assert lani5.targets["ln_p_ref"] == pytest.approx(float(np.median(lani5.values["ln_p_ref"])))
    assert abs(lani5.targets["ln_p_ref"] - math.log(1.75)) < 0.15  # about 1.7-1.8 atm at 25 degC


def test_mischmetal_is_its_own_a_site_element_in_the_training_data() -> None:
    """Mm lots are not stated in the sources: Mm is not expanded with an assumed composition."""
    rows = {r.key: r for r in training_rows()}
    assert rows["Mm1Ni5"].a_fractions == {"Mm": 1.0}
    assert "A:Mm" in FEATURES
    assert "Mm" not in parse_alloy("La0.28Ce0.5Nd0.16Pr0.06Ni5").a_site  # users write mischmetal out


def test_screen_removes_only_rows_meeting_its_stated_criteria() -> None:
    flagged = [m for m in measurements() if m.system_study or m.not_a_plateau]
    assert flagged and all(m.origin == "purdue" for m in flagged if m.system_study)
    screened = {r.key: r for r in training_rows(screened=True)}
    unscreened = {r.key: r for r in training_rows(screened=False)}
    assert set(screened) <= set(unscreened)
    dH_count = {name: sum(len(r.values.get("dH_desorption", [])) for r in rows.values())
                for name, rows in (("screened", screened), ("unscreened", unscreened))}
    assert dH_count["screened"] < dH_count["unscreened"]
    assert DS_BAND[0] < -108.2 < DS_BAND[1]  # LaNi5 (Lundin 1975) lies well inside the S3 band


def test_between_source_scatter_of_a_constructed_case() -> None:
    rows = training_rows()[:2]
    rows[0].values = {"ln_p_ref": [0.0, 2.0]}
    rows[1].values = {"ln_p_ref": [1.0]}
    scatter = between_source_scatter(rows, "ln_p_ref")
    assert scatter["pooled_sd"] == pytest.approx(math.sqrt(2.0))  # (1 + 1) / (2 - 1)
    assert scatter["floor_rmse_vs_median"] == pytest.approx(math.sqrt(2.0) * math.sqrt(0.75))
