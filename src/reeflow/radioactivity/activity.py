"""Activity concentrations of Th-232, U-238 and U-235 in every stream, and their class.

Model
-----
The specific activity of a nuclide in its natural element (Bq per kg of element) is

    a = ln 2 / T½ · N_A · θ / M_el

with half-life T½ (s), Avogadro's number N_A, isotopic abundance θ and the element's standard
atomic weight M_el (kg/mol) — so 1 g of natural thorium holds about 4.06 kBq of Th-232 and 1 g
of natural uranium about 12.4 kBq of U-238. A stream's activity concentration is the nuclide's
activity flow divided by the mass flow of the stream (Bq/g, wet) and of its solids (Bq/g, dry).

Only the series heads are followed: reeflow tracks elements, and radium, lead and polonium are
not in the ore data. In an ore the series are in secular equilibrium (every member has the head's
activity); after chemical separation they are not, and daughters such as Ra-228 and Ra-226 follow
their own chemistry (barium and calcium sulfates). The class therefore compares the heads'
activity concentrations with the IAEA level for natural radionuclides (1 Bq/g for each member of
the U and Th series, ``data/nuclides.yaml``): a stream at or below it for every head is
``exempt``; above it for any head, ``regulated`` (NORM under regulatory control).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from reeflow.data import load_yaml
from reeflow.flowsheet import Flowsheet
from reeflow.species import atomic_weight
from reeflow.streams import Stream
from reeflow.uom import conversion_factor

__all__ = ["NuclideActivity", "flowsheet_radioactivity", "specific_activity", "stream_radioactivity"]


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
    data = load_yaml("nuclides.yaml")
    row = data["nuclides"][nuclide]
    year = float(data["constants"]["julian_year_s"]["value"])
    avogadro = float(data["constants"]["avogadro"]["value"])
    decay_constant = math.log(2.0) / (float(row["half_life"]["value"]) * year)
    molar_mass = atomic_weight(row["element"]) * conversion_factor("g", "kg")  # kg/mol
    return decay_constant * avogadro * float(row["abundance"]["value"]) / molar_mass


def exemption_level() -> float:
    """Activity concentration (Bq/g) of each natural-series nuclide above which material is regulated."""
    return float(load_yaml("nuclides.yaml")["exemption"]["natural_series_Bq_per_g"]["value"])


def stream_radioactivity(stream: Stream) -> dict[str, Any] | None:
    """Activity flows (Bq/s) and concentrations (Bq/g, wet and dry) of ``stream``; None without Th or U."""
    per_gram = conversion_factor("1/kg", "1/g")
    present = set(stream.database.elements)
    solids = stream.phase("solid")
    mass, solid_mass = stream.mass_flow, solids.mass_flow
    activity: dict[str, dict[str, float | None]] = {}
    for nuclide in nuclides():
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
    """``results["radioactivity"]``: the basis and the activity of every stream that carries Th or U."""
    streams = {}
    for sid, stream in flowsheet.streams.items():
        record = stream_radioactivity(stream)
        if record is not None:
            streams[sid] = record
    return {
        "basis": "series heads Th-232, U-238, U-235 from element flows; progeny not tracked; "
                 f"class 'regulated' above {exemption_level():g} Bq/g (IAEA RS-G-1.7)",
        "exemption_Bq_per_g": exemption_level(),
        "streams": streams,
    }
