"""Activity concentrations of the followed U and Th series members in every stream, and their class.

Model
-----
The specific activity of a nuclide in its natural element (Bq per kg of element) is

    a = ln 2 / T½ · N_A · θ / M_el

with half-life T½ (s), Avogadro's number N_A, isotopic abundance θ and the element's standard
atomic weight M_el (kg/mol) — so 1 g of natural thorium holds about 4.06 kBq of Th-232 and 1 g
of natural uranium about 12.4 kBq of U-238. For the followed progeny (Ra-226, Ra-228, Ra-224,
Th-230, Th-228, U-234) θ is the mole fraction in its element that secular equilibrium gives in the
ore and that every stream keeps (:mod:`reeflow.radioactivity.secular`). A stream's activity
concentration is the nuclide's activity flow divided by the mass flow of the stream (Bq/g, wet)
and of its solids (Bq/g, dry).

In an ore the whole series is in equilibrium (every member has the head's activity); after
chemical separation each followed member goes with its element (radium with barium and calcium
sulfates, Th-230 with the ore's thorium, away from the uranium that made it). Lead-210 and
polonium-210 are not tracked. The class compares each followed nuclide's activity concentration
with the IAEA level for natural radionuclides (1 Bq/g for each member of the U and Th series,
``data/nuclides.yaml``): a stream at or below it for every nuclide is ``exempt``; above it for any,
``regulated`` (NORM under regulatory control).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from reeflow.data import load_yaml
from reeflow.flowsheet import Flowsheet
from reeflow.radioactivity.secular import progeny, progeny_fractions
from reeflow.species import atomic_weight
from reeflow.streams import Stream
from reeflow.uom import conversion_factor

__all__ = [
    "NuclideActivity",
    "flowsheet_radioactivity",
    "progeny_activities",
    "specific_activity",
    "stream_radioactivity",
]


@dataclass(frozen=True)
class NuclideActivity:
    """A followed nuclide: its element and specific activity in the natural element (Bq/kg)."""

    name: str
    element: str
    specific_activity: float


@cache
def nuclides() -> tuple[NuclideActivity, ...]:
    """The followed nuclides of ``data/nuclides.yaml``."""
    data = load_yaml("nuclides.yaml")
    return tuple(
        NuclideActivity(name, row["element"], specific_activity(name))
        for name, row in data["nuclides"].items()
    )


@cache
def specific_activity(nuclide: str) -> float:
    """Activity of ``nuclide`` per kg of its natural element, Bq/kg."""
    row = load_yaml("nuclides.yaml")["nuclides"][nuclide]
    return _activity_per_kg(float(row["half_life"]["value"]), float(row["abundance"]["value"]), row["element"])


def _activity_per_kg(half_life_years: float, mole_fraction: float, element: str) -> float:
    """ln 2 / T½ · N_A · x / M_el: activity (Bq) per kg of ``element`` of an isotope making up
    ``mole_fraction`` of it."""
    constants = load_yaml("nuclides.yaml")["constants"]
    decay_constant = math.log(2.0) / (half_life_years * float(constants["julian_year_s"]["value"]))
    molar_mass = atomic_weight(element) * conversion_factor("g", "kg")  # kg/mol
    return decay_constant * float(constants["avogadro"]["value"]) * mole_fraction / molar_mass


def exemption_level() -> float:
    """Activity concentration (Bq/g) of each natural-series nuclide above which material is regulated."""
    return float(load_yaml("nuclides.yaml")["exemption"]["natural_series_Bq_per_g"]["value"])


def progeny_activities(fractions: Mapping[str, float]) -> tuple[NuclideActivity, ...]:
    """The progeny named in ``fractions`` (mole fraction in its element) with their activity per kg
    of that element (Bq/kg)."""
    rows = load_yaml("nuclides.yaml")["progeny"]
    return tuple(
        NuclideActivity(name, rows[name]["element"],
                        _activity_per_kg(float(rows[name]["half_life"]["value"]), x, rows[name]["element"]))
        for name, x in fractions.items()
    )


def stream_radioactivity(stream: Stream, progeny: Mapping[str, float] | None = None) -> dict[str, Any] | None:
    """Activity flows (Bq/s) and concentrations (Bq/g, wet and dry) of ``stream``; None without Th,
    U or radium. ``progeny`` gives the mole fraction of each followed progeny in its element (the
    ore's, see :func:`~reeflow.radioactivity.secular.progeny_fractions`); without it only the series
    heads are counted."""
    per_gram = conversion_factor("1/kg", "1/g")
    present = set(stream.database.elements)
    solids = stream.phase("solid")
    mass, solid_mass = stream.mass_flow, solids.mass_flow
    activity: dict[str, dict[str, float | None]] = {}
    followed = nuclides() + (progeny_activities(progeny) if progeny else ())
    for nuclide in followed:
        if nuclide.element not in present:
            continue
        flow = stream.element_mass_flow(nuclide.element) * nuclide.specific_activity  # Bq/s
        if flow <= 0.0:
            continue
        solid_flow = solids.element_mass_flow(nuclide.element) * nuclide.specific_activity
        activity[nuclide.name] = {
            "Bq_per_s": flow,
            "Bq_per_g": flow / mass * per_gram,
            "Bq_per_g_solids": solid_flow / solid_mass * per_gram if solid_mass > 0 else None,
        }
    if not activity:
        return None
    level = exemption_level()
    ratio = max(float(a["Bq_per_g"]) for a in activity.values()) / level  # type: ignore[arg-type]
    return {"nuclides": activity, "max_ratio_to_exemption": ratio,
            "class": "regulated" if ratio > 1.0 else "exempt"}


def flowsheet_radioactivity(flowsheet: Flowsheet) -> dict[str, Any]:
    """``results["radioactivity"]``: the basis and the activity of every stream that carries Th, U or Ra.

    The progeny's share of their elements is that of secular equilibrium with the uranium and thorium
    the flowsheet takes in (its ore).
    """
    inlets = [flowsheet.streams[sid] for sid in flowsheet.boundary_inlets() if sid in flowsheet.streams]
    content: dict[str, float] = {
        el: float(sum(s.element_flows[s.database.element_row(el)] for s in inlets))
        for el in ("U", "Th") if el in flowsheet.database.elements
    }
    fractions = progeny_fractions(content)
    streams = {}
    for sid, stream in flowsheet.streams.items():
        record = stream_radioactivity(stream, fractions)
        if record is not None:
            streams[sid] = record
    return {
        "basis": f"series heads {', '.join(n.name for n in nuclides())} and progeny "
                 f"{', '.join(m.name for m in progeny())} (each at the share of its element that secular "
                 "equilibrium gives in the ore) from element flows; Pb-210 and Po-210 not tracked; "
                 f"class 'regulated' above {exemption_level():g} Bq/g (IAEA RS-G-1.7)",
        "exemption_Bq_per_g": exemption_level(),
        "progeny_mole_fractions": fractions,
        "streams": streams,
    }
