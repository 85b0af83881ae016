"""Unit operations: the contract in :mod:`~reeflow.unitops.base`, one module per family.

``UNIT_TYPES`` maps the ``type`` names used in scenario files to their classes.
"""

from reeflow.unitops.base import UnitOperation
from reeflow.unitops.mixing import Mixer, Splitter
from reeflow.unitops.reactor import StoichiometricReactor
from reeflow.unitops.separation import ComponentSplitter, SolidLiquidSeparator
from reeflow.unitops.solvent_extraction import SolventExtraction

UNIT_TYPES: dict[str, type[UnitOperation]] = {
    cls.type_name: cls
    for cls in (Mixer, Splitter, ComponentSplitter, StoichiometricReactor, SolidLiquidSeparator, SolventExtraction)
}

__all__ = [
    "UNIT_TYPES",
    "ComponentSplitter",
    "Mixer",
    "SolidLiquidSeparator",
    "SolventExtraction",
    "Splitter",
    "StoichiometricReactor",
    "UnitOperation",
]
