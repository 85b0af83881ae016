"""Formula parsing: known formulas and a round-trip property."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.species import parse_formula, strip_phase_tag

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("LaCO3F", {"La": 1, "C": 1, "O": 3, "F": 1}),
        ("La2(C2O4)3·10H2O", {"La": 2, "C": 6, "O": 22, "H": 20}),
        ("CaSO4*2H2O", {"Ca": 1, "S": 1, "O": 6, "H": 4}),
        ("Ca5(PO4)3F", {"Ca": 5, "P": 3, "O": 12, "F": 1}),
        ("(NH4)2SO4", {"N": 2, "H": 8, "S": 1, "O": 4}),
        ("Al2Si2O5(OH)4", {"Al": 2, "Si": 2, "O": 9, "H": 4}),
        ("LaNi4.7Al0.3", {"La": 1, "Ni": 4.7, "Al": 0.3}),
        ("K[Fe(CN)6]", {"K": 1, "Fe": 1, "C": 6, "N": 6}),
    ],
)
def test_known_formulas(formula: str, expected: dict[str, float]) -> None:
    assert parse_formula(formula) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["", "La(", "La)", "3", "x2", "La$"])
def test_bad_formulas_name_the_formula(bad: str) -> None:
    with pytest.raises(InputError, match="formula"):
        parse_formula(bad)


def test_phase_tag_is_not_part_of_the_formula() -> None:
    assert strip_phase_tag("H2SO4(aq)") == "H2SO4"
    assert strip_phase_tag("Th(OH)4") == "Th(OH)4"


SYMBOLS = ["H", "C", "N", "O", "F", "S", "P", "La", "Ce", "Nd", "Ca", "Th", "U"]


@given(st.dictionaries(st.sampled_from(SYMBOLS), st.integers(1, 30), min_size=1, max_size=6),
       st.integers(1, 4), st.integers(0, 12))
@settings(max_examples=200, deadline=None)
def test_round_trip_with_groups_and_hydrates(counts: dict[str, int], group: int, water: int) -> None:
    body = "".join(f"{el}{n}" for el, n in counts.items())
    text = f"({body}){group}" + (f"·{water}H2O" if water else "")
    expected = {el: n * group for el, n in counts.items()}
    if water:
        expected["H"] = expected.get("H", 0) + 2 * water
        expected["O"] = expected.get("O", 0) + water
    assert parse_formula(text) == pytest.approx(expected)
