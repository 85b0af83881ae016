"""The "Solvent extraction" section: each circuit's stages, flows and the split of every component.

Built from ``results["units"][id]["details"]`` of the ``solvent_extraction`` units (see
:mod:`reeflow.unitops.solvent_extraction`): per circuit, its sections, organic, scrub and strip
flows and saponification, then one row per component with the fraction of its input leaving by
each outlet and its mole fraction among the components in each outlet.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from reeflow.report.tables import data_table, format_number

__all__ = ["separation_section", "solvent_extraction_units"]


def solvent_extraction_units(results: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The solved solvent-extraction units of ``results``: ``{unit id: details}``."""
    return {
        uid: unit["details"]
        for uid, unit in results.get("units", {}).items()
        if unit.get("type") == "solvent_extraction" and unit.get("details")
    }


def separation_section(results: Mapping[str, Any]) -> str:
    """HTML of the section: one block per solvent-extraction circuit."""
    return "\n".join(_circuit(uid, details) for uid, details in solvent_extraction_units(results).items())


def _circuit(uid: str, details: Mapping[str, Any]) -> str:
    sections = details["sections"]
    flows = details["flows_m3_per_h"]
    stages = " + ".join(str(sections[s]) for s in ("extraction", "scrubbing", "stripping") if sections[s])
    facts = [
        f"stages (extraction + scrubbing + stripping): {stages}",
        "flows, m³/h: " + ", ".join(f"{name} {format_number(value)}" for name, value in flows.items() if value),
        f"{details['iterations']} solver iterations, balance closure {format_number(details['balance_closure'])}",
    ]
    if "saponification" in details:
        facts.append(f"saponification {format_number(100 * details['saponification'], 3)} %")
    split: Mapping[str, Mapping[str, float] | None] = details["split"]
    purity: Mapping[str, Mapping[str, float]] = details["purity"]
    outlets = list(purity)
    header = ["Component", *(f"to {html.escape(o)}, %" for o in outlets), *(f"in {html.escape(o)}, mol %" for o in outlets)]
    rows = []
    for component, fractions in split.items():
        cells = [html.escape(component)]
        cells += [format_number(100 * fractions[o]) if fractions else "–" for o in outlets]
        cells += [format_number(100 * purity[o].get(component, 0.0)) for o in outlets]
        rows.append(cells)
    items = "".join(f"<li>{html.escape(fact)}</li>" for fact in facts)
    return f"<h3>{html.escape(uid)}</h3><ul>{items}</ul>" + data_table(header, rows, sticky=True)
