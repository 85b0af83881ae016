"""Reaction equations: parsing, per-rare-earth expansion and the element-balance check.

An equation reads ``"2 {RE}CO3F + 3 H2SO4(aq) -> {RE}2(SO4)3(aq) + 2 HF(g) + 2 CO2(g) + 2 H2O"``:
terms ``[coefficient] species-id`` joined by ``+``, sides joined by ``->``. ``{RE}`` is replaced
by each rare earth of ``for_each``. Every reaction must conserve every element; an unbalanced
equation is an input error naming the reaction and the element that does not balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from reeflow.errors import DataError, ScenarioError
from reeflow.species import RARE_EARTHS, SpeciesDatabase

__all__ = ["Reaction", "expand_rare_earths", "parse_reaction"]

_TERM = re.compile(r"^\s*(?:(\d+(?:\.\d+)?(?:/\d+)?)\s+)?(\S+)\s*$")


@dataclass(frozen=True)
class Reaction:
    """A reaction: ``stoichiometry`` over the database (products positive), ``key`` reactant index."""

    equation: str
    stoichiometry: np.ndarray
    key: int

    @property
    def reactants(self) -> np.ndarray:
        """Indices of the species consumed."""
        return np.flatnonzero(self.stoichiometry < 0)


def expand_rare_earths(
    text: str, for_each: list[str] | str | None, database: SpeciesDatabase, where: str = "reaction"
) -> list[tuple[str, str]]:
    """``[(rare earth or "", text with {RE} replaced)]``; ``"rare_earths"`` means every RE whose species
    exist. ``where`` is the scenario path used in error messages. A ``for_each`` that is not
    ``rare_earths`` or a list of distinct rare-earth symbols is refused (a symbol listed twice would
    apply the reaction twice), and so is a ``for_each`` on an equation without ``{RE}``."""
    if "{RE}" not in text:
        if for_each is not None:
            raise ScenarioError(f"{where}.for_each: {for_each!r} given but reaction {text!r} has no {{RE}} to expand; "
                                "write the equation with {RE} or remove for_each")
        return [("", text)]
    if for_each is None:
        raise ScenarioError(f"{where}.for_each: reaction {text!r} uses {{RE}} but gives no for_each list; "
                            "add e.g. for_each: [La, Ce, Pr, Nd] or for_each: rare_earths")
    if isinstance(for_each, str):
        if for_each != "rare_earths":
            hint = f"[{for_each}] for that element alone" if for_each in RARE_EARTHS else "a list such as [La, Ce]"
            raise ScenarioError(f"{where}.for_each: {for_each!r} is neither rare_earths nor a list of rare earths; "
                                f"write {hint}, or rare_earths for every rare earth whose species exist")
        symbols = [re_ for re_ in RARE_EARTHS if all(sp in database for sp in _species_ids(text.replace("{RE}", re_)))]
    else:
        symbols = list(for_each)
        for symbol in symbols:
            if symbol not in RARE_EARTHS:
                raise ScenarioError(f"{where}.for_each: {symbol!r} is not a rare earth; expected symbols among "
                                    f"{', '.join(RARE_EARTHS)}")
            if symbols.count(symbol) > 1:
                raise ScenarioError(f"{where}.for_each: {symbol!r} is listed more than once (the reaction would run "
                                    "twice, compounding its conversion); list each rare earth once")
    if not symbols:
        raise ScenarioError(f"{where}.for_each: reaction {text!r}: no rare earth has all of its species in the database")
    return [(s, text.replace("{RE}", s)) for s in symbols]


def _species_ids(equation: str) -> list[str]:
    sides = re.split(r"->|=>", equation)
    return [m.group(2) for side in sides for term in side.split(" + ") if (m := _TERM.match(term))]


def parse_reaction(equation: str, database: SpeciesDatabase, where: str, key: str | None = None) -> Reaction:
    """Parse and check ``equation``; ``where`` is the scenario path used in error messages."""
    sides = re.split(r"->|=>", equation)
    if len(sides) != 2:
        raise ScenarioError(f"{where}: {equation!r} needs exactly one '->' between reactants and products")
    nu = np.zeros(len(database))
    first_reactant: int | None = None
    for sign, side in ((-1.0, sides[0]), (1.0, sides[1])):
        for term in side.split(" + "):
            m = _TERM.match(term)
            if m is None:
                raise ScenarioError(
                    f"{where}: cannot read term {term.strip()!r} of {equation!r}; expected "
                    "'[coefficient] species' terms separated by ' + '"
                )
            try:
                coefficient = float(Fraction(m.group(1))) if m.group(1) else 1.0
            except ZeroDivisionError:
                raise ScenarioError(f"{where}: coefficient {m.group(1)!r} of {equation!r} divides by zero; "
                                    "write a number such as 3/2 or 1.5") from None
            try:
                i = database.position(m.group(2))
            except DataError as exc:
                raise ScenarioError(f"{where}: {exc}") from None
            nu[i] += sign * coefficient
            if sign < 0 and first_reactant is None:
                first_reactant = i
    imbalance = database.element_matrix @ nu
    worst = int(np.argmax(np.abs(imbalance)))
    if abs(imbalance[worst]) > 1e-9:
        raise ScenarioError(
            f"{where}: {equation!r} does not balance {database.elements[worst]} "
            f"(products minus reactants = {imbalance[worst]:+g} atoms); correct the coefficients"
        )
    try:
        key_index = database.position(key) if key else first_reactant
    except DataError as exc:
        raise ScenarioError(f"{where}.key: {exc}") from None
    if key_index is None or nu[key_index] >= 0:
        raise ScenarioError(f"{where}: key species {key!r} is not a reactant of {equation!r}")
    return Reaction(equation, nu, key_index)
