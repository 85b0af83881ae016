"""Inverse design: compositions whose desorption plateau hits a target pressure at a temperature.

Method
------
The composition model (:mod:`.model`) gives, for a composition with features x,

    ln(P_des(T)/P0) = q_P(x) + (q_H(x) / R) (1/T - 1/T_ref),

with q_P the predicted ln P at T_ref = 298.15 K and q_H the predicted dH. For each candidate
family (a base alloy with one A-site and/or one B-site substituent, e.g. La1-yCeyNi5-xAlx), the
substitution amounts are found by bounded least squares (``scipy.optimize.minimize``, L-BFGS-B)
of (ln P(T) - ln P_target)^2 plus a small penalty on the amounts (so that the least substitution
that meets the target is preferred), with bounds equal to the range of that substituent in the
fitted data (the model's validity range). Mg joins the A-site substituents of AB3 and A2B7
(La-Mg-Ni superlattice alloys). Each best (rounded) composition is then evaluated exactly as
``reeflow hydride pct`` evaluates it (:func:`reeflow.hydrogen.alloy.resolve_alloy`: shipped data
where the composition is shipped, else the model), so a candidate fed back to ``hydride pct``
gives the same plateau; candidates missing the target by more than 0.05 in ln P are dropped and
the rest are ranked by capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

import numpy as np

from reeflow.errors import InputError
from reeflow.hydrogen.alloy import resolve_alloy
from reeflow.hydrogen.composition import parse_alloy
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.model import NOMINAL_RATIO, T_REF, coefficients, predict, predict_targets
from reeflow.hydrogen.pct import plateau_pressure

__all__ = ["DesignCandidate", "design_alloys", "predicted_ln_pressure"]

_A_SUBSTITUENTS = ("Ce", "Pr", "Nd", "Y", "Sm")
_A_SUBSTITUENTS_SUPERLATTICE = (*_A_SUBSTITUENTS, "Mg")  # AB3 and A2B7: La-Mg-Ni alloys
_B_SUBSTITUENTS = ("Al", "Mn", "Co", "Sn", "Fe", "Cu")
_PENALTY = 1e-4
_SMALLEST = 0.01  # substitution amounts below this are dropped from the reported formula
_TOLERANCE = 0.05  # largest |ln P - ln P_target| of an accepted candidate (after rounding the formula)


@dataclass(frozen=True)
class DesignCandidate:
    """A composition meeting the target (desorption branch, at the design temperature)."""

    formula: str
    structure: str
    plateau_Pa: float
    dH_desorption: float  #: J/mol H2
    capacity_wt_pct: float
    capacity_mAh_per_g: float
    ln_p_error: float  #: model's cross-validated RMS error of ln P
    predicted: bool = True  #: False when the composition is shipped with all its values

    def to_dict(self) -> dict[str, float | str | bool]:
        """Plain dictionary with unit-suffixed keys."""
        return {"formula": self.formula, "structure": self.structure, "plateau_desorption_Pa": self.plateau_Pa,
                "delta_H_desorption_J_per_mol_H2": self.dH_desorption, "capacity_wt_pct": self.capacity_wt_pct,
                "capacity_mAh_per_g": self.capacity_mAh_per_g, "ln_p_cv_rmse": self.ln_p_error,
                "predicted": self.predicted}


def _formula(base: str, a_sub: str | None, y: float, b_sub: str | None, x: float, ratio: float) -> str:
    if not a_sub or y < _SMALLEST:
        a_part = base
    elif y > 1.0 - _SMALLEST:
        a_part = a_sub
    else:
        a_part = f"{base}{1.0 - y:.3g}{a_sub}{y:.3g}"
    b_part = f"Ni{ratio - x:.4g}{b_sub}{x:.3g}" if b_sub and x >= _SMALLEST else f"Ni{ratio:g}"
    return a_part + b_part


def predicted_ln_pressure(formula: str, temperature: float) -> float:
    """Model ln(P_des/P0) of ``formula`` at ``temperature`` (K)."""
    p = predict(parse_alloy(formula))
    return p.ln_p_ref + p.dH_desorption / R * (1.0 / temperature - 1.0 / T_REF)


def design_alloys(
    target_pressure: float,
    temperature: float,
    structure: str = "AB5",
    base: str = "La",
    max_candidates: int = 8,
) -> list[DesignCandidate]:
    """Candidate compositions with desorption plateau ``target_pressure`` (Pa) at ``temperature`` (K).

    Families: ``base``-Ni with one B-site substituent, one A-site substituent, or one of each,
    at the nominal B/A ratio of ``structure`` (any letter case). Raises :class:`InputError` for a
    structure that is not AB5/AB3/A2B7 or a non-positive pressure.
    """
    from scipy.optimize import minimize

    structure = structure.strip().upper()
    if structure not in NOMINAL_RATIO:
        raise InputError(f"structure: {structure!r} is not one of {', '.join(NOMINAL_RATIO)}")
    if not target_pressure > 0.0:
        raise InputError(f"target pressure: {target_pressure!r} Pa must be > 0")
    ratio = NOMINAL_RATIO[structure]
    target = log(target_pressure / P0)
    ranges = coefficients()["feature_ranges"][structure]
    a_subs = _A_SUBSTITUENTS if structure == "AB5" else _A_SUBSTITUENTS_SUPERLATTICE
    families = [(a, b) for a in (None, *a_subs) for b in (None, *_B_SUBSTITUENTS) if (a, b) != (None, None)]
    candidates: dict[str, DesignCandidate] = {}
    for a_sub, b_sub in families:
        y_max = float(ranges[f"A:{a_sub}"][1]) if a_sub else 0.0
        x_max = min(float(ranges[f"B:{b_sub}"][1]), ratio - 1.0) if b_sub else 0.0
        if (a_sub and y_max <= 0.0) or (b_sub and x_max <= 0.0):
            continue

        def objective(v: np.ndarray, a_sub: str | None = a_sub, b_sub: str | None = b_sub) -> float:
            a_frac = {base: 1.0 - v[0], **({a_sub: v[0]} if a_sub else {})}
            b_per_a = {"Ni": ratio - v[1], **({b_sub: v[1]} if b_sub else {})}
            q = predict_targets(a_frac, b_per_a, structure)
            miss = q["ln_p_ref"] + q["dH_desorption"] / R * (1.0 / temperature - 1.0 / T_REF) - target
            return float(miss * miss + _PENALTY * (v[0] + v[1]))

        start = np.array([y_max / 2.0, x_max / 2.0])
        result = minimize(objective, start, method="L-BFGS-B", bounds=[(0.0, y_max), (0.0, x_max)])
        formula = _formula(base, a_sub, float(result.x[0]), b_sub, float(result.x[1]), ratio)
        composition = parse_alloy(formula)
        key = ",".join(f"{symbol}{amount:.2f}" for symbol, amount in sorted(composition.per_a_atom().items()))
        if key in candidates:
            continue
        alloy = resolve_alloy(formula)  # as `hydride pct` sees it: shipped data first, else the model
        pressure = plateau_pressure(alloy.pct, temperature, "desorption")
        if abs(log(pressure) - log(target_pressure)) > _TOLERANCE:
            continue
        candidates[key] = DesignCandidate(
            formula, alloy.structure, pressure, alloy.pct.plateaus[0].dH_desorption, alloy.capacity_wt_pct,
            alloy.capacity_mAh_per_g, predict(composition).ln_p_error, alloy.predicted,
        )
    ranked = sorted(candidates.values(), key=lambda c: -c.capacity_wt_pct)
    return ranked[:max_candidates]
