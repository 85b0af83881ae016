"""Layout of the flowsheet graph: recycles, layers, order within layers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.report.layout import flowsheet_layout

pytestmark = pytest.mark.unit


def test_hand_built_flowsheet_layers_and_recycle(results: dict[str, Any]) -> None:
    layout = flowsheet_layout(results)
    assert [e.stream for e in layout.edges if e.recycle] == ["wash recycle"]
    units = {name: layout.layer[("unit", name)]
             for name in ("flotation", "leach", "filter", "precipitation")}
    assert units == {"flotation": 1, "leach": 2, "filter": 3, "precipitation": 4}
    assert layout.layer[("feed", "ore")] == 0
    assert layout.layer[("feed", "oxalic")] == 3  # beside the unit it feeds
    assert layout.layer[("product", "product")] == 5
    assert layout.layer[("product", "tailings")] == 2
    assert all(node[0] != "bend" for node in layout.nodes)


def test_a_stream_across_layers_gets_one_bend_per_crossed_layer(results: dict[str, Any]) -> None:
    results["streams"]["bypass"] = dict(results["streams"]["concentrate"],
                                        source="flotation", sink="precipitation")
    layout = flowsheet_layout(results)
    bends = layout.bends["bypass"]
    assert [layout.layer[b] for b in bends] == [2, 3]
    rows = [layout.row[n] for n in layout.layer if layout.layer[n] == 2]
    assert len(set(rows)) == len(rows)  # the bend has a slot of its own


@st.composite
def flowsheets(draw: st.DrawFn) -> dict[str, Any]:
    """Random directed multigraphs of up to 12 units, with feeds, products and cycles."""
    n = draw(st.integers(1, 12))
    units = [f"u{i}" for i in range(n)]
    pairs = draw(st.lists(st.tuples(st.sampled_from(units), st.sampled_from(units)), max_size=25))
    streams: dict[str, Any] = {"feed": {"source": None, "sink": units[0]},
                               "out": {"source": units[-1], "sink": None}}
    for i, (a, b) in enumerate(pairs):
        streams[f"s{i}"] = {"source": a, "sink": b}
    return {"streams": streams, "units": {u: {"type": "Mixer"} for u in units}}


@settings(max_examples=60, deadline=None)
@given(flowsheets())
def test_layout_is_left_to_right_except_recycles(results: dict[str, Any]) -> None:
    layout = flowsheet_layout(results)
    assert {n[1] for n in layout.nodes if n[0] == "unit"} == set(results["units"])
    forward = [e for e in layout.edges if not e.recycle]
    for edge in forward:
        assert layout.layer[edge.source] < layout.layer[edge.target]
        chain = [edge.source, *layout.bends[edge.stream], edge.target]
        assert [layout.layer[n] for n in chain] == list(
            range(layout.layer[edge.source], layout.layer[edge.target] + 1))
    for edge in layout.edges:
        if edge.recycle:
            assert layout.layer[edge.target] <= layout.layer[edge.source]
    columns: dict[int, list[float]] = {}
    for node, index in layout.layer.items():
        columns.setdefault(index, []).append(layout.row[node])
    for rows in columns.values():
        assert sorted(rows) == [r - (len(rows) - 1) / 2 for r in range(len(rows))]
