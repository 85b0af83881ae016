"""The main job's report of the hydride production line: Economics section and PCT figures.

``reeflow run`` on ``examples/baotou_hydride_line.yaml`` (A2B7 alloy LaY2Ni10Mn0.5 as product,
with an ``economics:`` section) must write a report with the economics tables and, for the alloy
product, a PCT family and van 't Hoff lines; the Dong Pao scenario (no alloy, no economics) gets
neither.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reeflow.pipeline import run_scenario
from reeflow.report.tables import format_number

pytestmark = pytest.mark.integration

_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_hydride_line_report_has_economics_and_pct_figures(tmp_path: Path) -> None:
    outcome = run_scenario(_EXAMPLES / "baotou_hydride_line.yaml", tmp_path, record=False)
    page = outcome.files["report"].read_text(encoding="utf-8")
    results = json.loads(outcome.files["results"].read_text(encoding="utf-8"))

    titles = re.findall(r"<h2>([^<]*)</h2>", page)
    assert titles[:3] == ["Summary", "Products", "Economics"]
    assert titles[-2:] == ["PCT isotherms: LaY2Ni10Mn0.5 A2B7 alloy (predicted)",
                           "van &#x27;t Hoff lines: LaY2Ni10Mn0.5 A2B7 alloy (predicted)"]
    assert page.count("Plotly.newPlot(") == 3  # TREE Sankey (no thorium), PCT, van 't Hoff
    assert re.search(r'<a href="#extra-1" title="PCT isotherms: [^"]*">PCT isotherms', page)
    assert results["warnings"] == []  # the hydrogen package answered for the alloy

    economics = results["economics"]
    section = page[page.index('<section id="economics">'):page.index('<section id="flowsheet">')]
    assert format_number(economics["operating_cost_USD_per_kg_product"]) in section
    assert format_number(economics["feeds"]["nickel"]["cost_USD_per_yr"]) in section
    assert format_number(100.0 * economics["trace"]["La"]["overall_yield"]) in section
    assert "In la_metal (t/yr)" in section and "In y_metal (t/yr)" in section
    assert "Unpriced feeds" not in section  # every feed of the example is priced


def test_a_report_without_economics_or_alloys_has_neither(tmp_path: Path) -> None:
    outcome = run_scenario(_EXAMPLES / "ion_adsorption_clay.yaml", tmp_path, record=False)
    page = outcome.files["report"].read_text(encoding="utf-8")
    assert 'id="economics"' not in page and 'id="extra-1"' not in page
