"""Stoichiometric reactor: reactions at fixed conversion of a key reactant.

Model
-----
Inlets are mixed; reactions then act one after another in the order given, each on the
composition left by the previous one. Reaction r advances by the extent

    ξ_r = X_r · n_key / |ν_key|          (kmol/s)

limited so that no reactant goes negative; a reaction held back by a missing reagent is
reported as a warning (the reagent dose is then too low). Outlet flows are n + Σ ν_r ξ_r.
With ``gas_outlet: true`` the gas-phase species leave by ``off_gas``, the rest by ``out``.
The outlet temperature is ``temperature`` if given, else the mixed inlet temperature (no
energy balance yet). Reaction equations are checked for element balance when the unit is built.

Typical uses: sulfuric-acid bake of bastnaesite, leaching, neutralisation and impurity
precipitation, oxalate precipitation, calcination.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from reeflow.streams import Stream, mix
from reeflow.unitops.base import UnitOperation, UnitParameters
from reeflow.unitops.reactions import Reaction, expand_rare_earths, parse_reaction
from reeflow.uom.fields import Fraction, si_quantity

__all__ = ["ReactionSpec", "StoichiometricReactor"]


class ReactionSpec(UnitParameters):
    """One reaction line: equation, conversion of the key reactant, optional {RE} expansion."""

    equation: str
    conversion: Fraction
    key: str | None = None
    for_each: list[str] | str | None = None


class ReactorParameters(UnitParameters):
    """Reactions in order, optional outlet temperature (K) and a separate gas outlet."""

    reactions: list[ReactionSpec] = Field(min_length=1)
    temperature: si_quantity("K") | None = Field(default=None, gt=0)  # type: ignore[valid-type]
    gas_outlet: bool = False


class StoichiometricReactor(UnitOperation):
    """Reactions with fixed conversions, applied in sequence.

    >>> from reeflow.species import default_database
    >>> from reeflow.streams import Stream
    >>> db = default_database()
    >>> calciner = StoichiometricReactor("calciner", {"gas_outlet": True, "reactions": [
    ...     {"equation": "CaCO3 -> CaO + CO2(g)", "conversion": 0.9}]}, db)
    >>> out = calciner.run([Stream.from_mass_flows("feed", db, {"CaCO3": 1.0})])
    >>> round(out["out"].species_mass_flow("CaO"), 4), round(out["off_gas"].mass_flow, 4)
    (0.5043, 0.3957)
    """

    type_name = "stoichiometric_reactor"
    Parameters = ReactorParameters
    parameters: ReactorParameters

    def _prepare(self) -> None:
        self.reactions: list[tuple[Reaction, float]] = []
        for i, spec in enumerate(self.parameters.reactions):
            where = self.parameter_ref(f"reactions.{i}")
            for re_, equation in expand_rare_earths(spec.equation, spec.for_each, self.database, where):
                key = spec.key.replace("{RE}", re_) if spec.key else None
                self.reactions.append((parse_reaction(equation, self.database, where, key), spec.conversion))

    def outlet_ports(self) -> tuple[str, ...]:
        return ("out", "off_gas") if self.parameters.gas_outlet else ("out",)

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        feed = mix("out", inlets)
        n = feed.molar_flows.copy()
        for reaction, conversion in self.reactions:
            nu = reaction.stoichiometry
            wanted = conversion * n[reaction.key] / -nu[reaction.key]
            reactants = reaction.reactants
            available = float(np.min(n[reactants] / -nu[reactants]))
            extent = min(wanted, available)
            if available < wanted * (1.0 - 1e-12):
                short = reactants[int(np.argmin(n[reactants] / -nu[reactants]))]
                self.warnings.append(
                    f"unit {self.id!r}: {reaction.equation!r} reached {extent / wanted:.1%} of its conversion, "
                    f"limited by {self.database.ids[short]}"
                )
            n = n + nu * extent
            n[reactants] = np.maximum(n[reactants], 0.0)
        temperature = feed.temperature if self.parameters.temperature is None else self.parameters.temperature
        out = Stream("out", self.database, n, temperature=temperature, pressure=feed.pressure)
        if not self.parameters.gas_outlet:
            return {"out": out}
        gas = self.database.phase_masks["gas"]
        return {
            "out": Stream("out", self.database, np.where(gas, 0.0, n), temperature=temperature, pressure=feed.pressure),
            "off_gas": Stream("off_gas", self.database, np.where(gas, n, 0.0), temperature=temperature,
                              pressure=feed.pressure),
        }
