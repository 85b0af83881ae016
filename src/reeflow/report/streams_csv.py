"""The stream table as a CSV file, one row per stream, for spreadsheets.

Columns, all flows in kg/h: ``stream``, ``source``, ``sink`` (empty for boundary streams),
``mass_kg_per_h``, ``<phase>_kg_per_h`` for solid, aqueous, organic and gas, ``TREE_kg_per_h``
(La–Lu + Y + Sc), then ``element_<El>_kg_per_h`` for every element and
``species_<id>_kg_per_h`` for every species in the results. A flow a stream does not list is 0.
Numbers are written with full double precision. The file is UTF-8 with a byte-order mark so that
spreadsheet programs read species names such as ``La2(C2O4)3·10H2O`` correctly; read it with
``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reeflow.report.groups import RARE_EARTH_ELEMENTS, element_order, group_flow, species_order
from reeflow.report.tables import PHASES

__all__ = ["write_streams_csv"]


def write_streams_csv(results: Mapping[str, Any], path: Path) -> None:
    """Write the wide stream table of ``results`` (the results.json dictionary) to ``path``.

    Parameters
    ----------
    results
        The results.json dictionary.
    path
        File to write; its folder is created if missing.
    """
    elements, species = element_order(results), species_order(results)
    header = (
        ["stream", "source", "sink", "mass_kg_per_h"]
        + [f"{phase}_kg_per_h" for phase in PHASES]
        + ["TREE_kg_per_h"]
        + [f"element_{el}_kg_per_h" for el in elements]
        + [f"species_{sp}_kg_per_h" for sp in species]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for stream_id, s in (results.get("streams") or {}).items():
            phases = s.get("phase_kg_per_h") or {}
            element_flows = s.get("elements_kg_per_h") or {}
            species_flows = s.get("species_kg_per_h") or {}
            writer.writerow(
                [stream_id, s.get("source") or "", s.get("sink") or "",
                 repr(float(s.get("mass_kg_per_h") or 0.0))]
                + [repr(float(phases.get(phase, 0.0))) for phase in PHASES]
                + [repr(group_flow(s, RARE_EARTH_ELEMENTS))]
                + [repr(float(element_flows.get(el, 0.0))) for el in elements]
                + [repr(float(species_flows.get(sp, 0.0))) for sp in species]
            )
