"""Composition -> hydriding properties: a linear model fitted to the shipped data.

Model
-----
For a rare-earth alloy written per A-site atom, with A-site atom fractions y_i (La is the
reference; ``Mm``, mischmetal of unstated lot, is an A-site pseudo-element of the training data
only) and B-site atoms per A atom z_j (Ni is the reference), the desorption plateau at the
reference temperature T_ref = 298.15 K and the capacity are modelled as

    q = c_0 + c_struct + sum_i (a_i + s g_i) y_i + sum_j b_j z_j + sum_j d_j z_j**2 + e (B/A - r_struct)

for q in {ln(P_des(T_ref)/P0), H/M}, with c_struct an offset for AB3 and A2B7 (AB5 is the
reference), r_struct the nominal B/A ratio (5, 3, 3.5) and s = 1 for AB3 and A2B7, 0 for AB5:
g_i is the change of an A-site element's effect in the AB3 and A2B7 stacking structures (features
``AB3/A2B7 x A:...``; the data say it differs: Ce2Ni7 lies below La2Ni7, CeNi5 far above LaNi5),
penalised separately so that it stays near zero unless the AB3/A2B7 data require it. The
desorption entropy follows the same form without the quadratic and interaction terms, and the
enthalpy is

    dH_des = T_ref (dS_des + R ln(P_des(T_ref)/P0)),

so dH is linear in the same features too (its coefficients T_ref (c_dS + R c_lnP) are shipped).
The plateau model carries the composition dependence of dH; the entropy, mostly the entropy of
the H2 gas lost, varies little (its fitted penalty makes it nearly constant).

Why linear in the substitution amounts: for AB5 alloys ln P falls linearly with the unit-cell
volume V (Lundin, Lynch & Magee, J. Less-Common Met. 56 (1977) 19; fitted to Cuevas's data in
:func:`reeflow.hydrogen.fit.cell_volume_correlation`), and V obeys Vegard's law, linear in the
substituent amounts; the composition of the two is linear in y_i and z_j, with the electronic
effects of each substituent folded into its coefficient. The quadratic terms allow for the
curvature of long substitution series (LaNi5-xCox up to x = 5). The coefficients are fitted
offline by ``python -m reeflow.hydrogen.fit`` (Huber-weighted ridge regression, penalties chosen
by cross-validation) and shipped in ``data/hydrides/model_coefficients.yaml`` with their nested
leave-one-composition-out errors; nothing is refitted at run time.

For a structure type with fewer than three compositions of measured dH in the data (so far AB3
and A2B7), dS takes the median of the shipped records instead and dH = T_ref (dS + R ln P).
Slope, hysteresis and critical temperature take per-structure values (medians of the data, or
assumed values where the data give none; see the coefficients file).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from reeflow.data import load_yaml
from reeflow.hydrogen.composition import A_SITE, B_SITE, AlloyComposition
from reeflow.hydrogen.constants import GAS_CONSTANT as R

__all__ = [
    "FEATURES",
    "MODEL_A_SITE",
    "NOMINAL_RATIO",
    "T_REF",
    "Prediction",
    "coefficients",
    "feature_vector",
    "mischmetal_ln_p_rmse",
    "predict",
    "predict_targets",
]

#: Reference temperature of the predicted plateau, K.
T_REF = 298.15
#: Nominal B/A ratio of each structure type.
NOMINAL_RATIO = {"AB5": 5.0, "AB3": 3.0, "A2B7": 3.5}
_MIN_DH_SAMPLES = 3  # as reeflow.hydrogen.fit.MIN_DH_SAMPLES
#: A-site elements of the model: those of user formulas plus mischmetal ``Mm`` of unstated lot, a
#: pseudo-element of the database rows (users write mischmetal out, so they never set it).
MODEL_A_SITE: tuple[str, ...] = (*A_SITE, "Mm")
_A_TERMS = tuple(s for s in MODEL_A_SITE if s != "La")
_B_TERMS = tuple(s for s in B_SITE if s != "Ni")
#: Names of the model's features, in order.
FEATURES: tuple[str, ...] = (
    "intercept", "AB3", "A2B7",
    *(f"A:{s}" for s in _A_TERMS),
    *(f"B:{s}" for s in _B_TERMS),
    *(f"B2:{s}" for s in _B_TERMS),
    "B/A excess",
    *(f"AB3/A2B7 x A:{s}" for s in _A_TERMS),
)


def feature_vector(a_fractions: dict[str, float], b_per_a: dict[str, float], structure: str) -> np.ndarray:
    """Features of a composition (A-site fractions, B atoms per A atom, structure type)."""
    ratio = sum(b_per_a.values())
    values = [1.0, float(structure == "AB3"), float(structure == "A2B7")]
    values += [a_fractions.get(s, 0.0) for s in _A_TERMS]
    values += [b_per_a.get(s, 0.0) for s in _B_TERMS]
    values += [b_per_a.get(s, 0.0) ** 2 for s in _B_TERMS]
    values.append(ratio - NOMINAL_RATIO[structure])
    superlattice = float(structure != "AB5")
    values += [superlattice * a_fractions.get(s, 0.0) for s in _A_TERMS]
    return np.array(values, dtype=float)


@cache
def coefficients() -> dict[str, Any]:
    """The shipped model file ``data/hydrides/model_coefficients.yaml``."""
    table: dict[str, Any] = load_yaml("hydrides/model_coefficients.yaml")
    return table


@dataclass(frozen=True)
class Prediction:
    """Model prediction for one composition (desorption branch unless stated)."""

    ln_p_ref: float  #: ln(P_des/P0) at T_REF
    dH_desorption: float  #: J/mol H2
    dS_desorption: float  #: J/(mol H2 K)
    h_per_m: float  #: capacity, H atoms per metal atom
    hysteresis: float  #: ln(P_abs/P_des)
    slope: float  #: d ln P / d(H/M)
    critical_temperature: float  #: K
    ln_p_error: float  #: cross-validated RMS error of ln P for this structure type
    dH_error: float  #: cross-validated RMS error of dH for this structure type, J/mol H2
    temperature_range: tuple[float, float]  #: temperatures of the fitted data, K
    extrapolated: tuple[str, ...]  #: features outside the fitted range
    structure_samples: int  #: compositions of this structure type behind the ln P fit


@cache
def _coefficient_matrix() -> np.ndarray:
    targets = coefficients()["targets"]
    return np.array([[targets[name]["coefficients"][f] for f in FEATURES]
                     for name in ("ln_p_ref", "dH_desorption", "h_per_m")])


def predict_targets(a_fractions: dict[str, float], b_per_a: dict[str, float], structure: str) -> dict[str, float]:
    """Model ln(P_des/P0) at T_REF ('ln_p_ref'), dH_des in J/mol H2 ('dH_desorption') and H/M ('h_per_m')."""
    values = _coefficient_matrix() @ feature_vector(a_fractions, b_per_a, structure)
    return {"ln_p_ref": float(values[0]), "dH_desorption": float(values[1]), "h_per_m": float(values[2])}


def _cv_rmse(target: dict[str, Any], structure: str) -> float:
    """Cross-validated RMSE of a target for a structure type (all compositions if it has none)."""
    cv = target["cross_validation"]
    return float(cv["by_structure"].get(structure, cv["all"])["rmse"])


def mischmetal_ln_p_rmse() -> tuple[float, float]:
    """Cross-validated RMS errors of ln P: (training compositions with mischmetal ``Mm`` of unstated
    lot, AB5 compositions without it), from the shipped coefficients file."""
    cv = coefficients()["targets"]["ln_p_ref"]["cross_validation"]
    return float(cv["with Mm"]["rmse"]), float(cv["AB5 without Mm"]["rmse"])


def predict(alloy: AlloyComposition) -> Prediction:
    """Predict the hydriding properties of ``alloy`` from the shipped coefficients."""
    table = coefficients()
    x = feature_vector(alloy.a_fractions(), alloy.b_per_a(), alloy.structure)
    targets = table["targets"]
    values = predict_targets(alloy.a_fractions(), alloy.b_per_a(), alloy.structure)
    if int(table["training_counts"][alloy.structure]["dH_desorption"]) >= _MIN_DH_SAMPLES:
        dH = values["dH_desorption"]
        dS = dH / T_REF - R * values["ln_p_ref"]
    else:  # no dH data of this structure type: typical entropy, enthalpy from the plateau
        dS = float(table["typical_dS_desorption"]["value"])
        dH = T_REF * (dS + R * values["ln_p_ref"])
    per_structure = table["per_structure"][alloy.structure]
    ranges = table["feature_ranges"][alloy.structure]
    outside = tuple(
        name for name, value in zip(FEATURES, x, strict=True)
        if name in ranges and not ranges[name][0] - 1e-9 <= value <= ranges[name][1] + 1e-9
    )
    return Prediction(
        ln_p_ref=values["ln_p_ref"], dH_desorption=dH, dS_desorption=dS,
        h_per_m=min(max(values["h_per_m"], 0.3), 1.3),
        hysteresis=float(per_structure["hysteresis"]["value"]), slope=float(per_structure["slope"]["value"]),
        critical_temperature=float(per_structure["critical_temperature_K"]["value"]),
        ln_p_error=_cv_rmse(targets["ln_p_ref"], alloy.structure),
        dH_error=_cv_rmse(targets["dH_desorption"], alloy.structure),
        temperature_range=(float(table["temperature_range_K"][0]), float(table["temperature_range_K"][1])),
        extrapolated=outside,
        structure_samples=int(table["training_counts"][alloy.structure]["ln_p_ref"]),
    )
