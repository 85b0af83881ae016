"""Constant distribution ratios: the linear (dilute, ideal) solvent-extraction equilibrium.

Model
-----
Each component distributes independently with a constant distribution ratio

    y_i = D_i x_i,

where ``x_i`` and ``y_i`` are the aqueous and organic concentrations (mol/m³) and ``D_i`` is
dimensionless (mol/L organic per mol/L aqueous). The separation factor of ``i`` over ``j`` is
``β_ij = D_i / D_j``.

Assumptions and limits
----------------------
No loading limit and no dependence on acidity or on the other components: valid for dilute
systems at fixed acidity. A counter-current cascade with this model is linear and has the Kremser
solution for a single component.
"""

from __future__ import annotations

import numpy as np

from reeflow.unitops.sx.equilibrium.base import FloatArray, MetalOnlyModel

__all__ = ["ConstantDistribution"]


class ConstantDistribution(MetalOnlyModel):
    """Linear equilibrium ``y = D x``.

    Parameters
    ----------
    components : tuple of str
        Component symbols.
    D : ndarray, shape (C,)
        Distribution ratios, dimensionless, positive.

    Examples
    --------
    >>> import numpy as np
    >>> model = ConstantDistribution(("La", "Ce"), np.array([0.4, 2.2]))
    >>> y, dydx = model.distribution(np.array([1.0, 1.0]))
    >>> y.tolist()
    [0.4, 2.2]
    """

    model = "constant_distribution"

    def __init__(self, components: tuple[str, ...], D: FloatArray) -> None:
        self.components = tuple(components)
        self.D = np.asarray(D, dtype=float)

    def distribution(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``y = D x`` and its diagonal Jacobian ``D`` (see ``MetalOnlyModel.distribution``)."""
        x = np.asarray(x, dtype=float)
        y = self.D * x
        dydx = np.broadcast_to(np.diag(self.D), x.shape + (x.shape[-1],)).copy()
        return y, dydx

    def linear_organic(self, z: FloatArray) -> FloatArray:
        """The model is linear: ``L = D``."""
        return self.D.copy()

    def subset(self, keep: list[int]) -> ConstantDistribution:
        """The model restricted to the components at positions ``keep``."""
        return ConstantDistribution(tuple(self.components[i] for i in keep), self.D[keep])
