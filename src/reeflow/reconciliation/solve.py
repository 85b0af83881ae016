"""Weighted least-squares reconciliation with gross-error tests and observability.

Estimate
--------
With measurements m_i of standard deviation σ_i and the measurement model h_i(f) of
:mod:`~reeflow.reconciliation.problem`, the reconciled flows solve::

    min_f  Σ_i ((h_i(f) − m_i)/σ_i)²  +  w² Σ_k ((f_k − f_sim,k)/s_k)²    subject to  A f = 0,
           f_k = 0 where f_sim,k = 0.

The second condition keeps the model's structural zeros: a flow the simulation does not have (Ce
in the leach water or in the acid-bake off-gas) is absent, not unknown. The balances are
eliminated: every admissible flow vector is f = D N z, where D = diag(d) scales each variable by
its element's throughput d_k (the largest simulated flow of that element in any stream, kg/s) and
N is an orthonormal basis (``scipy.linalg.null_space``) of the balanced scaled flows u = D⁻¹f with
the absent flows at zero (A D = D′A, so A f = 0 ⇔ A u = 0). The start z₀ = Nᵀ D⁻¹ f_sim is the
simulation projected onto that subspace, f₀ = D N z₀ (it differs from f_sim only by the flowsheet
solver's round-off). The unconstrained problem in z is solved by ``scipy.optimize.least_squares``
(trust-region reflective) with the analytic Jacobian (h_i are linear forms or ratios of them).

Bounds
------
Every element flow is held ≥ 0 (``nonnegative=True``, the default): when the unbounded minimum
has a flow below −10⁻¹² of its element's throughput, the same objective is minimised with
f ≥ 0 by :mod:`~reeflow.reconciliation.bounds`; otherwise the unbounded minimum is returned as
it is. The flows at zero (``active_bounds``) then count as known: the statistics below are those
of the problem with those flows fixed at zero (the face basis N_A instead of N), so χ² is the
bounded solution's and ν counts each bound the measurements see as one more constraint. This is
conditional on the set of flows at zero, which the data chose; a measurement whose hat value
P_ii the bounds change by more than :data:`BOUND_INFLUENCE` is marked ``affected_by_bounds``.

The second term is a weak prior (w = ``prior_weight``, default 1e-6) pulling each flow towards
the simulation, relative to its own simulated value (s_k = max(f_sim,k, 1e-6·d_k)). Measurements
alone leave directions of z undetermined (flows that no measurement reaches through the
balances); the prior makes the answer unique. A flow with no path to a measurement keeps the
model's value; where the data move a set of unmeasured flows together (an unmeasured split of a
measured flow) the change is shared by least relative changes, which keeps small flows small. Against a measurement with a relative precision of
1 % (weight 1e4 per unit relative change) the prior's 1e-12 is negligible: it shifts measured and
observable flows by a fraction of order w²(σ/f)² ≈ 1e-16 of their adjustment.

Statistics (linearised at the solution; Narasimhan & Jordache 2000, ch. 3, 7)
------------------------------------------------------------------------------
Let H = Σ^(−1/2) J D N (J = ∂h/∂f at the solution, Σ = diag(σ²)), r = rank(H) and
P = H H⁺ its hat matrix. The adjustment of measurement i, a_i = ĥ_i − m_i, has variance
σ_i² (1 − P_ii); the reconciled value ĥ_i has variance σ_i² P_ii. For linear constraints on
measured flows this is the classical result Cov(a) = Σ Aᵀ (A Σ Aᵀ)⁻¹ A Σ (Crowe et al. 1983).

* normalised adjustment  z_i = a_i / (σ_i √(1 − P_ii))  (undefined where P_ii = 1: a measurement
  the balances cannot check, whose adjustment is zero);
* global test  χ² = Σ_i (a_i/σ_i)²  against the 95 % quantile of χ² with ν = n_meas − r degrees of
  freedom (the redundancy), ``scipy.stats.chi2``;
* measurement test: z_i is flagged *suspect* (a gross-error candidate) when |z_i| exceeds
  z_crit = Φ⁻¹(1 − β/2) with the Šidák-corrected β = 1 − 0.95^(1/n_t), n_t the number of testable
  measurements (Mah & Tamhane 1982, as given by Narasimhan & Jordache 2000, ch. 7), so that the
  chance of any false flag in a set of consistent data is 5 %.

Observability
-------------
A variable k (an element flow of a stream), or a stream's total mass flow gᵀf, is observable when
the measurements determine it through the balances: when its row e_kᵀ D N (or gᵀ D N) lies in the
row space of H (its residual after projection on the leading right singular vectors of H is below
1e-7 of its norm). An unobservable quantity is set by the prior, not by the data.

Rank tolerance: singular values below 1e-9 of the largest count as zero.

References
----------
Crowe, C. M., Garcia Campos, Y. A., Hrymak, A. (1983). Reconciliation of process flow rates by
matrix projection. Part I. AIChE J. 29, 881–888. https://doi.org/10.1002/aic.690290602
Mah, R. S. H., Tamhane, A. C. (1982). Detection of gross errors in process data. AIChE J. 28,
828–830.
Narasimhan, S., Jordache, C. (2000). Data Reconciliation and Gross Error Detection. Gulf
Publishing, Houston.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import least_squares
from scipy.stats import chi2, norm

from reeflow.errors import ConvergenceError
from reeflow.reconciliation.bounds import FEASIBILITY_TOLERANCE, nonnegative_minimum
from reeflow.reconciliation.measurements import Measurement
from reeflow.reconciliation.objective import Objective, balanced_flows_basis
from reeflow.reconciliation.problem import BalanceModel, measurement_model
from reeflow.uom import conversion_factor

__all__ = ["ActiveBound", "MeasurementResult", "Reconciliation", "reconcile"]

#: Relative rank tolerance of the whitened measurement Jacobian.
RANK_TOLERANCE = 1e-9
#: Relative residual below which a projected row counts as lying in the row space (observability).
OBSERVABILITY_TOLERANCE = 1e-7
#: A reconciled element flow below −this × its element's throughput is reported as negative.
NEGATIVE_FLOW_TOLERANCE = 1e-9
#: A measurement is marked as affected by the bounds when they change its hat value P_ii by more.
BOUND_INFLUENCE = 0.01
#: Flows below this fraction of their element's throughput are scaled by it in the prior.
TRACE_FLOOR = 1e-6
#: Significance level of the global and measurement tests.
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class MeasurementResult:
    """One measurement after reconciliation, in the measurement's SI unit.

    ``normalised_adjustment`` is None for a measurement that the balances cannot check
    (``adjustment_sd`` zero). ``affected_by_bounds``: flows held at zero by a bound change this
    measurement's test (its hat value P_ii by more than :data:`BOUND_INFLUENCE`); its test is
    then conditional on those flows being zero.
    """

    measurement: Measurement
    reconciled: float
    reconciled_sd: float
    adjustment: float
    adjustment_sd: float
    normalised_adjustment: float | None
    suspect: bool
    affected_by_bounds: bool


@dataclass(frozen=True)
class ActiveBound:
    """An element flow at zero because of the bound f ≥ 0; ``unbounded_flow`` (kg/s) is its
    value in the unbounded minimum."""

    stream: str
    element: str
    unbounded_flow: float


@dataclass(frozen=True)
class Reconciliation:
    """The reconciled flowsheet.

    ``flows`` are the element mass flows (kg/s, flat, see :class:`BalanceModel`); ``observable``
    says per variable whether the measurements determine it; ``mass_observable`` the same for each
    stream's total mass flow. ``chi_square_critical`` and ``global_test_passed`` are None without
    redundancy (``degrees_of_freedom`` 0). ``active_bounds`` lists the flows at zero because of
    the bounds f ≥ 0 (empty when the unbounded minimum has no negative flow);
    ``chi_square_unbounded`` is the unbounded minimum's χ² (``chi_square`` without active bounds).
    """

    model: BalanceModel
    flows: np.ndarray
    observable: np.ndarray
    mass_observable: np.ndarray
    measurements: list[MeasurementResult]
    chi_square: float
    degrees_of_freedom: int
    chi_square_critical: float | None
    global_test_passed: bool | None
    measurement_test_limit: float | None
    balance_closure: float
    evaluations: int
    warnings: list[str]
    active_bounds: list[ActiveBound]
    chi_square_unbounded: float


def reconcile(
    model: BalanceModel, measurements: list[Measurement], *, prior_weight: float = 1e-6, nonnegative: bool = True
) -> Reconciliation:
    """Reconcile ``measurements`` against the element balances of ``model``.

    Parameters
    ----------
    model
        Balances and simulated flows of a solved flowsheet.
    measurements
        Validated measurements (SI).
    prior_weight
        w of the prior term, dimensionless (see the module docstring).
    nonnegative
        Hold every element flow ≥ 0 (:mod:`~reeflow.reconciliation.bounds`); the unbounded minimum
        is kept as it is when it has no negative flow. False gives the unbounded minimum always,
        with its negative flows reported in ``warnings``.

    Raises
    ------
    ConvergenceError
        If the least-squares solver stops without meeting its tolerances, or the bounded solve
        cannot meet the optimality conditions.
    """
    forms = measurement_model(model, measurements)
    scale = _element_throughput(model)
    basis = balanced_flows_basis(model)
    simulated = model.simulated / scale
    prior = prior_weight * scale / np.maximum(model.simulated, TRACE_FLOOR * scale)
    objective = Objective(forms, scale, prior, (prior[:, None] * basis) @ (basis.T @ simulated))

    def minimise(face: np.ndarray, start: np.ndarray) -> Any:
        held = int(np.sum(~face.any(axis=1) & (model.simulated > 0)))
        first = objective.residuals(face, face.T @ start)[: len(measurements)]
        if not np.all(np.isfinite(first)):
            raise ConvergenceError(
                "data reconciliation did not converge: with the bounds f >= 0 a measured stream has no flow left, "
                "so its assays are undefined; the data and the model disagree strongly (check the suspect "
                "measurements of the unbounded solution with nonnegative=False)",
                {"undefined_measurements": [m.label for m, r in zip(measurements, first, strict=True)
                                            if not np.isfinite(r)],
                 "flows_held_at_zero_by_bounds": held},
            )
        solution = least_squares(
            lambda z: objective.residuals(face, z), face.T @ start, jac=lambda z: objective.jacobian(face, z),
            method="trf", x_scale=1.0, ftol=1e-14, xtol=1e-14, gtol=1e-14, max_nfev=200,
        )
        if solution.status <= 0 or not np.all(np.isfinite(solution.fun)):
            worst = int(np.argmax(np.abs(solution.fun[: len(measurements)])))
            raise ConvergenceError(
                f"data reconciliation did not converge: {solution.message}",
                {
                    "status": int(solution.status),
                    "evaluations": int(solution.nfev),
                    "objective": float(2 * solution.cost),
                    "worst_measurement": measurements[worst].label,
                    "worst_weighted_residual": float(solution.fun[worst]),
                    "balance_closure": _balance_closure(model, scale * (face @ solution.x), scale),
                    "flows_held_at_zero_by_bounds": held,
                },
            )
        return solution

    solution = minimise(basis, simulated)
    unbounded = scale * (basis @ solution.x)
    face, z, evaluations = basis, solution.x, int(solution.nfev)
    fixed = np.zeros(model.simulated.size, dtype=bool)
    if nonnegative and np.any(basis @ solution.x < -FEASIBILITY_TOLERANCE):
        bounded = nonnegative_minimum(model, objective, basis, solution.x, minimise)
        face, z, fixed, evaluations = bounded.basis, bounded.z, bounded.fixed, evaluations + bounded.evaluations
    flows = scale * (face @ z)
    faces = _Faces(full=basis, solution=face, fixed=fixed, unbounded=unbounded,
                   chi_square_unbounded=float(np.sum(solution.fun[: len(measurements)] ** 2)))
    return _statistics(model, measurements, objective, flows, faces, evaluations)


@dataclass(frozen=True)
class _Faces:
    """The full basis N₀ and the basis of the solution's face (N₀ itself when no bound is active),
    the flows held at zero by a bound (``fixed``), the unbounded minimum's flows (kg/s) and its χ²."""

    full: np.ndarray
    solution: np.ndarray
    fixed: np.ndarray
    unbounded: np.ndarray
    chi_square_unbounded: float


