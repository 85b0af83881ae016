"""Assay figures of a stream: TREO, REO content, relative purity, impurities.

Rare earths are reported as the oxides of ``data/oxide_basis.yaml`` (RE2O3, CeO2, Pr6O11,
Tb4O7). REO_wt_pct is the oxide-equivalent mass of the rare earths per mass of stream;
relative purity is each oxide's share of TREO; impurities are the other elements, O excluded,
in mass ppm of the stream.
"""

from __future__ import annotations

from functools import cache

from reeflow.data import load_yaml
from reeflow.species import atomic_weight, parse_formula
from reeflow.streams.stream import Stream
from reeflow.uom import conversion_factor

__all__ = ["oxide_factors", "product_assay", "rare_earth_oxide_flows"]


@cache
def oxide_factors() -> dict[str, tuple[str, float]]:
    """Element → (reporting oxide, kg oxide per kg element)."""
    oxides = load_yaml("oxide_basis.yaml")["rare_earth_oxides"]["oxides"]
    factors = {}
    for element, oxide in oxides.items():
        composition = parse_formula(oxide)
        oxide_mass = sum(n * atomic_weight(el) for el, n in composition.items())
        factors[element] = (oxide, oxide_mass / (composition[element] * atomic_weight(element)))
    return factors


def rare_earth_oxide_flows(stream: Stream) -> dict[str, float]:
    """Oxide-equivalent mass flow of each rare earth present, kg/s, keyed by oxide formula."""
    present = set(stream.database.elements)
    flows = {}
    for element, (oxide, factor) in oxide_factors().items():
        if element in present:
            kg = stream.element_mass_flow(element) * factor
            if kg > 0:
                flows[oxide] = kg
    return flows


def product_assay(stream: Stream) -> dict[str, object]:
    """Mass (kg/h), REO_wt_pct, relative_purity and impurities_ppm of a product stream."""
    mass = stream.mass_flow
    oxides = rare_earth_oxide_flows(stream)
    treo = sum(oxides.values())
    rare_earths = set(oxide_factors())
    per_hour = conversion_factor("kg/s", "kg/h")
    impurities = {}
    if mass > 0:
        for element, kg in zip(stream.database.elements, stream.element_mass_flows, strict=True):
            if element not in rare_earths and element != "O" and kg > 0:
                impurities[element] = kg / mass * 1e6
    return {
        "mass_kg_per_h": mass * per_hour,
        "REO_wt_pct": 100.0 * treo / mass if mass > 0 else 0.0,
        "TREO_kg_per_h": treo * per_hour,
        "relative_purity": {ox: kg / treo for ox, kg in oxides.items()} if treo > 0 else {},
        "impurities_ppm": impurities,
    }
