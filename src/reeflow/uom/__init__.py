"""The one unit registry of reeflow and helpers to cross the SI boundary.

Inside reeflow every number is SI (kmol, kg, s, K, Pa, m³, mol/m³ for molar concentration).
Quantities from users are parsed here, checked for dimension and converted; results are
converted back here for printing.
"""

from reeflow.uom.registry import Q_, conversion_factor, parse_quantity, quick_si, registry, to_si, to_unit, unit_text

__all__ = ["Q_", "conversion_factor", "parse_quantity", "quick_si", "registry", "to_si", "to_unit", "unit_text"]
