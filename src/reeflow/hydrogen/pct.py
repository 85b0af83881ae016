"""Pressure-composition-temperature (PCT) isotherms of metal hydrides.

Model
-----
Each plateau (a hydride-forming step) follows van 't Hoff's law for its mid-plateau pressure,

    ln(P_plat / P0) = dH / (R T) - dS / R,          P0 = 101325 Pa,

with dH < 0 and dS < 0 the formation enthalpy and entropy per mol H2, given separately for the
absorption and desorption branches (hysteresis: ln(P_abs/P_des) = Δ(dH)/(RT) - Δ(dS)/R).

Within a step holding the share ``c`` of the capacity (H/M), the fraction of its sites filled,
theta, obeys Lacher's regular-solution (quasi-chemical) isotherm (Lacher, Proc. R. Soc. A 161
(1937) 525), written symmetric about theta = 1/2:

    ln(P / P_plat) = 2 g(theta),    g(theta) = ln(theta / (1 - theta)) - a (theta - 1/2),
    a = 4 T_c / T,

where T_c is the critical temperature of the step. Below T_c the curve is not monotonic; the
equal-area (Maxwell) construction puts the two-phase plateau at g = 0 between the alpha-phase
limit theta_a (the non-trivial root of g = 0 below 1/2) and the beta-phase limit 1 - theta_a.
The plateau is given a slope s = d ln P / d(H/M), centred on P_plat; the alpha and beta
solid-solution branches are shifted by -/+ s c (1/2 - theta_a) so the isotherm is continuous.
Above T_c the step has no plateau and ln P = ln P_plat + 2 g(theta) is monotonic.

Several steps (multiple plateaus, e.g. superlattice A2B7 alloys) fill in parallel: at a given
pressure the H content is the sum over steps of c_k theta_k(P), which is continuous and monotonic.

Capacity: theta -> 1 only as P -> infinity, so the alloy's stated capacity (its maximum H
content, e.g. 1.0 H/M for LaNi5H6) is taken as the content at the top of the modelled isotherm,
where 99.5 % of the Lacher sites are filled. The sites therefore number capacity / 0.995
(:attr:`PCTModel.site_capacity`), the isotherms span 0.5 % to 99.5 % of them (their last point
lies exactly at the capacity) and the H content is capped at the capacity above that pressure.

Assumptions: ideal-gas H2 (fugacity = pressure, adequate below ~10 MPa near room temperature);
temperature-independent dH and dS; symmetric miscibility gap (the same T_c describes both
boundaries); slope and hysteresis independent of temperature.

Functions take temperature in K and return pressure in Pa; H content is H atoms per metal atom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reeflow.errors import InputError
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0

__all__ = [
    "P0",
    "Branch",
    "PCTModel",
    "Plateau",
    "alpha_limit",
    "h_per_m_at",
    "isotherm",
    "plateau_pressure",
    "pressure_at",
    "van_t_hoff_pressure",
]

Branch = Literal["absorption", "desorption"]
FloatArray = NDArray[np.float64]

_THETA_EDGE = 0.005  # isotherms span theta = 0.005 ... 0.995 of each step
_NEWTON_STEPS = 30


@dataclass(frozen=True)
class Plateau:
    """One hydride-forming step.

    Attributes
    ----------
    dH_absorption, dH_desorption : float
        Formation enthalpy, J/mol H2 (negative).
    dS_absorption, dS_desorption : float
        Formation entropy, J/(mol H2 K) (negative), reference P0 = 101325 Pa.
    share : float
        Fraction of the alloy's capacity held by this step (0 < share <= 1).
    slope : float
        Plateau slope d ln P / d(H/M) (>= 0).
    critical_temperature : float
        Lacher critical temperature T_c, K.
    """

    dH_absorption: float
    dS_absorption: float
    dH_desorption: float
    dS_desorption: float
    share: float = 1.0
    slope: float = 0.0
    critical_temperature: float = 450.0

    def constants(self, branch: Branch) -> tuple[float, float]:
        """(dH, dS) of ``branch``."""
        if branch == "absorption":
            return self.dH_absorption, self.dS_absorption
        if branch == "desorption":
            return self.dH_desorption, self.dS_desorption
        raise InputError(f"branch: {branch!r} is not 'absorption' or 'desorption'")


@dataclass(frozen=True)
class PCTModel:
    """An alloy's PCT model: its capacity (H/M) and its plateau steps, lowest pressure first."""

    capacity: float
    plateaus: tuple[Plateau, ...]

    @property
    def site_capacity(self) -> float:
        """H/M of the Lacher sites: the capacity is reached when 99.5 % of them are filled."""
        return self.capacity / (1.0 - _THETA_EDGE)

    def __post_init__(self) -> None:
        if not self.capacity > 0.0:
            raise InputError(f"capacity: {self.capacity!r} H/M must be > 0")
        if not self.plateaus:
            raise InputError("plateaus: a PCT model needs at least one plateau")
        total = sum(p.share for p in self.plateaus)
        if abs(total - 1.0) > 1e-6:
            raise InputError(f"plateaus: shares add up to {total:g}, expected 1")