def _element_throughput(model: BalanceModel) -> np.ndarray:
    """d_k: the largest simulated flow of variable k's element in any stream (kg/s), per variable."""
    by_stream = model.flows_by_stream(model.simulated)
    largest = by_stream.max(axis=0)
    return np.tile(np.where(largest > 0, largest, 1.0), len(model.streams))


def _statistics(
    model: BalanceModel,
    measurements: list[Measurement],
    objective: Objective,
    flows: np.ndarray,
    faces: _Faces,
    evaluations: int,
) -> Reconciliation:
    """Tests, standard deviations and observability at the solution (see the module docstring),
    on the solution's face: flows held at zero by a bound count as known."""
    forms, scale = objective.forms, objective.scale
    whitened = objective.whitened(flows)
    hat, rank, row_space = _hat(whitened @ faces.solution)
    affected = np.zeros(len(measurements), dtype=bool)
    if faces.fixed.any():
        affected = np.abs(_hat(whitened @ faces.full)[0] - hat) > BOUND_INFLUENCE
    reconciled = forms.predict(flows)
    adjustment = reconciled - forms.values
    adjustment_sd = forms.sd * np.sqrt(np.clip(1.0 - hat, 0.0, None))
    testable = adjustment_sd > 1e-6 * forms.sd
    chi_square = float(np.sum((adjustment / forms.sd) ** 2))
    dof = len(measurements) - rank
    critical = float(chi2.ppf(1.0 - SIGNIFICANCE, dof)) if dof > 0 else None
    n_tests = int(testable.sum())
    limit = float(norm.ppf(1.0 - (1.0 - (1.0 - SIGNIFICANCE) ** (1.0 / n_tests)) / 2.0)) if n_tests else None
    results = []
    for i, m in enumerate(measurements):
        normalised = float(adjustment[i] / adjustment_sd[i]) if testable[i] else None
        results.append(MeasurementResult(
            measurement=m,
            reconciled=float(reconciled[i]),
            reconciled_sd=float(forms.sd[i] * np.sqrt(np.clip(hat[i], 0.0, 1.0))),
            adjustment=float(adjustment[i]),
            adjustment_sd=float(adjustment_sd[i]),
            normalised_adjustment=normalised,
            suspect=normalised is not None and limit is not None and abs(normalised) > limit,
            affected_by_bounds=bool(affected[i]),
        ))
    observable = _in_row_space(faces.solution, row_space)
    n_e = len(model.elements)
    stream_mass = np.zeros((len(model.streams), flows.size))
    for s in range(len(model.streams)):
        stream_mass[s, s * n_e:(s + 1) * n_e] = scale[s * n_e:(s + 1) * n_e]
    mass_observable = _in_row_space(stream_mass @ faces.solution, row_space)
    active = _active_bounds(model, flows, scale, faces)
    warnings = _warnings(model, flows, scale, dof, critical, chi_square, results, active)
    return Reconciliation(
        model=model, flows=flows, observable=observable, mass_observable=mass_observable,
        measurements=results, chi_square=chi_square, degrees_of_freedom=dof, chi_square_critical=critical,
        global_test_passed=None if critical is None else chi_square <= critical,
        measurement_test_limit=limit, balance_closure=_balance_closure(model, flows, scale),
        evaluations=evaluations, warnings=warnings, active_bounds=active,
        chi_square_unbounded=faces.chi_square_unbounded if faces.fixed.any() else chi_square,
    )


