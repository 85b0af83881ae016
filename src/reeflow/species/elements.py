"""The elements H to U with their standard atomic weights (``data/elements.yaml``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from reeflow.data import load_yaml
from reeflow.errors import DataError

__all__ = ["RARE_EARTHS", "Element", "atomic_weight", "element", "elements"]

#: The rare-earth elements: the lanthanides with Y and Sc, in order of atomic number.
RARE_EARTHS: tuple[str, ...] = (
    "Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
)


@dataclass(frozen=True)
class Element:
    """A chemical element; ``atomic_weight`` in kg/kmol (numerically g/mol)."""

    symbol: str
    Z: int
    name: str
    atomic_weight: float


@cache
def elements() -> dict[str, Element]:
    """All shipped elements by symbol, in order of atomic number."""
    table = load_yaml("elements.yaml")["elements"]
    items = [
        Element(symbol, int(row["Z"]), str(row["name"]), float(row["atomic_weight"]))
        for symbol, row in table.items()
    ]
    return {e.symbol: e for e in sorted(items, key=lambda e: e.Z)}


def element(symbol: str) -> Element:
    """The element ``symbol``; raises :class:`DataError` naming close matches if unknown."""
    table = elements()
    try:
        return table[symbol]
    except KeyError:
        close = difflib.get_close_matches(symbol, table, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; reeflow knows the elements H to U"
        raise DataError(f"unknown element {symbol!r}{hint}") from None


def atomic_weight(symbol: str) -> float:
    """Standard atomic weight of ``symbol`` in kg/kmol."""
    return element(symbol).atomic_weight
