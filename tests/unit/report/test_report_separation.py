"""The solvent-extraction section of the report, from a results dictionary."""

from __future__ import annotations

import pytest

from reeflow.report.assemble import render_report
from reeflow.report.separation import profile_figure, separation_section, solvent_extraction_units

pytestmark = pytest.mark.unit

DETAILS = {
    "sections": {"extraction": 9, "scrubbing": 10, "stripping": 6},
    "flows_m3_per_h": {"feed": 3.0, "organic": 38.0, "scrub": 5.0, "strip": 1.0},
    "split": {"Ce": {"raffinate": 0.999, "strip_liquor": 0.001}, "Pr": {"raffinate": 0.01, "strip_liquor": 0.99}},
    "purity": {"raffinate": {"Ce": 0.9995, "Pr": 0.0005}, "strip_liquor": {"Ce": 0.002, "Pr": 0.998}},
    "iterations": 42,
    "balance_closure": 1e-15,
    "saponification": 0.36,
    "profiles": {"aqueous": [{"Ce": 0.5, "Pr": 1e-6}] * 9 + [{"Ce": 0.2, "Pr": 0.05}] * 10 + [{"Ce": 1e-5, "Pr": 0.3}] * 6},
}
RESULTS = {
    "scenario": "split",
    "units": {
        "ce_pr_split": {"type": "solvent_extraction", "closure": 0.0, "inlets": [], "outlets": {}, "details": DETAILS},
        "mixer": {"type": "mixer", "closure": 0.0, "inlets": [], "outlets": {}},
    },
}


def test_only_solvent_extraction_units_with_details_are_listed() -> None:
    assert list(solvent_extraction_units(RESULTS)) == ["ce_pr_split"]
    assert solvent_extraction_units({"units": {"mixer": RESULTS["units"]["mixer"]}}) == {}


def test_section_shows_stages_flows_and_every_component_split() -> None:
    html = separation_section(RESULTS)
    assert "stages: extraction 9, scrubbing 10, stripping 6" in html and "saponification 36.0 %" in html
    assert "<td>99.90</td>" in html and "<td>99.00</td>" in html  # Ce to the raffinate, Pr to the strip liquor
    assert html.count("<tr") == 3  # header and two components


def test_report_has_the_section_only_with_a_circuit() -> None:
    assert 'id="separation"' in render_report(RESULTS)
    assert 'id="separation"' not in render_report({"scenario": "no circuit", "units": {}})


def test_profile_figure_has_one_log_line_per_component_and_the_section_borders() -> None:
    figure = profile_figure("ce_pr_split", DETAILS)
    assert [trace.name for trace in figure.data] == ["Ce", "Pr"]
    assert all(len(trace.x) == 25 for trace in figure.data)
    assert figure.layout.yaxis.type == "log"
    assert [shape.x0 for shape in figure.layout.shapes] == [9.5, 19.5]
    embedded = separation_section(RESULTS, embed=lambda fig: "<div>figure</div>")
    assert embedded.count("<div>figure</div>") == 1
