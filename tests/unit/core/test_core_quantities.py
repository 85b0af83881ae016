"""Quantities at the edges: parsing, dimension checks and SI conversion."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import UnitsError
from reeflow.uom import Q_, conversion_factor, parse_quantity, quick_si, to_si

pytestmark = pytest.mark.unit

MASS_FLOW_UNITS = {"kg/s": 1.0, "kg/h": 1 / 3600, "t/h": 1000 / 3600, "t/d": 1000 / 86400, "g/min": 1e-3 / 60}


@given(st.floats(1e-9, 1e9), st.sampled_from(sorted(MASS_FLOW_UNITS)))
@settings(max_examples=100, deadline=None)
def test_mass_flows_convert_to_kg_per_s(value: float, unit: str) -> None:
    assert to_si(f"{value!r} {unit}", "kg/s") == pytest.approx(value * MASS_FLOW_UNITS[unit], rel=1e-12)


@given(st.floats(-200.0, 2000.0))
@settings(max_examples=50, deadline=None)
def test_celsius_is_offset_to_kelvin(celsius: float) -> None:
    assert to_si(f"{celsius!r} degC", "K") == pytest.approx(celsius + 273.15, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "expected", "field"),
    [("50 m", "kg/s", "feed.rate"), ("fast", "kg/s", "feed.rate"), ("3 L/min", "mol/m**3", "feed.concentration.La")],
)
def test_wrong_dimension_or_nonsense_names_the_field(text: str, expected: str, field: str) -> None:
    with pytest.raises(UnitsError, match=field):
        parse_quantity(text, expected, field)


def test_concentration_and_percent_units() -> None:
    assert to_si("0.5 mol/L", "mol/m**3") == pytest.approx(500.0)
    assert to_si("25 wt%", "") == pytest.approx(0.25)
    assert to_si("300 ppm", "") == pytest.approx(3e-4)
    assert conversion_factor("kg/s", "t/h") == pytest.approx(3.6)


QUICK_CASES = [("m**3/h", "m**3/s"), ("L/min", "m**3/s"), ("t/h", "kg/s"), ("mol/L", "mol/m**3"), ("g/L", "kg/m**3"),
               ("kPa", "Pa"), ("bar", "Pa"), ("wt%", "dimensionless")]


@given(st.floats(-1e9, 1e9, allow_subnormal=False), st.sampled_from(QUICK_CASES))
@settings(max_examples=100, deadline=None)
def test_cached_unit_factors_give_pints_own_conversion(value: float, units: tuple[str, str]) -> None:
    unit, expected = units
    quick = quick_si(f"{value!r} {unit}", expected)
    assert quick is not None
    assert quick == pytest.approx(float(Q_(value, unit.replace("wt%", "wt_pct")).to(expected).magnitude),
                                  rel=1e-15, abs=1e-300)


@pytest.mark.parametrize(("text", "expected"), [("25 degC", "K"), ("77 degF", "K"), ("2 * 3 L/min", "m**3/s"),
                                                ("3 kg", "m**3/s"), ("1/2 L", "m**3"), ("L/min", "m**3/s")])
def test_offsets_expressions_and_wrong_dimensions_take_the_full_parse(text: str, expected: str) -> None:
    assert quick_si(text, expected) is None


@pytest.mark.parametrize(("text", "expected", "si"), [("0.5 m3/h", "m**3/s", 0.5 / 3600), ("2 mol L-1", "mol/m**3", 2000.0),
                                                      ("1e3 kg/h", "kg/s", 1e3 / 3600), ("3 m^3/h", "m**3/s", 3 / 3600)])
def test_engineers_unit_powers_are_read_everywhere(text: str, expected: str, si: float) -> None:
    assert to_si(text, expected) == pytest.approx(si, rel=1e-12)
    assert float(parse_quantity(text, expected).to(expected).magnitude) == pytest.approx(si, rel=1e-12)
