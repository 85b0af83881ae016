"""Competitive (multi-component) Langmuir loading: the saturated-organic extraction regime.

Model
-----
The saponified extractant offers a fixed number of sites, capacity ``Q`` (mol of metal per m³ of
organic). Components compete for them with affinities ``K_i`` (m³/mol):

    y_i = Q K_i x_i / (1 + Σ_j K_j x_j).

The separation factor ``β_ij = (y_i/x_i)/(y_j/x_j) = K_i/K_j`` is constant, as in the constant
mixed-separation-factor regime of industrial rare-earth cascades (Xu Guangxian, *Rare Earths*,
Metallurgical Industry Press, 1995), and the organic loading ``Σ y_i`` tends to ``Q`` when the
aqueous phase is concentrated. For dilute solutions ``y_i ≈ Q K_i x_i`` (constant ``D_i = Q K_i``).

Jacobian
--------
    ∂y_i/∂x_k = Q K_i δ_ik / den − Q K_i x_i K_k / den²,  den = 1 + Σ_j K_j x_j.

Assumptions and limits
----------------------
Ideal competitive adsorption-like loading: constant ``K`` (so fixed acidity and ionic strength),
no extractant free-ligand or H⁺ balance (use the mass-action model for those).
"""

from __future__ import annotations

import numpy as np

from reeflow.unitops.sx.equilibrium.base import FloatArray, MetalOnlyModel

__all__ = ["CompetitiveLangmuir"]


class CompetitiveLangmuir(MetalOnlyModel):
    """Competitive Langmuir equilibrium ``y_i = Q K_i x_i / (1 + Σ K_j x_j)``.

    Parameters
    ----------
    components : tuple of str
        Component symbols.
    capacity : float
        Loading capacity ``Q`` of the organic phase, mol/m³.
    K : ndarray, shape (C,)
        Affinity constants, m³/mol, positive.

    Examples
    --------
    >>> import numpy as np
    >>> model = CompetitiveLangmuir(("La", "Ce"), 180.0, np.array([2e-3, 11e-3]))
    >>> y, _ = model.distribution(np.array([500.0, 500.0]))
    >>> round(float(y.sum()), 3)  # close to the capacity when concentrated
    156.0
    """

    model = "competitive_langmuir"

    def __init__(self, components: tuple[str, ...], capacity: float, K: FloatArray) -> None:
        self.components = tuple(components)
        self.capacity = float(capacity)
        self.K = np.asarray(K, dtype=float)

    def distribution(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Competitive loading ``y`` and its full Jacobian (see ``MetalOnlyModel.distribution``)."""
        x = np.asarray(x, dtype=float)
        inverse = (1.0 / (1.0 + x @ self.K))[..., None]
        qk = self.capacity * self.K
        y = x * qk * inverse
        dydx = np.multiply.outer(-y * inverse, self.K)
        dydx += np.diag(qk) * inverse[..., None]
        return y, dydx

    def linear_organic(self, z: FloatArray) -> FloatArray:
        """Distribution ratios ``Q K_i / (1 + Σ K_j z_j)`` at the reference state ``z``."""
        return self.capacity * self.K / (1.0 + float(np.asarray(z) @ self.K))

    def subset(self, keep: list[int]) -> CompetitiveLangmuir:
        """The model restricted to the components at positions ``keep``."""
        return CompetitiveLangmuir(tuple(self.components[i] for i in keep), self.capacity, self.K[keep])
