"""Mass-action cation exchange of trivalent rare earths by a dimeric acidic extractant.

Model
-----
Acidic organophosphorus extractants (P507 = HEH/EHP = PC-88A, P204 = D2EHPA) are dimers ``(HA)₂``
in kerosene and extract a trivalent rare earth by cation exchange:

    RE³⁺(aq) + 3 (HA)₂(org) ⇌ RE(HA₂)₃(org) + 3 H⁺(aq),
    K_i = y_i h³ / (x_i e³),

with ``x_i``, ``y_i`` the aqueous and organic metal concentrations, ``h`` the aqueous H⁺
concentration and ``e`` the free dimer concentration (all mol/m³; ``K_i`` is dimensionless).

Stage state and balances
------------------------
The extractant never leaves the organic phase, so its balance holds stage by stage: the free
dimer follows locally from ``e + 3 Σ y_i = T`` (``T`` total extractant as dimer), i.e. from the
cubic ``e + 3 S e³ / h³ = T`` with ``S = Σ K_i x_i`` (one positive root, found by Newton's method;
its derivatives by implicit differentiation). The per-stage state is then ``z = (x_1 … x_C, h)``
and besides the ``C`` metal balances the solver closes a proton balance: aqueous content ``h``,
organic content ``2 e + 3 Σ y_i = T + e`` (two H per free dimer, three per complex ``RE(A·HA)₃``).

Saponification (the Na⁺/NH₄⁺ form of a fraction ``s`` of the extractant's acid sites) is taken as
complete neutralisation on contact: the fresh organic carries ``2 T (1 − s) − 3 Σ y_in`` protons per
m³ instead of ``2 T − 3 Σ y_in``, and the Na⁺/NH₄⁺ it releases is a spectator in the aqueous phase.
Chloride is a spectator anion.

Assumptions and limits
----------------------
Concentrations stand for activities (no activity coefficients, constant ionic strength); one
complex stoichiometry RE(HA₂)₃; no extraction of H⁺ as HCl, of Na⁺, or of chloro complexes; the
extractant does not dissolve in the aqueous phase. Valid for chloride media of moderate acidity
(about 0.01–1 mol/L H⁺) below loading saturation of the extractant (free dimer stays positive).
"""

from __future__ import annotations

import numpy as np

from reeflow.unitops.sx.equilibrium.base import FloatArray

__all__ = ["MassAction"]


