"""The interface every solvent-extraction equilibrium model offers to the cascade solver.

A stage is described by a state vector ``z`` of ``M`` positive concentrations (mol/m³). For the
models whose state is the aqueous metal concentrations only, ``M`` equals the number of
components ``C`` and ``z = x``. Models that track more per-stage species (the mass-action model
adds H⁺) append them after the components.

The solver needs, for every stage, the amount per unit volume of each *transported quantity*
carried by the aqueous phase (``aqueous``) and by the organic phase (``organic``) — both of length
``M`` — and their derivatives with respect to ``z``. A stage balance for quantity ``k`` reads

    A_out a_k(z_j) + O o_k(z_j) = A_in a_k(z_{j+1}) + O o_k(z_{j-1}) + external inlets,

so the first ``C`` transported quantities must be the components' concentrations.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

__all__ = ["EquilibriumModel", "FloatArray", "MetalOnlyModel"]

FloatArray = NDArray[np.float64]


@runtime_checkable
class EquilibriumModel(Protocol):
    """What the cascade solver asks of an equilibrium model."""

    #: Name used in cascade files (``equilibrium.model``).
    model: str
    #: Component symbols in the order of the concentration arrays.
    components: tuple[str, ...]

    @property
    def state_size(self) -> int:
        """Number ``M`` of per-stage state variables (``C`` plus any extra species)."""
        ...

    def phase_contents(
        self, z: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray | None, FloatArray]:
        """Transported quantities carried per m³ of each phase, and their derivatives.

        Parameters
        ----------
        z : ndarray, shape (N, M)
            Stage states, mol/m³, all positive.

        Returns
        -------
        aqueous : ndarray, shape (N, M)
            Amount per m³ of aqueous phase, mol/m³.
        organic : ndarray, shape (N, M)
            Amount per m³ of organic phase, mol/m³.
        d_aqueous : ndarray, shape (N, M, M), or None
            ``d aqueous / d z``; ``None`` means the identity (``aqueous == z``).
        d_organic : ndarray, shape (N, M, M)
            ``d organic / d z``.
        """
        ...

    def linear_organic(self, z: FloatArray) -> FloatArray:
        """Diagonal linear model ``organic ≈ L * z`` (shape (M,)) around a typical state ``z``.

        The solver starts from, and falls back by homotopy to, this linear model.
        """
        ...

    def initial_state(self, aqueous_reference: FloatArray) -> FloatArray:
        """A positive state (shape (M,)) typical of a stage whose aqueous inlet is given.

        ``aqueous_reference`` (shape (M,), mol/m³) is a flow-weighted mean of the aqueous inlets.
        """
        ...

    def aqueous_inlet(self, concentration: FloatArray, acidity: float) -> FloatArray:
        """Transported contents (shape (M,)) of an aqueous inlet with metal ``concentration``
        (mol/m³) and H⁺ ``acidity`` (mol/m³, used by models that track H⁺)."""
        ...

    def organic_inlet(self, loading: FloatArray) -> FloatArray:
        """Transported contents (shape (M,)) of the fresh organic with metal ``loading`` (mol/m³)."""
        ...

    def recycle_offset(self) -> FloatArray:
        """Contents (shape (M,)) added to the recycled stripped organic entering stage 1.

        The organic entering stage 1 is ``recycle_mask() * organic(z_N) + recycle_offset()``.
        """
        ...

    def recycle_mask(self) -> FloatArray:
        """1 for contents carried over by a recycled stripped organic, 0 for those reset (shape (M,))."""
        ...

    def subset(self, keep: list[int]) -> EquilibriumModel:
        """The same model restricted to the components at positions ``keep``."""
        ...


class MetalOnlyModel:
    """Shared part of the models whose stage state is the aqueous metal concentrations alone.

    Subclasses give ``components``, ``distribution(x) -> (y, dy/dx)``, ``linear_organic`` and
    ``subset``; the transported quantities are the metal concentrations of each phase.
    """

    components: tuple[str, ...]

    def distribution(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Organic concentrations at equilibrium with the aqueous ones, and their Jacobian.

        Parameters
        ----------
        x : ndarray, shape (..., C)
            Aqueous concentrations, mol/m³.

        Returns
        -------
        y : ndarray, shape (..., C)
            Organic concentrations, mol/m³.
        dydx : ndarray, shape (..., C, C)
            ``dy_i/dx_k``, dimensionless.
        """
        raise NotImplementedError

    @property
    def state_size(self) -> int:
        """Number of per-stage state variables: the components only."""
        return len(self.components)

    def phase_contents(
        self, z: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray | None, FloatArray]:
        """Aqueous and organic concentrations and their derivatives (see ``EquilibriumModel``)."""
        y, dydx = self.distribution(z)
        return z, y, None, dydx

    def initial_state(self, aqueous_reference: FloatArray) -> FloatArray:
        """The aqueous reference itself."""
        return np.asarray(aqueous_reference, dtype=float).copy()

    def aqueous_inlet(self, concentration: FloatArray, acidity: float) -> FloatArray:
        """Transported contents of an aqueous inlet: its metal concentrations, mol/m³."""
        return np.asarray(concentration, dtype=float).copy()

    def organic_inlet(self, loading: FloatArray) -> FloatArray:
        """Transported contents of the fresh organic: its metal loading, mol/m³."""
        return np.asarray(loading, dtype=float).copy()

    def recycle_offset(self) -> FloatArray:
        """Nothing is added to a recycled stripped organic."""
        return np.zeros(len(self.components))

    def recycle_mask(self) -> FloatArray:
        """All metal contents are carried over by a recycled organic."""
        return np.ones(len(self.components))
