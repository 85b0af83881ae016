"""The `reeflow hydride` contract at its edges.

Covered: isotherm maximum vs capacity, temperature spellings and
limits, white space and miscapitalised formulas, mischmetal written as Mm, the measured
electrochemical capacity of LaY2Ni10Mn0.5 (Xiong et al., Int. J. Hydrogen Energy 42 (2017)
10131: 1.40 wt% gas phase, 392.9 mAh/g electrochemical, separate measurements), and design
candidates that `hydride pct` must reproduce.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from typer.testing import CliRunner

from reeflow.cli.app import app
from reeflow.hydrogen.composition import expand_pseudo_elements, parse_alloy
from reeflow.hydrogen.design import design_alloys
from reeflow.hydrogen.model import mischmetal_ln_p_rmse
from reeflow.hydrogen.performance import electrochemical_capacity, h_per_formula_unit

pytestmark = pytest.mark.integration
runner = CliRunner()


def _pct(alloy: str, temperature: str, points: int = 60) -> dict[str, Any]:
    result = runner.invoke(app, ["hydride", "pct", alloy, "--temperature", temperature, "--json",
                                 "--points", str(points)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("alloy", ["LaNi5", "CeNi5", "LaNi4.7Al0.3", "LaY2Ni10.5", "La0.75Mg0.25Ni3.5",
                                   "La[0.5]Ca[1.5]Mg[1]Ni[9]"])
def test_isotherm_maximum_is_the_capacity(alloy: str) -> None:
    data = _pct(alloy, "25degC")
    for branch in ("absorption", "desorption"):
        top = max(point[0] for point in data["isotherm"][branch])
        assert top == pytest.approx(data["capacity_H_per_M"], rel=1e-9)


@pytest.mark.parametrize(
    ("spelling", "kelvin"),
    [("300", 300.0), ("298.15", 298.15), ("-23.15degC", 250.0), ("176.85 degC", 450.0), ("77degF", 298.15),
     ("40 °C", 313.15), ("298.15K", 298.15)],
)
def test_temperature_spellings_and_limits(spelling: str, kelvin: float) -> None:
    assert _pct("LaNi5", spelling, 5)["temperature_K"] == pytest.approx(kelvin, abs=1e-9)


def test_a_bare_number_out_of_range_is_refused_as_kelvin() -> None:
    result = runner.invoke(app, ["hydride", "pct", "LaNi5", "--temperature", "25", "--json"])
    assert result.exit_code == 2
    assert "25.00 K" in result.stderr and "kelvin" in result.stderr
    assert result.stderr.count("\n") == 1


def test_white_space_inside_a_formula_is_ignored() -> None:
    assert _pct("LaNi4.7 Al0.3", "25degC", 5)["record"] == _pct("LaNi4.7Al0.3", "25degC", 5)["record"]
    assert _pct("La Ni5", "25degC", 5)["plateau_Pa"] == _pct("LaNi5", "25degC", 5)["plateau_Pa"]


@pytest.mark.parametrize("formula", ["lani5", "Lani5", "LaNI5"])
def test_miscapitalised_formulas_get_a_hint(formula: str) -> None:
    result = runner.invoke(app, ["hydride", "pct", formula, "--temperature", "25degC", "--json"])
    assert result.exit_code == 2
    assert "case-sensitive" in result.stderr and result.stderr.count("\n") == 1


def test_mischmetal_written_as_mm_is_answered_with_a_warning() -> None:
    data = _pct("MmNi4.2Co0.3Mn0.3Al0.2", "25degC")
    assert data["predicted"] is True and data["structure"] == "AB5"
    assert any("'Mm'" in warning for warning in data["warnings"])
    assert 0.0 < data["plateau_Pa"]["desorption"] <= data["plateau_Pa"]["absorption"]


@pytest.mark.parametrize("alloy", ["MmNi3.55Co0.75Mn0.4Al0.3", "MmNi5", "La0.3Mm0.7Ni4.5Cu0.3Al0.2"])
def test_every_mm_answer_states_its_lot_basis_and_the_mm_error(alloy: str) -> None:
    """Shipped or predicted, an Mm alloy is of unstated lot: the warning names the assumed lot of
    constants.yaml, the held-out ln P error of the model's Mm alloys, and a written-out formula."""
    data = _pct(alloy, "25degC", 5)
    [warning] = [w for w in data["warnings"] if w.startswith("'Mm'")]
    assumed = "".join(f"{s}{n:g}" for s, n in expand_pseudo_elements({"Mm": 1.0}).items())
    assert assumed in warning and "constants.yaml" in warning
    assert f"{mischmetal_ln_p_rmse()[0]:.2f} RMS" in warning
    spelled_out = warning.split("e.g. ")[1].split(",")[0]
    written = parse_alloy(spelled_out)
    assert "Mm" not in written.a_site and written.structure == data["structure"]
    assert written.molar_mass == pytest.approx(data["molar_mass_kg_per_kmol"], rel=1e-3)


def test_alloys_without_mm_get_no_mischmetal_warning() -> None:
    assert not any(w.startswith("'Mm'") for w in _pct("La0.28Ce0.5Nd0.16Pr0.06Ni5", "25degC", 5)["warnings"])


def test_la_y_ni_mn_capacities_are_each_their_own_measurement() -> None:
    data = _pct("LaY2Ni10Mn0.5", "25degC")
    assert data["capacity_wt_pct"] == pytest.approx(1.40, abs=1e-9)  # gas phase (PCI)
    assert data["capacity_mAh_per_g"] == pytest.approx(392.9, abs=1e-9)  # electrochemical
    assert "electrochemical" in data["capacity_mAh_per_g_basis"]
    n_h = h_per_formula_unit(1.40, data["molar_mass_kg_per_kmol"])
    assert data["theoretical_capacity_mAh_per_g"] == pytest.approx(
        electrochemical_capacity(n_h, data["molar_mass_kg_per_kmol"]), rel=1e-12)


def test_lani5h6_capacity_is_the_theoretical_one() -> None:
    data = _pct("LaNi5", "25degC", 5)
    assert data["capacity_mAh_per_g"] == data["theoretical_capacity_mAh_per_g"]
    assert data["capacity_mAh_per_g"] == pytest.approx(372.0, abs=0.5)


@pytest.mark.parametrize(
    ("pressure", "temperature", "structure"),
    [(1e5, 313.15, "AB5"), (2e6, 373.15, "AB5"), (5e3, 298.15, "AB3"), (1e5, 313.15, "AB3")],
)
def test_design_candidates_are_reproduced_by_pct(pressure: float, temperature: float, structure: str) -> None:
    """Every candidate, fed back to `hydride pct`, meets the target within the design tolerance
    (0.05 in ln P), also where the rounded formula is a shipped alloy (LaNi5 at 2 MPa, 100 degC
    used to be proposed from the model although its shipped data give 2.2 MPa)."""
    candidates = design_alloys(pressure, temperature, structure=structure)
    assert candidates
    for candidate in candidates:
        data = _pct(candidate.formula, f"{temperature}K", 5)
        assert data["plateau_Pa"]["desorption"] == pytest.approx(candidate.plateau_Pa, rel=1e-9)
        assert abs(math.log(data["plateau_Pa"]["desorption"] / pressure)) <= 0.05
        assert data["capacity_wt_pct"] == pytest.approx(candidate.capacity_wt_pct, rel=1e-9)


def test_design_accepts_any_letter_case_of_the_structure() -> None:
    result = runner.invoke(app, ["hydride", "design", "--target-pressure", "1bar", "--temperature", "40degC",
                                 "--structure", "ab3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["structure"] == "AB3" and data["candidates"]
