"""Figures of the report: Sankey diagrams of element flows and the flowsheet diagram.

Sankey diagram
--------------
Nodes are the boundary inputs (one per feed stream), the units and the boundary outputs (one per
product, waste or off-gas stream). Each stream is a link whose width is the flow of an element
group in kg/h, e.g. TREE (La–Lu + Y + Sc) or Th; the link's label is the stream id. Because every
unit conserves every element, the links into a unit carry as much as the links out of it.
Recycle streams are circular links. Streams and nodes that carry none of the group are left out.

Flowsheet diagram
-----------------
An inline SVG, drawn without JavaScript from :func:`reeflow.report.layout.flowsheet_layout`:
units are boxes (id and, when ``results["units"]`` gives it, type), boundary streams are green
(feed) and orange (product) tags carrying the stream id, internal streams are arrows labelled with
their id, and recycles are dashed purple arrows routed below the flowsheet. Hovering over an arrow
shows the stream's source, sink and mass flow.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from reeflow.report.groups import group_flow
from reeflow.report.layout import FlowsheetLayout, Node, StreamEdge, flowsheet_layout

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["flowsheet_svg", "sankey_figure"]

_COLOURS = {
    "unit": "#4c72b0",
    "feed": "#2e8b57",
    "product": "#dd8452",
    "recycle": "#8e44ad",
    "stream": "#5d6d7e",
}
_LINK_ALPHA = 0.35
_SANKEY_COLUMN = 130  # px per column of a wide Sankey diagram
_SANKEY_AUTOSIZE_COLUMNS = 9

# Flowsheet drawing, in SVG pixels.
_COLUMN = 250
_ROW = 86
_MARGIN = 24
_UNIT_WIDTH = (144.0, 196.0)  # narrowest and widest unit box
_UNIT_HEIGHT = 46.0
_TAG_WIDTH = (56.0, 150.0)
_TAG_HEIGHT = 26.0
_LANE = 18
_CHAR = {"name": 8.0, "type": 6.3, "tag": 7.2, "label": 6.3}  # mean glyph width by text style
_MAX_LABEL = 22
_LINE = 13  # characters per line of a stream label


def sankey_figure(
    results: Mapping[str, Any], elements: Iterable[str], *, title: str
) -> go.Figure | None:
    """Sankey diagram of the flow of an element group through the flowsheet, in kg/h.

    Parameters
    ----------
    results
        The results.json dictionary.
    elements
        Symbols whose flows are summed on each stream, e.g. the rare earths or ``("Th",)``.
    title
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure or None
        ``None`` when no stream carries any of ``elements``.
    """
    import plotly.graph_objects as go

    group = tuple(elements)
    layout = flowsheet_layout(results)
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    index: dict[Node, int] = {}
    source, target, value, label, colour = [], [], [], [], []
    for edge in layout.edges:
        flow = group_flow(streams[edge.stream], group)
        if not flow > 0.0:  # also skips NaN from a failed run
            continue
        source.append(index.setdefault(edge.source, len(index)))
        target.append(index.setdefault(edge.target, len(index)))
        value.append(flow)
        label.append(edge.stream)
        colour.append(_rgba(_COLOURS[_edge_kind(edge)], _LINK_ALPHA))
    if not value:
        return None
    nodes = list(index)
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=".4g",
            valuesuffix=" kg/h",
            node={
                "label": [name for _kind, name in nodes],
                "color": [_COLOURS[kind] for kind, _name in nodes],
                "customdata": [kind for kind, _name in nodes],
                "hovertemplate": "%{label} (%{customdata})<br>%{value:.4g} kg/h<extra></extra>",
                "pad": 14,
                "thickness": 16,
            },
            link={
                "source": source,
                "target": target,
                "value": value,
                "label": label,
                "color": colour,
                "hovertemplate": (
                    "stream %{label}<br>%{source.label} → %{target.label}<br>"
                    "%{value:.4g} kg/h<extra></extra>"
                ),
            },
        )
    )
    columns = 1 + max(layout.layer[node] for node in nodes)
    figure.update_layout(
        title={"text": html.escape(title)},
        height=max(380, 34 * len(nodes)),
        # Wide flowsheets get a fixed width (the page scrolls) so that node labels stay apart.
        width=_SANKEY_COLUMN * columns if columns > _SANKEY_AUTOSIZE_COLUMNS else None,
        margin={"l": 20, "r": 20, "t": 50, "b": 20},
        font={"size": 12},
    )
    return figure


def flowsheet_svg(results: Mapping[str, Any]) -> str:
    """The flowsheet as an inline SVG element (a string), laid out left to right."""
    layout = flowsheet_layout(results)
    if not layout.layer:
        return '<p class="note">The results contain no streams.</p>'
    units: Mapping[str, Mapping[str, Any]] = results.get("units") or {}
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    centre = _centres(layout)
    bottom = max(y for _x, y in centre.values()) + _UNIT_HEIGHT / 2  # bend points included
    recycles = [edge for edge in layout.edges if edge.recycle]
    width = max(x + _size(node)[0] / 2 for node, (x, _y) in centre.items()) + _MARGIN
    height = bottom + _MARGIN + len(recycles) * _LANE + (12 if recycles else 0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowsheet" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        'aria-label="Flowsheet diagram">',
        _SVG_DEFS,
    ]
    lane = {edge.stream: k for k, edge in enumerate(recycles)}
    parallel: dict[tuple[Node, Node], int] = {}
    for edge in layout.edges:
        offset = parallel.get((edge.source, edge.target), 0)
        parallel[(edge.source, edge.target)] = offset + 1
        path, label_at = _edge_path(edge, layout, centre, bottom, lane.get(edge.stream, 0), offset)
        parts.append(_edge_svg(edge, streams[edge.stream], path, label_at))
    for node in layout.nodes:
        unit = units.get(node[1]) if node[0] == "unit" else None
        parts.append(_node_svg(node, centre[node], unit if isinstance(unit, Mapping) else {}))
    parts.append("</svg>")
    return "\n".join(parts)


_SVG_DEFS = f"""<defs>
<style>
.flowsheet text {{ font-family: system-ui, sans-serif; }}
.flowsheet .unit rect {{ fill: #eaf0fa; stroke: {_COLOURS["unit"]}; stroke-width: 1.5; }}
.flowsheet .feed rect {{ fill: #e3f4ea; stroke: {_COLOURS["feed"]}; }}
.flowsheet .product rect {{ fill: #fbece3; stroke: {_COLOURS["product"]}; }}
.flowsheet .name {{ font-size: 13px; font-weight: 600; fill: #1b2631; }}
.flowsheet .type {{ font-size: 11px; fill: #5d6d7e; }}
.flowsheet .tag {{ font-size: 12px; fill: #1b2631; }}
.flowsheet path {{ fill: none; stroke-linejoin: round; stroke: {_COLOURS["stream"]};
  stroke-width: 1.4; }}
.flowsheet .recycle path {{ stroke: {_COLOURS["recycle"]}; stroke-dasharray: 6 3; }}
.flowsheet .label {{ font-size: 11px; fill: #34495e; paint-order: stroke;
  stroke: #ffffff; stroke-width: 3px; }}
.flowsheet .recycle .label {{ fill: {_COLOURS["recycle"]}; }}
</style>
<marker id="rf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
 orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"
 style="fill:{_COLOURS["stream"]};stroke:none"/></marker>
<marker id="rf-arrow-recycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"
 markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"
 style="fill:{_COLOURS["recycle"]};stroke:none"/></marker>
</defs>"""


def _edge_kind(edge: StreamEdge) -> str:
    if edge.source[0] == "feed":
        return "feed"
    if edge.target[0] == "product":
        return "product"
    return "recycle" if edge.recycle else "stream"


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _size(node: Node) -> tuple[float, float]:
    """Width and height of a node's box in px, wide enough for its name within limits."""
    kind, name = node
    if kind == "unit":
        return _clamp(_CHAR["name"] * len(name) + 24, _UNIT_WIDTH), _UNIT_HEIGHT
    if kind == "bend":
        return _UNIT_WIDTH[0], _UNIT_HEIGHT
    return _clamp(_CHAR["tag"] * len(name) + 20, _TAG_WIDTH), _TAG_HEIGHT


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def _centres(layout: FlowsheetLayout) -> dict[Node, tuple[float, float]]:
    top = min(layout.row.values())
    return {
        node: (
            _MARGIN + _UNIT_WIDTH[1] / 2 + layer * _COLUMN,
            _MARGIN + _UNIT_HEIGHT / 2 + (layout.row[node] - top) * _ROW,
        )
        for node, layer in layout.layer.items()
    }


def _edge_path(
    edge: StreamEdge,
    layout: FlowsheetLayout,
    centre: Mapping[Node, tuple[float, float]],
    bottom: float,
    lane: int,
    offset: int,
) -> tuple[str, tuple[float, float]]:
    """SVG path data and the label position of one stream."""
    (xs, ys), (xt, yt) = centre[edge.source], centre[edge.target]
    (ws, hs), (wt, ht) = _size(edge.source), _size(edge.target)
    if edge.source == edge.target:
        x0, x1, y0 = xs + ws / 4, xs - ws / 4, ys - hs / 2
        return (
            f"M{x0:.1f},{y0:.1f} C{x0 + 24:.1f},{y0 - 44:.1f} {x1 - 24:.1f},{y0 - 44:.1f} "
            f"{x1:.1f},{y0:.1f}",
            (xs, y0 - 36),
        )
    if edge.recycle:
        # Orthogonal route through the gaps between columns, below every node.
        lane_y = bottom + _LANE * (lane + 1)
        gap_out, gap_in = xs + _COLUMN / 2, xt - _COLUMN / 2
        x0, y0, x1, y1 = xs + ws / 2, ys + hs / 2 - 8, xt - wt / 2, yt + ht / 2 - 8
        return (
            f"M{x0:.1f},{y0:.1f} H{gap_out:.1f} V{lane_y:.1f} H{gap_in:.1f} V{y1:.1f} H{x1:.1f}",
            ((gap_out + gap_in) / 2, lane_y),
        )
    shift = 7.0 * offset
    points = [(xs + ws / 2, ys + shift)]
    for point in layout.bends.get(edge.stream, []):
        xb, yb = centre[point]
        half = _size(point)[0] / 2
        points += [(xb - half, yb), (xb + half, yb)]
    points.append((xt - wt / 2, yt + shift))
    path = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for i, ((x0, y0), (x1, y1)) in enumerate(zip(points, points[1:])):
        if i % 2:  # straight through a bend point's slot
            path += f" H{x1:.1f}"
            continue
        pull = max(30.0, (x1 - x0) / 2)
        path += f" C{x0 + pull:.1f},{y0:.1f} {x1 - pull:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
    (x0, y0), (x1, y1) = points[0], points[1]
    return path, ((x0 + x1) / 2, (y0 + y1) / 2)


def _edge_svg(
    edge: StreamEdge, stream: Mapping[str, Any], path: str, label_at: tuple[float, float]
) -> str:
    name = html.escape(edge.stream)
    ends = " → ".join(
        html.escape(str(stream.get(end) or boundary))
        for end, boundary in (("source", "feed"), ("sink", "product"))
    )
    mass = float(stream.get("mass_kg_per_h") or 0.0)
    kind = "recycle" if edge.recycle else "stream"
    marker = "rf-arrow-recycle" if edge.recycle else "rf-arrow"
    label = ""
    if edge.source[0] == "unit" and edge.target[0] == "unit":
        lines = [_short(edge.stream)] if edge.recycle else _wrap(edge.stream)
        x, y = label_at[0], label_at[1] - 4 - 12 * (len(lines) - 1) / 2
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 12}">{html.escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        label = f'<text class="label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{spans}</text>'
    return (
        f'<g class="{kind}"><title>{name}: {ends}, {mass:.6g} kg/h</title>'
        f'<path d="{path}" marker-end="url(#{marker})"/>{label}</g>'
    )


def _node_svg(node: Node, centre: tuple[float, float], unit: Mapping[str, Any]) -> str:
    kind, name = node
    (x, y), (w, h) = centre, _size(node)
    box = (
        f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" '
        f'rx="{6 if kind == "unit" else h / 2:.1f}"/>'
    )
    unit_type = str(unit.get("type") or "")
    title = f"{kind} {name}" + (f" ({unit_type})" if unit_type else "")
    style = "name" if kind == "unit" else "tag"
    lines = [(style, name)] + ([("type", unit_type.replace("_", " "))] if unit_type else [])
    y0 = y + 4 - 8 * (len(lines) - 1)
    text = "".join(
        f'<text class="{line_style}" x="{x:.1f}" y="{y0 + 16 * i:.1f}" text-anchor="middle">'
        f"{html.escape(_short(line, int((w - 12) / _CHAR[line_style])))}</text>"
        for i, (line_style, line) in enumerate(lines)
    )
    return f'<g class="{kind}"><title>{html.escape(title)}</title>{box}{text}</g>'


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str) -> list[str]:
    """``text`` broken at spaces into lines of about :data:`_LINE` characters, at most three."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= _LINE:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = lines[:2] + [" ".join(lines[2:])]
    return [_short(line) for line in lines]
