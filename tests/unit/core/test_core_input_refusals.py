"""Inputs that used to be accepted and gave wrong answers, or failed without naming the field:
each is now refused before solving, with the field path, the value and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reeflow.errors import ScenarioError
from reeflow.scenario import build_flowsheet, load_scenario
from reeflow.species import default_database
from reeflow.unitops import ComponentSplitter, Splitter, StoichiometricReactor

pytestmark = pytest.mark.unit

DB = default_database()

SCENARIO = """\
name: refusals
feed: {ore: dong_pao, rate: 10 t/h}
feeds:
  water: {composition: {H2O: 1.0}, rate: 2 t/h}
units:
  tank: {type: mixer, inlets: [ore, water], outlets: {out: slurry}}
products: [slurry]
"""


def load(text: str) -> Any:
    return load_scenario(Path("s.yaml"), text)


def test_the_base_scenario_loads_and_builds() -> None:
    assert set(build_flowsheet(load(SCENARIO)).units) == {"tank"}


def test_a_unit_id_given_twice_is_refused_not_replaced() -> None:
    text = SCENARIO.replace("products:", "  tank: {type: mixer, inlets: [water], outlets: {out: other}}\nproducts:")
    with pytest.raises(ScenarioError, match=r"s\.yaml: not valid YAML at line 7.*key 'tank' appears twice"):
        load(text)


def test_a_composition_key_given_twice_is_refused() -> None:
    with pytest.raises(ScenarioError, match="key 'H2O' appears twice"):
        load(SCENARIO.replace("{H2O: 1.0}", "{H2O: 0.5, H2O: 0.5}"))


@pytest.mark.parametrize(("old", "new", "field"), [
    ("rate: 10 t/h", "rate: .inf", r"feed\.rate: inf is invalid: Input should be a finite number"),
    ("{H2O: 1.0}", "{H2O: .nan}", r"feeds\.water\.composition\.H2O: nan is invalid: Input should be a finite"),
    ("rate: 2 t/h}", "rate: 2 t/h, temperature: -300 degC}", r"feeds\.water\.temperature: .* greater than 0"),
    ("products: [slurry]", "products: [slurry, slurry]", r"products: .* slurry listed more than once"),
    ("rate: 2 t/h}", "rate: -2 t/h}", r"feeds\.water\.rate: '-2 t/h' is invalid: .* is negative; expected a rate ≥ 0"),
])
def test_non_finite_numbers_impossible_temperatures_and_repeated_products_are_refused(
        old: str, new: str, field: str) -> None:
    with pytest.raises(ScenarioError, match=field):
        load(SCENARIO.replace(old, new))


def test_a_composition_summing_to_one_within_the_tolerance_gives_exactly_the_rate() -> None:
    from reeflow.flowsheet import solve

    fs = build_flowsheet(load(SCENARIO.replace("{H2O: 1.0}", "{H2O: 0.6000005, CaF2: 0.4}")))
    solve(fs)
    assert fs.streams["water"].mass_flow == pytest.approx(2000.0 / 3600.0, rel=1e-15)
    assert fs.streams["water"].species_mass_flow("CaF2") / fs.streams["water"].mass_flow == pytest.approx(
        0.4 / 1.0000005, rel=1e-14)


CALCINE = {"equation": "CaCO3 -> CaO + CO2(g)", "conversion": 0.5}
BAKE = "2 {RE}CO3F + 3 H2SO4(aq) -> {RE}2(SO4)3(aq) + 2 HF(g) + 2 CO2(g) + 2 H2O"


@pytest.mark.parametrize(("for_each", "message"), [
    (["La", "La"], r"reactions\.0\.for_each: 'La' is listed more than once"),
    ("La", r"reactions\.0\.for_each: 'La' is neither rare_earths nor a list.*write \[La\]"),
    ("rare_eaths", r"reactions\.0\.for_each: 'rare_eaths' is neither rare_earths.*\[La, Ce\]"),
    (["La", "Ca"], r"reactions\.0\.for_each: 'Ca' is not a rare earth"),
])
def test_a_for_each_that_would_compound_or_misread_is_refused(for_each: Any, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        StoichiometricReactor("r", {"reactions": [{"equation": BAKE, "for_each": for_each, "conversion": 0.9}]}, DB)


def test_for_each_on_an_equation_without_re_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"reactions\.0\.for_each: \['La'\] given but .* has no \{RE\}"):
        StoichiometricReactor("r", {"reactions": [CALCINE | {"for_each": ["La"]}]}, DB)


def test_a_coefficient_dividing_by_zero_is_an_input_error() -> None:
    with pytest.raises(ScenarioError, match=r"reactions\.0: coefficient '1/0' of .* divides by zero"):
        StoichiometricReactor("r", {"reactions": [{"equation": "1/0 CaCO3 -> CaO + CO2(g)", "conversion": 1}]}, DB)


def test_an_unknown_key_species_names_its_field() -> None:
    with pytest.raises(ScenarioError, match=r"units\.r\.parameters\.reactions\.0\.key: unknown species 'CaCO4'"):
        StoichiometricReactor("r", {"reactions": [CALCINE | {"key": "CaCO4"}]}, DB)


@pytest.mark.parametrize("temperature", [0, -5.0, "-300 degC", float("nan")])
def test_a_reactor_temperature_must_be_a_positive_finite_kelvin(temperature: Any) -> None:
    with pytest.raises(ScenarioError, match=r"units\.r\.parameters\.temperature"):
        StoichiometricReactor("r", {"reactions": [CALCINE], "temperature": temperature}, DB)


def test_an_unknown_selector_id_names_its_field() -> None:
    with pytest.raises(ScenarioError, match=r"recoveries\.concentrate\.CaF3: unknown species 'CaF3'; did you mean"):
        ComponentSplitter("f", {"recoveries": {"concentrate": {"CaF3": 0.5}}, "remainder": "tailings"}, DB)


def test_selectors_of_one_rank_giving_a_species_two_fractions_are_refused() -> None:
    """CeCO3F contains Ce and F: which of 0.9 and 0.1 was meant is undecidable."""
    with pytest.raises(ScenarioError, match=r"CeCO3F is matched by both 'element:Ce' \(0\.9\) and 'element:F'"):
        ComponentSplitter("f", {"recoveries": {"c": {"element:Ce": 0.9, "element:F": 0.1}}, "remainder": "t"}, DB)


def test_overlapping_selectors_agreeing_or_of_different_rank_are_accepted() -> None:
    unit = ComponentSplitter("f", {"recoveries": {"c": {"element:Ce": 0.5, "element:F": 0.5, "CeCO3F": 0.9,
                                                        "*CO3F": 0.2}}, "remainder": "t"}, DB)
    assert unit.fractions["c"][DB.position("CeCO3F")] == 0.9
    assert unit.fractions["c"][DB.position("LaCO3F")] == 0.5  # element:F outranks the pattern


def test_a_splitter_remainder_that_also_has_a_fraction_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"units\.s\.parameters\.remainder: 'b' also has a fraction"):
        Splitter("s", {"fractions": {"a": 0.3, "b": 0.2}, "remainder": "b"}, DB)


def test_a_bad_ratio_rate_names_the_users_field_only(tmp_path: Path) -> None:
    """A mapping rate with a bad field: the message names feeds.<id>.rate.ratio, not pydantic's
    union steps (function-before[...], RatioRate)."""
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nfeed: {ore: dong_pao, rate: 10 t/h}\n"
                    "feeds:\n  w: {composition: {H2O: 1.0}, rate: {ratio: -1, per: ore}}\n"
                    "units:\n  m: {type: mixer, inlets: [ore, w], outlets: {out: o}}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "feeds.w.rate.ratio: -1 is invalid" in message
    assert "function-before" not in message and "RatioRate" not in message
