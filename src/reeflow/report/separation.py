"""The "Solvent extraction" section: each circuit's stages, flows, component splits and profiles.

Built from ``results["units"][id]["details"]`` of the ``solvent_extraction`` units (see
:mod:`reeflow.unitops.solvent_extraction`): per circuit, its sections, organic, scrub and strip
flows and saponification, one row per component with the fraction of its input leaving by each
outlet and its mole fraction among the components in each outlet, and a plot of the aqueous
concentration of every component along the stages (log scale, section borders marked).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from reeflow.report.tables import data_table, format_number

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["profile_figure", "separation_section", "solvent_extraction_units"]


def solvent_extraction_units(results: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The solved solvent-extraction units of ``results``: ``{unit id: details}``."""
    return {
        uid: unit["details"]
        for uid, unit in results.get("units", {}).items()
        if unit.get("type") == "solvent_extraction" and unit.get("details")
    }


def separation_section(results: Mapping[str, Any], embed: Callable[[go.Figure], str] | None = None) -> str:
    """HTML of the section: one block per solvent-extraction circuit; ``embed`` turns its profile
    figure into HTML (no figure without it)."""
    blocks = []
    for uid, details in solvent_extraction_units(results).items():
        blocks.append(_circuit(uid, details))
        if embed is not None and details.get("profiles"):
            blocks.append(embed(profile_figure(uid, details)))
    return "\n".join(blocks)


def profile_figure(uid: str, details: Mapping[str, Any]) -> go.Figure:
    """Aqueous concentration (mol/L, log scale) of each component along the stages of circuit ``uid``."""
    import plotly.graph_objects as go

    aqueous: list[Mapping[str, float]] = details["profiles"]["aqueous"]
    stages = list(range(1, len(aqueous) + 1))
    figure = go.Figure()
    for component in details["split"]:
        values = [row.get(component, 0.0) for row in aqueous]
        shown = [v if v > 0 else None for v in values]
        figure.add_trace(go.Scatter(x=stages, y=shown, mode="lines+markers", name=component))
    sections = details["sections"]
    border = 0
    for name in ("extraction", "scrubbing"):
        border += sections[name]
        if sections[name] and border < len(aqueous):
            figure.add_vline(x=border + 0.5, line_dash="dot", line_color="#888",
                             annotation_text=f"end of {name}", annotation_position="top")
    figure.update_layout(
        title=f"{uid}: aqueous concentration along the cascade (stage 1: organic inlet)",
        xaxis_title="stage", yaxis_title="mol/L", yaxis_type="log", height=420, margin={"t": 60},
    )
    return figure


def _circuit(uid: str, details: Mapping[str, Any]) -> str:
    sections = details["sections"]
    flows = details["flows_m3_per_h"]
    stages = ", ".join(f"{name} {sections[name]}" for name in ("extraction", "scrubbing", "stripping"))
    facts = [
        f"stages: {stages}",
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
