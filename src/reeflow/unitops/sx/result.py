"""Result of a cascade simulation: profiles, outlets, splits, purities and convergence figures.

Inside, concentrations are mol/m³ and molar flows mol/s; :meth:`CascadeResult.to_dict` writes the
command line's JSON, whose profiles are in mol/L.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reeflow.unitops.sx.equilibrium.base import FloatArray
from reeflow.uom import to_unit

if TYPE_CHECKING:
    from reeflow.unitops.sx.network import Network
    from reeflow.unitops.sx.spec import Cascade

__all__ = ["CascadeResult"]


@dataclass
class CascadeResult:
    """Converged steady state of a cascade.

    Attributes
    ----------
    components : tuple of str
        Component symbols, the order of every array.
    aqueous, organic : ndarray, shape (N, C)
        Metal concentrations leaving each stage (stage 1 first), mol/m³.
    outlet_flows : dict of str to ndarray, shape (C,)
        Molar flow of each component per outlet, mol/s.
    outlet_volumes : dict of str to float
        Volumetric flow of each outlet, m³/s.
    total_input : ndarray, shape (C,)
        Molar input of each component by all external streams, mol/s.
    iterations : int
        Newton iterations (homotopy steps included, plus the linear start).
    residual : float
        Largest scaled stage residual at the solution.
    balance_closure : float
        Largest |in − out| / in over components with an input.
    solve_time_s : float
        Wall time of :func:`~reeflow.unitops.sx.simulate`, s.
    acidity, free_extractant : ndarray, shape (N,), or None
        Aqueous H⁺ and free extractant dimer per stage (mass-action model only), mol/m³.
    """

    components: tuple[str, ...]
    aqueous: FloatArray
    organic: FloatArray
    outlet_flows: dict[str, FloatArray]
    outlet_volumes: dict[str, float]
    total_input: FloatArray
    iterations: int
    residual: float
    balance_closure: float
    solve_time_s: float
    acidity: FloatArray | None = None
    free_extractant: FloatArray | None = None
    converged: bool = field(default=True)

    @classmethod
    def from_state(
        cls,
        cascade: Cascade,
        net: Network,
        *,
        aqueous: FloatArray,
        organic: FloatArray,
        state: FloatArray,
        iterations: int,
        residual: float,
        solve_time_s: float,
        free_extractant: FloatArray | None = None,
    ) -> CascadeResult:
        """Assemble the result from the solver's converged contents (active components first).

        ``state`` holds the stage states; with the mass-action model its column after the metals
        is H⁺, and ``free_extractant`` (mol/m³ per stage) comes from the model.
        """
        n_c = len(cascade.components)
        n_active = len(net.active)
        x = np.zeros((net.n_stages, n_c))
        y = np.zeros((net.n_stages, n_c))
        x[:, net.active] = aqueous[:, :n_active]
        y[:, net.active] = organic[:, :n_active]
        flow_o = cascade.organic_flow
        flows = {"raffinate": net.aqueous_out[0] * x[0]}
        volumes = {"raffinate": float(net.aqueous_out[0])}
        if net.strip_stage is None:
            flows["loaded_organic"] = flow_o * y[-1]
            volumes["loaded_organic"] = flow_o
        else:
            flows["strip_liquor"] = net.aqueous_out[net.strip_stage] * x[net.strip_stage]
            volumes["strip_liquor"] = float(net.aqueous_out[net.strip_stage])
            if not cascade.recycle:
                flows["stripped_organic"] = flow_o * y[-1]
                volumes["stripped_organic"] = flow_o
        total = cascade.total_input()
        out = sum(flows.values())
        with np.errstate(divide="ignore", invalid="ignore"):
            closure = np.where(total > 0, np.abs(total - out) / np.where(total > 0, total, 1.0), 0.0)
        extra = state.shape[1] > n_active and free_extractant is not None
        return cls(
            components=cascade.components,
            aqueous=x,
            organic=y,
            outlet_flows=flows,
            outlet_volumes=volumes,
            total_input=total,
            iterations=iterations,
            residual=residual,
            balance_closure=float(np.max(closure)),
            solve_time_s=solve_time_s,
            acidity=state[:, n_active].copy() if extra else None,
            free_extractant=free_extractant if extra else None,
        )

    @property
    def split(self) -> dict[str, dict[str, float] | None]:
        """Fraction of each component's total input leaving by each outlet (None: no input)."""
        out: dict[str, dict[str, float] | None] = {}
        for i, symbol in enumerate(self.components):
            total = self.total_input[i]
            if total > 0:
                out[symbol] = {name: float(flow[i] / total) for name, flow in self.outlet_flows.items()}
            else:
                out[symbol] = None
        return out

    @property
    def purity(self) -> dict[str, dict[str, float]]:
        """Mole fraction of each component among the listed components, per outlet."""
        out: dict[str, dict[str, float]] = {}
        for name, flow in self.outlet_flows.items():
            total = float(np.sum(flow))
            out[name] = {
                symbol: (float(flow[i] / total) if total > 0 else 0.0) for i, symbol in enumerate(self.components)
            }
        return out

    def outlet_concentrations(self, outlet: str) -> FloatArray:
        """Concentrations of ``outlet`` (mol/m³ of its own phase)."""
        return np.asarray(self.outlet_flows[outlet] / self.outlet_volumes[outlet])

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``reeflow sx simulate --json`` (profiles and outlet concentrations in mol/L)."""
        mol_per_l = to_unit(1.0, "mol/m**3", "mol/L")

        def rows(profile: FloatArray) -> list[dict[str, float]]:
            return [
                {symbol: float(value * mol_per_l) for symbol, value in zip(self.components, stage, strict=True)}
                for stage in profile
            ]

        result: dict[str, Any] = {
            "converged": self.converged,
            "iterations": self.iterations,
            "residual": self.residual,
            "balance_closure": self.balance_closure,
            "split": self.split,
            "purity": self.purity,
            "outlets": {
                name: {
                    "flow_m3_s": self.outlet_volumes[name],
                    "molar_flow_mol_s": dict(zip(self.components, map(float, flow), strict=True)),
                    "concentration_mol_L": dict(
                        zip(self.components, map(float, self.outlet_concentrations(name) * mol_per_l), strict=True)
                    ),
                }
                for name, flow in self.outlet_flows.items()
            },
            "profiles": {"aqueous": rows(self.aqueous), "organic": rows(self.organic)},
            "solve_time_s": self.solve_time_s,
        }
        if self.acidity is not None and self.free_extractant is not None:
            result["profiles"]["acidity"] = [float(h * mol_per_l) for h in self.acidity]
            result["profiles"]["free_extractant"] = [float(e * mol_per_l) for e in self.free_extractant]
        return result
