"""Counter-current solvent-extraction cascades: cascade files, equilibrium models, the solver.

Load a cascade file with :func:`load_cascade`, solve it with :func:`simulate` and read the
:class:`CascadeResult` (profiles, outlets, splits, purities). See ``docs/sx.md`` for the models,
the solver and its performance.
"""

from reeflow.unitops.sx.equilibrium import (
    CompetitiveLangmuir,
    ConstantDistribution,
    EquilibriumModel,
    MassAction,
    extractant_constants,
    extractant_systems,
)
from reeflow.unitops.sx.result import CascadeResult
from reeflow.unitops.sx.solver import simulate
from reeflow.unitops.sx.spec import Cascade, load_cascade
from reeflow.unitops.sx.design import CascadeDesign, design
from reeflow.unitops.sx.targets import Target, parse_target
from reeflow.unitops.sx.theory import XuDesign, xu_design

__all__ = [
    "Cascade",
    "CascadeDesign",
    "CascadeResult",
    "CompetitiveLangmuir",
    "ConstantDistribution",
    "EquilibriumModel",
    "MassAction",
    "Target",
    "XuDesign",
    "design",
    "extractant_constants",
    "extractant_systems",
    "load_cascade",
    "parse_target",
    "simulate",
    "xu_design",
]