class MassAction:
    """Cation-exchange mass-action equilibrium with H⁺ and free-extractant balances.

    Parameters
    ----------
    components : tuple of str
        Trivalent metal symbols.
    K : ndarray, shape (C,)
        Extraction equilibrium constants ``y h³ / (x e³)``, dimensionless.
    extractant : float
        Total extractant in the organic phase as monomer ``HA``, mol/m³ (the dimer total is half).
    saponification : float
        Fraction of the extractant's acid sites in Na⁺/NH₄⁺ form in the fresh organic, 0 ≤ s < 1.

    Examples
    --------
    >>> import numpy as np
    >>> model = MassAction(("La",), np.array([0.01]), extractant=1000.0)
    >>> y, _ = model.distribution(np.array([100.0]), acidity=100.0, free_extractant=400.0)
    >>> float(y[0])  # 0.01 * 100 * 400**3 / 100**3
    64.0
    >>> e = model.free_extractant(np.array([[100.0]]), np.array([100.0]))
    >>> bool(abs(e[0] + 3 * 0.01 * 100 * e[0]**3 / 100**3 - 500.0) < 1e-9)  # e + 3 Σy = T
    True
    """

    model = "mass_action"

    def __init__(
        self,
        components: tuple[str, ...],
        K: FloatArray,
        extractant: float,
        saponification: float = 0.0,
    ) -> None:
        self.components = tuple(components)
        self.K = np.asarray(K, dtype=float)
        self.extractant = float(extractant)
        self.saponification = float(saponification)

    @property
    def dimer_total(self) -> float:
        """Total extractant as dimer ``T``, mol/m³."""
        return 0.5 * self.extractant

    @property
    def state_size(self) -> int:
        """Components plus H⁺."""
        return len(self.components) + 1

    def distribution(
        self, x: FloatArray, acidity: FloatArray | float, free_extractant: FloatArray | float
    ) -> tuple[FloatArray, FloatArray]:
        """Organic metal concentrations and ``dy_i/dx_i`` at given acidity and free dimer.

        Parameters
        ----------
        x : ndarray, shape (..., C)
            Aqueous metal concentrations, mol/m³.
        acidity : float or ndarray, shape (...)
            Aqueous H⁺ concentration ``h``, mol/m³.
        free_extractant : float or ndarray, shape (...)
            Free dimer concentration ``e`` in the organic phase, mol/m³.

        Returns
        -------
        y : ndarray, shape (..., C)
            Organic metal concentrations, mol/m³.
        dydx : ndarray, shape (..., C, C)
            ``dy_i/dx_k`` at constant ``h`` and ``e`` (diagonal), dimensionless.
        """
        x = np.asarray(x, dtype=float)
        ratio = (np.asarray(free_extractant, dtype=float) / np.asarray(acidity, dtype=float)) ** 3
        d = self.K * np.asarray(ratio)[..., None]
        y = d * x
        dydx = np.zeros(x.shape + (x.shape[-1],))
        idx = np.arange(x.shape[-1])
        dydx[..., idx, idx] = d
        return y, dydx

    def free_extractant(self, x: FloatArray, acidity: FloatArray) -> FloatArray:
        """Free dimer ``e`` (mol/m³) from ``e + 3 S e³/h³ = T`` for metal ``x`` (N, C) and H⁺ ``acidity`` (N,)."""
        return self._free_dimer(np.asarray(x) @ self.K, np.asarray(acidity))

    def _free_dimer(self, s_sum: FloatArray, h: FloatArray) -> FloatArray:
        total = self.dimer_total
        g = 3.0 * s_sum / h**3  # e + g e³ = T
        # f(e) = e + g e³ − T is convex and increasing: Newton from above converges monotonically
        e = np.minimum(total, np.cbrt(total / np.maximum(g, 1e-300)))
        for _ in range(60):
            f = e + g * e**3 - total
            step = f / (1.0 + 3.0 * g * e**2)
            e = np.maximum(e - step, 0.5 * e)
            if np.all(np.abs(step) <= 1e-15 * e):
                break
        return np.asarray(e)

    def phase_contents(
        self, z: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray | None, FloatArray]:
        """Transported metal and proton contents and their derivatives (``z = (x, h)``)."""
        n_c = len(self.components)
        x, h = z[:, :n_c], z[:, n_c]
        s_sum = x @ self.K
        e = self._free_dimer(s_sum, h)
        ratio = (e / h) ** 3
        y = self.K * x * ratio[:, None]
        # implicit derivatives of e from F = e + 3 S e³/h³ − T = 0
        dfde = 1.0 + 9.0 * s_sum * e**2 / h**3
        de_dx = -(3.0 * ratio / dfde)[:, None] * self.K
        de_dh = 9.0 * s_sum * ratio / h / dfde
        organic = np.empty_like(z)
        organic[:, :n_c] = y
        organic[:, n_c] = self.dimer_total + e
        d_organic = np.empty(z.shape + (z.shape[1],))
        y_over_e = 3.0 * y / e[:, None]
        d_organic[:, :n_c, :n_c] = y_over_e[:, :, None] * de_dx[:, None, :]
        comp = np.arange(n_c)
        d_organic[:, comp, comp] += self.K * ratio[:, None]
        d_organic[:, :n_c, n_c] = -3.0 * y / h[:, None] + y_over_e * de_dh[:, None]
        d_organic[:, n_c, :n_c] = de_dx
        d_organic[:, n_c, n_c] = de_dh
        return z, organic, None, d_organic

    def linear_organic(self, z: FloatArray) -> FloatArray:
        """Linear start: metals with ``D = K (T/2)³/h³``, protons ``T/h`` per unit of ``h``."""
        n_c = len(self.components)
        h = max(float(z[n_c]), 1.0)
        lin = np.empty(n_c + 1)
        lin[:n_c] = self.K * (0.5 * self.dimer_total / h) ** 3
        lin[n_c] = 1.5 * self.dimer_total / h
        return lin

    def initial_state(self, aqueous_reference: FloatArray) -> FloatArray:
        """Reference metals and acidity (at least 1 mol/m³)."""
        z = np.asarray(aqueous_reference, dtype=float).copy()
        z[len(self.components)] = max(z[len(self.components)], 1.0)
        return z

    def organic_inlet(self, loading: FloatArray) -> FloatArray:
        """Transported contents of the fresh organic carrying metal ``loading`` (mol/m³)."""
        n_c = len(self.components)
        inlet = np.empty(n_c + 1)
        inlet[:n_c] = loading
        inlet[n_c] = 2.0 * self.dimer_total * (1.0 - self.saponification) - 3.0 * float(np.sum(loading))
        return inlet

    def recycle_offset(self) -> FloatArray:
        """Re-saponification of a recycled organic: ``2 T s`` protons per m³ removed."""
        offset = np.zeros(len(self.components) + 1)
        offset[-1] = -2.0 * self.dimer_total * self.saponification
        return offset

    def recycle_mask(self) -> FloatArray:
        """Metals and protons are carried over by a recycled organic."""
        return np.ones(len(self.components) + 1)

    def aqueous_inlet(self, concentration: FloatArray, acidity: float) -> FloatArray:
        """Transported contents of an aqueous inlet: metals and H⁺ (``acidity``), mol/m³."""
        inlet = np.empty(len(self.components) + 1)
        inlet[: len(self.components)] = concentration
        inlet[len(self.components)] = acidity
        return inlet

    def subset(self, keep: list[int]) -> MassAction:
        """The model restricted to the metals at positions ``keep``."""
        return MassAction(
            tuple(self.components[i] for i in keep), self.K[keep], self.extractant, self.saponification
        )
