"""Alloy formulas: parsing, A/B sites, structure type and molar mass.

Model
-----
A rare-earth hydrogen-storage alloy is written ``A_a B_b`` with A-site elements (rare earths, Mg)
and B-site elements (Ni and its substituents). The structure type follows from the ratio
``r = b / a`` at any scaling of the formula:

====== ================ =====================================
type   ratio r          examples
====== ================ =====================================
AB3    2.8 <= r <= 3.2  LaNi3, La0.7Mg0.3Ni3, LaMg2Ni9
A2B7   3.25 < r <= 3.8 La2Ni7, LaY2Ni10.5, La0.75Mg0.25Ni3.5
AB5    4.5 <= r <= 6.0  LaNi5, LaNi4.7Al0.3, MmNi5 (over-stoichiometric up to AB6)
====== ================ =====================================

A formula whose ratio falls outside these windows is refused with :class:`InputError`. The
composition is returned normalised to one A atom (``per_a_atom``) so that alloys written at any
scaling (``LaY2Ni10.5`` and ``La0.333Y0.667Ni3.5``) compare equal.

Atomic weights come from :func:`reeflow.species.atomic_weight` (the one element table of reeflow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reeflow.data import load_yaml
from reeflow.errors import InputError
from reeflow.species import atomic_weight as species_atomic_weight

__all__ = [
    "A_SITE",
    "B_SITE",
    "DATABASE_A_SITE",
    "MISCHMETAL",
    "STRUCTURE_RATIOS",
    "AlloyComposition",
    "Structure",
    "atomic_weight",
    "classify",
    "expand_pseudo_elements",
    "molar_mass",
    "parse_alloy",
    "parse_formula_atoms",
]

Structure = Literal["AB5", "AB3", "A2B7"]

#: A-site elements accepted in user formulas (rare earths and Mg).
A_SITE: tuple[str, ...] = ("La", "Ce", "Pr", "Nd", "Sm", "Y", "Mg")
#: Mischmetal of unstated composition, accepted on the A site of user formulas as a pseudo-element:
#: the composition model has a term for it (fitted to the database's Mm alloys), and its molar mass
#: comes from the assumed composition of ``data/hydrides/constants.yaml``.
MISCHMETAL = "Mm"
#: B-site elements accepted in user formulas (Ni and its usual substituents).
B_SITE: tuple[str, ...] = ("Ni", "Co", "Mn", "Al", "Sn", "Fe", "Cu")
#: Inclusive windows of the B/A ratio for each structure type.
STRUCTURE_RATIOS: dict[Structure, tuple[float, float]] = {
    "AB3": (2.8, 3.2),
    "A2B7": (3.25, 3.8),
    "AB5": (4.5, 6.0),
}
#: A-site elements recognised in database formulas (wider than :data:`A_SITE`).
DATABASE_A_SITE: frozenset[str] = frozenset(
    {"La", "Ce", "Pr", "Nd", "Sm", "Y", "Mg", "Ca", "Gd", "Tb", "Dy", "Ho", "Er", "Eu", "Tm", "Yb", "Lu",
     "Sc", "Mm", "Lm"}
)
_TOKEN = re.compile(r"([A-Z][a-z]?)(\d*\.?\d*)")
_FORMULA_HELP = "a formula such as LaNi5, LaNi4.7Al0.3, La0.8Ce0.2Ni5 or LaY2Ni10.5"


@dataclass(frozen=True)
class AlloyComposition:
    """A parsed alloy.

    Attributes
    ----------
    formula : str
        The formula as written by the user.
    atoms : dict[str, float]
        Atoms of each element per formula unit as written.
    a_site, b_site : dict[str, float]
        Atoms per formula unit on each site.
    structure : {"AB5", "AB3", "A2B7"}
        Structure type judged from the B/A ratio.
    """

    formula: str
    atoms: dict[str, float]
    a_site: dict[str, float]
    b_site: dict[str, float]
    structure: Structure

    @property
    def a_total(self) -> float:
        """A-site atoms per formula unit."""
        return sum(self.a_site.values())

    @property
    def b_total(self) -> float:
        """B-site atoms per formula unit."""
        return sum(self.b_site.values())

    @property
    def ratio(self) -> float:
        """B/A ratio."""
        return self.b_total / self.a_total

    @property
    def metal_atoms(self) -> float:
        """Metal atoms per formula unit (the M of H/M)."""
        return self.a_total + self.b_total

    @property
    def molar_mass(self) -> float:
        """Molar mass of the formula unit, kg/kmol."""
        return molar_mass(self.atoms)

    def per_a_atom(self) -> dict[str, float]:
        """Atoms of each element per A-site atom (scaling-independent composition)."""
        scale = 1.0 / self.a_total
        return {symbol: n * scale for symbol, n in self.atoms.items()}

    def a_fractions(self) -> dict[str, float]:
        """Atom fraction of each element on the A site (sums to 1)."""
        return {symbol: n / self.a_total for symbol, n in self.a_site.items()}

    def b_per_a(self) -> dict[str, float]:
        """B-site atoms of each element per A atom (LaNi4.7Al0.3 -> Ni 4.7, Al 0.3)."""
        return {symbol: n / self.a_total for symbol, n in self.b_site.items()}


def parse_formula_atoms(formula: str, field: str = "alloy") -> dict[str, float]:
    """Atoms per formula unit of each element symbol in ``formula`` (no site checks).

    ``"LaNi4.7Al0.3"`` gives ``{"La": 1.0, "Ni": 4.7, "Al": 0.3}``; decimals may omit the leading
    zero (``Ce.7La.3Ni5``) as in HydPARK; white space is ignored (``LaNi4.7 Al0.3``). A repeated
    symbol adds up. Raises :class:`InputError` naming ``field`` for text that is not a formula.
    """
    text = "".join(formula.split())
    if not text:
        raise InputError(f"{field}: empty formula; expected {_FORMULA_HELP}")
    atoms: dict[str, float] = {}
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            break
        symbol, amount = match.group(1), match.group(2)
        if amount in {"", "."}:
            value = 1.0 if amount == "" else float("nan")
        else:
            value = float(amount)
        if not value > 0.0:
            raise InputError(f"{field}: {formula!r} gives {symbol} the amount {amount!r}; amounts must be > 0")
        atoms[symbol] = atoms.get(symbol, 0.0) + value
        position = match.end()
    if position != len(text) or not atoms:
        raise InputError(
            f"{field}: cannot read {formula!r} at {text[position:]!r}; expected {_FORMULA_HELP} "
            f"(element symbols each followed by an optional amount){_case_hint(text, text[position:])}"
        )
    return atoms


def _case_hint(text: str, unread: str = "") -> str:
    """A reminder of the capitalisation of element symbols when ``text`` looks miscapitalised
    (``unread``: the part of it that could not be read)."""
    if text[:1].islower() or unread[:1].islower() or re.search(r"[A-Z]{2}", text):
        return "; element symbols are case-sensitive: a capital then a small letter (Ni, not ni or NI)"
    return ""


def classify(ratio: float) -> Structure | None:
    """Structure type of a B/A ratio, or None when it fits no window of :data:`STRUCTURE_RATIOS`."""
    for structure, (low, high) in STRUCTURE_RATIOS.items():
        if low - 1e-9 <= ratio <= high + 1e-9:
            return structure
    return None


def parse_alloy(formula: str, field: str = "alloy") -> AlloyComposition:
    """Parse a user alloy formula, check its elements and judge its structure type.

    Parameters
    ----------
    formula : str
        E.g. ``"LaNi4.7Al0.3"``, ``"LaY2Ni10.5"``, ``"La0.8Ce0.2Ni5"``; mischmetal is best written
        out (``La0.28Ce0.5Nd0.16Pr0.06Ni5``), but ``Mm`` of unstated composition is accepted too
        (:data:`MISCHMETAL`).
    field : str
        Name used in error messages.

    Raises
    ------
    InputError
        Unknown or unsupported element, no A- or B-site element, or a B/A ratio fitting no
        structure type (the message gives the ratio and the accepted windows).

    Examples
    --------
    >>> alloy = parse_alloy("LaY2Ni10.5")
    >>> alloy.structure, round(alloy.ratio, 2)
    ('A2B7', 3.5)
    """
    atoms = parse_formula_atoms(formula, field)
    a_site: dict[str, float] = {}
    b_site: dict[str, float] = {}
    for symbol, amount in atoms.items():
        if symbol in A_SITE or symbol == MISCHMETAL:
            a_site[symbol] = amount
        elif symbol in B_SITE:
            b_site[symbol] = amount
        else:
            lanthanum_rich = symbol == "Lm"
            hint = " (write mischmetal out, e.g. La0.28Ce0.5Nd0.16Pr0.06, or use Mm)" if lanthanum_rich else ""
            hint = hint or _case_hint(formula)
            raise InputError(
                f"{field}: element {symbol!r} in {formula!r} is not supported{hint}; A-site elements are "
                f"{', '.join(A_SITE)} (and {MISCHMETAL}, mischmetal) and B-site elements are {', '.join(B_SITE)}"
            )
    if not a_site or not b_site:
        missing = "A-site (" + ", ".join(A_SITE) + ")" if not a_site else "B-site (" + ", ".join(B_SITE) + ")"
        raise InputError(f"{field}: {formula!r} has no {missing} element; expected {_FORMULA_HELP}")
    ratio = sum(b_site.values()) / sum(a_site.values())
    structure = classify(ratio)
    if structure is None:
        windows = "; ".join(f"{name} {lo:g}-{hi:g}" for name, (lo, hi) in STRUCTURE_RATIOS.items())
        raise InputError(
            f"{field}: {formula!r} has B/A = {ratio:.3g}, which fits no structure type (accepted B/A: {windows}); "
            "check that the amounts add up to AB5, AB3 or A2B7 stoichiometry"
        )
    return AlloyComposition(formula.strip(), atoms, a_site, b_site, structure)


@cache
def _constants() -> dict[str, object]:
    table: dict[str, object] = load_yaml("hydrides/constants.yaml")
    return table


@cache
def _mischmetal() -> dict[str, dict[str, float]]:
    section = _constants()["mischmetal"]
    assert isinstance(section, dict)
    return {str(name): {str(k): float(v) for k, v in row["atoms"].items()} for name, row in section.items()}


def expand_pseudo_elements(atoms: dict[str, float]) -> dict[str, float]:
    """Replace mischmetal ('Mm') by its assumed composition (``data/hydrides/constants.yaml``)."""
    out: dict[str, float] = {}
    for symbol, amount in atoms.items():
        parts = _mischmetal().get(symbol, {symbol: 1.0})
        for element, share in parts.items():
            out[element] = out.get(element, 0.0) + amount * share
    return out


@cache
def atomic_weight(symbol: str) -> float:
    """Standard atomic weight of ``symbol`` in kg/kmol (``Mm`` expands to its assumed composition).

    Element weights come from :func:`reeflow.species.atomic_weight` (``data/elements.yaml``).
    """
    if symbol in _mischmetal():
        return sum(share * atomic_weight(element) for element, share in _mischmetal()[symbol].items())
    return float(species_atomic_weight(symbol))


def molar_mass(atoms: dict[str, float]) -> float:
    """Molar mass in kg/kmol of a formula given as {element: atoms per formula unit}."""
    return sum(n * atomic_weight(symbol) for symbol, n in atoms.items())
