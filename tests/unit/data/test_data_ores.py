"""Ore library: each mineralogy reproduces its assay and rare-earth distribution.

The mineralogy (species, wt% of dry ore) is converted to element masses with molar masses from
the species formulas, and back to the oxide basis on which the assay is reported:

* ``TREO``: every rare earth as its reporting oxide (``data/oxide_basis.yaml``: RE2O3, CeO2,
  Pr6O11, Tb4O7), Sc and Y included;
* each rare-earth oxide as a share of that TREO, against the distribution normalised to its sum
  (the published distributions omit trace elements and so sum to 98.8-100 %);
* an assay key naming an oxide of one element (``ThO2``, ``U3O8``, ``Fe2O3``, ``P2O5`` ...): the
  total of that element, as that oxide;
* an assay key naming an element (``F``): that element's mass;
* any other assay key (``CaF2``, ``BaSO4``: mineral assays): that species' mass fraction.

Tolerances: 1 % relative for values of at least 1 wt% (1 % of TREO for distribution shares),
5 % relative for smaller ones (traces). The mineralogy must sum to 100 within 0.01 wt%.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.data import load_yaml
from reeflow.species import atomic_weight, default_database, load_ore, ore_names, parse_formula

pytestmark = pytest.mark.unit

ORES = ore_names()
MAJOR_REL, TRACE_REL = 0.01, 0.05
SUM_TOL_PCT = 0.01


def _molar_mass(formula: str) -> float:
    return sum(n * atomic_weight(el) for el, n in parse_formula(formula).items())


def _value(entry: object) -> float:
    value = entry["value"] if isinstance(entry, dict) else entry
    assert isinstance(value, (int, float)), f"not a number: {entry!r}"
    return float(value)


def _reporting_oxides() -> dict[str, str]:
    return dict(load_yaml("oxide_basis.yaml")["rare_earth_oxides"]["oxides"])


def _element_masses(mineralogy: dict[str, float]) -> dict[str, float]:
    """Element masses of a mineralogy given as species id -> mass."""
    db = default_database()
    out: dict[str, float] = defaultdict(float)
    for species_id, mass in mineralogy.items():
        sp = db[species_id]
        for el, n in sp.composition.items():
            out[el] += mass * n * atomic_weight(el) / sp.molar_mass
    return dict(out)


def _element_wt_pct(name: str) -> dict[str, float]:
    """Element mass per 100 mass units of dry ore, from the raw (unnormalised) mineralogy."""
    entries = load_yaml(f"ores/{name}.yaml")["mineralogy"]
    return _element_masses({str(k): _value(v) for k, v in entries.items()})


def _as_oxide(element_mass: float, oxide: str) -> float:
    composition = parse_formula(oxide)
    (el,) = [e for e in composition if e != "O"]
    return element_mass * _molar_mass(oxide) / (composition[el] * atomic_weight(el))


def _re_oxides(name: str) -> dict[str, float]:
    """Rare-earth oxide contents (wt% of ore, reporting oxides) implied by the mineralogy."""
    return _re_oxides_of(_element_wt_pct(name))


def _re_oxides_of(masses: dict[str, float]) -> dict[str, float]:
    """Reporting-oxide mass of each rare earth present in ``masses`` (element -> mass)."""
    return {ox: _as_oxide(masses[el], ox) for el, ox in _reporting_oxides().items() if masses.get(el, 0.0) > 0}


def _computed_assay(name: str, key: str) -> float:
    masses = _element_wt_pct(name)
    if key == "TREO":
        return sum(_re_oxides(name).values())
    composition = parse_formula(key)
    if list(composition) == [key]:  # an element, e.g. "F"
        return masses.get(key, 0.0)
    non_oxygen = [e for e in composition if e != "O"]
    if "O" in composition and len(non_oxygen) == 1:  # an oxide, e.g. "ThO2": total element as oxide
        return _as_oxide(masses.get(non_oxygen[0], 0.0), key)
    return _value(load_yaml(f"ores/{name}.yaml")["mineralogy"][key])


def _tolerance(expected: float) -> float:
    return MAJOR_REL if expected >= 1.0 else TRACE_REL


def test_library_holds_the_four_ores() -> None:
    assert {"dong_pao", "bayan_obo", "ion_adsorption_clay", "monazite_concentrate"} <= set(ORES)


@pytest.mark.parametrize("name", ORES)
def test_mineralogy_sums_to_100(name: str) -> None:
    total = sum(_value(e) for e in load_yaml(f"ores/{name}.yaml")["mineralogy"].values())
    assert total == pytest.approx(100.0, abs=SUM_TOL_PCT)


@pytest.mark.parametrize("name", ORES)
def test_mineralogy_species_are_known_solids(name: str) -> None:
    db = default_database()
    ore = load_ore(name)
    for species_id in ore.mineralogy:
        assert db[species_id].phase == "solid", species_id
    assert sum(ore.mineralogy.values()) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("name", ORES)
def test_assay_is_reproduced(name: str) -> None:
    assay = load_yaml(f"ores/{name}.yaml")["assay"]
    assert {"TREO", "ThO2", "U3O8"} <= set(assay), f"{name}: TREO, ThO2 and U3O8 must be assayed"
    for key, entry in assay.items():
        expected = _value(entry)
        computed = _computed_assay(name, str(key))
        assert computed == pytest.approx(expected, rel=_tolerance(expected)), f"{name}: {key}"


@pytest.mark.parametrize("name", ORES)
def test_rare_earth_distribution_is_reproduced(name: str) -> None:
    distribution = {str(k): _value(v) for k, v in load_yaml(f"ores/{name}.yaml")["re_distribution"].items()}
    assert set(distribution) <= set(_reporting_oxides().values()), "distribution keys must be reporting oxides"
    assert 95.0 <= sum(distribution.values()) <= 100.5
    oxides = _re_oxides(name)
    assert set(oxides) == set(distribution), f"{name}: rare earths in mineralogy vs distribution"
    treo = sum(oxides.values())
    total = sum(distribution.values())
    for oxide, share in distribution.items():
        expected = 100 * share / total
        computed = 100 * oxides[oxide] / treo
        assert computed == pytest.approx(expected, rel=_tolerance(expected)), f"{name}: {oxide}"


def test_conversion_helpers_on_a_pure_mineral() -> None:
    # 100 % CePO4 is 73.2 % CeO2 (hand calculation with CIAAW 2021 weights) and 30.2 % P2O5
    m_cepo4 = 140.12 + 30.974 + 4 * 15.999
    ce = 100 * 140.12 / m_cepo4
    assert _as_oxide(ce, "CeO2") == pytest.approx(100 * (140.12 + 2 * 15.999) / m_cepo4, rel=1e-12)
    assert _as_oxide(100 * 30.974 / m_cepo4, "P2O5") == pytest.approx(
        100 * (2 * 30.974 + 5 * 15.999) / (2 * m_cepo4), rel=1e-12
    )


_LREE = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd"]


@settings(max_examples=40, deadline=None)
@given(
    treo=st.floats(0.01, 70.0),
    shares=st.dictionaries(st.sampled_from(_LREE), st.floats(0.01, 60.0), min_size=1),
    bastnaesite=st.floats(0.0, 1.0),
)
def test_documented_derivation_inverts_exactly(treo: float, shares: dict[str, float], bastnaesite: float) -> None:
    """The mineralogy formula of docs/data.md, fed through the test's conversion, returns TREO and shares."""
    oxides = _reporting_oxides()
    total = sum(shares.values())
    mineralogy: dict[str, float] = {}
    for el, share in shares.items():
        ox = oxides[el]
        n_ox = parse_formula(ox)[el]
        for template, fraction in (("{RE}CO3F", bastnaesite), ("{RE}PO4", 1 - bastnaesite)):
            sp = template.replace("{RE}", el)
            mineralogy[sp] = treo * share / total * fraction * n_ox * _molar_mass(sp) / _molar_mass(ox)
    computed = _re_oxides_of(_element_masses(mineralogy))
    assert sum(computed.values()) == pytest.approx(treo, rel=1e-10)
    for el, share in shares.items():
        assert computed[oxides[el]] / treo == pytest.approx(share / total, rel=1e-9)