def van_t_hoff_pressure(dH: float, dS: float, temperature: ArrayLike) -> FloatArray:
    """Plateau pressure in Pa from ln(P/P0) = dH/(R T) - dS/R (dH in J/mol H2, dS in J/(mol H2 K))."""
    T = np.asarray(temperature, dtype=float)
    return np.asarray(P0 * np.exp(dH / (R * T) - dS / R), dtype=float)


def plateau_pressure(model: PCTModel, temperature: float, branch: Branch = "desorption", step: int = 0) -> float:
    """Mid-plateau pressure of plateau ``step`` on ``branch`` at ``temperature`` (K), Pa."""
    dH, dS = model.plateaus[step].constants(branch)
    return float(van_t_hoff_pressure(dH, dS, temperature))


def alpha_limit(temperature: ArrayLike, critical_temperature: float) -> FloatArray:
    """Alpha-phase limit theta_a of the symmetric Lacher model (1/2 at and above T_c).

    Solves ln(theta/(1-theta)) = a (theta - 1/2), a = 4 T_c / T, for its root below 1/2 by
    Newton's method on u = ln(theta/(1-theta)).
    """
    a = 4.0 * critical_temperature / np.asarray(temperature, dtype=float)
    u = -a / 2.0
    for _ in range(40):
        s = 1.0 / (1.0 + np.exp(-u))
        f = u - a * (s - 0.5)
        u = u - f / (1.0 - a * s * (1.0 - s))
    theta = 1.0 / (1.0 + np.exp(-u))
    return np.asarray(np.where(a > 4.0, np.minimum(theta, 0.5), 0.5), dtype=float)


def _g(theta: FloatArray, a: float) -> FloatArray:
    return np.asarray(np.log(theta / (1.0 - theta)) - a * (theta - 0.5), dtype=float)


def _step_ln_p(step: Plateau, width: float, theta: FloatArray, temperature: float, branch: Branch) -> FloatArray:
    """ln(P/P0) of one step at site fractions ``theta`` (Lacher branches + sloping plateau)."""
    dH, dS = step.constants(branch)
    ln_plat = dH / (R * temperature) - dS / R
    a = 4.0 * step.critical_temperature / temperature
    t_a = float(alpha_limit(temperature, step.critical_temperature))
    half = step.slope * width * (0.5 - t_a)
    on_plateau = ln_plat + step.slope * width * (theta - 0.5)
    g = _g(np.clip(theta, 1e-12, 1.0 - 1e-12), a)
    beta_or_plateau = np.where(theta > 1.0 - t_a, ln_plat + half + 2.0 * g, on_plateau)
    lnp = np.where(theta < t_a, ln_plat - half + 2.0 * g, beta_or_plateau)
    return np.asarray(lnp, dtype=float)


def _alpha_branch_theta(target: FloatArray, a: float, theta_a: float) -> FloatArray:
    """theta below theta_a with g(theta) = target (target <= 0), vectorised Newton on the logit."""
    u_max = np.log(theta_a / (1.0 - theta_a)) if theta_a < 0.5 else np.inf
    u = np.minimum(target - a / 2.0, u_max)
    for iteration in range(_NEWTON_STEPS):
        s = 1.0 / (1.0 + np.exp(-u))
        f = u - a * (s - 0.5) - target
        slope = np.maximum(1.0 - a * s * (1.0 - s), 1e-9)
        u = np.minimum(u - f / slope, u_max)
        if iteration % 4 == 3 and np.max(np.abs(f), initial=0.0) < 1e-13:
            break
    return np.asarray(1.0 / (1.0 + np.exp(-u)), dtype=float)


def _step_theta(step: Plateau, width: float, ln_p: FloatArray, temperature: float, branch: Branch) -> FloatArray:
    """Site fraction of one step at ln(P/P0) values ``ln_p`` (inverse of :func:`_step_ln_p`)."""
    dH, dS = step.constants(branch)
    y = ln_p - (dH / (R * temperature) - dS / R)
    a = 4.0 * step.critical_temperature / temperature
    t_a = float(alpha_limit(temperature, step.critical_temperature))
    half = step.slope * width * (0.5 - t_a)
    low = _alpha_branch_theta(np.minimum((y + half) / 2.0, 0.0), a, t_a)
    high = 1.0 - _alpha_branch_theta(np.minimum(-(y - half) / 2.0, 0.0), a, t_a)
    if step.slope * width > 1e-12:
        middle = np.clip(0.5 + y / (step.slope * width), t_a, 1.0 - t_a)
    else:
        middle = np.full_like(y, 0.5)
    theta = np.where(y < -half, low, np.where(y > half, high, middle))
    return np.asarray(theta, dtype=float)


