"""Decay-series progeny in secular equilibrium with an ore's uranium and thorium.

Model
-----
In an undisturbed ore every member of a decay series has the activity of the series head, so a
member's amount is ``N_i = N_head T_i / T_head`` (half-lives ``T``). reeflow follows the long-lived
members that are isotopes of elements it tracks (``progeny`` in ``data/nuclides.yaml``): radium
(Ra-226 of the U-238 series; Ra-228 and Ra-224 of the Th-232 series), thorium (Th-230 of the U-238
series, Th-228 of the Th-232 series) and U-234. Per mole of uranium and of thorium in the ore

    n(Ra-226) = n(U) θ(U-238) T(Ra-226) / T(U-238),   n(Th-230) = n(U) θ(U-238) T(Th-230) / T(U-238),
    n(Ra-228) = n(Th) θ(Th-232) T(Ra-228) / T(Th-232), ...

with the isotopic abundances θ and half-lives of ``data/nuclides.yaml``. Chemistry does not tell
isotopes apart and the process lasts hours, far below these half-lives (Ra-224's 3.6 d included),
so each progeny keeps the mole fraction of its element that it has in the ore, in every stream:

* thorium and uranium: x = n(progeny) / n(element) of the ore — so Th-230 from the ore's uranium
  goes wherever its thorium goes;
* radium, which has no primordial isotope: x = n(progeny) / Σ n(radium progeny).

A stream's progeny activities follow from its element flows and these mole fractions
(:mod:`reeflow.radioactivity.activity`). The ore's radium is added as a carrier species when the ore
enters a flowsheet (:func:`ore_with_radium`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from reeflow.data import load_yaml
from reeflow.species import SpeciesDatabase
from reeflow.streams import Stream

__all__ = ["Progeny", "ore_with_radium", "progeny", "progeny_fractions", "secular_progeny"]


@dataclass(frozen=True)
class Progeny:
    """A followed series member: its element, its head's element and the head's abundance there,
    and its half-life over the head's."""

    name: str
    element: str
    parent_element: str
    parent_abundance: float
    half_life_ratio: float


@cache
def progeny() -> tuple[Progeny, ...]:
    """The followed series members of ``data/nuclides.yaml``."""
    data = load_yaml("nuclides.yaml")
    heads = data["nuclides"]
    members = []
    for name, row in data["progeny"].items():
        parent = heads[row["parent"]]
        ratio = float(row["half_life"]["value"]) / float(parent["half_life"]["value"])
        members.append(Progeny(name, str(row["element"]), str(parent["element"]),
                               float(parent["abundance"]["value"]), ratio))
    return tuple(members)


@cache
def _primordial_elements() -> frozenset[str]:
    """Elements with a series head, whose ore amount is the progeny's reference (Th, U)."""
    return frozenset(str(row["element"]) for row in load_yaml("nuclides.yaml")["nuclides"].values())


def secular_progeny(element_moles: Mapping[str, float]) -> dict[str, float]:
    """Amount of each followed progeny (same unit as ``element_moles``, e.g. mol) in secular
    equilibrium with the uranium and thorium amounts ``{"U": n_U, "Th": n_Th}``.

    >>> n = secular_progeny({"U": 1.0, "Th": 0.0})
    >>> round(n["Ra226"] / 1e-7, 4)  # 0.992742 x 1600 / 4.468e9
    3.555
    """
    return {member.name: element_moles.get(member.parent_element, 0.0) * member.parent_abundance
            * member.half_life_ratio for member in progeny()}


def progeny_fractions(element_moles: Mapping[str, float]) -> dict[str, float] | None:
    """Mole fraction of each followed progeny in its element, for an ore with ``{"U": n_U, "Th": n_Th}``
    (see the module docstring); None without uranium and thorium. A progeny whose element the ore
    lacks is left out."""
    amounts = secular_progeny(element_moles)
    without_head: dict[str, float] = {}
    for member in progeny():
        if member.element not in _primordial_elements():
            without_head[member.element] = without_head.get(member.element, 0.0) + amounts[member.name]
    fractions = {}
    for member in progeny():
        reference = (element_moles.get(member.element, 0.0) if member.element in _primordial_elements()
                     else without_head[member.element])
        if reference > 0.0 and amounts[member.name] > 0.0:
            fractions[member.name] = amounts[member.name] / reference
    return fractions or None


def ore_with_radium(mineralogy: Mapping[str, float], database: SpeciesDatabase, carrier: str) -> dict[str, float]:
    """``mineralogy`` (species → mass fraction) with the ore's secular-equilibrium radium added as
    ``carrier`` (a species with one radium atom), renormalised to 1."""
    elements = Stream.from_mass_flows("ore", database, mineralogy).element_flows  # kmol per kg of ore
    content: dict[str, float] = {
        el: float(elements[database.element_row(el)]) for el in ("U", "Th") if el in database.elements
    }
    amounts = secular_progeny(content)
    radium = sum(amounts[member.name] for member in progeny() if member.element == "Ra")  # kmol per kg of ore
    if radium <= 0:
        return dict(mineralogy)
    with_carrier = dict(mineralogy)
    with_carrier[carrier] = with_carrier.get(carrier, 0.0) + radium * float(database[carrier].molar_mass)
    total = sum(with_carrier.values())
    return {species: fraction / total for species, fraction in with_carrier.items()}