def _hat(whitened: np.ndarray) -> tuple[np.ndarray, int, np.ndarray]:
    """Diagonal of the hat matrix P = H H⁺ of ``whitened`` H, its rank r and the r leading right
    singular vectors (rows: an orthonormal basis of the row space)."""
    left, singular, right = np.linalg.svd(whitened, full_matrices=False)
    rank = int(np.sum(singular > RANK_TOLERANCE * singular.max())) if singular.size and singular.max() > 0 else 0
    return np.sum(left[:, :rank] ** 2, axis=1), rank, right[:rank]


def _active_bounds(model: BalanceModel, flows: np.ndarray, scale: np.ndarray, faces: _Faces) -> list[ActiveBound]:
    """The flows at zero because of the bounds: those held there and those the balances then
    put there (a stream whose only source is held at zero)."""
    if not faces.fixed.any():
        return []
    at_zero = (model.simulated > 0) & (flows <= FEASIBILITY_TOLERANCE * scale)
    n_e = len(model.elements)
    return [ActiveBound(model.streams[k // n_e], model.elements[k % n_e], float(faces.unbounded[k]))
            for k in np.flatnonzero(at_zero)]


def _in_row_space(rows: np.ndarray, row_space: np.ndarray) -> np.ndarray:
    """Whether each row of ``rows`` lies in the span of the orthonormal rows of ``row_space``."""
    projected = (rows @ row_space.T) @ row_space
    size = np.linalg.norm(rows, axis=1)
    residual = np.linalg.norm(rows - projected, axis=1)
    return residual <= OBSERVABILITY_TOLERANCE * np.maximum(size, 1e-300)


def _balance_closure(model: BalanceModel, flows: np.ndarray, scale: np.ndarray) -> float:
    """max over units u and elements e of |in − out| / max(in, TRACE_FLOOR·d_e): the imbalance
    relative to the unit's inflow of the element, or to a trace of the element's throughput d_e
    for an element (nearly) absent from the unit."""
    by_stream = model.flows_by_stream(flows)
    floor = TRACE_FLOOR * scale[: len(model.elements)]
    position = {sid: k for k, sid in enumerate(model.streams)}
    worst = 0.0
    for uid in model.units:
        inflow = sum((by_stream[position[s]] for s in model.inlets[uid]), np.zeros(len(model.elements)))
        outflow = sum((by_stream[position[s]] for s in model.outlets[uid]), np.zeros(len(model.elements)))
        reference = np.maximum(np.abs(inflow), floor)
        worst = max(worst, float(np.max(np.abs(inflow - outflow) / reference, initial=0.0)))
    return worst


def _warnings(
    model: BalanceModel,
    flows: np.ndarray,
    scale: np.ndarray,
    dof: int,
    critical: float | None,
    chi_square: float,
    results: list[MeasurementResult],
    active: list[ActiveBound],
) -> list[str]:
    warnings = []
    if active:
        per_hour = conversion_factor("kg/s", "kg/h")
        names = ", ".join(f"{b.stream} {b.element} ({b.unbounded_flow * per_hour:.3g} kg/h)" for b in active[:8])
        more = f" and {len(active) - 8} more" if len(active) > 8 else ""
        affected = [r.measurement.label for r in results if r.affected_by_bounds]
        warnings.append(
            f"element flows held at zero by the bounds f >= 0 ({names}{more}; unbounded values in brackets): "
            "the data and the model disagree there; chi-square and the tests are those of the bounded solution"
            + (f", and the tests of {', '.join(affected)} depend on the bounds" if affected else "")
        )
    negative = np.flatnonzero(flows < -NEGATIVE_FLOW_TOLERANCE * scale)
    if negative.size:
        n_e = len(model.elements)
        names = ", ".join(f"{model.streams[k // n_e]} {model.elements[k % n_e]}" for k in negative[:8])
        more = f" and {negative.size - 8} more" if negative.size > 8 else ""
        warnings.append(
            f"reconciled element flows are negative ({names}{more}): the data and the model disagree; "
            "check the suspect measurements and the model's splits"
        )
    if critical is None:
        warnings.append("no redundancy (0 degrees of freedom): the measurements cannot be tested")
    elif chi_square > critical:
        warnings.append(
            f"global test failed: chi-square {chi_square:.4g} > {critical:.4g} ({dof} degrees of freedom); "
            "the data contain a gross error or the model does not describe the plant"
        )
    suspects = [r.measurement.label for r in results if r.suspect]
    if suspects:
        warnings.append(f"suspect measurements (gross-error candidates): {', '.join(suspects)}")
    return warnings
