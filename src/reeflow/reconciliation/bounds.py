"""Non-negative reconciled flows: the weighted least squares with every element flow ≥ 0.

Problem
-------
With the objective φ of :mod:`~reeflow.reconciliation.objective` and the full basis N₀ of the
balanced scaled flows u = D⁻¹f (structural zeros at zero)::

    min_z  φ(N₀ z)    subject to   u_k = (N₀ z)_k ≥ 0   for every flow k the model has.

The balances hold exactly through N₀; the bounds are linear in z; φ is not (assays are ratios of
flows). A flow ≥ 0 makes every assay and concentration of the stream ≥ 0.

Method (active set; Nocedal & Wright 2006, ch. 16)
------
1. A, the set of flows at zero, starts as the negative flows of the unbounded minimum.
2. On the face u_A = 0 the problem is unconstrained again: the basis N_A of the balanced flows
   with the flows of A at zero (:func:`~reeflow.reconciliation.objective.balanced_flows_basis`)
   and the same least squares as for the unbounded problem (``minimise``) give its minimum with
   u_A = 0 exactly and the balances to round-off.
3. The Karush–Kuhn–Tucker conditions are checked there: every other flow u_k ≥ −10⁻¹²
   (round-off), else it joins A; and ∇_z φ = Σ_{k∈A} λ_k N₀[k]ᵀ with multipliers λ ≥ 0
   (``scipy.optimize.nnls``; residual ≤ 10⁻⁶ of |∇_z φ|), else the bound with the most negative
   least-squares multiplier leaves A, unless releasing it has just made its flow negative (then
   it is binding and stays). Back to 2, at most :data:`MAX_FACE_CHANGES` times, else
   :class:`~reeflow.errors.ConvergenceError`.

For measurements that are linear in the flows (mass and element flows) φ is convex and the KKT
point is the global minimum; with assays it is the face minimum nearest the unbounded one.
SLSQP (``scipy.optimize.minimize``) was tried for step 1 and dropped: it moves flows that only the
prior sets (10⁻¹² of φ) freely, and put flows at zero that the data never pushed there.

References
----------
Nocedal, J., Wright, S. J. (2006). Numerical Optimization, 2nd ed., Springer, ch. 12 (KKT
conditions) and 16 (active-set methods).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import nnls

from reeflow.errors import ConvergenceError
from reeflow.reconciliation.objective import Objective, balanced_flows_basis
from reeflow.reconciliation.problem import BalanceModel

__all__ = ["FEASIBILITY_TOLERANCE", "BoundedMinimum", "nonnegative_minimum"]

#: A scaled flow u_k = f_k/d_k above −this counts as non-negative (round-off).
FEASIBILITY_TOLERANCE = 1e-12
#: Residual of the multipliers' fit, relative to |∇φ|, below which the KKT conditions hold.
STATIONARITY_TOLERANCE = 1e-6
#: Most changes of the set of flows at zero before the bounded solve gives up.
MAX_FACE_CHANGES = 50

#: Least-squares minimum of φ on a basis from a start (scaled flows): an OptimizeResult with
#: ``x`` (coordinates in the basis) and ``nfev``; raises ConvergenceError when it fails.
FaceMinimiser = Callable[[np.ndarray, np.ndarray], Any]


@dataclass(frozen=True)
class BoundedMinimum:
    """The bounded minimum: coordinates ``z`` in the face's ``basis``, ``fixed`` (boolean per
    variable) the flows held at zero by a bound, ``evaluations`` of φ by all solvers."""

    z: np.ndarray
    basis: np.ndarray
    fixed: np.ndarray
    evaluations: int


def nonnegative_minimum(
    model: BalanceModel, objective: Objective, full_basis: np.ndarray, unbounded: np.ndarray,
    minimise: FaceMinimiser,
) -> BoundedMinimum:
    """min φ with every present flow ≥ 0, from the unbounded minimum ``unbounded`` (coordinates in
    ``full_basis``); see the module docstring. Raises ConvergenceError with diagnostics when the
    KKT conditions cannot be met."""
    present = model.simulated > 0
    flows = full_basis @ unbounded
    fixed = present & (flows < -FEASIBILITY_TOLERANCE)
    kept = np.zeros_like(fixed)
    released: int | None = None
    evaluations = 0
    history: list[str] = []
    for _ in range(MAX_FACE_CHANGES):
        basis = balanced_flows_basis(model, fixed)
        solution = minimise(basis, flows)
        evaluations += int(solution.nfev)
        flows = basis @ solution.x
        negative = present & ~fixed & (flows < -FEASIBILITY_TOLERANCE)
        if negative.any():
            if released is not None and negative[released]:
                kept[released] = True
            fixed |= negative
            history.append(f"+{int(negative.sum())}")
            released = None
            continue
        released = _bound_to_release(objective, full_basis, flows, fixed, kept)
        if released is None:
            return BoundedMinimum(z=solution.x, basis=basis, fixed=fixed, evaluations=evaluations)
        fixed[released] = False
        history.append("-1")
    n_e = len(model.elements)
    raise ConvergenceError(
        f"bounded data reconciliation did not settle on a set of flows at zero in {MAX_FACE_CHANGES} changes; "
        "the data and the model disagree strongly: check the suspect measurements of the unbounded solution",
        {
            "changes": " ".join(history),
            "flows_at_zero": [f"{model.streams[k // n_e]} {model.elements[k % n_e]}" for k in np.flatnonzero(fixed)],
            "most_negative_scaled_flow": float(np.min(flows[present], initial=0.0)),
            "evaluations": evaluations,
        },
    )


def _bound_to_release(
    objective: Objective, full_basis: np.ndarray, flows: np.ndarray, fixed: np.ndarray, kept: np.ndarray
) -> int | None:
    """None when ∇φ = Σ_{k∈A} λ_k N₀[k]ᵀ has a solution λ ≥ 0 at ``flows``; else the variable whose
    least-squares multiplier is the most negative, unless that bound is one to keep (``kept``:
    releasing it made its flow negative)."""
    z = full_basis.T @ flows
    gradient = 2.0 * objective.jacobian(full_basis, z).T @ objective.residuals(full_basis, z)
    normals = full_basis[fixed].T
    _, misfit = nnls(normals, gradient)
    if misfit <= STATIONARITY_TOLERANCE * max(float(np.linalg.norm(gradient)), np.finfo(float).tiny):
        return None
    multipliers = np.linalg.lstsq(normals, gradient, rcond=None)[0]
    candidate = int(np.flatnonzero(fixed)[int(np.argmin(multipliers))])
    return None if kept[candidate] or multipliers.min() >= 0 else candidate
