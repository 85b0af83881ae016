"""Plotly figures for the report: PCT isotherm families and van 't Hoff lines.

Both functions return ``plotly.graph_objects.Figure`` objects (plotly is imported inside them so
that importing this module stays cheap). Pressures are plotted in bar on a log axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reeflow.hydrogen.alloy import HydrideAlloy
from reeflow.hydrogen.pct import isotherm, van_t_hoff_pressure
from reeflow.uom import conversion_factor, to_unit

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["pct_family_figure", "van_t_hoff_figure"]

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")


def pct_family_figure(alloy: HydrideAlloy, temperatures: Sequence[float], points: int = 300) -> go.Figure:
    """Absorption (dashed) and desorption (solid) isotherms of ``alloy`` at each temperature (K)."""
    import plotly.graph_objects as go

    to_bar = conversion_factor("Pa", "bar")
    figure = go.Figure()
    for i, T in enumerate(temperatures):
        colour = _COLOURS[i % len(_COLOURS)]
        for branch, dash in (("absorption", "dash"), ("desorption", "solid")):
            x, p = isotherm(alloy.pct, T, branch, points)  # type: ignore[arg-type]
            figure.add_trace(go.Scatter(
                x=x, y=p * to_bar, mode="lines", line={"color": colour, "dash": dash},
                name=f"{to_unit(T, 'K', 'degC'):.0f} °C {branch}", legendgroup=f"{T}",
            ))
    title = f"PCT isotherms of {alloy.name} ({alloy.structure})" + (" - predicted" if alloy.predicted else "")
    figure.update_layout(title=title, xaxis_title="H/M (H atoms per metal atom)",
                         yaxis_title="H2 pressure, bar", yaxis_type="log", template="simple_white")
    return figure


def van_t_hoff_figure(
    alloys: Sequence[HydrideAlloy], temperature_range: tuple[float, float] = (273.15, 373.15)
) -> go.Figure:
    """ln P of the desorption (solid) and absorption (dashed) plateaus against 1000/T, with data points."""
    import plotly.graph_objects as go

    from reeflow.hydrogen.constants import P0

    T = np.linspace(temperature_range[0], temperature_range[1], 50)
    figure = go.Figure()
    for i, alloy in enumerate(alloys):
        colour = _COLOURS[i % len(_COLOURS)]
        plateau = alloy.pct.plateaus[0]
        for branch, dash in (("desorption", "solid"), ("absorption", "dash")):
            dH, dS = plateau.constants(branch)  # type: ignore[arg-type]
            figure.add_trace(go.Scatter(
                x=1000.0 / T, y=np.log(van_t_hoff_pressure(dH, dS, T) / P0), mode="lines",
                line={"color": colour, "dash": dash}, name=f"{alloy.name} {branch}",
            ))
        if alloy.plateau_points:
            t_data = np.array([t for t, _ in alloy.plateau_points])
            p_data = np.array([p for _, p in alloy.plateau_points])
            figure.add_trace(go.Scatter(
                x=1000.0 / t_data, y=np.log(p_data / P0), mode="markers", marker={"color": colour},
                name=f"{alloy.name} data (desorption)",
            ))
    figure.update_layout(title="van 't Hoff lines", xaxis_title="1000 / T, 1/K",
                         yaxis_title="ln(P / 1 atm)", template="simple_white")
    return figure
