"""Solvent-extraction equilibrium models: one module per model, and the shipped constants.

* :class:`ConstantDistribution` — ``y_i = D_i x_i``;
* :class:`CompetitiveLangmuir` — ``y_i = Q K_i x_i / (1 + Σ K_j x_j)``;
* :class:`MassAction` — ``RE³⁺ + 3 (HA)₂ ⇌ RE(HA₂)₃ + 3 H⁺`` with H⁺ and extractant balances.

:func:`extractant_constants` reads the cited mass-action constants of an extractant system
(``p507_hcl``, ``p204_hcl``) from ``reeflow/data/extractants/``.
"""

from reeflow.unitops.sx.equilibrium.base import EquilibriumModel
from reeflow.unitops.sx.equilibrium.constant import ConstantDistribution
from reeflow.unitops.sx.equilibrium.constants import extractant_constants, extractant_systems
from reeflow.unitops.sx.equilibrium.langmuir import CompetitiveLangmuir
from reeflow.unitops.sx.equilibrium.mass_action import MassAction

__all__ = [
    "CompetitiveLangmuir",
    "ConstantDistribution",
    "EquilibriumModel",
    "MassAction",
    "extractant_constants",
    "extractant_systems",
]
