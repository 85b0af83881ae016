"""Optimisation under uncertainty: decisions that minimise a statistic subject to constraints.

Problem
-------
Find decisions x (scenario values between their bounds) that minimise (or maximise) a statistic
S₀ (mean, sd, pNN, …) of one output over the Monte-Carlo samples, subject to constraints
``min_i ≤ S_i(x) ≤ max_i`` on statistics of outputs::

    minimise  s · S₀(x) / |S₀(x₀)|     over x in [low, high]
    subject to (S_i(x) − min_i) / |min_i| ≥ 0,   (max_i − S_i(x)) / |max_i| ≥ 0

with s = +1 to minimise and −1 to maximise, x₀ the scenario's own values (clipped into the
bounds), and scales of 1 where a limit or S₀(x₀) is 0. Every decision point is evaluated on the
same samples of the uncertain inputs (common random numbers), so S(x) is a deterministic function
of x and differences between points are not blurred by sampling noise.

Method
------
COBYLA (Powell 1994; scipy's implementation from PRIMA, Zhang 2023): a derivative-free trust-region
method that models the objective and constraints by linear interpolation on a simplex. It is
chosen because (i) each point costs a full set of scenario solves, and COBYLA needs few points for
a handful of decisions (typically 10-40 for one or two); (ii) it handles inequality constraints
directly, without a penalty weight to tune; (iii) the statistics are continuous but not smooth
in x (percentiles, reactions limited by a reagent), which rules out gradient methods. Decisions
are scaled to [0, 1]; ``initial_step`` is the first trust-region radius and ``tolerance`` the last
(so the optimum is located to about ``tolerance`` × (high − low)), ``max_evaluations`` the budget.

The answer is the best evaluated point that meets every constraint to within 1e-6 (scaled), not
COBYLA's last iterate, which may lie just outside. A point where every sample fails is given a
poor objective and violated constraints so that the search moves away from it.

Limits: COBYLA finds a local optimum; with several decisions and a multi-modal response, start it
from other scenario values or narrow the bounds. Decisions are continuous (stage counts and other
integers are not supported). The statistic's own sampling error (e.g. of p10 with 50 samples) is
not part of the constraint: re-run the optimum with more samples to check it.

References
----------
Powell, M. J. D. (1994). A direct search optimization method that models the objective and
constraint functions by linear interpolation. In Advances in Optimization and Numerical Analysis,
51-67. https://doi.org/10.1007/978-94-015-8330-5_4

Zhang, Z. (2023). PRIMA: reference implementation for Powell's methods with modernization and
amelioration. https://www.libprima.net

Homem-de-Mello, T., Bayraksan, G. (2014). Monte Carlo sampling-based methods for stochastic
optimization. Surveys in Operations Research and Management Science 19(1), 56-85.
https://doi.org/10.1016/j.sorms.2014.05.001
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from reeflow.studies.inputs import ResolvedValue
from reeflow.studies.spec import Constraint, Objective, OptimiserSpec
from reeflow.studies.statistics import statistic

__all__ = ["FEASIBILITY_TOLERANCE", "OptimisationOutcome", "optimise"]

#: Largest scaled constraint violation still counted as feasible.
FEASIBILITY_TOLERANCE = 1e-6

#: Scaled objective given to a point where every sample failed (objective values are about ±1).
_FAILED_OBJECTIVE = 10.0


@dataclass
class OptimisationOutcome:
    """The optimum found (or the least infeasible point), with the search's history.

    ``decisions`` maps decision paths to values (their units), ``constraints`` maps
    ``"<statistic>(<output>)"`` to its value, ``history`` lists every point evaluated.
    """

    feasible: bool
    decisions: dict[str, float]
    objective: float
    constraints: dict[str, float]
    iterations: int
    evaluations: int
    message: str
    history: list[dict[str, Any]] = field(default_factory=list)
    diagnosis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "feasible": self.feasible, "decisions": self.decisions, "objective": self.objective,
            "constraints": self.constraints, "iterations": self.iterations, "evaluations": self.evaluations,
            "method": "COBYLA", "message": self.message, "diagnosis": self.diagnosis, "history": self.history,
        }


def constraint_label(constraint: Constraint) -> str:
    """``"p10(treo_recovery)"``: the statistic of the output a constraint bounds."""
    return f"{constraint.statistic}({constraint.output})"


def optimise(
    decisions: Sequence[ResolvedValue],
    objective: Objective,
    constraints: Sequence[Constraint],
    settings: OptimiserSpec,
    output_names: Sequence[str],
    outputs_at: Callable[[NDArray[np.float64]], NDArray[np.float64]],
) -> OptimisationOutcome:
    """Optimise ``decisions``; ``outputs_at(x)`` gives the samples × outputs matrix (NaN rows for
    failed samples) at decision values ``x`` (in the decisions' units)."""
    low = np.array([d.parameters["low"] for d in decisions])
    span = np.array([d.parameters["high"] for d in decisions]) - low
    column = {name: k for k, name in enumerate(output_names)}
    history: list[dict[str, Any]] = []
    cache: dict[tuple[float, ...], tuple[float, NDArray[np.float64]]] = {}

    def raw(z: NDArray[np.float64]) -> tuple[float, dict[str, float]]:
        x = low + span * np.clip(z, 0.0, 1.0)
        y = outputs_at(x)
        value = statistic(y[:, column[objective.output]], objective.statistic)
        stats = {constraint_label(c): statistic(y[:, column[c.output]], c.statistic) for c in constraints}
        history.append({"decisions": _named(decisions, x), "objective": value, "constraints": stats,
                        "failed_samples": int(np.sum(~np.all(np.isfinite(y), axis=1)))})
        return value, stats

    z0 = np.clip((np.array([d.nominal for d in decisions]) - low) / span, 0.0, 1.0)
    scale: list[float] = []  # |objective| at the first point evaluated (z0), set once

    def scaled(z: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        key = tuple(np.round(np.clip(z, 0.0, 1.0), 15))
        if key not in cache:
            value, stats = raw(z)
            if not scale:
                scale.append(abs(value) if np.isfinite(value) and value != 0 else 1.0)
            g = np.array([_margin(c, stats[constraint_label(c)]) for c in constraints], dtype=float)
            f = objective.sign * value / scale[0] if np.isfinite(value) else _FAILED_OBJECTIVE
            cache[key] = (f, g)
        return cache[key]

    ineq = [{"type": "ineq", "fun": (lambda z, i=i: scaled(z)[1][i])} for i in range(len(constraints))]
    result = minimize(
        lambda z: scaled(z)[0], z0, method="COBYLA", bounds=[(0.0, 1.0)] * len(decisions), constraints=ineq,
        options={"rhobeg": settings.initial_step, "tol": settings.tolerance, "maxiter": settings.max_evaluations},
    )
    return _outcome(history, objective, constraints, result)


def _margin(constraint: Constraint, value: float) -> float:
    """Scaled slack of ``constraint`` at ``value`` (≥ 0 when met; −1 when the value is NaN)."""
    if not np.isfinite(value):
        return -1.0
    margins = []
    if constraint.min is not None:
        margins.append((value - constraint.min) / (abs(constraint.min) or 1.0))
    if constraint.max is not None:
        margins.append((constraint.max - value) / (abs(constraint.max) or 1.0))
    return min(margins)


def _named(decisions: Sequence[ResolvedValue], x: NDArray[np.float64]) -> dict[str, float]:
    return {d.path: float(v) for d, v in zip(decisions, x, strict=True)}


def _outcome(
    history: list[dict[str, Any]], objective: Objective, constraints: Sequence[Constraint], result: Any
) -> OptimisationOutcome:
    """The best feasible point of ``history``, or the least infeasible one with a diagnosis."""
    by_label = {constraint_label(c): c for c in constraints}

    def violation(point: dict[str, Any]) -> float:
        return max([0.0] + [-_margin(by_label[k], v) for k, v in point["constraints"].items()])

    feasible = [p for p in history if violation(p) <= FEASIBILITY_TOLERANCE and np.isfinite(p["objective"])]
    evaluations = len(history)
    iterations = int(getattr(result, "nit", 0) or result.nfev)
    if feasible:
        best = min(feasible, key=lambda p: objective.sign * p["objective"])
        return OptimisationOutcome(True, best["decisions"], best["objective"], best["constraints"], iterations,
                                   evaluations, str(result.message), history)
    best = min(history, key=violation)
    broken = [
        f"{label} = {value:.6g} (limits: min {by_label[label].min}, max {by_label[label].max})"
        for label, value in best["constraints"].items() if -_margin(by_label[label], value) > FEASIBILITY_TOLERANCE
    ]
    seen = {label: [p["constraints"][label] for p in history if np.isfinite(p["constraints"][label])] for label in by_label}
    ranges = "; ".join(f"{label} ranged {min(v):.6g} to {max(v):.6g}" for label, v in seen.items() if v)
    diagnosis = (
        f"no decision point within the bounds met every constraint in {evaluations} evaluations. "
        f"Least infeasible point {best['decisions']}: {', '.join(broken) or 'every sample failed'}. "
        f"Over the points tried, {ranges or 'no constraint could be evaluated'}. "
        f"Widen the decision bounds, relax the limits, or add decisions that move these outputs."
    )
    return OptimisationOutcome(False, best["decisions"], best["objective"], best["constraints"], iterations,
                               evaluations, str(result.message), history, diagnosis)
