"""A hand-built, exactly balanced results dictionary for the report tests.

Flowsheet: ore → flotation → leach (+ acid) → filter → precipitation (+ oxalic acid) →
product, with tailings, leach residue and barren liquor leaving, and a recycle of wash liquor
from the filter back to the leach (the cycle leach → filter → leach). Element flows (kg/h) are
chosen by hand so that every unit closes its balance exactly; thorium is split between tailings,
residue, barren liquor and a trace in the product.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

_FEEDS = ("ore", "acid", "oxalic")
_OUTLETS = ("tailings", "residue", "product", "barren")

# stream id: (source, sink, phase, element flows in kg/h)
_STREAMS: dict[str, tuple[str | None, str | None, str, dict[str, float]]] = {
    "ore": (None, "flotation", "solid",
            {"La": 10.0, "Ce": 20.0, "Th": 1.0, "Ca": 40.0, "F": 9.0, "O": 20.0}),
    "tailings": ("flotation", None, "solid",
                 {"La": 1.0, "Ce": 2.0, "Th": 0.2, "Ca": 36.0, "F": 4.0, "O": 16.8}),
    "concentrate": ("flotation", "leach", "solid",
                    {"La": 9.0, "Ce": 18.0, "Th": 0.8, "Ca": 4.0, "F": 5.0, "O": 3.2}),
    "acid": (None, "leach", "aqueous", {"H": 2.0, "S": 32.0, "O": 64.0}),
    "wash recycle": ("filter", "leach", "aqueous", {"La": 1.0, "Ce": 2.0, "H": 1.0, "O": 8.0}),
    "slurry": ("leach", "filter", "aqueous",
               {"La": 10.0, "Ce": 20.0, "Th": 0.8, "Ca": 4.0, "F": 5.0, "O": 75.2, "H": 3.0,
                "S": 32.0}),
    "residue": ("filter", None, "solid", {"Th": 0.6, "Ca": 4.0, "F": 5.0, "S": 10.0, "O": 20.0}),
    "liquor": ("filter", "precipitation", "aqueous",
               {"La": 9.0, "Ce": 18.0, "Th": 0.2, "S": 22.0, "O": 47.2, "H": 2.0}),
    "oxalic": (None, "precipitation", "solid", {"C": 24.0, "O": 64.0, "H": 2.0}),
    "product": ("precipitation", None, "solid",
                {"La": 8.9, "Ce": 17.9, "Th": 0.001, "O": 6.0}),
    "barren": ("precipitation", None, "aqueous",
               {"La": 0.1, "Ce": 0.1, "Th": 0.199, "S": 22.0, "O": 105.2, "H": 4.0, "C": 24.0}),
}


def build_results() -> dict[str, Any]:
    """The results.json dictionary of the hand-built flowsheet (a fresh copy each call)."""
    streams: dict[str, Any] = {}
    for stream_id, (source, sink, phase, elements) in _STREAMS.items():
        mass = sum(elements.values())
        streams[stream_id] = {
            "source": source,
            "sink": sink,
            "phase_kg_per_h": {p: (mass if p == phase else 0.0)
                               for p in ("solid", "aqueous", "organic", "gas")},
            "mass_kg_per_h": mass,
            "elements_kg_per_h": dict(elements),
            # One pseudo-species per element keeps species and element flows consistent.
            "species_kg_per_h": {f"{el}(s)" if phase == "solid" else f"{el}(aq)": x
                                 for el, x in elements.items()},
        }
    symbols = list(dict.fromkeys(el for *_, flows in _STREAMS.values() for el in flows))
    balance: dict[str, Any] = {}
    for el in symbols:
        flow_in = sum(_STREAMS[s][3].get(el, 0.0) for s in _FEEDS)
        flow_out = sum(_STREAMS[s][3].get(el, 0.0) for s in _OUTLETS)
        balance[el] = {"in_kg_per_h": flow_in, "out_kg_per_h": flow_out,
                       "closure": abs(flow_out - flow_in) / flow_in}
    return {
        "scenario": "hand-built recycle test",
        "converged": True,
        "balance": {"closure": max(b["closure"] for b in balance.values()), "elements": balance},
        "streams": streams,
        "products": {
            "product": {
                "mass_kg_per_h": streams["product"]["mass_kg_per_h"],
                "REO_wt_pct": 99.9,
                "relative_purity": {"La2O3": 0.33, "CeO2": 0.67},
                "impurities_ppm": {"Th": 30.5, "Ca": 0.0},
            }
        },
        "warnings": ["leach: temperature 95 °C above the fitted range <90 °C>"],
        "units": {
            "flotation": {"type": "ComponentSplitter", "parameters": {}},
            "leach": {"type": "StoichiometricReactor", "parameters": {}},
            "filter": {"type": "SolidLiquidSeparator", "parameters": {}},
            "precipitation": {"type": "StoichiometricReactor", "parameters": {}},
        },
        "tears": ["wash recycle"],
    }


@pytest.fixture
def results() -> dict[str, Any]:
    """A fresh copy of the hand-built, balanced results dictionary."""
    return copy.deepcopy(build_results())
