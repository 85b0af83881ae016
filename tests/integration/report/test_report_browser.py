"""The HTML report rendered by a real browser: headless Chromium (Debian package ``chromium``).

A synthetic Dong Pao-like flowsheet of 15 units with four recycles is solved here by successive
substitution of fixed split fractions (each unit conserves every element exactly), written as a
report, loaded in headless Chromium with a virtual-time budget so that plotly.js runs, and the
serialised DOM is checked for the drawn figures. A screenshot is taken to check that the browser
paints the page. The report of the hydride production line (``examples/baotou_hydride_line.yaml``,
run through the main job) is checked the same way for its Economics tables and its PCT and
van 't Hoff plots. Skipped when Chromium is absent, unless ``REEFLOW_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reeflow.pipeline import run_scenario
from reeflow.report import write_report
from reeflow.report.tables import format_number

pytestmark = pytest.mark.integration

# unit: [(outlet stream, sink or None, {element or "*": fraction of the unit's inlet})]; the last
# outlet of each unit takes the remainder, so every unit closes every element balance exactly.
_SPLITS: dict[str, list[tuple[str, str | None, dict[str, float]]]] = {
    "crusher": [("crushed ore", "ball mill", {"*": 1.0})],
    "ball mill": [("mill discharge", "rougher flotation", {"*": 1.0})],
    "rougher flotation": [("rougher concentrate", "cleaner flotation",
                           {"*": 0.15, "La": 0.92, "Ce": 0.92, "Nd": 0.92, "Th": 0.85, "U": 0.6}),
                          ("flotation tailings", None, {})],
    "cleaner flotation": [("cleaner tailings", "rougher flotation",
                           {"*": 0.5, "La": 0.1, "Ce": 0.1, "Nd": 0.1, "Th": 0.1}),
                          ("cleaner concentrate", "thickener", {})],
    "thickener": [("thickener overflow", "ball mill", {"*": 0.0, "H": 0.6, "O": 0.3}),
                  ("thickened concentrate", "acid bake", {})],
    "acid bake": [("bake off-gas", "off-gas scrubber", {"*": 0.0, "F": 0.95, "C": 0.9, "S": 0.1}),
                  ("baked solids", "water leach", {})],
    "water leach": [("leach slurry", "leach filter", {"*": 1.0})],
    "leach filter": [("leach residue", None, {"*": 0.9, "La": 0.03, "Ce": 0.03, "Nd": 0.03,
                                              "Th": 0.5, "H": 0.1, "O": 0.2, "S": 0.1}),
                     ("wash liquor", "water leach", {"*": 0.02, "H": 0.2, "O": 0.2}),
                     ("pregnant leach solution", "neutralisation", {})],
    "neutralisation": [("neutralised slurry", "impurity filter", {"*": 1.0})],
    "impurity filter": [("thorium cake", None, {"*": 0.1, "Th": 0.995, "U": 0.9, "Fe": 0.98,
                                                "La": 0.01, "Ce": 0.01, "Nd": 0.01}),
                        ("purified solution", "oxalate precipitation", {})],
    "oxalate precipitation": [("oxalate slurry", "oxalate filter", {"*": 1.0})],
    "oxalate filter": [("mother liquor recycle", "oxalate precipitation", {"*": 0.1}),
                       ("barren liquor", None, {"*": 0.9, "La": 0.002, "Ce": 0.002, "Nd": 0.002,
                                                "C": 0.3}),
                       ("oxalate cake", "calciner", {})],
    "calciner": [("calciner off-gas", "off-gas scrubber", {"*": 0.0, "C": 1.0, "H": 1.0, "O": 0.5}),
                 ("mixed RE oxide", None, {})],
    "off-gas scrubber": [("scrubbed gas", None, {"*": 0.0, "C": 0.99, "O": 0.6}),
                         ("scrubber bleed", None, {})],
}
_FEEDS: dict[str, tuple[str, dict[str, float]]] = {
    "Dong Pao ore": ("crusher", {"La": 30.0, "Ce": 45.0, "Nd": 9.0, "Th": 0.05, "U": 0.004,
                                 "Ca": 120.0, "F": 60.0, "Fe": 40.0, "Ba": 90.0, "C": 35.0,
                                 "O": 320.0}),
    "process water": ("ball mill", {"H": 110.0, "O": 880.0}),
    "sulfuric acid": ("acid bake", {"H": 2.0, "S": 32.0, "O": 64.0}),
    "leach water": ("water leach", {"H": 220.0, "O": 1760.0}),
    "magnesia": ("neutralisation", {"Mg": 6.0, "O": 4.0}),
    "oxalic acid": ("oxalate precipitation", {"C": 24.0, "O": 64.0, "H": 2.0}),
    "scrubber caustic": ("off-gas scrubber", {"Na": 23.0, "O": 16.0, "H": 1.0}),
}
_SOLIDS = {"Dong Pao ore", "magnesia", "oxalic acid", "crushed ore", "leach residue",
           "thorium cake", "oxalate cake", "mixed RE oxide", "baked solids"}
_GASES = {"bake off-gas", "calciner off-gas", "scrubbed gas"}


def _stream(
    source: str | None, sink: str | None, name: str, flows: dict[str, float]
) -> dict[str, Any]:
    mass = sum(flows.values())
    phase = "solid" if name in _SOLIDS else "gas" if name in _GASES else "aqueous"
    return {
        "source": source, "sink": sink, "mass_kg_per_h": mass,
        "phase_kg_per_h": {
            p: mass if p == phase else 0.0 for p in ("solid", "aqueous", "organic", "gas")
        },
        "elements_kg_per_h": dict(flows),
        "species_kg_per_h": {f"{el}({phase[:3]})": x for el, x in flows.items()},
    }


def synthetic_results() -> dict[str, Any]:
    """Results of the synthetic flowsheet, converged by successive substitution."""
    elements = sorted({el for _sink, flows in _FEEDS.values() for el in flows})
    flows: dict[str, dict[str, float]] = {
        name: dict.fromkeys(elements, 0.0)
        for outlets in _SPLITS.values()
        for name, _s, _f in outlets
    }
    for _sweep in range(400):
        for unit, outlets in _SPLITS.items():
            inlet = {el: sum(f.get(el, 0.0) for f in _inlets(unit, flows)) for el in elements}
            remainder = dict(inlet)
            for name, _sink, fractions in outlets[:-1]:
                flows[name] = {el: inlet[el] * fractions.get(el, fractions["*"]) for el in elements}
                remainder = {el: remainder[el] - flows[name][el] for el in elements}
            flows[outlets[-1][0]] = remainder
    streams = {name: _stream(None, sink, name, f) for name, (sink, f) in _FEEDS.items()}
    for unit, outlets in _SPLITS.items():
        for name, sink, _fractions in outlets:
            streams[name] = _stream(unit, sink, name, {el: x for el, x in flows[name].items() if x})
    boundary_out = [s for s in streams.values() if s["sink"] is None]
    balance = {}
    for el in elements:
        flow_in = sum(f.get(el, 0.0) for _sink, f in _FEEDS.values())
        flow_out = sum(s["elements_kg_per_h"].get(el, 0.0) for s in boundary_out)
        balance[el] = {"in_kg_per_h": flow_in, "out_kg_per_h": flow_out,
                       "closure": abs(flow_out - flow_in) / flow_in}
    return {
        "scenario": "synthetic Dong Pao-like flowsheet",
        "converged": True,
        "balance": {"closure": max(b["closure"] for b in balance.values()), "elements": balance},
        "streams": streams,
        "products": {"mixed RE oxide": {
            "mass_kg_per_h": streams["mixed RE oxide"]["mass_kg_per_h"], "REO_wt_pct": 92.0,
            "relative_purity": {"La2O3": 0.36, "CeO2": 0.53, "Nd2O3": 0.11},
            "impurities_ppm": {"Th": 12.0, "U": 0.8, "Fe": 150.0}}},
        "warnings": [],
        "units": {unit: {"type": "SyntheticSplitter", "parameters": {}} for unit in _SPLITS},
    }


def _inlets(unit: str, flows: dict[str, dict[str, float]]) -> list[dict[str, float]]:
    inlets = [f for _name, (sink, f) in _FEEDS.items() if sink == unit]
    for outlets in _SPLITS.values():
        inlets += [flows[name] for name, sink, _f in outlets if sink == unit]
    return inlets


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("REEFLOW_REQUIRE_SERVICES") == "1":
            pytest.fail("chromium not found; install Debian's package: apt-get install -y chromium")
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    return found


def _browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--hide-scrollbars",
               f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def test_report_renders_its_figures_in_chromium(tmp_path: Path) -> None:
    import plotly.graph_objects as go

    chromium = _chromium()
    results = synthetic_results()
    extra = go.Figure(go.Scatter(x=[1.0, 2.0, 3.0], y=[0.1, 1.0, 10.0], mode="lines"))
    report = tmp_path / "report.html"
    write_report(results, report, extra_figures=[("PCT isotherm <test>", extra)])

    dom = _browse(chromium, tmp_path / "profile", "--dump-dom", report.as_uri()).stdout
    assert dom.count('class="main-svg"') >= 3 * 2  # plotly draws two main-svg layers per figure
    assert dom.count('class="sankey"') == 2  # the TREE and Th Sankey diagrams
    links = sum(1 for s in results["streams"].values()
                if any(s["elements_kg_per_h"].get(el, 0.0) > 0 for el in ("La", "Ce", "Nd")))
    assert dom.count("sankey-link") >= links
    assert "scatterlayer" in dom  # the extra figure
    assert 'class="flowsheet"' in dom
    assert "PCT isotherm &lt;test&gt;" in dom

    screenshot = tmp_path / "report.png"
    _browse(chromium, tmp_path / "profile", "--window-size=1400,4200", f"--screenshot={screenshot}",
            report.as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 50_000  # a painted page, not a blank one


def test_hydride_line_report_draws_economics_and_pct_plots(tmp_path: Path) -> None:
    chromium = _chromium()
    example = Path(__file__).resolve().parents[3] / "examples" / "baotou_hydride_line.yaml"
    outcome = run_scenario(example, tmp_path / "run", record=False)
    economics = outcome.results["economics"]

    dom = _browse(chromium, tmp_path / "profile", "--dump-dom",
                  outcome.files["report"].as_uri()).stdout
    section = dom[dom.index('<section id="economics">'):dom.index('<section id="flowsheet">')]
    nickel = re.search(r"<tr><th>nickel</th>(.*?)</tr>", section)
    assert nickel is not None
    assert format_number(economics["feeds"]["nickel"]["cost_USD_per_yr"]) in nickel.group(1)
    assert "Element trace" in section and "Overall yield (%)" in section

    # Figures 2 and 3 (after the TREE Sankey) are the PCT family and the van 't Hoff lines.
    pct = dom[dom.index('id="reeflow-figure-2"'):dom.index('id="reeflow-figure-3"')]
    van_t_hoff = dom[dom.index('id="reeflow-figure-3"'):]
    assert pct.count('class="trace scatter') == 8  # 4 temperatures x absorption, desorption
    assert "PCT isotherms of LaY2Ni10Mn0.5" in pct
    assert {'data-unformatted="0.01"', 'data-unformatted="100"'} <= set(
        re.findall(r'data-unformatted="[^"]*"', pct))  # decades of the log pressure axis
    assert van_t_hoff.count('class="trace scatter') == 2  # desorption and absorption lines
    assert "1000 / T" in van_t_hoff

    screenshot = tmp_path / "hydride.png"
    _browse(chromium, tmp_path / "profile", "--window-size=1400,9000",
            f"--screenshot={screenshot}", outcome.files["report"].as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 100_000
