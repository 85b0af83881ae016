"""Tables of the HTML report, built from the hand-built results of conftest.py."""

from __future__ import annotations

import re
from typing import Any

import pytest

from reeflow.report import tables

pytestmark = pytest.mark.unit


def _rows(fragment: str) -> list[list[str]]:
    """Cell texts of every body row of the first table in ``fragment`` (tags stripped)."""
    body = fragment.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd]>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [(50000.0, "50,000"), (12.3456, "12.35"), (0.001234, "0.001234"), (2.5e-9, "2.5e-09"),
     (1.5e8, "1.5e+08"), (0, "0"), (-3.0, "-3.000"), (None, "–"), ("a<b", "a&lt;b"),
     (float("nan"), "nan"), (1234567, "1,234,567"), (True, "True"),
     (0.09999999, "0.1000"), (9999.96, "10,000"), (0.00099999, "0.001000")],
)
def test_format_number(value: Any, text: str) -> None:
    assert tables.format_number(value) == text


def test_stream_table_lists_every_stream_with_tree_and_thorium(results: dict[str, Any]) -> None:
    fragment = tables.stream_table(results)
    header = re.findall(r"<th>(.*?)</th>", fragment.split("</thead>")[0])
    assert header[:3] == ["Stream", "From", "To"]
    assert "TREE (kg/h)" in header and "Th (kg/h)" in header
    assert "U (kg/h)" not in header  # no stream carries uranium
    rows = {row[0]: row for row in _rows(fragment)}
    assert list(rows) == list(results["streams"])
    tree, thorium = header.index("TREE (kg/h)"), header.index("Th (kg/h)")
    assert rows["ore"][1:3] == ["(feed)", "flotation"]
    assert rows["product"][1:3] == ["precipitation", "(product)"]
    assert rows["ore"][tree] == "30.00"  # La 10 + Ce 20 kg/h
    assert rows["barren"][thorium] == "0.1990"
    assert rows["acid"][tree] == "0"


def test_balance_table_marks_the_worst_element(results: dict[str, Any]) -> None:
    results["balance"]["elements"]["Th"]["closure"] = 3e-10
    results["balance"]["elements"]["Ce"]["closure"] = -2e-9  # the largest in magnitude
    fragment = tables.balance_table(results)
    worst = re.findall(r'<tr class="worst">(.*?)</tr>', fragment)
    assert len(worst) == 1 and "<th>Ce</th>" in worst[0]
    rows = _rows(fragment)
    assert [row[0] for row in rows] == list(results["balance"]["elements"])
    assert rows[0][1:4] == ["10.00", "10.00", "0"]


def test_balance_table_marks_nothing_when_every_element_closes_exactly(
    results: dict[str, Any],
) -> None:
    assert 'class="worst"' not in tables.balance_table(results)


def test_products_table_shows_purity_in_percent_and_impurities_in_ppm(
    results: dict[str, Any],
) -> None:
    fragment = tables.products_table(results)
    assert "Relative purity (% of TREO)" in fragment and "Impurities (ppm)" in fragment
    assert "<th>CeO2</th><td>67.00</td>" in fragment
    assert "<th>Th</th><td>30.50</td>" in fragment
    assert _rows(fragment)[0] == ["product", "32.80", "99.90"]


def test_products_table_shows_extra_assay_fields(results: dict[str, Any]) -> None:
    product = results["products"]["product"]
    product["TREO_kg_per_h"] = 31.5
    product["recovery"] = {"La": 0.89, "Ce": 0.895}
    product["Th_activity"] = {"Th-232": 1.0}
    fragment = tables.products_table(results)
    assert "<th>TREO (kg/h)</th>" in fragment and _rows(fragment)[0][3] == "31.50"
    assert "<h3>Recovery (% of the element fed)</h3>" in fragment
    assert "<th>La</th><td>89.00</td>" in fragment
    assert "<h3>Th activity</h3>" in fragment


def test_species_and_element_tables_skip_flows_that_are_zero_everywhere(
    results: dict[str, Any],
) -> None:
    results["streams"]["ore"]["species_kg_per_h"]["Xe(g)"] = 0.0
    species = _rows(tables.species_table(results))
    assert "Xe(g)" not in [row[0] for row in species]
    assert {row[0] for row in species} == {
        sp for s in results["streams"].values() for sp in s["species_kg_per_h"] if sp != "Xe(g)"
    }
    elements = _rows(tables.element_table(results))
    assert [row[0] for row in elements] == list(results["balance"]["elements"])
    assert all(len(row) == 1 + len(results["streams"]) for row in elements)


def test_header_escapes_warnings_and_shows_convergence(results: dict[str, Any]) -> None:
    results["converged"] = False
    fragment = tables.header_html(results)
    assert "&lt;90 °C&gt;" in fragment and "<90 °C>" not in fragment
    assert '<span class="bad">no</span>' in fragment
    assert "Tear streams</dt><dd>wash recycle" in fragment


def test_header_shows_solver_details_and_a_tear_table(results: dict[str, Any]) -> None:
    results["solver"] = {
        "converged": True,
        "iterations": {"wash recycle": 12},
        "wall_time_s": 0.25,
        "blocks": {"block 1": 3},
        "tears": {"wash recycle": {"relative_residual": 3.2e-12, "worst_element": "Ce",
                                   "residual_by_element": {"La": 1e-12, "Ce": 3.2e-12}}},
    }
    fragment = tables.header_html(results)
    assert "Solver wall time s</dt><dd>0.2500</dd>" in fragment
    assert "Solver blocks</dt><dd>block 1: 3</dd>" in fragment
    assert ("<th>Tear stream</th><th>relative residual</th><th>worst element</th>"
            "<th>iterations</th>") in fragment
    tear_rows = _rows(fragment.split("<h3>Tear streams</h3>")[1])
    assert tear_rows == [["wash recycle", "3.2e-12", "Ce", "12"]]
    assert "residual by element" not in fragment  # nested records are not dumped


def test_header_says_a_flowsheet_without_recycle_has_no_loops(results: dict[str, Any]) -> None:
    """A flowsheet solved in one pass has no tears and no iterations: no empty solver rows."""
    results["solver"] = {"converged": True, "iterations": {}, "tears": {}}
    del results["tears"]
    fragment = tables.header_html(results)
    assert "Recycle loops</dt><dd>none: each unit solved once, in order" in fragment
    assert "Solver iterations" not in fragment and "<h3>Tear streams</h3>" not in fragment


def test_units_table_lists_inlets_outlets_and_unit_closure(results: dict[str, Any]) -> None:
    results["units"]["leach"]["closure"] = 2.0e-16
    rows = {row[0]: row for row in _rows(tables.units_table(results))}
    assert list(rows) == list(results["units"])
    assert rows["leach"] == ["leach", "StoichiometricReactor", "concentrate, acid, wash recycle",
                             "slurry", "2e-16"]
    assert rows["flotation"][4] == "–"


def test_stream_table_shows_temperature_when_given(results: dict[str, Any]) -> None:
    assert "T (K)" not in tables.stream_table(results)
    results["streams"]["slurry"]["temperature_K"] = 368.15
    fragment = tables.stream_table(results)
    rows = {row[0]: row for row in _rows(fragment)}
    assert rows["slurry"][3] == "368.15" and rows["ore"][3] == "–"


def test_tables_accept_the_minimum_contract(results: dict[str, Any]) -> None:
    for optional in ("units", "tears", "warnings", "products"):
        del results[optional]
    assert "No warnings" in tables.header_html(results)
    assert "no products" in tables.products_table(results)
    assert len(_rows(tables.stream_table(results))) == len(results["streams"])
