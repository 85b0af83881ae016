"""Physical constants of reeflow.hydrogen, taken from the one unit registry (CODATA values in pint)."""

from __future__ import annotations

from reeflow.uom import Q_, conversion_factor

__all__ = ["FARADAY", "GAS_CONSTANT", "P0"]

#: Molar gas constant, J/(mol K).
GAS_CONSTANT: float = float(Q_(1.0, "molar_gas_constant").to("J/(mol*K)").magnitude)
#: Faraday constant, C/mol.
FARADAY: float = float(Q_(1.0, "faraday_constant").to("C/mol").magnitude)
#: Reference pressure of the van 't Hoff constants, Pa (1 atm, as HydPARK and the Purdue toolbox use).
P0: float = conversion_factor("atm", "Pa")
