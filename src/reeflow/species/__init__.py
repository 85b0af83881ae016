"""Elements, species and the species database; ores as mixtures of species."""

from reeflow.species.database import PHASES, Phase, Species, SpeciesDatabase, default_database
from reeflow.species.elements import RARE_EARTHS, Element, atomic_weight, element, elements
from reeflow.species.formula import parse_formula, strip_phase_tag
from reeflow.species.ores import Ore, load_ore, ore_names

__all__ = [
    "PHASES",
    "RARE_EARTHS",
    "Element",
    "Ore",
    "Phase",
    "Species",
    "SpeciesDatabase",
    "atomic_weight",
    "default_database",
    "element",
    "elements",
    "load_ore",
    "ore_names",
    "parse_formula",
    "strip_phase_tag",
]
