"""Alloy formulas: parsing, structure type at any scaling, molar mass, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.hydrogen.composition import A_SITE, B_SITE, classify, molar_mass, parse_alloy, parse_formula_atoms

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("formula", "structure", "ratio"),
    [
        ("LaNi5", "AB5", 5.0),
        ("LaNi4.7Al0.3", "AB5", 5.0),
        ("La0.8Ce0.2Ni5", "AB5", 5.0),
        ("LaY2Ni10.5", "A2B7", 3.5),
        ("LaY2Ni10Mn0.5", "A2B7", 3.5),
        ("La2Ni7", "A2B7", 3.5),
        ("LaNi3", "AB3", 3.0),
        ("La0.7Mg0.3Ni2.8Co0.2", "AB3", 3.0),
        ("La0.28Ce0.5Nd0.16Pr0.06Ni3.55Co0.75Mn0.4Al0.3", "AB5", 5.0),
    ],
)
def test_structure_follows_the_b_to_a_ratio(formula: str, structure: str, ratio: float) -> None:
    alloy = parse_alloy(formula)
    assert alloy.structure == structure
    assert alloy.ratio == pytest.approx(ratio)


def test_amounts_and_sites_of_a_substituted_ab5() -> None:
    alloy = parse_alloy("LaNi4.7Al0.3")
    assert alloy.atoms == {"La": 1.0, "Ni": 4.7, "Al": 0.3}
    assert alloy.a_site == {"La": 1.0}
    assert alloy.b_site == {"Ni": 4.7, "Al": 0.3}
    assert alloy.metal_atoms == pytest.approx(6.0)


def test_leading_dot_decimals_as_in_hydpark() -> None:
    assert parse_formula_atoms("Ce.7La.3Ni5") == {"Ce": 0.7, "La": 0.3, "Ni": 5.0}


def test_molar_mass_of_lani5_from_standard_atomic_weights() -> None:
    # La 138.905 + 5 x Ni 58.693 (IUPAC) = 432.37 g/mol
    assert molar_mass({"La": 1, "Ni": 5}) == pytest.approx(432.37, abs=0.02)


@pytest.mark.parametrize(
    ("formula", "fragment"),
    [
        ("LaXx5", "element 'Xx'"),
        ("LaNi4Ti", "element 'Ti'"),
        ("LmNi5", "write mischmetal out"),
        ("LaNi4", "B/A = 4"),
        ("LaNi8", "B/A = 8"),
        ("Ni5", "no A-site"),
        ("La", "no B-site"),
        ("", "empty formula"),
        ("La-Ni5", "cannot read"),
        ("lani5", "cannot read"),
        ("LaNi0Al5", "amounts must be > 0"),
    ],
)
def test_bad_formulas_are_refused_with_a_clear_message(formula: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_alloy(formula)
    assert fragment in str(info.value)


def test_classify_outside_every_window_is_none() -> None:
    assert classify(4.0) is None
    assert classify(2.0) is None


amounts = st.floats(min_value=0.05, max_value=3.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    a=st.dictionaries(st.sampled_from(A_SITE), amounts, min_size=1, max_size=3),
    b=st.dictionaries(st.sampled_from(B_SITE), amounts, min_size=1, max_size=4),
    target=st.sampled_from([3.0, 3.5, 5.0]),
    scale=st.floats(min_value=0.2, max_value=5.0),
)
def test_structure_and_per_atom_composition_do_not_depend_on_scaling(
    a: dict[str, float], b: dict[str, float], target: float, scale: float
) -> None:
    b_scale = target * sum(a.values()) / sum(b.values())
    atoms = {**{s: n * scale for s, n in a.items()}, **{s: n * b_scale * scale for s, n in b.items()}}
    text = "".join(f"{s}{n!r}" for s, n in atoms.items())
    reference = parse_alloy("".join(f"{s}{n!r}" for s, n in {**a, **{k: v * b_scale for k, v in b.items()}}.items()))
    alloy = parse_alloy(text)
    assert alloy.structure == reference.structure
    for symbol, n in reference.per_a_atom().items():
        assert alloy.per_a_atom()[symbol] == pytest.approx(n, rel=1e-9)
