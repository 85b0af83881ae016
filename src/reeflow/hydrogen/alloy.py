"""An alloy ready for calculation: shipped data where they exist, the composition model elsewhere.

:func:`resolve_alloy` takes a shipped alloy name (``LaNi5``, ``MmNi5``, ``La[1]Ni[4.7]Al[0.3]``)
or a formula (``LaNi4.7Al0.3``) and returns a :class:`HydrideAlloy`: its composition, molar
mass, PCT model and capacities, with every value's origin. Missing pieces are filled in order:

* desorption dH, dS: the record's values; with only measured plateau points (HydPARK rows without
  a heat of formation), dH from the composition model and dS from the points; else the model;
* absorption dH, dS: the record's values, else the desorption values shifted by the hysteresis,
  dS_abs = dS_des - R ln(P_abs/P_des), so that ln(P_abs/P_des) = hysteresis at every T;
* hysteresis, slope: the record's values, else per-structure values of the coefficients file;
* Lacher critical temperature: the record's value, else a per-structure assumed value;
* several plateaus (Purdue entries with lists of constants): one :class:`Plateau` per step, with
  shares of the capacity from the published plateau positions and T_c from their widths;
* capacity (H/M): the record's H per formula unit or wt%, else the composition model.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from math import log
from typing import Any

from reeflow.errors import DataError, InputError
from reeflow.hydrogen.composition import (
    AlloyComposition,
    expand_pseudo_elements,
    molar_mass,
    parse_alloy,
    parse_formula_atoms,
)
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.database import HydrideRecord, PlateauStep, find_record
from reeflow.hydrogen.model import Prediction, coefficients, predict
from reeflow.hydrogen.pct import PCTModel, Plateau
from reeflow.hydrogen.performance import electrochemical_capacity, h_per_formula_unit, wt_pct

__all__ = ["T_WIDTHS", "HydrideAlloy", "resolve_alloy"]

#: Temperature at which published plateau widths are taken to hold, K (assumed: room temperature).
T_WIDTHS = 298.15


@dataclass(frozen=True)
class HydrideAlloy:
    """An alloy with everything needed for PCT and performance calculations (SI units).

    ``predicted_fields`` names the values that come from the composition model rather than
    from shipped data; ``status`` maps the other values to measured/derived/assumed.
    """

    name: str
    formula: str
    structure: str
    atoms: dict[str, float]
    molar_mass: float  #: kg/kmol per formula unit
    metal_atoms: float  #: metal atoms per formula unit
    pct: PCTModel
    h_per_formula_unit: float  #: capacity, H atoms per formula unit
    temperature_range: tuple[float, float]  #: K, temperatures the values rest on
    predicted_fields: tuple[str, ...] = ()
    status: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    measured_capacity_mAh_per_g: float | None = None
    cycle_retention: tuple[int, float] | None = None
    prediction: Prediction | None = None
    plateau_points: tuple[tuple[float, float], ...] = ()  #: measured (T in K, P in Pa)

    @property
    def predicted(self) -> bool:
        """True when any thermodynamic or capacity value comes from the composition model."""
        return bool(self.predicted_fields)

    @property
    def capacity_h_per_m(self) -> float:
        """Capacity, H atoms per metal atom."""
        return self.h_per_formula_unit / self.metal_atoms

    @property
    def capacity_wt_pct(self) -> float:
        """Gravimetric capacity, mass % H of the hydride."""
        return wt_pct(self.h_per_formula_unit, self.molar_mass)

    @property
    def capacity_mAh_per_g(self) -> float:
        """Theoretical electrochemical capacity from the gas-phase capacity, mAh per g of alloy."""
        return electrochemical_capacity(self.h_per_formula_unit, self.molar_mass)


def _model_composition(atoms: dict[str, float], name: str) -> AlloyComposition | None:
    """The composition as the model sees it (``Mm`` kept: the model's own mischmetal term, as in its
    training), or None outside the model's elements."""
    text = "".join(f"{s}{n:.6g}" for s, n in atoms.items())
    try:
        return parse_alloy(text, field=name)
    except InputError:
        return None


def _single_plateau(
    rec: HydrideRecord,
    hysteresis: float,
    per_structure: dict[str, Any],
    status: dict[str, str],
    need: Callable[[str], Prediction],
) -> Plateau:
    """The one plateau of a record, completed by the model (``need``) and per-structure values."""
    if rec.dH_desorption is not None and rec.dS_desorption is not None:
        dH_des, dS_des = rec.dH_desorption, rec.dS_desorption
    elif rec.plateau_points:
        dH_des = need("desorption dH").dH_desorption
        dS_des = statistics.median(dH_des / T - R * log(P / P0) for T, P in rec.plateau_points)
        status["dS_desorption"] = "derived from the measured plateau points and the predicted dH"
    else:
        p = need("desorption dH and dS")
        dH_des, dS_des = p.dH_desorption, p.dS_desorption
    if rec.dH_absorption is not None and rec.dS_absorption is not None:
        dH_abs, dS_abs = rec.dH_absorption, rec.dS_absorption
    else:
        dH_abs, dS_abs = dH_des, dS_des - R * hysteresis
    slope = rec.slope if rec.slope is not None else float(per_structure["slope"]["value"])
    status.setdefault("slope", per_structure["slope"]["status"])
    if rec.critical_temperature is not None:
        t_c = rec.critical_temperature
    else:
        t_c = float(per_structure["critical_temperature_K"]["value"])
        status["critical_temperature"] = "assumed"
    return Plateau(dH_abs, dS_abs, dH_des, dS_des, 1.0, slope, t_c)


