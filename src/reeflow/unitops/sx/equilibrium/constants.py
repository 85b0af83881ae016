"""Shipped mass-action constants of extractant systems (``reeflow/data/extractants/*.yaml``).

Each file lists, per element, ``K`` (dimensionless, for RE³⁺ + 3 (HA)₂ ⇌ RE(HA₂)₃ + 3 H⁺ with
concentrations in mol/L), its ``basis`` (``measured``, ``fitted`` or ``derived``) and its source.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from reeflow.data import load_yaml
from reeflow.errors import DataError

__all__ = ["extractant_constants", "extractant_systems"]


def extractant_systems() -> tuple[str, ...]:
    """Names of the shipped extractant systems, e.g. ``("p204_hcl", "p507_hcl")``."""
    folder = resources.files("reeflow.data").joinpath("extractants")
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def extractant_constants(system: str) -> dict[str, float]:
    """Equilibrium constants ``K`` per element symbol for extractant ``system`` (dimensionless).

    Raises
    ------
    DataError
        If ``system`` is not shipped; the message lists the shipped systems.
    """
    if system not in extractant_systems():
        raise DataError(f"unknown extractant system {system!r}; shipped: {', '.join(extractant_systems())}")
    data = load_yaml(f"extractants/{system}.yaml")
    return {symbol: float(entry["K"]) for symbol, entry in data["constants"].items()}
