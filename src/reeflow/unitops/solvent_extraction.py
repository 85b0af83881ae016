"""Solvent-extraction circuit as a flowsheet unit: the rigorous cascade between aqueous streams.

Model
-----
The unit wraps the stage-by-stage cascade of :mod:`reeflow.unitops.sx` (its topology, equilibrium
models and solver; docs/sx.md). Its inlets are aqueous streams, in this order: the feed liquor,
the scrub liquor (when ``sections.scrubbing`` > 0), the strip liquor (when ``sections.stripping``
> 0) and the saponification reagent (when ``saponification_reagent`` names its base). From them
the unit builds the cascade at every run:

* volumetric flows from the streams' aqueous volume (water at 25 °C, solutes' volume neglected);
* component concentrations from the element flows of the ``components`` in the aqueous phase;
* H⁺ (used by the ``mass_action`` model) from the streams' ``HCl(aq)``;
* the organic flow as given, or as a ratio to the feed's aqueous flow;
* with a saponification reagent and the ``mass_action`` model, the saponification degree
  ``s = n_base / (c_HA O)`` (base flow over the flow of the organic's acid sites).

The organic phase stays inside the unit (the stripped organic is recycled when ``recycle`` is
set). The outlets are aqueous: ``raffinate`` (feed and scrub liquor, with the components the
cascade leaves there) and ``extract`` (the strip liquor with the components the cascade strips;
without a stripping section, the metals the loaded organic carries away). Each component's
aqueous species are divided between the outlets in the cascade's split of that component's total
input; every other species, solids carrying a component included, stays with its liquor. With a
stripping section and ``cation_exchange`` (the acidic extractants P507 and P204), each chloride
moved to the extract sends its chlorine back as HCl(aq): the organic releases H⁺ where it extracts
and takes H⁺ up where it is stripped, so the strip acid is used up and the raffinate acidified,
three HCl per trivalent metal. A saponification reagent (NaOH(aq) or NH3(aq)) neutralises as much
HCl, the raffinate's first and then the strip liquor's (its Na⁺ or NH₄⁺ is what the saponified
organic gives off instead of H⁺; the total matches the mass-action model's proton balance, the
division between the two outlets is this rule's). Every element balance closes exactly. Limits:
no entrainment, no extraction of HCl or of non-component metals, outlets at the feed temperature,
water and solutes' volume as above.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
import yaml
from pydantic import Field, PositiveFloat, model_validator

from reeflow.errors import ScenarioError
from reeflow.streams import Stream
from reeflow.unitops.base import UnitOperation, UnitParameters
from reeflow.uom import conversion_factor, to_si
from reeflow.uom.fields import si_quantity

if TYPE_CHECKING:
    from reeflow.unitops.sx import Cascade, CascadeResult

__all__ = ["SolventExtraction"]

#: Aqueous concentrations below this (mol/m³) are taken as zero (the cascade's smallest is 1e-100).
_TRACE = 1e-90
#: Neutralisation product of each saponification base with HCl(aq), and the water it forms.
_NEUTRALISED = {"NaOH(aq)": ("NaCl(aq)", 1.0), "NH3(aq)": ("NH4Cl(aq)", 0.0)}


class Liquor(NamedTuple):
    """An aqueous inlet as the cascade sees it: flow (m³/s), component concentrations and H⁺ (mol/m³)."""

    flow: float
    metals: np.ndarray
    acid: float


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
    """Components, sections, organic flow, equilibrium model(s) and the exchange chemistry."""

    components: list[str] = Field(min_length=1)
    sections: Sections
    organic: OrganicFlow
    equilibrium: dict[str, Any]
    strip_equilibrium: dict[str, Any] | None = None
    cation_exchange: bool = True
    saponification_reagent: Literal["NaOH(aq)", "NH3(aq)"] | None = None


class SolventExtraction(UnitOperation):
    """Counter-current extraction, scrubbing and stripping, solved stage by stage."""

    type_name = "solvent_extraction"
    Parameters = SolventExtractionParameters
    parameters: SolventExtractionParameters

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
        self.chlorine = (
            self.database.element_matrix[self.database.element_row("Cl")] if "Cl" in self.database.elements
            else np.zeros(len(self.database))
        )
        self.mass_action = p.equilibrium.get("model") == "mass_action"
        if self.mass_action and "saponification" in p.equilibrium:
            raise ScenarioError(
                f"{self.parameter_ref('equilibrium.saponification')}: in a flowsheet the saponifying base must "
                "enter as a stream: name it in saponification_reagent, give its stream as the last inlet, and the "
                "unit derives the saponification degree from its flow"
            )
        roles = ["the feed liquor"]
        roles += ["the scrub liquor"] if p.sections.scrubbing else []
        roles += ["the strip liquor"] if p.sections.stripping else []
        roles += [f"the saponification reagent ({p.saponification_reagent})"] if p.saponification_reagent else []
        self.roles = roles
        probe = Liquor(1.0, np.ones(len(p.components)), 0.0)
        scrub = probe if p.sections.scrubbing else None
        strip = probe if p.sections.stripping else None
        self._cascade(probe, scrub, strip, 1.0, None)  # checks the parameters now

    def check_inlets(self, count: int) -> None:
        """Feed, scrub liquor, strip liquor and saponification reagent, as the parameters call for."""
        if count != len(self.roles):
            raise ScenarioError(
                f"units.{self.id}.inlets: {count} inlets given; this {self.type_name} takes {len(self.roles)}: "
                + ", ".join(self.roles) + ", in that order"
            )

    def outlet_ports(self) -> tuple[str, ...]:
        return ("raffinate", "extract")

    def _cascade(
        self, feed: Liquor, scrub: Liquor | None, strip: Liquor | None, organic_flow: float, saponification: float | None
    ) -> Cascade:
        """The cascade for the given liquors and organic flow (m³/s), validated by the SX module; its
        errors name this unit's parameters."""
        from reeflow.unitops.sx import load_cascade

        p = self.parameters
        equilibrium = dict(p.equilibrium)
        if saponification is not None:
            equilibrium["saponification"] = saponification
        data: dict[str, Any] = {
            "name": self.id,
            "components": list(p.components),
            "sections": p.sections.model_dump(),
            "feed": _inlet(p.components, feed),
            "organic": {"flow": _flow(organic_flow), "recycle": p.organic.recycle},
            "equilibrium": equilibrium,
        }
        if scrub is not None:
            data["scrub"] = _inlet(p.components, scrub)
        if strip is not None:
            data["strip"] = _inlet(p.components, strip)
            if p.strip_equilibrium is not None:
                data["strip"]["equilibrium"] = p.strip_equilibrium
        try:
            return load_cascade(data)
        except ScenarioError as exc:
            raise ScenarioError(str(exc).replace("cascade:", f"units.{self.id}.parameters:", 1)) from None

    def _liquor(self, stream: Stream, role: str) -> Liquor:
        """The cascade's view of an inlet liquor."""
        volume = stream.aqueous_volume_flow
        if not volume > 0:
            raise ScenarioError(f"units.{self.id}: {role} {stream.id!r} carries no water")
        per_kmol = conversion_factor("kmol", "mol")
        aqueous = np.where(self.database.phase_masks["aqueous"], stream.molar_flows, 0.0)
        metals = self.database.element_matrix[self.rows] @ aqueous * per_kmol / volume
        metals[metals < _TRACE] = 0.0
        return Liquor(volume, metals, self._species(stream, "HCl(aq)") * per_kmol / volume)

    def _species(self, stream: Stream, species: str) -> float:
        return float(stream.molar_flows[self.database.position(species)]) if species in self.database else 0.0

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        from reeflow.unitops.sx import simulate

        p = self.parameters
        order = iter(inlets)
        feed = next(order)
        scrub = next(order) if p.sections.scrubbing else None
        strip = next(order) if p.sections.stripping else None
        base = next(order) if p.saponification_reagent else None
        empty = [(role, liquor.id) for role, liquor in (("the scrub liquor", scrub), ("the strip liquor", strip))
                 if liquor is not None and not liquor.aqueous_volume_flow > 0]
        if empty:
            return self._pass_through(feed, scrub, strip, base, empty)
        feed_liquor = self._liquor(feed, "the feed liquor")
        organic_flow = p.organic.flow if p.organic.flow is not None else float(p.organic.ratio or 0.0) * feed_liquor.flow
        saponification = None
        if base is not None and self.mass_action:
            acid_sites = to_si(p.equilibrium.get("extractant", "0 mol/L"), "mol/m**3", "equilibrium.extractant")
            base_flow = self._species(base, str(p.saponification_reagent)) * conversion_factor("kmol", "mol")
            saponification = base_flow / (acid_sites * organic_flow)
        self.cascade = self._cascade(
            feed_liquor,
            self._liquor(scrub, "the scrub liquor") if scrub else None,
            self._liquor(strip, "the strip liquor") if strip else None,
            organic_flow,
            saponification,
        )
        self.result = result = simulate(self.cascade)
        product = "strip_liquor" if p.sections.stripping else "loaded_organic"
        to_extract = np.array([(result.split[c] or {product: 0.0})[product] for c in p.components])

        total = np.sum([s.molar_flows for s in (feed, scrub, strip) if s is not None], axis=0)
        carried = (self.owner >= 0) & self.database.phase_masks["aqueous"]
        extract = np.where(carried, to_extract[np.maximum(self.owner, 0)] * total, 0.0)
        raffinate = np.where(carried, total - extract, feed.molar_flows + (scrub.molar_flows if scrub else 0.0))
        if strip is not None:
            extract = extract + np.where(carried, 0.0, strip.molar_flows)
            if p.cation_exchange:
                moved = extract - np.where(carried, strip.molar_flows, 0.0)  # carriers gained by the extract
                self._return_chlorine(float(self.chlorine @ np.where(carried, moved, 0.0)), raffinate, extract, strip)
        if base is not None:
            self._neutralise(base, raffinate, extract)
        state = {"temperature": feed.temperature, "pressure": feed.pressure}
        return {
            "raffinate": Stream("raffinate", self.database, np.maximum(raffinate, 0.0), **state),
            "extract": Stream("extract", self.database, np.maximum(extract, 0.0), **state),
        }

    def _pass_through(
        self, feed: Stream, scrub: Stream | None, strip: Stream | None, base: Stream | None,
        empty: list[tuple[str, str]],
    ) -> dict[str, Stream]:
        """Outlets without extraction, for a scrub or strip liquor that carries no water: the first
        pass of a recycle whose tear stream is still empty. Feed, scrub and reagent leave in the
        raffinate, the strip liquor in the extract; a warning says so (it stays in the results
        only if the converged flowsheet still lacks the liquor)."""
        self.result = self.cascade = None
        what = ", ".join(f"{role} {sid!r}" for role, sid in empty)
        self.warnings.append(f"unit {self.id!r}: {what} carries no water; nothing extracted in this pass")
        raffinate = np.sum([s.molar_flows for s in (feed, scrub, base) if s is not None], axis=0)
        extract = strip.molar_flows.copy() if strip is not None else np.zeros(len(self.database))
        state = {"temperature": feed.temperature, "pressure": feed.pressure}
        return {
            "raffinate": Stream("raffinate", self.database, raffinate, **state),
            "extract": Stream("extract", self.database, extract, **state),
        }

    def _return_chlorine(self, chlorine: float, raffinate: np.ndarray, extract: np.ndarray, strip: Stream) -> None:
        """Send ``chlorine`` kmol/s of HCl(aq) from the extract to the raffinate (cation exchange)."""
        hcl = self.database.position("HCl(aq)")
        giver, taker = (extract, raffinate) if chlorine >= 0 else (raffinate, extract)
        if abs(chlorine) > giver[hcl] * (1.0 + 1e-12):
            raise ScenarioError(
                f"units.{self.id}: stripping {abs(chlorine):.4g} kmol/s of chloride-bound metal needs as much HCl, but "
                f"the strip liquor {strip.id!r} brings {giver[hcl]:.4g} kmol/s; give it more or stronger acid"
            )
        moved = min(abs(chlorine), float(giver[hcl]))
        giver[hcl] -= moved
        taker[hcl] += moved

    def _neutralise(self, base: Stream, raffinate: np.ndarray, extract: np.ndarray) -> None:
        """Spend the saponification reagent on HCl(aq), the raffinate's first, then the extract's, mole
        for mole; the reagent's liquor joins the raffinate."""
        name = str(self.parameters.saponification_reagent)
        salt, water = _NEUTRALISED[name]
        amount = self._species(base, name)
        hcl, reagent = self.database.position("HCl(aq)"), self.database.position(name)
        if amount > (raffinate[hcl] + extract[hcl]) * (1.0 + 1e-12):
            raise ScenarioError(
                f"units.{self.id}: the saponification reagent {base.id!r} brings {amount:.4g} kmol/s of {name}, more "
                f"than the {raffinate[hcl] + extract[hcl]:.4g} kmol/s of acid the circuit releases; lower its rate"
            )
        raffinate += base.molar_flows
        raffinate[reagent] -= amount
        left = amount
        for liquor in (raffinate, extract):
            spent = min(left, float(liquor[hcl]))
            liquor[hcl] -= spent
            liquor[self.database.position(salt)] += spent
            if water:
                liquor[self.database.position("H2O")] += water * spent
            left -= spent

    def output_files(self) -> dict[str, str]:
        """The cascade of the last solve as a cascade file, ``<unit id>.cascade.yaml``: the input of
        ``reeflow sx simulate`` and ``reeflow sx design`` for this circuit at the flowsheet's
        converged feed, scrub and strip liquors."""
        if self.cascade is None:
            return {}
        header = (f"# Cascade of unit {self.id} at the converged flowsheet, written by reeflow run.\n"
                  "# Design it with: reeflow sx design THIS_FILE --target ...\n")
        return {f"{self.id}.cascade.yaml": header + yaml.safe_dump(self.cascade.to_file_dict(), sort_keys=False)}

    def summary(self) -> dict[str, Any] | None:
        """The last cascade solve: sections, flows (m³/h), saponification, splits, purities, iterations and
        stage profiles (mol/L, stage 1 where the organic enters)."""
        if self.result is None or self.cascade is None:
            return None
        per_hour = conversion_factor("m**3/s", "m**3/h")
        c = self.cascade
        details: dict[str, Any] = {
            "sections": {"extraction": c.extraction, "scrubbing": c.scrubbing, "stripping": c.stripping},
            "flows_m3_per_h": {
                "feed": c.feed_flow * per_hour, "organic": c.organic_flow * per_hour,
                "scrub": c.scrub_flow * per_hour, "strip": c.strip_flow * per_hour,
            },
            "split": self.result.split,
            "purity": self.result.purity,
            "iterations": self.result.iterations,
            "balance_closure": self.result.balance_closure,
            "profiles": self.result.to_dict()["profiles"],
        }
        saponification = c.equilibrium_file.get("saponification")
        if saponification is not None:
            details["saponification"] = saponification
        return details


def _flow(m3_per_s: float) -> str:
    return f"{m3_per_s!r} m**3/s"


def _molar(mol_per_m3: float) -> str:
    return f"{mol_per_m3!r} mol/m**3"


def _inlet(components: list[str], liquor: Liquor) -> dict[str, Any]:
    """A liquor in the cascade file's inlet form."""
    concentration = {c: _molar(float(v)) for c, v in zip(components, liquor.metals, strict=True)}
    return {"flow": _flow(liquor.flow), "concentration": concentration, "acidity": _molar(liquor.acid)}
