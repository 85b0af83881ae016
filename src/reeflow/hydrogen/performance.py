"""Performance figures of hydrogen-storage alloys: capacities, cycle life, heat duty, bed sizing.

Equations
---------
Gravimetric capacity of an alloy of molar mass M (kg/kmol) holding n_H H atoms per formula unit:

    wt% = 100 m_H / (m_alloy + m_H) = 100 n_H M_H / (M + n_H M_H).

Electrochemical (theoretical) capacity, one electron per H atom:

    C [mAh/g] = n_H F / (3.6 M),   3.6 C per mAh.

Reversible capacity between a charging pressure P_high (absorption branch) and a discharging
pressure P_low (desorption branch) at temperature T: x_abs(P_high, T) - x_des(P_low, T) in H/M,
from :func:`reeflow.hydrogen.pct.h_per_m_at`.

Cycle life: first-order capacity fade C_N / C_0 = exp(-k N); k is fitted to published retention
points by least squares on ln(retention) through the origin (exact for a single point).

Heat: absorbing or desorbing H2 at a molar rate n' (mol/s) exchanges the power |dH| n' (W) with
the bed (released on absorption, taken up on desorption), dH in J/mol H2.

Bed sizing: the alloy mass storing m_H2 reversibly is m_H2 / w_rev with w_rev the reversible
mass fraction of H in the alloy (kg H per kg metal); its volume is mass / (packing fraction x
alloy density).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import exp

import numpy as np
from numpy.typing import ArrayLike

from reeflow.errors import InputError
from reeflow.hydrogen.composition import atomic_weight
from reeflow.hydrogen.constants import FARADAY
from reeflow.hydrogen.pct import PCTModel, h_per_m_at
from reeflow.uom import conversion_factor

__all__ = [
    "BedDesign",
    "capacity_retention",
    "electrochemical_capacity",
    "fit_fade_rate",
    "h_per_formula_unit",
    "heat_duty",
    "reversible_capacity",
    "size_bed",
    "wt_pct",
]


@cache
def _hydrogen_molar_mass() -> float:
    return atomic_weight("H")


def wt_pct(h_per_fu: float, alloy_molar_mass: float) -> float:
    """Gravimetric capacity, mass % H of the hydride, for ``h_per_fu`` H atoms per formula unit.

    ``alloy_molar_mass`` in kg/kmol. LaNi5H6: ``wt_pct(6, 432.4)`` is 1.38.
    """
    m_h = h_per_fu * _hydrogen_molar_mass()
    return 100.0 * m_h / (alloy_molar_mass + m_h)


def h_per_formula_unit(wt_percent: float, alloy_molar_mass: float) -> float:
    """H atoms per formula unit of a hydride with ``wt_percent`` mass % H (inverse of :func:`wt_pct`)."""
    if not 0.0 < wt_percent < 100.0:
        raise InputError(f"wt_pct: {wt_percent!r} must lie in (0, 100)")
    w = wt_percent / 100.0
    return w * alloy_molar_mass / ((1.0 - w) * _hydrogen_molar_mass())


def electrochemical_capacity(h_per_fu: float, alloy_molar_mass: float) -> float:
    """Theoretical discharge capacity in mAh per g of alloy: n_H F / (3.6 M), M in kg/kmol (= g/mol)."""
    coulomb_per_mAh = conversion_factor("mA*h", "C")
    return h_per_fu * FARADAY / (coulomb_per_mAh * alloy_molar_mass)


def reversible_capacity(model: PCTModel, temperature: float, p_high: float, p_low: float) -> float:
    """Reversible H/M between charging at ``p_high`` and discharging to ``p_low`` (Pa) at ``temperature`` (K)."""
    if not p_high > p_low > 0.0:
        raise InputError(f"pressures: need p_high > p_low > 0 Pa, got p_high={p_high!r}, p_low={p_low!r}")
    loaded = float(h_per_m_at(model, temperature, np.array([p_high]), "absorption")[0])
    left = float(h_per_m_at(model, temperature, np.array([p_low]), "desorption")[0])
    return max(loaded - left, 0.0)


def fit_fade_rate(cycles: ArrayLike, retention: ArrayLike) -> float:
    """First-order fade constant k (per cycle) fitted to retention points C_N/C_0 after N cycles."""
    n = np.asarray(cycles, dtype=float)
    r = np.asarray(retention, dtype=float)
    if n.size == 0 or n.shape != r.shape or np.any(n <= 0) or np.any((r <= 0) | (r > 1)):
        raise InputError("retention data: need matching cycles > 0 and retentions in (0, 1]")
    return float(-np.sum(n * np.log(r)) / np.sum(n * n))


def capacity_retention(cycles: float, fade_rate: float) -> float:
    """Fraction of the initial capacity left after ``cycles`` cycles, exp(-k N)."""
    return exp(-fade_rate * cycles)


def heat_duty(dH: float, h2_mass_rate: float) -> float:
    """Heat (W) to remove while absorbing, or supply while desorbing, ``h2_mass_rate`` kg/s of H2.

    ``dH`` is the formation enthalpy of the branch in J/mol H2 (negative).
    """
    molar_rate = h2_mass_rate / (2.0 * _hydrogen_molar_mass()) * conversion_factor("kmol", "mol")
    return abs(dH) * molar_rate


@dataclass(frozen=True)
class BedDesign:
    """A storage bed sized for a reversible H2 inventory (SI units)."""

    h2_mass: float  #: kg H2 stored reversibly
    reversible_h_per_m: float  #: H/M cycled between the pressure limits
    reversible_wt_pct: float  #: reversible mass % H (of the hydride)
    alloy_mass: float  #: kg of alloy
    bed_volume: float  #: m3 of packed bed
    heat_per_fill: float  #: J released by one complete fill (absorption branch)

    def to_dict(self) -> dict[str, float]:
        """Plain dictionary with unit-suffixed keys."""
        return {"h2_mass_kg": self.h2_mass, "reversible_h_per_m": self.reversible_h_per_m,
                "reversible_wt_pct": self.reversible_wt_pct, "alloy_mass_kg": self.alloy_mass,
                "bed_volume_m3": self.bed_volume, "heat_per_fill_J": self.heat_per_fill}


def size_bed(
    model: PCTModel,
    metal_atoms: float,
    alloy_molar_mass: float,
    h2_mass: float,
    temperature: float,
    p_high: float,
    p_low: float,
    alloy_density: float,
    packing_fraction: float = 0.5,
) -> BedDesign:
    """Alloy mass and bed volume storing ``h2_mass`` kg H2 between ``p_high`` and ``p_low`` (Pa).

    Parameters
    ----------
    model : PCTModel
        The alloy's isotherms.
    metal_atoms, alloy_molar_mass : float
        Metal atoms and molar mass (kg/kmol) per formula unit.
    h2_mass : float
        Reversible H2 inventory, kg.
    temperature : float
        Operating temperature, K.
    p_high, p_low : float
        Charging and discharging pressures, Pa.
    alloy_density : float
        Density of the alloy, kg/m3.
    packing_fraction : float
        Solid volume fraction of the powder bed (0.5 by default: powder beds pack at about
        40-60 % and need room for the ~20 % lattice expansion on hydriding).
    """
    if not h2_mass > 0.0 or not alloy_density > 0.0 or not 0.0 < packing_fraction <= 1.0:
        raise InputError("bed: need h2_mass > 0 kg, alloy_density > 0 kg/m3 and 0 < packing_fraction <= 1")
    delta_x = reversible_capacity(model, temperature, p_high, p_low)
    if delta_x <= 0.0:
        raise InputError(
            f"bed: the alloy cycles no hydrogen between {p_low:g} and {p_high:g} Pa at {temperature:g} K; "
            "widen the pressure window or change the temperature"
        )
    h_fu = delta_x * metal_atoms
    mass_fraction = h_fu * _hydrogen_molar_mass() / alloy_molar_mass  # kg H per kg alloy
    alloy_mass = h2_mass / mass_fraction
    dH_abs = sum(step.share * step.dH_absorption for step in model.plateaus)
    heat = abs(dH_abs) * h2_mass / (2.0 * _hydrogen_molar_mass()) * conversion_factor("kmol", "mol")
    return BedDesign(h2_mass, delta_x, wt_pct(h_fu, alloy_molar_mass), alloy_mass,
                     alloy_mass / (alloy_density * packing_fraction), heat)

