"""Separations with fixed performance: component splitter and solid–liquid separator.

Component splitter
    One inlet (inlets are mixed) divided among outlets with a fixed recovery per species, e.g.
    flotation or magnetic separation. ``recoveries`` maps an outlet to ``{selector: fraction}``
    (see :mod:`reeflow.unitops.selectors`); the outlet ``remainder`` takes what is left.

Solid–liquid separator
    Thickener, filter or centrifuge with an optional wash. Inlets: the slurry, then optionally the
    wash liquor. A fraction ``solids_recovery`` of every solid species reports to ``cake``; the
    cake holds liquor so that liquid makes up ``cake_moisture`` of its mass. That liquor is a blend:
    a fraction ``wash_efficiency`` of it is wash liquor, the rest mother liquor (the displacement
    wash model with efficiency η; η = 0 without a wash). Everything else leaves as ``filtrate``.
    Liquids are the aqueous and organic phases; gases go with the filtrate.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from reeflow.errors import ScenarioError
from reeflow.streams import Stream, mix
from reeflow.unitops.base import UnitOperation, UnitParameters
from reeflow.unitops.selectors import resolve_fractions
from reeflow.uom.fields import Fraction

__all__ = ["ComponentSplitter", "SolidLiquidSeparator"]


class ComponentSplitterParameters(UnitParameters):
    """Recoveries per outlet and selector; the remainder outlet takes the rest."""

    recoveries: dict[str, dict[str, Fraction]] = Field(min_length=1)
    remainder: str


class ComponentSplitter(UnitOperation):
    """Fixed recovery of each species to each outlet."""

    type_name = "component_splitter"
    Parameters = ComponentSplitterParameters
    parameters: ComponentSplitterParameters

    def _prepare(self) -> None:
        p = self.parameters
        if p.remainder in p.recoveries:
            raise ScenarioError(
                f"{self.parameter_ref('remainder')}: {p.remainder!r} also has recoveries; the remainder "
                "outlet takes what the other outlets leave and needs none"
            )
        self.fractions = {
            port: resolve_fractions(self.database, sel, self.parameter_ref(f"recoveries.{port}"))
            for port, sel in p.recoveries.items()
        }
        total = np.sum(list(self.fractions.values()), axis=0)
        bad = np.flatnonzero(total > 1.0 + 1e-12)
        if bad.size:
            raise ScenarioError(
                f"{self.parameter_ref('recoveries')}: recoveries of {self.database.ids[bad[0]]} add up to "
                f"{total[bad[0]]:g}; a species' recoveries to the outlets must add up to at most 1"
            )

    def outlet_ports(self) -> tuple[str, ...]:
        return (*self.parameters.recoveries, self.parameters.remainder)

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        feed = mix("feed", inlets)
        remaining = feed.molar_flows.copy()
        outlets = {}
        for port, fraction in self.fractions.items():
            part = feed.molar_flows * fraction
            remaining -= part
            outlets[port] = Stream(port, self.database, part, temperature=feed.temperature, pressure=feed.pressure)
        remainder = self.parameters.remainder
        outlets[remainder] = Stream(
            remainder, self.database, np.maximum(remaining, 0.0), temperature=feed.temperature,
            pressure=feed.pressure,
        )
        return outlets


class SolidLiquidParameters(UnitParameters):
    """Solids recovery to cake, cake moisture (mass fraction liquid) and wash efficiency."""

    solids_recovery: Fraction = 1.0
    cake_moisture: Annotated[Fraction, Field(lt=1.0)]
    wash_efficiency: Fraction = 0.0


class SolidLiquidSeparator(UnitOperation):
    """Cake and filtrate from a slurry, with an optional displacement wash."""

    type_name = "solid_liquid_separator"
    Parameters = SolidLiquidParameters
    inlet_count = (1, 2)
    parameters: SolidLiquidParameters

    def outlet_ports(self) -> tuple[str, ...]:
        return ("cake", "filtrate")

    def check_inlets(self, count: int) -> None:
        super().check_inlets(count)
        if count < 2 and self.parameters.wash_efficiency > 0:
            raise ScenarioError(
                f"{self.parameter_ref('wash_efficiency')}: {self.parameters.wash_efficiency} needs a wash "
                f"liquor as the second inlet of unit {self.id!r}; add one or set wash_efficiency: 0"
            )

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        p = self.parameters
        slurry, wash = inlets[0], (inlets[1] if len(inlets) > 1 else None)
        db = self.database
        masks = db.phase_masks
        liquid = masks["aqueous"] | masks["organic"]
        mass = db.molar_masses
        solids = np.where(masks["solid"], slurry.molar_flows * p.solids_recovery, 0.0)
        solids_mass = float(solids @ mass)
        retained = p.cake_moisture / (1.0 - p.cake_moisture) * solids_mass  # kg/s of liquor in cake
        mother = np.where(liquid, slurry.molar_flows, 0.0)
        wash_flows = np.where(liquid, wash.molar_flows, 0.0) if wash is not None else np.zeros(len(db))
        mother_mass, wash_mass = float(mother @ mass), float(wash_flows @ mass)
        from_wash = min(p.wash_efficiency * retained, wash_mass)
        from_mother = min(retained - from_wash, mother_mass)
        if from_wash < p.wash_efficiency * retained * (1.0 - 1e-12):
            self.warnings.append(
                f"unit {self.id!r}: too little wash liquor for wash efficiency {p.wash_efficiency:g}; the cake "
                f"liquor is {from_wash / retained if retained > 0 else 0.0:.4g} wash liquor, the rest mother liquor"
            )
        if from_wash + from_mother < retained * (1.0 - 1e-12):
            self.warnings.append(
                f"unit {self.id!r}: too little liquid to reach cake moisture {100 * p.cake_moisture:g} %; "
                "the cake holds all the liquid there is"
            )
        cake_liquid = np.zeros(len(db))
        if mother_mass > 0:
            cake_liquid += mother * (from_mother / mother_mass)
        if wash_mass > 0:
            cake_liquid += wash_flows * (from_wash / wash_mass)
        cake = solids + cake_liquid
        total = slurry.molar_flows + (wash.molar_flows if wash is not None else 0.0)
        filtrate = np.maximum(total - cake, 0.0)
        state = {"temperature": slurry.temperature, "pressure": slurry.pressure}
        return {
            "cake": Stream("cake", db, cake, **state),
            "filtrate": Stream("filtrate", db, filtrate, **state),
        }
