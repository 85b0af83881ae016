"""Element balances between sets of streams.

The closure of an element is |in − out| / in on a mass basis; for an element with no input it is
|in − out| / (total mass in). A balance's closure is the largest over its elements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from reeflow.streams.stream import Stream

__all__ = ["ElementBalance", "element_balance"]


@dataclass(frozen=True)
class ElementBalance:
    """Element mass flows in and out (kg/s, database element order) and their closures."""

    elements: tuple[str, ...]
    mass_in: np.ndarray
    mass_out: np.ndarray

    @property
    def closures(self) -> np.ndarray:
        """Relative closure of each element."""
        total_in = float(self.mass_in.sum())
        scale = np.where(self.mass_in > 0, self.mass_in, total_in if total_in > 0 else 1.0)
        return np.abs(self.mass_in - self.mass_out) / scale

    @property
    def closure(self) -> float:
        """Largest element closure (0 for empty balances)."""
        c = self.closures
        return float(c.max()) if c.size else 0.0

    def worst(self) -> tuple[str, float]:
        """The element with the largest closure and that closure."""
        c = self.closures
        i = int(np.argmax(c))
        return self.elements[i], float(c[i])


def element_balance(inlets: Iterable[Stream], outlets: Iterable[Stream]) -> ElementBalance:
    """Element balance of ``inlets`` against ``outlets`` (which share one database)."""
    ins, outs = list(inlets), list(outlets)
    database = (ins or outs)[0].database
    zero = np.zeros(len(database.elements))
    mass_in = sum((s.element_mass_flows for s in ins), zero)
    mass_out = sum((s.element_mass_flows for s in outs), zero)
    return ElementBalance(database.elements, np.asarray(mass_in), np.asarray(mass_out))
