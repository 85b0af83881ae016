"""Species with elemental formulas and phases, and the database that indexes them.

Species come from ``data/species.yaml``: explicit entries and per-rare-earth families whose
``{RE}`` placeholder expands over the rare earths. A species id is its formula with an optional
trailing phase tag (``H2SO4(aq)``); the formula gives the composition and the molar mass
(kg/kmol) from standard atomic weights. Arrays over the database follow its species order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal, get_args

import numpy as np

from reeflow.data import load_yaml
from reeflow.errors import DataError, InputError
from reeflow.species.elements import atomic_weight, element, elements
from reeflow.species.formula import parse_formula, strip_phase_tag

__all__ = ["PHASES", "Phase", "Species", "SpeciesDatabase", "default_database"]

Phase = Literal["solid", "aqueous", "organic", "gas"]
PHASES: tuple[Phase, ...] = get_args(Phase)


@dataclass(frozen=True)
class Species:
    """A species: ``composition`` in atoms per formula unit, ``molar_mass`` in kg/kmol."""

    id: str
    name: str
    formula: str
    phase: Phase
    kind: str
    composition: Mapping[str, float]
    molar_mass: float
    density: float | None = None  # kg/m³, where the data gives one

    @classmethod
    def from_formula(
        cls, id: str, phase: Phase, *, name: str = "", kind: str = "", formula: str | None = None,
        density: float | None = None,
    ) -> Species:
        """Build a species, checking its formula and elements."""
        if phase not in PHASES:
            raise DataError(f"species {id!r}: phase {phase!r} is not one of {', '.join(PHASES)}")
        formula = formula or strip_phase_tag(id)
        try:
            composition = parse_formula(formula)
        except InputError as exc:
            raise DataError(f"species {id!r}: {exc}") from None
        for symbol in composition:
            element(symbol)
        molar_mass = sum(n * atomic_weight(el) for el, n in composition.items())
        return cls(id, name or id, formula, phase, kind, composition, molar_mass, density)


@dataclass(frozen=True)
class SpeciesDatabase:
    """An ordered, indexed collection of species; owns the element matrix used by streams."""

    species: tuple[Species, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        for i, sp in enumerate(self.species):
            if sp.id in index:
                raise DataError(f"species {sp.id!r} is defined twice")
            index[sp.id] = i
        object.__setattr__(self, "index", index)

    def __len__(self) -> int:
        return len(self.species)

    def __iter__(self) -> Iterator[Species]:
        return iter(self.species)

    def __contains__(self, species_id: object) -> bool:
        return species_id in self.index

    def __getitem__(self, species_id: str) -> Species:
        return self.species[self.position(species_id)]

    def position(self, species_id: str) -> int:
        """Index of ``species_id`` in arrays over this database."""
        try:
            return self.index[species_id]
        except KeyError:
            close = difflib.get_close_matches(species_id, self.index, n=3, cutoff=0.7)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise DataError(
                f"unknown species {species_id!r}{hint} (species are listed in reeflow/data/species.yaml)"
            ) from None

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Species ids in database order."""
        return tuple(sp.id for sp in self.species)

    @cached_property
    def elements(self) -> tuple[str, ...]:
        """Symbols of the elements occurring in any species, in order of atomic number."""
        present = {el for sp in self.species for el in sp.composition}
        return tuple(sym for sym in elements() if sym in present)

    @cached_property
    def element_matrix(self) -> np.ndarray:
        """Atoms of each element (rows, :attr:`elements` order) per formula unit of each species."""
        row = {el: i for i, el in enumerate(self.elements)}
        matrix = np.zeros((len(self.elements), len(self.species)))
        for j, sp in enumerate(self.species):
            for el, n in sp.composition.items():
                matrix[row[el], j] = n
        matrix.setflags(write=False)
        return matrix

    @cached_property
    def element_weights(self) -> np.ndarray:
        """Atomic weights of :attr:`elements`, kg/kmol."""
        return np.array([atomic_weight(el) for el in self.elements])

    @cached_property
    def molar_masses(self) -> np.ndarray:
        """Molar mass of each species, kg/kmol."""
        masses = np.array([sp.molar_mass for sp in self.species])
        masses.setflags(write=False)
        return masses

    @cached_property
    def phase_masks(self) -> dict[Phase, np.ndarray]:
        """Boolean mask of the species of each phase."""
        phases = np.array([sp.phase for sp in self.species])
        return {ph: phases == ph for ph in PHASES}

    def extended(self, extra: Iterable[Species]) -> SpeciesDatabase:
        """A new database with ``extra`` species appended (ids must be new)."""
        return SpeciesDatabase((*self.species, *extra))

    def element_row(self, symbol: str) -> int:
        """Row of ``symbol`` in :attr:`element_matrix`."""
        try:
            return self.elements.index(symbol)
        except ValueError:
            element(symbol)  # unknown symbol: raises with suggestions
            raise DataError(f"no species of this database contains {symbol}") from None

    def vector(self, values: Mapping[str, float]) -> np.ndarray:
        """An array over the database from a ``{species id: value}`` mapping (others zero)."""
        out = np.zeros(len(self.species))
        for species_id, value in values.items():
            out[self.position(species_id)] += value
        return out


@cache
def default_database() -> SpeciesDatabase:
    """Every species shipped in ``data/species.yaml``, families expanded."""
    return SpeciesDatabase(tuple(_read_species(load_yaml("species.yaml"))))


def _read_species(doc: Mapping[str, Any]) -> Iterator[Species]:
    rare_earths = list(doc.get("rare_earths", []))
    for family_name, family in (doc.get("families") or {}).items():
        for re in family.get("elements", rare_earths):
            fill = {"RE": re}
            yield Species.from_formula(
                family["id"].format(**fill),
                family["phase"],
                name=str(family.get("name", family_name)).format(**fill),
                kind=str(family.get("kind", "")),
                formula=family["formula"].format(**fill) if "formula" in family else None,
                density=_density(family.get("density"), re),
            )
    for species_id, row in (doc.get("species") or {}).items():
        yield Species.from_formula(
            str(species_id),
            row["phase"],
            name=str(row.get("name", species_id)),
            kind=str(row.get("kind", "")),
            formula=row.get("formula"),
            density=_density(row.get("density"), None),
        )


def _density(entry: Any, re: str | None) -> float | None:
    """Density in kg/m³ from ``{value: x, ...}``, a per-RE mapping, or ``None``."""
    if entry is None:
        return None
    if isinstance(entry, Mapping) and "value" in entry:
        return float(entry["value"])
    if isinstance(entry, Mapping) and re is not None and re in entry:
        return _density(entry[re], None)
    return None
