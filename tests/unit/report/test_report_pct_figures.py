"""PCT families and van 't Hoff lines of alloy products (reeflow.hydrogen.report_figures).

Each test builds a small species database and a results dictionary by hand: which species are
alloys, which streams are products. The figures are checked against the PCT model they plot
(van 't Hoff slope ΔH/R, the plateau at 25 °C, hysteresis, the temperature order of the
plateaus) and against issue 5's LaNi5 validation point: desorption plateau about 1.7-1.8 atm
at 25 °C with ΔH between -30 and -32 kJ/mol H2 (the shipped LaNi5 record is HydPARK's Lundin
1975 row).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reeflow.hydrogen import resolve_alloy
from reeflow.hydrogen.constants import GAS_CONSTANT, P0
from reeflow.hydrogen.report_figures import (
    ALLOY_KIND,
    REPORT_TEMPERATURES,
    alloy_products,
    hydrogen_figures,
)
from reeflow.species import Species, SpeciesDatabase
from reeflow.uom import conversion_factor, to_si

pytestmark = pytest.mark.unit

_MM_FORMULA = "La0.28Ce0.5Pr0.06Nd0.16Ni3.4CoMn0.5Al0.1"  # MmNi3.4CoMn0.5Al0.1, Mm written out


def _alloy(formula: str, name: str = "") -> Species:
    return Species.from_formula(formula, "solid", kind=ALLOY_KIND, name=name)


def _case(
    species: list[Species], product_flows: dict[str, float], other_flows: dict[str, float] | None = None
) -> tuple[dict[str, Any], SpeciesDatabase]:
    """Results with one product stream ``alloy_powder`` and one waste stream ``dust``."""
    database = SpeciesDatabase((*species, Species.from_formula("Ni", "solid")))
    results: dict[str, Any] = {
        "streams": {
            "alloy_powder": {"source": "milling", "sink": None, "species_kg_per_h": product_flows},
            "dust": {"source": "milling", "sink": None, "species_kg_per_h": other_flows or {}},
        },
        "products": {"alloy_powder": {"mass_kg_per_h": sum(product_flows.values())}},
        "warnings": [],
    }
    return results, database


def _trace(figure: Any, name: str) -> Any:
    matches = [trace for trace in figure.data if trace.name == name]
    assert len(matches) == 1, f"no single trace named {name!r}"
    return matches[0]


def test_only_alloys_in_product_streams_are_plotted() -> None:
    species = [_alloy("LaNi5"), _alloy("CeNi5"), _alloy("LaNi4.7Al0.3"),
               Species.from_formula("LaNi5H6", "solid", kind="hydride")]
    results, database = _case(species, {"LaNi5": 2.0, "CeNi5": 0.0, "LaNi5H6": 1.0, "Ni": 1.0},
                              other_flows={"LaNi4.7Al0.3": 1.0})
    assert alloy_products(results, database) == {"LaNi5": ["alloy_powder"]}
    sections = hydrogen_figures(results, database)
    assert [title for title, _figure in sections] == [
        "PCT isotherms: LaNi5", "van 't Hoff lines: LaNi5"]


def test_no_alloy_product_no_figures() -> None:
    results, database = _case([_alloy("LaNi5")], {"Ni": 1.0}, other_flows={"LaNi5": 1.0})
    assert hydrogen_figures(results, database) == []
    assert results["warnings"] == []


def test_lanthanum_nickel_pct_family_follows_its_van_t_hoff_constants() -> None:
    results, database = _case([_alloy("LaNi5", name="LaNi5 alloy")], {"LaNi5": 1.0})
    (_t1, pct), (_t2, van_t_hoff) = hydrogen_figures(results, database)
    alloy = resolve_alloy("LaNi5")
    plateau = alloy.pct.plateaus[0]
    to_bar = conversion_factor("Pa", "bar")

    assert pct.layout.yaxis.type == "log"
    assert len(pct.data) == 2 * len(REPORT_TEMPERATURES)
    assert "predicted" not in pct.layout.title.text and "Data: " in pct.layout.title.text
    mid_plateau: dict[str, list[float]] = {"absorption": [], "desorption": []}
    for text in REPORT_TEMPERATURES:
        temperature = to_si(text, "K")
        for branch in ("absorption", "desorption"):
            trace = _trace(pct, f"{text.split()[0]} °C {branch}")
            x, p_bar = np.asarray(trace.x), np.asarray(trace.y)
            assert np.all(np.diff(x) > 0) and np.all(np.diff(p_bar) >= 0)  # monotonic isotherm
            dH, dS = plateau.constants(branch)  # type: ignore[arg-type]
            expected_bar = P0 * np.exp(dH / (GAS_CONSTANT * temperature) - dS / GAS_CONSTANT) * to_bar
            middle = float(np.interp(alloy.capacity_h_per_m / 2, x, p_bar))
            assert middle == pytest.approx(expected_bar, rel=1e-2)
            mid_plateau[branch].append(middle)
    assert all(a > d for a, d in zip(mid_plateau["absorption"], mid_plateau["desorption"]))
    assert mid_plateau["desorption"] == sorted(mid_plateau["desorption"])  # hotter, higher

    desorption = _trace(van_t_hoff, f"{alloy.name} desorption")
    inverse_t, ln_p = np.asarray(desorption.x), np.asarray(desorption.y)
    slope = np.polyfit(inverse_t, ln_p, 1)[0]  # d ln P / d(1000/T) = ΔH / (1000 R)
    assert slope * 1000.0 * GAS_CONSTANT == pytest.approx(plateau.dH_desorption, rel=1e-9)
    assert -32e3 <= plateau.dH_desorption <= -30e3
    order = np.argsort(inverse_t)
    at_25_c = float(np.exp(np.interp(1000.0 / to_si("25 degC", "K"), inverse_t[order], ln_p[order])))
    assert 1.6 <= at_25_c <= 1.9  # atm, issue 5 validation: about 1.7-1.8 atm


def test_predicted_alloy_is_marked_with_the_model_error() -> None:
    results, database = _case([_alloy("LaY2Ni10Mn0.5", name="LaY2Ni10Mn0.5 A2B7 alloy")],
                              {"LaY2Ni10Mn0.5": 1.0})
    sections = hydrogen_figures(results, database)
    assert [title for title, _figure in sections] == [
        "PCT isotherms: LaY2Ni10Mn0.5 A2B7 alloy (predicted)",
        "van 't Hoff lines: LaY2Ni10Mn0.5 A2B7 alloy (predicted)"]
    for _title, figure in sections:
        title = figure.layout.title.text
        assert "Predicted by the composition model" in title and "in ln P" in title


def test_mischmetal_written_out_finds_the_shipped_mm_record() -> None:
    species = _alloy(_MM_FORMULA, name="MmNi3.4Co1.0Mn0.5Al0.1 AB5 alloy")
    results, database = _case([species], {_MM_FORMULA: 1.0})
    (_t1, _pct), (_t2, van_t_hoff) = hydrogen_figures(results, database)
    shipped = resolve_alloy("MmNi3.4Co1.0Mn0.5Al0.1")
    assert shipped.sources and shipped.sources[0].split(" (")[0] in van_t_hoff.layout.title.text
    points = [trace for trace in van_t_hoff.data if trace.mode == "markers"]
    assert len(points) == 1 and len(points[0].x) == len(shipped.plateau_points)


def test_a_name_of_another_composition_is_not_used() -> None:
    results, database = _case([_alloy("LaNi4.7Al0.3", name="LaNi5 alloy")], {"LaNi4.7Al0.3": 1.0})
    (_t1, pct), _vth = hydrogen_figures(results, database)
    lanthanum_nickel = resolve_alloy("LaNi5")
    assert lanthanum_nickel.sources[0][:40] not in pct.layout.title.text


def test_alloy_the_hydrogen_package_cannot_answer_is_skipped_with_a_warning() -> None:
    species = [_alloy("TiFe", name="TiFe alloy"), _alloy("LaNi5")]
    results, database = _case(species, {"TiFe": 1.0, "LaNi5": 1.0})
    sections = hydrogen_figures(results, database)
    assert [title for title, _figure in sections] == [
        "PCT isotherms: LaNi5", "van 't Hoff lines: LaNi5"]
    assert len(results["warnings"]) == 1
    assert "'TiFe'" in results["warnings"][0] and "alloy_powder" in results["warnings"][0]
    assert "Ti" in results["warnings"][0].split(": ", 1)[1]  # the hydrogen package's reason


def test_figure_titles_are_escaped() -> None:
    results, database = _case([_alloy("LaNi5", name="<b>LaNi5</b> & co")], {"LaNi5": 1.0})
    for _title, figure in hydrogen_figures(results, database):
        assert "<b>" not in figure.layout.title.text
        assert "&lt;b&gt;LaNi5&lt;/b&gt; &amp; co" in figure.layout.title.text
