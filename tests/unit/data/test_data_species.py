"""species.yaml: formulas parse to known elements, families expand, the issue's species are present."""

from __future__ import annotations

import pytest

from reeflow.data import load_yaml
from reeflow.species import PHASES, SpeciesDatabase, default_database, elements, parse_formula, strip_phase_tag

pytestmark = pytest.mark.unit

KINDS = {"mineral", "gangue", "reagent", "intermediate", "product", "extractant", "diluent", "water", "gas"}
RARE_EARTHS = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y"]

# Species the foundation issue and its brief name explicitly.
REQUIRED = [
    # gangue
    "CaF2", "BaSO4", "CaCO3", "SiO2", "Fe2O3", "FeO(OH)", "Ca5(PO4)3F", "Al2Si2O5(OH)4", "CaMg(CO3)2",
    "KAl2(AlSi3O10)(OH)2", "KAlSi3O8", "Fe3O4", "FeS2", "PbS", "ThSiO4", "UO2",
    # water and reagents
    "H2O", "H2O(g)", "H2SO4(aq)", "HCl(aq)", "NaOH(aq)", "Na2CO3", "NH3(aq)", "NH4HCO3", "H2C2O4·2H2O",
    "CaO", "Ca(OH)2", "MgO", "H2O2(aq)", "MgSO4", "(NH4)2SO4", "BaCl2", "P507", "P204", "kerosene",
    # dissolved impurities
    "Fe2(SO4)3(aq)", "FeCl3(aq)", "Al2(SO4)3(aq)", "AlCl3(aq)", "CaSO4(aq)", "CaCl2(aq)", "MgSO4(aq)",
    "Th(SO4)2(aq)", "ThCl4(aq)", "UO2SO4(aq)", "UO2Cl2(aq)", "HF(aq)", "H3PO4(aq)", "NaCl(aq)",
    "Na2SO4(aq)", "(NH4)2SO4(aq)", "NH4Cl(aq)", "RaCl2(aq)",
    # gases
    "CO2(g)", "HF(g)", "SO2(g)", "SO3(g)", "O2(g)", "N2(g)", "NH3(g)", "H2(g)", "Rn(g)",
    # products and intermediates
    "CeO2", "Pr6O11", "Tb4O7", "Ce2O3", "Pr2O3", "Tb2O3", "Th(OH)4", "ThO2", "U3O8", "CaSO4·2H2O", "CaSO4",
    "Fe(OH)3", "Al(OH)3", "RaSO4", "PbSO4",
    # metals
    "La", "Ce", "Pr", "Nd", "Y", "Ni", "Co", "Mn", "Al", "Cu", "Fe", "Sn",
]
# Per-rare-earth families: template and the rare earths that must be present.
FAMILIES = {
    "{RE}CO3F": RARE_EARTHS,
    "{RE}PO4": RARE_EARTHS,
    "Ca{RE}2(CO3)3F2": ["La", "Ce", "Pr", "Nd"],
    "Ca{RE}(CO3)2F": ["La", "Ce", "Nd", "Y"],
    "{RE}2(SO4)3(aq)": RARE_EARTHS + ["Sc"],
    "{RE}Cl3(aq)": RARE_EARTHS + ["Sc"],
    "{RE}(NO3)3(aq)": RARE_EARTHS + ["Sc"],
    "{RE}2(C2O4)3·10H2O": RARE_EARTHS,
    "{RE}2(CO3)3": RARE_EARTHS,
    "{RE}F3": RARE_EARTHS,
    "Na{RE}(SO4)2·H2O": RARE_EARTHS,
    "{RE}(OH)3": RARE_EARTHS,
    "{RE}2O3": RARE_EARTHS + ["Sc"],
}


@pytest.fixture(scope="module")
def db() -> SpeciesDatabase:
    return default_database()


@pytest.mark.parametrize("species_id", REQUIRED)
def test_required_species_present(db: SpeciesDatabase, species_id: str) -> None:
    assert species_id in db


@pytest.mark.parametrize("template", sorted(FAMILIES))
def test_families_expand_per_rare_earth(db: SpeciesDatabase, template: str) -> None:
    missing = [re for re in FAMILIES[template] if template.replace("{RE}", re) not in db]
    assert not missing, f"{template}: missing for {missing}"


def test_every_formula_parses_to_known_elements(db: SpeciesDatabase) -> None:
    known = set(elements())
    for sp in db:
        assert sp.composition, sp.id
        assert set(sp.composition) <= known, sp.id
        assert all(n > 0 for n in sp.composition.values()), sp.id
        assert sp.molar_mass > 0, sp.id


def test_ids_are_formulas_with_optional_phase_tag(db: SpeciesDatabase) -> None:
    explicit = {sid for sid, row in load_yaml("species.yaml")["species"].items() if "formula" in row}
    for sp in db:
        if sp.id in explicit:
            continue
        assert parse_formula(strip_phase_tag(sp.id)) == sp.composition, sp.id


def test_phase_tags_agree_with_phases(db: SpeciesDatabase) -> None:
    tag_phase = {"(aq)": "aqueous", "(g)": "gas", "(org)": "organic"}
    for sp in db:
        for tag, phase in tag_phase.items():
            if sp.id.endswith(tag):
                assert sp.phase == phase, sp.id


def test_phases_and_kinds_are_from_the_vocabulary(db: SpeciesDatabase) -> None:
    for sp in db:
        assert sp.phase in PHASES, sp.id
        assert sp.kind in KINDS, f"{sp.id}: kind {sp.kind!r}"


def test_no_lumped_pseudo_components(db: SpeciesDatabase) -> None:
    for sp in db:
        assert sp.id.lower() not in {"reo", "treo", "gangue", "ree"}, sp.id


def test_extractants_and_diluent_formulas(db: SpeciesDatabase) -> None:
    # P507 = HEH/EHP C16H35O3P; P204 = D2EHPA C16H35O4P; kerosene as n-dodecane (assumed)
    assert db["P507"].composition == {"C": 16, "H": 35, "O": 3, "P": 1}
    assert db["P204"].composition == {"C": 16, "H": 35, "O": 4, "P": 1}
    assert db["kerosene"].composition == {"C": 12, "H": 26}
    assert all(db[s].phase == "organic" for s in ("P507", "P204", "kerosene"))
    assert "assumed" in load_yaml("species.yaml")["species"]["kerosene"]


def test_molar_masses_against_hand_calculation(db: SpeciesDatabase) -> None:
    # sums of CIAAW 2021 abridged weights, done by hand
    assert db["LaCO3F"].molar_mass == pytest.approx(138.91 + 12.011 + 3 * 15.999 + 18.998, rel=1e-12)
    assert db["CePO4"].molar_mass == pytest.approx(140.12 + 30.974 + 4 * 15.999, rel=1e-12)
    assert db["La2(C2O4)3·10H2O"].molar_mass == pytest.approx(
        2 * 138.91 + 6 * 12.011 + 22 * 15.999 + 20 * 1.008, rel=1e-12
    )


def test_densities_are_plausible_solids(db: SpeciesDatabase) -> None:
    densities = {sp.id: (sp.phase, sp.density) for sp in db if sp.density is not None}
    assert len(densities) >= 20
    for species_id, (phase, density) in densities.items():
        assert phase == "solid", species_id
        assert 1000 < density < 12000, species_id  # kg/m³


def test_rare_earth_list_has_no_promethium() -> None:
    res = load_yaml("species.yaml")["rare_earths"]
    assert "Pm" not in res and len(res) == len(set(res)) == 16
