"""Species selectors used by unit parameters.

A selector picks species of the database:

- a species id: ``CeCO3F``;
- a pattern with ``*``/``?``: ``*CO3F`` (every bastnaesite);
- ``phase:solid``, ``kind:gangue``, ``element:Th`` (every species containing Th).

Where several selectors of one mapping match a species, the most specific wins: an id before
``element:``/``kind:``/``phase:`` selectors, those before patterns; ``default`` matches the rest.
Two selectors of the same rank that match one species with different fractions are refused
(nothing would say which one is meant).
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

import numpy as np

from reeflow.errors import DataError, ScenarioError
from reeflow.species import SpeciesDatabase

__all__ = ["resolve_fractions", "select"]

_PREFIXES = ("phase", "kind", "element")


def select(database: SpeciesDatabase, selector: str, where: str) -> np.ndarray:
    """Boolean mask of the species matched by ``selector``; ``where`` names it in errors."""
    if selector in database:
        return np.arange(len(database)) == database.position(selector)
    prefix, _, value = selector.partition(":")
    if prefix in _PREFIXES and value:
        if prefix == "phase":
            mask = np.array([sp.phase == value for sp in database])
        elif prefix == "kind":
            mask = np.array([sp.kind == value for sp in database])
        else:
            mask = np.array([value in sp.composition for sp in database])
    elif any(ch in selector for ch in "*?["):
        mask = np.array([fnmatchcase(sp.id, selector) for sp in database])
    else:
        try:
            database.position(selector)
        except DataError as exc:  # an unknown id: the error suggests close ones
            raise ScenarioError(f"{where}: {exc}") from None
        raise AssertionError("unreachable")
    if not mask.any():
        raise ScenarioError(
            f"{where}: selector {selector!r} matches no species; use a species id, a pattern such as "
            "'*CO3F', or phase:/kind:/element: selectors"
        )
    return mask


def _rank(database: SpeciesDatabase, selector: str) -> int:
    if selector in database:
        return 0
    return 1 if selector.partition(":")[0] in _PREFIXES else 2


def resolve_fractions(database: SpeciesDatabase, fractions: Mapping[str, float], where: str) -> np.ndarray:
    """Per-species fractions from ``{selector: fraction}`` (``default`` for unmatched species, else 0).

    Raises ScenarioError if two selectors of the same rank give one species different fractions."""
    out = np.full(len(database), float(fractions.get("default", 0.0)))
    assigned = np.zeros(len(database), dtype=bool)
    ordered = sorted((s for s in fractions if s != "default"), key=lambda s: _rank(database, s))
    owner: dict[int, str] = {}
    for selector in ordered:
        matched = select(database, selector, f"{where}.{selector}")
        for i in np.flatnonzero(matched & assigned):
            other = owner[int(i)]
            if _rank(database, other) == _rank(database, selector) and fractions[other] != fractions[selector]:
                raise ScenarioError(
                    f"{where}.{selector}: {database.ids[i]} is matched by both {other!r} ({fractions[other]:g}) and "
                    f"{selector!r} ({fractions[selector]:g}); give {database.ids[i]} its own entry or make the "
                    "selectors not overlap"
                )
        mask = matched & ~assigned
        out[mask] = fractions[selector]
        owner.update({int(i): selector for i in np.flatnonzero(mask)})
        assigned |= mask
    return out
