"""Sankey diagrams and the flowsheet diagram of the report."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reeflow.report.figures import flowsheet_svg, sankey_figure
from reeflow.report.groups import RARE_EARTH_ELEMENTS, group_flow

pytestmark = pytest.mark.unit

_SVG = "{http://www.w3.org/2000/svg}"


def _links(results: dict[str, Any], elements: tuple[str, ...]) -> tuple[list[str], Any]:
    figure = sankey_figure(results, elements, title="test")
    assert figure is not None
    sankey = figure.data[0]
    return list(sankey.node.label), sankey.link


@pytest.mark.parametrize("elements", [RARE_EARTH_ELEMENTS, ("Th",)], ids=["TREE", "Th"])
def test_sankey_conserves_the_flow_through_every_unit(
    results: dict[str, Any], elements: tuple[str, ...]
) -> None:
    labels, link = _links(results, elements)
    flow_in: dict[int, float] = defaultdict(float)
    flow_out: dict[int, float] = defaultdict(float)
    for source, target, value in zip(link.source, link.target, link.value):
        flow_out[source] += value
        flow_in[target] += value
    units = [i for i, name in enumerate(labels) if name in results["units"]]
    assert {labels[i] for i in units} == set(results["units"])
    for i in units:
        assert math.isclose(flow_in[i], flow_out[i], rel_tol=1e-12), labels[i]
    boundary_in = sum(v for s, v in flow_out.items() if s not in units)
    boundary_out = sum(v for t, v in flow_in.items() if t not in units)
    assert math.isclose(boundary_in, boundary_out, rel_tol=1e-12)


@st.composite
def balanced_flowsheets(draw: st.DrawFn) -> dict[str, Any]:
    """Random flowsheets with cycles whose units conserve La and Th exactly.

    Internal streams get random flows; each unit then gets a feed or a product stream that
    carries its surplus or deficit, element by element, as a plant's boundary streams would.
    """
    n = draw(st.integers(2, 8))
    units = [f"u{i}" for i in range(n)]
    flow = st.floats(0.0, 1e3, allow_subnormal=False)
    edges = draw(st.lists(st.tuples(st.sampled_from(units), st.sampled_from(units), flow, flow),
                          min_size=1, max_size=20))
    streams: dict[str, Any] = {}
    net = {u: {"La": 0.0, "Th": 0.0} for u in units}
    for i, (a, b, la, th) in enumerate(edges):
        if a == b:
            continue
        streams[f"s{i}"] = {"source": a, "sink": b, "elements_kg_per_h": {"La": la, "Th": th}}
        for element, x in (("La", la), ("Th", th)):
            net[a][element] += x
            net[b][element] -= x
    for unit, surplus in net.items():  # surplus = out − in of the internal streams
        feed = {el: max(x, 0.0) for el, x in surplus.items()}
        product = {el: max(-x, 0.0) for el, x in surplus.items()}
        streams[f"feed {unit}"] = {"source": None, "sink": unit, "elements_kg_per_h": feed}
        streams[f"product {unit}"] = {"source": unit, "sink": None, "elements_kg_per_h": product}
    return {"streams": streams, "units": {u: {} for u in units}}


@settings(max_examples=50, deadline=None)
@given(balanced_flowsheets(), st.sampled_from([("La",), ("Th",)]))
def test_sankey_conserves_flow_on_random_flowsheets(
    results: dict[str, Any], elements: tuple[str, ...]
) -> None:
    figure = sankey_figure(results, elements, title="property")
    if figure is None:
        assert all(group_flow(s, elements) == 0.0 for s in results["streams"].values())
        return
    sankey = figure.data[0]
    balance: dict[int, float] = defaultdict(float)
    scale: dict[int, float] = defaultdict(float)
    for source, target, value in zip(sankey.link.source, sankey.link.target, sankey.link.value):
        balance[source] -= value
        balance[target] += value
        scale[source] += value
        scale[target] += value
    for i, kind in enumerate(sankey.node.customdata):
        if kind == "unit":
            assert abs(balance[i]) <= 1e-12 * scale[i]


def test_sankey_links_are_the_streams_carrying_the_group(results: dict[str, Any]) -> None:
    _labels, link = _links(results, RARE_EARTH_ELEMENTS)
    expected = {sid: group_flow(s, RARE_EARTH_ELEMENTS)
                for sid, s in results["streams"].items() if group_flow(s, RARE_EARTH_ELEMENTS) > 0}
    assert dict(zip(link.label, link.value)) == expected
    assert "acid" not in link.label and "wash recycle" in link.label


def test_sankey_leaves_out_nan_flows_of_a_failed_run(results: dict[str, Any]) -> None:
    results["streams"]["slurry"]["elements_kg_per_h"]["La"] = float("nan")
    _labels, link = _links(results, RARE_EARTH_ELEMENTS)
    assert "slurry" not in link.label and "liquor" in link.label


def test_sankey_is_none_for_an_absent_element(results: dict[str, Any]) -> None:
    assert sankey_figure(results, ("U",), title="U") is None


def test_flowsheet_svg_is_well_formed_and_names_every_unit_and_stream(
    results: dict[str, Any],
) -> None:
    svg = ET.fromstring(flowsheet_svg(results))
    groups = list(svg.iter(f"{_SVG}g"))
    kinds = defaultdict(list)
    for group in groups:
        title = group.find(f"{_SVG}title")
        assert title is not None and title.text
        kinds[group.get("class")].append(title.text)
    assert sorted(t.split()[1] for t in kinds["unit"]) == sorted(results["units"])
    assert [t.split(":")[0] for t in kinds["recycle"]] == ["wash recycle"]
    streams = [t.split(":")[0] for t in kinds["stream"] + kinds["recycle"]]
    assert sorted(streams) == sorted(results["streams"])
    assert len(kinds["feed"]) == 3 and len(kinds["product"]) == 4


_ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
                    min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(names=st.lists(_ODD_TEXT, min_size=4, max_size=4, unique=True))
def test_flowsheet_svg_escapes_any_identifier(names: list[str]) -> None:
    unit_a, unit_b, stream, recycle = names
    assume(recycle not in (f"{stream} in", f"{stream} out"))
    results = {
        "streams": {
            f"{stream} in": {"source": None, "sink": unit_a},
            stream: {"source": unit_a, "sink": unit_b},
            recycle: {"source": unit_b, "sink": unit_a},
            f"{stream} out": {"source": unit_b, "sink": None},
        },
        "units": {unit_a: {"type": "<Mixer & co>"}},
    }
    svg = ET.fromstring(flowsheet_svg(results))  # raises on any unescaped markup
    titles = [t.text or "" for t in svg.iter(f"{_SVG}title")]
    assert f"unit {unit_a} (<Mixer & co>)" in titles
    assert any(title.startswith(f"{stream}: {unit_a} → {unit_b}") for title in titles)
    assert any(title.startswith(f"{recycle}: {unit_b} → {unit_a}") for title in titles)
