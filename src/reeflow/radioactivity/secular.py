"""Radium in secular equilibrium with an ore's uranium and thorium.

Model
-----
In an undisturbed ore every member of a decay series has the activity of the series head, so a
member's amount is ``N_i = N_head T_i / T_head`` (half-lives ``T``). reeflow follows radium as an
element of its own: its two long-lived isotopes, Ra-226 (U-238 series) and Ra-228 (Th-232 series),
part from their parents in processing (radium follows barium and calcium sulfates, thorium and
uranium do not). Per mole of uranium and of thorium in the ore

    n(Ra-226) = n(U) θ(U-238) T(Ra-226) / T(U-238),
    n(Ra-228) = n(Th) θ(Th-232) T(Ra-228) / T(Th-232),

with the isotopic abundances θ and half-lives of ``data/nuclides.yaml``. Chemistry does not tell
the isotopes apart and the process lasts hours, far below either half-life, so the isotopic
composition of radium stays that of the ore in every stream: a stream's Ra-226 and Ra-228
activities follow from its radium flow and these mole fractions
(:mod:`reeflow.radioactivity.activity`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from reeflow.data import load_yaml
from reeflow.species import SpeciesDatabase
from reeflow.streams import Stream

__all__ = ["ore_with_radium", "radium_isotope_fractions", "secular_radium"]


@cache
def _progeny() -> dict[str, tuple[str, float, float]]:
    """``{radium nuclide: (parent element, parent abundance, T_progeny / T_parent)}``."""
    data = load_yaml("nuclides.yaml")
    heads = data["nuclides"]
    out = {}
    for name, row in data["progeny"].items():
        parent = heads[row["parent"]]
        ratio = float(row["half_life"]["value"]) / float(parent["half_life"]["value"])
        out[name] = (str(parent["element"]), float(parent["abundance"]["value"]), ratio)
    return out


def secular_radium(element_moles: Mapping[str, float]) -> dict[str, float]:
    """Amount of each radium isotope (same unit as ``element_moles``, e.g. mol) in secular
    equilibrium with the uranium and thorium amounts ``{"U": n_U, "Th": n_Th}``.

    >>> n = secular_radium({"U": 1.0, "Th": 0.0})
    >>> round(n["Ra226"] / 1e-7, 4)  # 0.992742 x 1600 / 4.468e9
    3.555
    """
    return {
        name: element_moles.get(parent, 0.0) * abundance * ratio
        for name, (parent, abundance, ratio) in _progeny().items()
    }


def radium_isotope_fractions(element_moles: Mapping[str, float]) -> dict[str, float] | None:
    """Mole fractions of the radium isotopes of an ore with ``{"U": n_U, "Th": n_Th}``; None without
    uranium and thorium."""
    amounts = secular_radium(element_moles)
    total = sum(amounts.values())
    return {name: n / total for name, n in amounts.items()} if total > 0 else None


def ore_with_radium(mineralogy: Mapping[str, float], database: SpeciesDatabase, carrier: str) -> dict[str, float]:
    """``mineralogy`` (species → mass fraction) with the ore's secular-equilibrium radium added as
    ``carrier`` (a species with one radium atom), renormalised to 1."""
    elements = Stream.from_mass_flows("ore", database, mineralogy).element_flows  # kmol per kg of ore
    content: dict[str, float] = {
        el: float(elements[database.element_row(el)]) for el in ("U", "Th") if el in database.elements
    }
    radium = float(sum(secular_radium(content).values()))  # kmol per kg of ore
    if radium <= 0:
        return dict(mineralogy)
    with_carrier = dict(mineralogy)
    with_carrier[carrier] = with_carrier.get(carrier, 0.0) + radium * float(database[carrier].molar_mass)
    total = sum(with_carrier.values())
    return {species: fraction / total for species, fraction in with_carrier.items()}
