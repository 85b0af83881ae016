"""Element groups and orderings shared by the report's tables, figures and CSV file.

The report reads a results dictionary (the ``results.json`` contract) and never the solver's
objects. Rare earths are summed as TREE, the total rare-earth elements: the fifteen lanthanides
La–Lu with Y and Sc (IUPAC, *Nomenclature of Inorganic Chemistry*, 2005, IR-3.5). Columns and rows
follow the order in which elements and species first appear in the results, so the report keeps
whatever order the flowsheet produced (the element balance first, then the streams).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "KEY_ELEMENTS",
    "RARE_EARTH_ELEMENTS",
    "element_order",
    "group_flow",
    "species_order",
]

RARE_EARTH_ELEMENTS: tuple[str, ...] = (
    "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
    "Y", "Sc",
)
"""Symbols summed as TREE (total rare-earth elements)."""

KEY_ELEMENTS: tuple[str, ...] = (
    "Th", "U", "F", "P", "S", "Cl", "Ca", "Ba", "Fe", "Al", "Si", "Mg", "Na", "N",
)
"""Impurity and reagent elements shown beside TREE in the stream table, in this order."""


def group_flow(stream: Mapping[str, Any], elements: Iterable[str]) -> float:
    """Sum of the element flows of ``stream`` over ``elements``, in kg/h.

    Parameters
    ----------
    stream
        One entry of ``results["streams"]``; its ``elements_kg_per_h`` may omit absent elements.
    elements
        Element symbols to add up, e.g. :data:`RARE_EARTH_ELEMENTS` for TREE or ``("Th",)``.
    """
    flows: Mapping[str, float] = stream.get("elements_kg_per_h") or {}
    return float(sum(flows.get(element, 0.0) for element in elements))


def element_order(results: Mapping[str, Any]) -> list[str]:
    """Every element in the results: balance-table order first, then first appearance in streams."""
    balance_elements = (results.get("balance") or {}).get("elements") or {}
    return _first_seen([list(balance_elements)] + [
        list(stream.get("elements_kg_per_h") or {}) for stream in _streams(results)
    ])


def species_order(results: Mapping[str, Any]) -> list[str]:
    """Every species in the results' streams, in order of first appearance."""
    return _first_seen([list(stream.get("species_kg_per_h") or {}) for stream in _streams(results)])


def _streams(results: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list((results.get("streams") or {}).values())


def _first_seen(name_lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for names in name_lists:
        for name in names:
            seen.setdefault(name, None)
    return list(seen)
