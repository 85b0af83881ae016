"""The reconciliation objective over the balanced flows, as residuals and Jacobian on any basis.

Scaled flows u = D⁻¹ f (D = diag(d), d_k the throughput of variable k's element, kg/s) are
written u = N z with N an orthonormal basis of the balanced flows (A u = 0) whose zero rows are
the flows held at zero: the model's structural zeros and, for a bounded solution, the flows at
their bound (:mod:`~reeflow.reconciliation.bounds`). The objective, dimensionless, is::

    φ(u) = Σ_i ((h_i(D u) − m_i)/σ_i)²  +  Σ_k (p_k u_k − t_k)²,     p_k = w d_k / s_k,

with t = p ∘ (N₀ N₀ᵀ u_sim) the prior's target, the simulation projected onto the balanced flows
of the full basis N₀ (see :mod:`~reeflow.reconciliation.solve`). Every basis shares the same φ,
so minima on different faces compare.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np
from scipy.linalg import null_space

from reeflow.reconciliation.problem import BalanceModel, MeasurementModel

__all__ = ["Objective", "balanced_flows_basis"]


def balanced_flows_basis(model: BalanceModel, fixed: np.ndarray | None = None) -> np.ndarray:
    """N: an orthonormal basis of the balanced scaled flows u (A u = 0) with the absent flows, and
    the flows marked in ``fixed`` (boolean per variable), at zero."""
    free = model.simulated > 0
    if fixed is not None:
        free &= ~fixed
    columns = model.balance_matrix[:, free]
    free_basis = null_space(columns) if columns.shape[0] else np.eye(columns.shape[1])
    basis = np.zeros((model.simulated.size, free_basis.shape[1]))
    basis[free] = free_basis
    return basis


@dataclass(frozen=True)
class Objective:
    """φ(u) of the module docstring: ``scale`` d (kg/s), ``prior`` p and ``target`` t per variable."""

    forms: MeasurementModel
    scale: np.ndarray
    prior: np.ndarray
    target: np.ndarray

    def residuals(self, basis: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Weighted residuals (measurements, then prior) at u = N z."""
        predicted = self.forms.predict(self.scale * (basis @ z))
        return np.concatenate([(predicted - self.forms.values) / self.forms.sd, (self.prior[:, None] * basis) @ z - self.target])

    def jacobian(self, basis: np.ndarray, z: np.ndarray) -> np.ndarray:
        """∂(residuals)/∂z at u = N z."""
        return np.vstack([self.whitened(self.scale * (basis @ z)) @ basis, self.prior[:, None] * basis])

    def whitened(self, flows: np.ndarray) -> np.ndarray:
        """Σ^(−½) J D: the measurements' Jacobian per unit of scaled flow, at ``flows`` (kg/s)."""
        return self.forms.jacobian(flows) * self.scale / self.forms.sd[:, None]

    def value(self, basis: np.ndarray, z: np.ndarray) -> float:
        """φ at u = N z."""
        return float(np.sum(self.residuals(basis, z) ** 2))