def _plateaus_from_steps(steps: tuple[PlateauStep, ...], hysteresis: float) -> tuple[Plateau, ...]:
    """Plateaus of a multi-plateau record: shares from the published positions, T_c from the widths.

    Step k gets the share of the capacity between the midpoints of the gaps that separate its
    plateau (centre c_k, width w_k, fractions of capacity) from its neighbours; its Lacher T_c is
    the one whose plateau covers w_k of that share at T_WIDTHS (the plateau widths are taken to be
    those at room temperature, an assumption: the sources do not say).
    """
    bounds = [0.0]
    for left, right in zip(steps[:-1], steps[1:], strict=True):
        bounds.append(0.5 * ((left.centre + left.width / 2) + (right.centre - right.width / 2)))
    bounds.append(1.0)
    shares = [max(hi - lo, 1e-3) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    total = sum(shares)
    plateaus = []
    for step, share in zip(steps, shares, strict=True):
        theta_a = max(0.5 * (1.0 - min(step.width / share, 0.98)), 0.01)
        a = log(theta_a / (1.0 - theta_a)) / (theta_a - 0.5)
        plateaus.append(Plateau(step.dH_desorption, step.dS_desorption - R * hysteresis, step.dH_desorption,
                                step.dS_desorption, share / total, step.slope, a * T_WIDTHS / 4.0))
    return tuple(plateaus)


def resolve_alloy(name: str) -> HydrideAlloy:
    """The alloy named ``name`` (shipped name or formula) with its PCT model and capacities.

    Raises
    ------
    InputError
        ``name`` is neither shipped nor a valid rare-earth AB5/AB3/A2B7 formula.
    DataError
        A shipped alloy without van 't Hoff data whose elements are outside the model.
    """
    record = find_record(name)
    if record is None:
        composition = parse_alloy(name)
        atoms = dict(composition.atoms)
        model_input: AlloyComposition | None = composition
    else:
        written = parse_formula_atoms(record.formula)
        atoms = expand_pseudo_elements(written)
        model_input = _model_composition(written, name)
    metal_atoms = sum(atoms.values())
    predicted: list[str] = []
    prediction = predict(model_input) if model_input is not None else None

    def need(label: str) -> Prediction:
        if prediction is None:
            raise DataError(
                f"alloy {name!r}: the shipped data give no {label} and its elements "
                f"({', '.join(atoms)}) are outside the composition model"
            )
        predicted.append(label)
        return prediction

    rec = record or HydrideRecord(name=name, formula=name, structure=model_input.structure,  # type: ignore[union-attr]
                                  origin="formula")
    status = dict(rec.status)
    per_structure = coefficients()["per_structure"][rec.structure]
    hysteresis = rec.hysteresis if rec.hysteresis is not None else float(per_structure["hysteresis"]["value"])
    status.setdefault("hysteresis", per_structure["hysteresis"]["status"])
    if rec.steps:
        plateaus = _plateaus_from_steps(rec.steps, hysteresis)
        status["critical_temperature"] = "derived from the published plateau widths (assumed to hold at 298 K)"
    else:
        plateaus = (_single_plateau(rec, hysteresis, per_structure, status, need),)
    mass = molar_mass(atoms)
    if rec.h_per_formula_unit is not None:
        h_fu = rec.h_per_formula_unit
    elif rec.wt_pct is not None:
        h_fu = h_per_formula_unit(rec.wt_pct, mass)
    else:
        h_fu = need("capacity").h_per_m * metal_atoms
    if rec.temperature_range is not None:
        t_range = rec.temperature_range
    else:
        low, high = coefficients()["temperature_range_K"]
        t_range = (float(low), float(high))
    return HydrideAlloy(
        name=rec.name, formula=rec.formula, structure=rec.structure, atoms=atoms, molar_mass=mass,
        metal_atoms=metal_atoms, pct=PCTModel(h_fu / metal_atoms, plateaus), h_per_formula_unit=h_fu,
        temperature_range=t_range, predicted_fields=tuple(predicted), status=status, sources=rec.sources,
        measured_capacity_mAh_per_g=rec.capacity_mAh_per_g, cycle_retention=rec.cycle_retention,
        prediction=prediction, plateau_points=rec.plateau_points,
    )

