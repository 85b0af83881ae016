"""Mixer and splitter.

Mixer: every inlet into one outlet ``out``; no degrees of freedom.
Splitter: one inlet divided among named outlets in fixed fractions of the whole stream
(the same fraction for every species); one outlet may be left out and takes the remainder.
"""

from __future__ import annotations

from pydantic import Field

from reeflow.errors import ScenarioError
from reeflow.streams import Stream, mix, split
from reeflow.unitops.base import UnitOperation, UnitParameters
from reeflow.uom.fields import Fraction

__all__ = ["Mixer", "Splitter"]


class Mixer(UnitOperation):
    """Mix all inlets into ``out``."""

    type_name = "mixer"

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        return {"out": mix("out", inlets)}


class SplitterParameters(UnitParameters):
    """``fractions``: outlet port → fraction of the inlet; ``remainder``: the port taking the rest."""

    fractions: dict[str, Fraction] = Field(min_length=1)
    remainder: str | None = None


class Splitter(UnitOperation):
    """Divide one inlet among outlets in fixed fractions."""

    type_name = "splitter"
    Parameters = SplitterParameters
    inlet_count = (1, 1)
    parameters: SplitterParameters

    def _prepare(self) -> None:
        p = self.parameters
        if p.remainder is not None and p.remainder in p.fractions:
            raise ScenarioError(
                f"{self.parameter_ref('remainder')}: {p.remainder!r} also has a fraction; the remainder outlet "
                "takes 1 minus the other fractions: remove it from `fractions` or name another outlet"
            )
        total = sum(p.fractions.values())
        if (p.remainder is None and abs(total - 1.0) > 1e-12) or total > 1.0 + 1e-12:
            raise ScenarioError(
                f"{self.parameter_ref('fractions')}: fractions add up to {total:g}; make them add up to 1 "
                "or name a `remainder` outlet that takes the rest"
            )

    def outlet_ports(self) -> tuple[str, ...]:
        p = self.parameters
        return (*p.fractions, *([p.remainder] if p.remainder else []))

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        p = self.parameters
        fractions = dict(p.fractions)
        if p.remainder:
            fractions[p.remainder] = 1.0 - sum(p.fractions.values())
        return split(inlets[0], fractions)