def h_per_m_at(model: PCTModel, temperature: float, pressure: ArrayLike, branch: Branch = "desorption") -> FloatArray:
    """Equilibrium H content (H atoms per metal atom) at ``pressure`` (Pa) and ``temperature`` (K)."""
    ln_p = np.log(np.asarray(pressure, dtype=float) / P0)
    total = np.zeros_like(ln_p)
    for step in model.plateaus:
        total = total + _step_content(model, step, ln_p, temperature, branch)
    return total


def _step_content(model: PCTModel, step: Plateau, ln_p: FloatArray, temperature: float, branch: Branch) -> FloatArray:
    """H/M held by one step at ln(P/P0) values ``ln_p``, capped at 99.5 % of its sites."""
    width = step.share * model.site_capacity
    return width * np.minimum(_step_theta(step, width, ln_p, temperature, branch), 1.0 - _THETA_EDGE)


def isotherm(
    model: PCTModel, temperature: float, branch: Branch = "desorption", points: int = 1000
) -> tuple[FloatArray, FloatArray]:
    """An isotherm of ``points`` points evenly spaced in H/M: (H/M, P in Pa).

    The curve spans 0.5 % to 99.5 % of each step's sites, so that its last point lies at the
    capacity. A single-plateau model is evaluated directly; several plateaus are filled in
    parallel (:func:`h_per_m_at`) and resampled in H/M.
    """
    if points < 2:
        raise InputError(f"points: {points!r} must be >= 2")
    if len(model.plateaus) == 1:
        theta = np.linspace(_THETA_EDGE, 1.0 - _THETA_EDGE, points)
        x = model.site_capacity * theta
        x[-1] = model.capacity  # exact, free of rounding
        return x, P0 * np.exp(_step_ln_p(model.plateaus[0], model.site_capacity, theta, temperature, branch))
    samples = _multi_step_samples(model, temperature, branch)
    x_grid = np.linspace(samples[0][0], samples[0][-1], points)
    return x_grid, P0 * np.exp(np.interp(x_grid, samples[0], samples[1]))


def _multi_step_samples(model: PCTModel, temperature: float, branch: Branch) -> tuple[FloatArray, FloatArray]:
    """Monotonic (H/M, ln P) samples of a multi-plateau isotherm, including every plateau edge."""
    edges: list[float] = []
    ends: list[float] = []
    for step in model.plateaus:
        width = step.share * model.site_capacity
        theta = np.array([_THETA_EDGE, 1.0 - _THETA_EDGE])
        ends.extend(_step_ln_p(step, width, theta, temperature, branch).tolist())
        t_a = float(alpha_limit(temperature, step.critical_temperature))
        edges.extend(_step_ln_p(step, width, np.array([t_a, 1.0 - t_a]), temperature, branch).tolist())
    ln_p = np.unique(np.concatenate([np.linspace(min(ends), max(ends), 250), np.array(edges)]))
    x = h_per_m_at(model, temperature, P0 * np.exp(ln_p), branch)
    # a flat plateau is a vertical step in x(ln P): add its two ends explicitly
    extra_x: list[float] = []
    extra_p: list[float] = []
    for step in model.plateaus:
        if step.slope == 0.0:
            width = step.share * model.site_capacity
            t_a = float(alpha_limit(temperature, step.critical_temperature))
            level = _step_ln_p(step, width, np.array([0.5]), temperature, branch)
            others = sum(float(_step_content(model, other, level, temperature, branch)[0])
                         for other in model.plateaus if other is not step)  # at this plateau's pressure
            edge = max(t_a, _THETA_EDGE)  # the isotherm spans 0.5-99.5 % of the sites (h_per_m_at)
            extra_x.extend([others + width * edge, others + width * (1.0 - edge)])
            extra_p.extend([float(level[0]), float(level[0])])
    xs = np.concatenate([x, np.array(extra_x)])
    ps = np.concatenate([ln_p, np.array(extra_p)])
    order = np.lexsort((xs, ps))
    return np.maximum.accumulate(xs[order]), ps[order]


def pressure_at(model: PCTModel, temperature: float, h_per_m: ArrayLike, branch: Branch = "desorption") -> FloatArray:
    """Equilibrium pressure (Pa) at H content ``h_per_m`` (H/M) and ``temperature`` (K)."""
    x = np.asarray(h_per_m, dtype=float)
    if np.any((x <= 0.0) | (x > model.capacity)):
        raise InputError(f"h_per_m: values must lie in (0, {model.capacity:g}] H/M, the alloy's capacity")
    if len(model.plateaus) == 1:
        sites = model.site_capacity
        return P0 * np.exp(_step_ln_p(model.plateaus[0], sites, x / sites, temperature, branch))
    xs, ps = _multi_step_samples(model, temperature, branch)
    return np.asarray(P0 * np.exp(np.interp(x, xs, ps)), dtype=float)
