"""Prices shipped in ``data/prices.yaml``: lookup by item key.

Every item carries its value with a currency-per-mass unit, its basis (grade, delivery terms), the
date it refers to, and either a ``source`` (a key of the file's ``sources`` or a citation) or an
``assumed`` reason. A reagent sold as a solution may state its ``content``, the mass fraction of the
active species in the product as sold (0.36 for 35-37 % hydrochloric acid): a price applied per kg
of that species is then ``value / content``. Values are returned in USD/kg (the ``[currency]`` base unit of reeflow's unit
registry is the US dollar); no escalation between years is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reeflow.data import load_yaml
from reeflow.errors import DataError
from reeflow.uom import to_si

__all__ = ["PRICE_UNIT", "Price", "price_items", "price_of"]

#: Unit of every price inside reeflow.
PRICE_UNIT = "USD/kg"


@dataclass(frozen=True)
class Price:
    """A price in USD/kg with where it comes from (``source``) or why it is assumed."""

    value: float
    basis: str = ""
    date: str = ""
    source: str | None = None
    assumed: str | None = None
    content: float = 1.0

    @property
    def per_kg_of_content(self) -> float:
        """The price per kg of the active species (USD/kg): ``value / content``."""
        return self.value / self.content

    @property
    def provenance(self) -> str:
        """The citation, or ``"assumed: <reason>"``."""
        return self.source if self.source else f"assumed: {self.assumed}"


@cache
def _items() -> dict[str, Price]:
    data = load_yaml("prices.yaml")
    sources: dict[str, str] = data.get("sources", {})
    items: dict[str, Price] = {}
    for key, entry in data["items"].items():
        where = f"data/prices.yaml items.{key}"
        if not (entry.get("source") or entry.get("assumed")):
            raise DataError(f"{where}: has neither `source` nor `assumed`")
        source = entry.get("source")
        content = float(entry.get("content", 1.0))
        if not 0.0 < content <= 1.0:
            raise DataError(f"{where}.content: {content!r} is not a mass fraction in (0, 1]")
        items[key] = Price(
            value=to_si(f"{entry['value']} {entry['unit']}", PRICE_UNIT, field=where),
            basis=str(entry.get("basis", "")),
            date=str(entry.get("date", "")),
            source=sources.get(source, source) if source else None,
            assumed=entry.get("assumed"),
            content=content,
        )
    return items


def price_items() -> tuple[str, ...]:
    """Keys of the shipped price items, sorted."""
    return tuple(sorted(_items()))


def price_of(item: str) -> Price:
    """The shipped price ``item``; :class:`DataError` listing the known items if there is none."""
    try:
        return _items()[item]
    except KeyError:
        raise DataError(
            f"unknown price item {item!r}; data/prices.yaml has: {', '.join(price_items())}"
        ) from None
