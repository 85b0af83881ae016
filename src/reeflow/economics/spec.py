"""The ``economics:`` section of a scenario, as pydantic models.

A price is either a shipped item (``{item: nickel}``, see ``data/prices.yaml``) or an explicit
value with its provenance (``{price: "21 USD/kg", source: "..."}`` or ``{price: ..., assumed:
"..."}``); a price with neither a source nor an assumption is refused. Feeds and products are
priced per kg of the stream, or with ``per: [species, ...]`` per kg of those species in it (a
diluted acid priced on its HCl, a mixed oxide on its Pr6O11 and Nd2O3); conversion costs per kg
of a named (usually internal) stream; fixed costs per calendar year. Flows are annualised with
``operating_hours`` per year.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reeflow.economics.prices import PRICE_UNIT, Price, price_of
from reeflow.errors import DataError
from reeflow.species import elements
from reeflow.uom import conversion_factor
from reeflow.uom.fields import si_quantity

__all__ = ["ConversionCostSpec", "EconomicsSpec", "FixedCostSpec", "PriceSpec"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriceSpec(_Strict):
    """A price per kg: a shipped ``item`` or an explicit ``price`` with ``source`` or ``assumed``;
    per kg of the stream, or of the species listed in ``per``."""

    item: str | None = None
    price: si_quantity(PRICE_UNIT) | None = Field(default=None, ge=0)  # type: ignore[valid-type]
    source: str | None = None
    assumed: str | None = None
    per: list[str] | None = Field(default=None, min_length=1)

    @field_validator("per", mode="before")
    @classmethod
    def _one_species(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("item")
    @classmethod
    def _known_item(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                price_of(value)
            except DataError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _one_way(self) -> PriceSpec:
        if (self.item is None) == (self.price is None):
            raise ValueError("give either `item` (a key of data/prices.yaml) or an explicit `price`")
        if self.price is not None and not (self.source or self.assumed):
            raise ValueError("an explicit `price` needs a `source` (citation) or `assumed` (reason)")
        if self.item is not None and (self.source or self.assumed):
            raise ValueError("`source`/`assumed` belong to explicit prices; a shipped `item` has its own")
        return self

    def resolve(self) -> Price:
        """The price in USD per kg of what it applies to (the stream, or the ``per`` species: a
        shipped solution's price over its content), with its provenance."""
        if self.item is not None:
            price = price_of(self.item)
            return replace(price, value=price.per_kg_of_content, content=1.0) if self.per else price
        assert self.price is not None
        return Price(value=self.price, source=self.source, assumed=self.assumed)


class ConversionCostSpec(PriceSpec):
    """A processing charge per kg of ``stream`` (electricity, salts, labour of one step)."""

    stream: str


class FixedCostSpec(_Strict):
    """A fixed cost per calendar year (``"1.2e6 USD/year"``) with ``source`` or ``assumed``."""

    amount: si_quantity("USD/s") = Field(ge=0)  # type: ignore[valid-type]
    source: str | None = None
    assumed: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> FixedCostSpec:
        if not (self.source or self.assumed):
            raise ValueError("a fixed cost needs a `source` (citation) or `assumed` (reason)")
        return self

    @property
    def per_year(self) -> float:
        """The amount in USD per calendar year."""
        return self.amount * conversion_factor("USD/s", "USD/year")


class EconomicsSpec(_Strict):
    """Operating hours, prices of feeds and products, conversion and fixed costs, streams to trace
    and the elements to trace (default: every element of the main product)."""

    operating_hours: si_quantity("s") = Field(gt=0)  # type: ignore[valid-type]
    main_product: str
    currency: Literal["USD"] = "USD"
    feeds: dict[str, PriceSpec] = Field(default_factory=dict)
    products: dict[str, PriceSpec] = Field(default_factory=dict)
    conversion_costs: dict[str, ConversionCostSpec] = Field(default_factory=dict)
    fixed_costs: dict[str, FixedCostSpec] = Field(default_factory=dict)
    trace_streams: list[str] = Field(default_factory=list)
    trace_elements: list[str] | None = Field(default=None, min_length=1)

    @field_validator("trace_elements")
    @classmethod
    def _known_elements(cls, value: list[str] | None) -> list[str] | None:
        for symbol in value or []:
            if symbol not in elements():
                raise ValueError(f"{symbol!r} is not an element symbol (write e.g. 'Nd')")
        return value

    @field_validator("operating_hours", mode="before")
    @classmethod
    def _with_unit(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError("give the operating time per year with its unit, e.g. '7200 h'")
        return value

    @field_validator("operating_hours")
    @classmethod
    def _within_a_year(cls, value: float) -> float:
        if value > conversion_factor("year", "s"):
            raise ValueError("operating hours per year exceed the hours of a year (8766 h)")
        return value
