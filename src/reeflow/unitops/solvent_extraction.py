"""Solvent-extraction circuit as a flowsheet unit: the rigorous cascade between aqueous streams.

Model
-----
The unit wraps the stage-by-stage cascade of :mod:`reeflow.unitops.sx` (its topology, equilibrium
models and solver; docs/sx.md). Its inlets are aqueous streams, in this order: the feed liquor,
the scrub liquor (when ``sections.scrubbing`` > 0) and the strip liquor (when
``sections.stripping`` > 0). From them the unit builds the cascade at every run:

* volumetric flows from the streams' aqueous volume (water at 25 °C, solutes' volume neglected);
* component concentrations from the element flows of the ``components`` in the aqueous phase;
* H⁺ (used by the ``mass_action`` model) from the streams' ``HCl(aq)``;
* the organic flow as given, or as a ratio to the feed's aqueous flow.

The organic phase stays inside the unit (the stripped organic is recycled when ``recycle`` is
set). The outlets are aqueous: ``raffinate`` (feed and scrub liquor, with the components the
cascade leaves there) and ``extract`` (the strip liquor with the components the cascade strips;
without a stripping section, the metals the loaded organic carries away). Each component's
species move between the two outlets in the cascade's split of that component's total input;
every other species stays with its liquor: the feed's and scrub's in the raffinate, the strip's in
the extract. The metals move as the species they entered in (e.g. ``LaCl3(aq)``), so the unit
closes every element balance exactly. Limits: the ion exchange behind the split (H⁺ released,
Na⁺ of a saponified organic, strip acid consumed) is inside the cascade model only and does not
change the streams' HCl, NaCl or water; no entrainment; the outlets take the feed temperature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, PositiveFloat, model_validator

from reeflow.errors import ScenarioError
from reeflow.streams import Stream
from reeflow.unitops.base import UnitOperation, UnitParameters
from reeflow.uom import conversion_factor
from reeflow.uom.fields import si_quantity

if TYPE_CHECKING:
    from reeflow.unitops.sx import Cascade, CascadeResult

__all__ = ["SolventExtraction"]

#: Aqueous concentrations below this (mol/m³) are taken as zero (the cascade's smallest is 1e-100).
_TRACE = 1e-90


class Sections(UnitParameters):
    """Stage numbers of the three sections."""

    extraction: int = Field(ge=1)
    scrubbing: int = Field(default=0, ge=0)
    stripping: int = Field(default=0, ge=0)


class OrganicFlow(UnitParameters):
    """Organic flow: absolute (m³/s) or as a volumetric ratio to the feed; recycle after stripping."""

    flow: si_quantity("m**3/s") | None = None  # type: ignore[valid-type]
    ratio: PositiveFloat | None = None
    recycle: bool = False

    @model_validator(mode="after")
    def _one_of_flow_or_ratio(self) -> OrganicFlow:
        if (self.flow is None) == (self.ratio is None):
            raise ValueError("give exactly one of flow (e.g. '2 m3/h') or ratio (organic : feed by volume)")
        if self.flow is not None and not self.flow > 0:
            raise ValueError("the organic flow must be positive")
        return self


class SolventExtractionParameters(UnitParameters):
    """Components, sections, organic flow and the equilibrium model(s) of the cascade file."""

    components: list[str] = Field(min_length=1)
    sections: Sections
    organic: OrganicFlow
    equilibrium: dict[str, Any]
    strip_equilibrium: dict[str, Any] | None = None


class SolventExtraction(UnitOperation):
    """Counter-current extraction, scrubbing and stripping, solved stage by stage."""

    type_name = "solvent_extraction"
    Parameters = SolventExtractionParameters
    parameters: SolventExtractionParameters
    inlet_count = (1, 3)

    def _prepare(self) -> None:
        p = self.parameters
        self.result: CascadeResult | None = None
        self.cascade: Cascade | None = None
        missing = [c for c in p.components if c not in self.database.elements]
        if missing:
            raise ScenarioError(
                f"{self.parameter_ref('components')}: {missing} are not elements of the scenario's species"
            )
        self.rows = [self.database.element_row(c) for c in p.components]
        matrix = self.database.element_matrix[self.rows]  # components × species
        carriers = (matrix > 0).sum(axis=0)
        if np.any(carriers > 1):
            both = [self.database.ids[i] for i in np.flatnonzero(carriers > 1)]
            raise ScenarioError(
                f"{self.parameter_ref('components')}: species {both} carry two components; the unit moves each "
                "species with its one component"
            )
        self.owner = np.where(carriers == 1, np.argmax(matrix > 0, axis=0), -1)  # component index per species
        self.template = self._cascade(np.ones(len(p.components)), 1.0, 1.0, 1.0)
        self.expected_inlets = 1 + (p.sections.scrubbing > 0) + (p.sections.stripping > 0)

    def check_inlets(self, count: int) -> None:
        """Feed, then a scrub liquor with a scrubbing section, then a strip liquor with a stripping one."""
        if count != self.expected_inlets:
            raise ScenarioError(
                f"units.{self.id}.inlets: {count} inlets given; this {self.type_name} takes "
                f"{self.expected_inlets}: the feed liquor"
                + (", the scrub liquor" if self.parameters.sections.scrubbing else "")
                + (", the strip liquor" if self.parameters.sections.stripping else "")
                + ", in that order"
            )

    def outlet_ports(self) -> tuple[str, ...]:
        return ("raffinate", "extract")

    def _cascade(self, feed: np.ndarray, feed_flow: float, scrub_flow: float, strip_flow: float) -> Cascade:
        """A cascade file for the given feed (mol/m³) and flows (m³/s), validated by the SX module."""
        from reeflow.unitops.sx import load_cascade

        p = self.parameters
        organic_flow = p.organic.flow if p.organic.flow is not None else float(p.organic.ratio or 0.0) * feed_flow
        data: dict[str, Any] = {
            "name": self.id,
            "components": list(p.components),
            "sections": p.sections.model_dump(),
            "feed": {"flow": f"{feed_flow!r} m**3/s", "concentration": _conc(p.components, feed)},
            "organic": {"flow": f"{organic_flow!r} m**3/s", "recycle": p.organic.recycle},
            "equilibrium": p.equilibrium,
        }
        if p.sections.scrubbing:
            data["scrub"] = {"flow": f"{scrub_flow!r} m**3/s"}
        if p.sections.stripping:
            data["strip"] = {"flow": f"{strip_flow!r} m**3/s"}
            if p.strip_equilibrium is not None:
                data["strip"]["equilibrium"] = p.strip_equilibrium
        try:
            return load_cascade(data)
        except ScenarioError as exc:
            raise ScenarioError(str(exc).replace("cascade:", f"units.{self.id}.parameters:", 1)) from None

    def _liquor(self, stream: Stream, role: str) -> tuple[float, np.ndarray, float]:
        """Aqueous flow (m³/s), component concentrations and H⁺ (mol/m³) of an inlet liquor."""
        volume = stream.aqueous_volume_flow
        if not volume > 0:
            raise ScenarioError(f"units.{self.id}: the {role} liquor {stream.id!r} carries no water")
        per_kmol = conversion_factor("kmol", "mol")
        aqueous = np.where(self.database.phase_masks["aqueous"], stream.molar_flows, 0.0)
        metals = self.database.element_matrix[self.rows] @ aqueous * per_kmol / volume
        metals[metals < _TRACE] = 0.0
        acid = stream.molar_flows[self.database.position("HCl(aq)")] if "HCl(aq)" in self.database else 0.0
        return volume, metals, float(acid) * per_kmol / volume

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        from reeflow.unitops.sx import simulate

        p = self.parameters
        feed = inlets[0]
        scrub = inlets[1] if p.sections.scrubbing else None
        strip = inlets[-1] if p.sections.stripping else None
        f_flow, f_conc, f_acid = self._liquor(feed, "feed")
        changes: dict[str, Any] = {"feed_flow": f_flow, "feed_concentration": f_conc, "feed_acidity": f_acid}
        if scrub is not None:
            w_flow, w_conc, w_acid = self._liquor(scrub, "scrub")
            changes |= {"scrub_flow": w_flow, "scrub_concentration": w_conc, "scrub_acidity": w_acid}
        if strip is not None:
            s_flow, s_conc, s_acid = self._liquor(strip, "strip")
            changes |= {"strip_flow": s_flow, "strip_concentration": s_conc, "strip_acidity": s_acid}
        if p.organic.ratio is not None:
            changes["organic_flow"] = p.organic.ratio * f_flow
        self.cascade = self.template.replace(**changes)
        self.result = result = simulate(self.cascade)
        product = "strip_liquor" if p.sections.stripping else "loaded_organic"
        to_extract = np.array([(result.split[c] or {product: 0.0})[product] for c in p.components])

        total = np.sum([s.molar_flows for s in inlets], axis=0)
        carried = self.owner >= 0
        share = np.where(carried, to_extract[np.maximum(self.owner, 0)], 0.0)
        extract = share * total
        if strip is not None:
            extract = extract + np.where(carried, 0.0, strip.molar_flows)
        raffinate = np.where(carried, total - extract, feed.molar_flows + (scrub.molar_flows if scrub else 0.0))
        state = {"temperature": feed.temperature, "pressure": feed.pressure}
        return {
            "raffinate": Stream("raffinate", self.database, np.maximum(raffinate, 0.0), **state),
            "extract": Stream("extract", self.database, extract, **state),
        }

    def summary(self) -> dict[str, Any] | None:
        """The last cascade solve: sections, flows (m³/h), splits, purities, iterations, closure."""
        if self.result is None or self.cascade is None:
            return None
        per_hour = conversion_factor("m**3/s", "m**3/h")
        c = self.cascade
        return {
            "sections": {"extraction": c.extraction, "scrubbing": c.scrubbing, "stripping": c.stripping},
            "flows_m3_per_h": {
                "feed": c.feed_flow * per_hour, "organic": c.organic_flow * per_hour,
                "scrub": c.scrub_flow * per_hour, "strip": c.strip_flow * per_hour,
            },
            "split": self.result.split,
            "purity": self.result.purity,
            "iterations": self.result.iterations,
            "balance_closure": self.result.balance_closure,
        }


def _conc(components: list[str], values: np.ndarray) -> dict[str, str]:
    return {c: f"{float(v)!r} mol/m**3" for c, v in zip(components, values, strict=True)}
