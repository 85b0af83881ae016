"""Stream: species molar flows (kmol/s) over a species database, with derived properties.

A stream may hold several phases at once (a slurry, a loaded organic with entrained aqueous); each
species belongs to one phase. Everything stored is SI; units of measure appear only in
:meth:`Stream.get_flow` and :meth:`Stream.concentration`, which convert with reeflow's registry.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reeflow.errors import InputError
from reeflow.species import PHASES, Phase, SpeciesDatabase, atomic_weight
from reeflow.uom import Q_, parse_quantity, unit_text

__all__ = ["Stream"]

#: Density of liquid water at 25 °C, kg/m³, used for aqueous volumes (dilute-solution assumption).
#: Source: IAPWS-95 formulation, Wagner & Pruss, J. Phys. Chem. Ref. Data 31 (2002) 387: 997.05 kg/m³.
WATER_DENSITY_25C = 997.05


class Stream:
    """Species molar flows ``molar_flows`` (kmol/s) at ``temperature`` (K) and ``pressure`` (Pa).

    >>> from reeflow.species import default_database
    >>> s = Stream.from_mass_flows("liquor", default_database(), {"LaCl3(aq)": 0.01, "H2O": 1.0})
    >>> round(s.get_element_flow("kg/h", "La"), 3)
    20.39
    >>> round(s.concentration("g/L", element="La"), 3)
    5.647
    """

    __slots__ = ("database", "id", "molar_flows", "pressure", "temperature")

    def __init__(
        self,
        id: str,
        database: SpeciesDatabase,
        molar_flows: np.ndarray | None = None,
        *,
        temperature: float = 298.15,
        pressure: float = 101325.0,
    ) -> None:
        self.id = id
        self.database = database
        flows = np.zeros(len(database)) if molar_flows is None else np.asarray(molar_flows, dtype=float)
        if flows.shape != (len(database),):
            raise InputError(f"stream {id!r}: {flows.shape} flows for a database of {len(database)} species")
        self.molar_flows = flows
        self.temperature = temperature
        self.pressure = pressure

    @classmethod
    def from_mass_flows(
        cls, id: str, database: SpeciesDatabase, mass_flows: Mapping[str, float], **state: float
    ) -> Stream:
        """A stream from ``{species id: kg/s}``."""
        return cls(id, database, database.vector(mass_flows) / database.molar_masses, **state)

    def copy(self, id: str | None = None) -> Stream:
        """An independent copy, optionally renamed."""
        return Stream(
            self.id if id is None else id, self.database, self.molar_flows.copy(),
            temperature=self.temperature, pressure=self.pressure,
        )

    # --- flows -------------------------------------------------------------------------------
    @property
    def mass_flows(self) -> np.ndarray:
        """Mass flow of each species, kg/s."""
        return self.molar_flows * self.database.molar_masses

    @property
    def mass_flow(self) -> float:
        """Total mass flow, kg/s."""
        return float(self.mass_flows.sum())

    @property
    def element_flows(self) -> np.ndarray:
        """Molar flow of each element of the database (its ``elements`` order), kmol/s."""
        return self.database.element_matrix @ self.molar_flows

    @property
    def element_mass_flows(self) -> np.ndarray:
        """Mass flow of each element of the database, kg/s."""
        return self.element_flows * self.database.element_weights

    def element_mass_flow(self, symbol: str) -> float:
        """Mass flow of element ``symbol``, kg/s."""
        row = self.database.element_row(symbol)
        return float(self.database.element_matrix[row] @ self.molar_flows) * atomic_weight(symbol)

    def species_mass_flow(self, species_id: str) -> float:
        """Mass flow of ``species_id``, kg/s."""
        i = self.database.position(species_id)
        return float(self.molar_flows[i] * self.database.molar_masses[i])

    def phase_mass_flows(self) -> dict[Phase, float]:
        """Mass flow of each phase, kg/s."""
        mass = self.mass_flows
        return {ph: float(mass[self.database.phase_masks[ph]].sum()) for ph in PHASES}

    def phase(self, phase: Phase, id: str | None = None) -> Stream:
        """The part of this stream in ``phase``, as a new stream."""
        flows = np.where(self.database.phase_masks[phase], self.molar_flows, 0.0)
        return Stream(id or f"{self.id}.{phase}", self.database, flows,
                      temperature=self.temperature, pressure=self.pressure)

    @property
    def aqueous_volume_flow(self) -> float:
        """Volumetric flow of the aqueous phase, m³/s: water at 25 °C, solutes' volume neglected."""
        return self.species_mass_flow("H2O") / WATER_DENSITY_25C if "H2O" in self.database else 0.0

    # --- at the edges: units of measure --------------------------------------------------------
    def get_flow(self, unit: str, species: str) -> float:
        """Flow of ``species`` in ``unit``, mass or molar (e.g. ``"t/h"``, ``"mol/s"``)."""
        i = self.database.position(species)
        return _convert(float(self.molar_flows[i]), float(self.database.molar_masses[i]), unit)

    def get_element_flow(self, unit: str, element: str) -> float:
        """Flow of element ``element`` in ``unit``, mass or molar."""
        kg = self.element_mass_flow(element)
        return _convert(kg / atomic_weight(element), atomic_weight(element), unit)

    def concentration(self, unit: str, *, species: str | None = None, element: str | None = None) -> float:
        """Concentration of one ``species`` or ``element``.

        Per volume of aqueous phase (``"g/L"``, ``"mol/L"``) or per mass of the whole stream
        (``"wt%"``, ``"ppm"``, any dimensionless unit).
        """
        if (species is None) == (element is None):
            raise InputError("concentration: give exactly one of species= or element=")
        kmol = (self.element_flows[self.database.element_row(element)] if element is not None
                else self.molar_flows[self.database.position(species)])  # type: ignore[arg-type]
        molar_mass = atomic_weight(element) if element is not None else self.database[species].molar_mass  # type: ignore[index]
        kg = float(kmol) * molar_mass
        unit = unit_text(unit)
        if Q_(1, unit).dimensionless:
            fraction = kg / self.mass_flow if self.mass_flow > 0 else 0.0
            return float(Q_(fraction, "").to(unit).magnitude)
        volume = self.aqueous_volume_flow
        if volume <= 0:
            raise InputError(f"stream {self.id!r} has no aqueous phase: {unit} concentrations are undefined")
        if Q_(1, unit).check("[mass]/[length]**3"):
            return float(Q_(kg / volume, "kg/m**3").to(unit).magnitude)
        parse_quantity(f"1 {unit}", "mol/m**3", "unit")
        return float(Q_(float(kmol) / volume, "kmol/m**3").to(unit).magnitude)

    def __repr__(self) -> str:
        return f"Stream({self.id!r}, {self.mass_flow:.6g} kg/s)"


def _convert(kmol_per_s: float, molar_mass: float, unit: str) -> float:
    """A molar flow (kmol/s) of a substance of ``molar_mass`` (kg/kmol) in a mass or molar ``unit``."""
    if Q_(1, unit).check("[mass]/[time]"):
        return float(Q_(kmol_per_s * molar_mass, "kg/s").to(unit).magnitude)
    parse_quantity(f"1 {unit}", "kmol/s", "unit")
    return float(Q_(kmol_per_s, "kmol/s").to(unit).magnitude)
