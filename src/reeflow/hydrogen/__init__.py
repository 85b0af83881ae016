"""Rare-earth hydrogen-storage alloys: data, PCT isotherms, composition model, performance, design.

Modules: :mod:`.composition` (formulas, structure type, molar mass), :mod:`.database` (shipped
data), :mod:`.pct` (van 't Hoff + Lacher isotherms), :mod:`.model` (composition -> properties),
:mod:`.alloy` (data or model, per value), :mod:`.cell_volume` (AB5 plateau from the cell
volume), :mod:`.performance` (capacities, cycle life, heat,
bed sizing), :mod:`.design` (inverse design), :mod:`.figures` (plotly), :mod:`.fit` and
:mod:`.importer` (offline scripts). See docs/hydrogen.md.
"""

from reeflow.hydrogen.alloy import HydrideAlloy, resolve_alloy
from reeflow.hydrogen.cell_volume import plateau_from_cell_volume
from reeflow.hydrogen.composition import (
    A_SITE,
    B_SITE,
    AlloyComposition,
    atomic_weight,
    classify,
    molar_mass,
    parse_alloy,
    parse_formula_atoms,
)
from reeflow.hydrogen.database import HydrideRecord, find_record, records
from reeflow.hydrogen.model import Prediction, predict
from reeflow.hydrogen.pct import (
    PCTModel,
    Plateau,
    h_per_m_at,
    isotherm,
    plateau_pressure,
    pressure_at,
    van_t_hoff_pressure,
)
from reeflow.hydrogen.performance import (
    BedDesign,
    capacity_retention,
    electrochemical_capacity,
    fit_fade_rate,
    h_per_formula_unit,
    heat_duty,
    reversible_capacity,
    size_bed,
    wt_pct,
)

__all__ = [
    "A_SITE",
    "AlloyComposition",
    "B_SITE",
    "BedDesign",
    "HydrideAlloy",
    "HydrideRecord",
    "PCTModel",
    "Plateau",
    "Prediction",
    "atomic_weight",
    "capacity_retention",
    "classify",
    "electrochemical_capacity",
    "find_record",
    "fit_fade_rate",
    "h_per_formula_unit",
    "h_per_m_at",
    "heat_duty",
    "isotherm",
    "molar_mass",
    "parse_alloy",
    "parse_formula_atoms",
    "plateau_from_cell_volume",
    "plateau_pressure",
    "predict",
    "pressure_at",
    "records",
    "resolve_alloy",
    "reversible_capacity",
    "size_bed",
    "van_t_hoff_pressure",
    "wt_pct",
]
