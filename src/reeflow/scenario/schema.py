"""The scenario file, as pydantic models.

A scenario names an ore feed (``feed: {ore, rate}``, the stream ``ore``), other boundary feeds
(reagents, water, air) with mass-fraction compositions and a fixed rate or a rate per kg of another
stream, the units with their inlets, outlet streams and parameters, and the product streams.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reeflow.economics.spec import EconomicsSpec
from reeflow.flowsheet import SolveOptions
from reeflow.uom.fields import si_quantity

__all__ = ["FeedSpec", "OreFeed", "RatioRate", "Scenario", "SolverSpec", "SpeciesSpec", "UnitSpec"]


class _Strict(BaseModel):
    """Unknown keys are errors, and so are NaN and infinite numbers (``.nan``, ``.inf`` in YAML)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class OreFeed(_Strict):
    """The ore entering the flowsheet as stream ``ore``: a shipped ore at a dry mass rate (kg/s)."""

    ore: str
    rate: si_quantity("kg/s") = Field(gt=0)  # type: ignore[valid-type]
    id: str = "ore"


class RatioRate(_Strict):
    """A rate proportional to another stream: ``ratio`` kg per kg of ``per`` (or of its ``phase``)."""

    ratio: float = Field(ge=0)
    per: str
    phase: str | None = None

    @field_validator("phase")
    @classmethod
    def _known_phase(cls, value: str | None) -> str | None:
        if value is not None and value not in ("solid", "aqueous", "organic", "gas"):
            raise ValueError("expected one of solid, aqueous, organic, gas")
        return value


class FeedSpec(_Strict):
    """A boundary feed: composition in mass fractions and a rate (kg/s or a ratio)."""

    composition: dict[str, float] = Field(min_length=1)
    rate: si_quantity("kg/s") | RatioRate  # type: ignore[valid-type]
    temperature: si_quantity("K") = Field(default=298.15, gt=0)  # type: ignore[valid-type]

    @field_validator("rate")
    @classmethod
    def _not_negative(cls, value: float | RatioRate) -> float | RatioRate:
        if isinstance(value, float) and value < 0:
            raise ValueError(f"a feed rate of {value:g} kg/s is negative; expected a rate ≥ 0, e.g. '2 t/h'")
        return value

    @field_validator("composition")
    @classmethod
    def _fractions(cls, value: dict[str, float]) -> dict[str, float]:
        if any(v < 0 for v in value.values()):
            raise ValueError("mass fractions must not be negative")
        total = sum(value.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"mass fractions add up to {total:g}; expected 1")
        return value


class UnitSpec(_Strict):
    """A unit: its type, inlet stream ids, ``{outlet port: stream id}`` and parameters."""

    type: str
    inlets: list[str] = Field(min_length=1)
    outlets: dict[str, str] = Field(min_length=1)
    parameters: dict[str, Any] = Field(default_factory=dict)


class SpeciesSpec(_Strict):
    """A species the scenario adds to the shipped database (an alloy, a special reagent)."""

    phase: Literal["solid", "aqueous", "organic", "gas"]
    name: str = ""
    kind: str = ""
    formula: str | None = None


class SolverSpec(_Strict):
    """Recycle convergence settings: tear tolerance, iteration limit and the lower bound of
    Wegstein's acceleration factor q (−5, Aspen Plus's default; a loop returning a fraction a of a
    flow converges in a few passes only when q can reach a/(a − 1), e.g. −99 for a = 0.99)."""

    tolerance: float = Field(default=1e-11, gt=0, lt=1e-3)
    max_iterations: int = Field(default=500, ge=1)
    wegstein_q_min: float = Field(default=-5.0, le=0.0, ge=-1e6)

    def solve_options(self) -> SolveOptions:
        """These settings as the flowsheet solver's options."""
        return SolveOptions(tolerance=self.tolerance, max_iterations=self.max_iterations, q_min=self.wegstein_q_min)


class Scenario(_Strict):
    """A whole scenario file."""

    name: str
    description: str = ""
    species: dict[str, SpeciesSpec] = Field(default_factory=dict)
    feed: OreFeed | None = None
    feeds: dict[str, FeedSpec] = Field(default_factory=dict)
    units: dict[str, UnitSpec] = Field(min_length=1)
    products: list[str] = Field(default_factory=list)
    options: SolverSpec = Field(default_factory=SolverSpec)
    economics: EconomicsSpec | None = None

    @field_validator("products")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        repeated = sorted({pid for pid in value if value.count(pid) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} listed more than once; list each product stream once")
        return value

    @model_validator(mode="after")
    def _has_input(self) -> Scenario:
        if self.feed is None and not self.feeds:
            raise ValueError("a scenario needs an ore `feed` or at least one entry in `feeds`")
        return self
