"""Training set of the composition model: one row per composition, one value per publication.

Method
------
1. **Measurements.** Every Purdue toolbox entry (van 't Hoff constants of the desorption branch,
   capacity) and every parsed HydPARK row (one plateau point (T, P), heat of formation, wt%) is one
   measurement, attributed to its publication (first author's surname and year). The curated
   ``literature.yaml`` entries repeat database values (LaNi5: Lundin 1975; CeNi5: Klyamkin 1995;
   MmNi5: Sandrock 1999) and are not used again. Multi-plateau entries and Purdue entries whose
   formula disagrees with their type are left out.
2. **One value per publication.** Both databases often compile the same paper; measurements of one
   composition from one publication are merged (the toolbox's van 't Hoff constants first).
   Per publication: dH_des, the capacity in H/M and ln(P_des/P0) at T_ref = 298.15 K, either from
   the van 't Hoff constants, ln P = dH/(R T_ref) - dS/R, or from a plateau point (T, P) moved to
   T_ref with the publication's dH (within ``WINDOW_WITH_DH`` of T_ref) or, without one, with the
   composition's median measured dH, else an assumed -30 kJ/mol H2 (within ``WINDOW_WITHOUT_DH``).
3. **One row per composition.** Compositions are compared per A-site atom; each target is the
   median over the publications giving it (the value a held-out prediction is compared with).
4. **Domain.** A site La, Ce, Pr, Nd, Sm, Y, Mg and mischmetal ``Mm``; B site Ni, Co, Mn, Al, Sn,
   Fe, Cu with Ni at least half of it. Mischmetal lots are not stated in the sources (HydPARK notes
   Ce-rich, La-rich, Indian and Brazilian lots), so ``Mm`` is kept as its own A-site element (the
   model's ``A:Mm`` feature: the average effect of the lots in the data) rather than expanded with
   an assumed composition; La-rich ``Lm`` lies outside the domain. The choice was made by
   cross-validation (see docs/hydrogen.md).

Data-quality screen (``screened=True``), applied before fitting, by stated criteria only:

* S1, not a materials measurement: toolbox entries whose every reference is a device or system
  study (heat pumps, cooling systems, heat transformers, heat-transfer or reactor simulations,
  isotherm modelling) that quotes alloy constants for its calculations (``SYSTEM_STUDY``);
* S2, not the first protium plateau of a crystalline alloy: HydPARK rows whose comment says
  deuterium, upper plateau, no plateau or amorphous (``NOT_A_PLATEAU``);
* S3, inconsistent van 't Hoff pair: a publication whose dH and ln P(T_ref) imply a desorption
  entropy dS = dH/T_ref - R ln P outside ``DS_BAND`` loses its dH (its plateau stays). The entropy
  of hydride formation is dominated by the loss of the entropy of H2 gas, 130.7 J/(mol K); the
  median of the shipped AB5 van 't Hoff pairs is -109 J/(mol H2 K) (LaNi5 -108, MmNi5 -97 in
  G. Sandrock, J. Alloys Compd. 293-295 (1999) 877), and the band, +-30 J/(mol K) about -110, is
  assumed.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from math import log
from typing import Any

from reeflow.data import load_yaml
from reeflow.hydrogen.composition import B_SITE, expand_pseudo_elements, molar_mass, parse_formula_atoms
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.database import hydpark_rows
from reeflow.hydrogen.model import MODEL_A_SITE, NOMINAL_RATIO, T_REF
from reeflow.hydrogen.performance import h_per_formula_unit
from reeflow.uom import to_unit

__all__ = [
    "DS_BAND",
    "NI_MIN_SHARE",
    "NOT_A_PLATEAU",
    "SYSTEM_STUDY",
    "WINDOW_WITHOUT_DH",
    "WINDOW_WITH_DH",
    "CompositionRow",
    "Measurement",
    "between_source_scatter",
    "measurements",
    "training_rows",
]

#: Least share of Ni on the B site of a training composition (the model's domain: Ni-based alloys).
NI_MIN_SHARE = 0.5
#: Largest |T - T_ref| (K) of a plateau point moved to T_ref with its publication's measured dH.
WINDOW_WITH_DH = 60.0
#: Largest |T - T_ref| (K) of a plateau point moved without a measured dH of the publication, per
#: structure (AB3/A2B7 data are few and mostly measured at 50-60 degC, so their window is wider).
WINDOW_WITHOUT_DH = {"AB5": 15.0, "AB3": 40.0, "A2B7": 40.0}
#: Assumed dH_des (J/mol H2) for moving a plateau point when nothing about the composition gives one.
DH_ASSUMED = -30000.0
#: Screen S1: reference titles of device or system studies.
SYSTEM_STUDY = re.compile(
    r"heat pump|cooling system|heat transformer|heat transfer|heat and mass|thermal management|"
    r"refrigeration|reactor|machine design|isotherm curves modeling", re.IGNORECASE)
#: Screen S2: HydPARK comments marking a value that is not the first protium plateau of a crystalline alloy.
NOT_A_PLATEAU = re.compile(r"deuterium|upper plateau|no plateau|amorphous", re.IGNORECASE)
#: Screen S3: accepted desorption entropy, J/(mol H2 K).
DS_BAND = (-140.0, -80.0)

_WORD_SUFFIX = re.compile(r"(?<=[a-z])[AB]$")  # toolbox keys SatheeshA, SatheeshB: one publication


@dataclass(frozen=True)
class Measurement:
    """What one database row says about one composition (SI units; None where not given)."""

    atoms: dict[str, float]  #: atoms per formula unit as written (Mm not expanded)
    publication: tuple[str, str]  #: (first author's surname, year)
    origin: str  #: 'purdue' or 'hydpark'
    name: str
    ln_p_ref: float | None = None  #: from van 't Hoff constants
    dH_desorption: float | None = None  #: J/mol H2
    plateau_point: tuple[float, float] | None = None  #: (T in K, P in atm)
    h_per_m: float | None = None
    system_study: bool = False  #: screen S1
    not_a_plateau: bool = False  #: screen S2


@dataclass
class CompositionRow:
    """One composition: its site fractions, structure and the median of its publications' values."""

    key: str
    structure: str
    a_fractions: dict[str, float]
    b_per_a: dict[str, float]
    targets: dict[str, float] = field(default_factory=dict)
    values: dict[str, list[float]] = field(default_factory=dict)  #: one value per publication
    names: list[str] = field(default_factory=list)
    temperatures: list[float] = field(default_factory=list)
    publications: int = 0  #: publications behind the row


def _h_per_m(atoms: dict[str, float], h_fu: float | None, wt: float | None) -> float | None:
    metal = sum(atoms.values())
    if _sites(atoms) is None:  # outside the model's elements (and possibly without an atomic weight)
        return None
    if h_fu is not None:
        return h_fu / metal
    if wt is not None:
        return h_per_formula_unit(wt, molar_mass(expand_pseudo_elements(atoms))) / metal
    return None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _purdue_measurements() -> list[Measurement]:
    out = []
    for entry in load_yaml("hydrides/purdue_re.yaml")["entries"]:
        des = entry.get("desorption", {})
        dH = des.get("dH_J_per_mol_H2", {}).get("value")
        dS = des.get("dS_J_per_mol_H2_K", {}).get("value")
        if entry.get("structure_conflict") or isinstance(dH, list) or isinstance(dS, list):
            continue
        atoms = parse_formula_atoms(str(entry["formula"]))
        refs = entry["references"]
        first = refs[0]
        out.append(Measurement(
            atoms=atoms, origin="purdue", name=str(entry["name"]),
            publication=(_WORD_SUFFIX.sub("", str(first.get("key", ""))).lower().replace(" ", ""),
                         str(first.get("year", ""))),
            ln_p_ref=dH / (R * T_REF) - dS / R if dH is not None and dS is not None else None,
            dH_desorption=dH,
            h_per_m=_h_per_m(atoms, entry.get("H_per_formula_unit", {}).get("value"),
                             entry.get("wt_pct", {}).get("value")),
            system_study=all(SYSTEM_STUDY.search(str(r.get("title", ""))) for r in refs),
        ))
    return out


def _hydpark_measurements() -> list[Measurement]:
    zero_celsius = to_unit(0.0, "degC", "K")
    out = []
    for row in hydpark_rows():
        if row["parsed"] != "true":
            continue
        formula = row["formula"].split("(")[0].strip()
        atoms = parse_formula_atoms(formula)
        author, _, year = row["author_year"].partition(",")
        T, P, dH = _number(row["T_C"]), _number(row["P_atm"]), _number(row["dH_kJ_per_mol_H2"])
        out.append(Measurement(
            atoms=atoms, origin="hydpark", name=formula,
            publication=(author.strip().lower().replace(" ", ""), year.strip()),
            dH_desorption=-1000.0 * dH if dH is not None else None,
            plateau_point=(T + zero_celsius, P) if T is not None and P is not None and P > 0.0 else None,
            h_per_m=_h_per_m(atoms, None, _number(row["wt_pct"])),
            not_a_plateau=bool(NOT_A_PLATEAU.search(row["comments"])),
        ))
    return out


def measurements() -> list[Measurement]:
    """Every usable database measurement (toolbox entries first, then HydPARK rows)."""
    return [*_purdue_measurements(), *_hydpark_measurements()]


def _sites(atoms: dict[str, float]) -> tuple[dict[str, float], dict[str, float]] | None:
    """(A-site fractions, B atoms per A atom), or None outside the model's domain."""
    if any(s not in MODEL_A_SITE and s not in B_SITE for s in atoms):
        return None
    a_total = sum(n for s, n in atoms.items() if s in MODEL_A_SITE)
    b_per_a = {s: n / a_total for s, n in atoms.items() if s in B_SITE} if a_total > 0 else {}
    if not b_per_a or b_per_a.get("Ni", 0.0) < NI_MIN_SHARE * sum(b_per_a.values()):
        return None
    return {s: n / a_total for s, n in atoms.items() if s in MODEL_A_SITE}, b_per_a


def _structure(b_per_a: dict[str, float]) -> str | None:
    ratio = sum(b_per_a.values())
    for structure, (low, high) in {"AB3": (2.8, 3.2), "A2B7": (3.25, 3.8), "AB5": (4.5, 6.0)}.items():
        if low - 1e-9 <= ratio <= high + 1e-9:
            return structure
    return None


def _publication_values(group: list[Measurement], structure: str, composition_dH: float | None,
                        screened: bool) -> dict[str, float]:
    """ln P(T_ref), dH and H/M of one publication (toolbox values first)."""
    out: dict[str, float] = {}
    for m in sorted(group, key=lambda m: m.origin != "purdue"):
        for name, value in (("ln_p_ref", m.ln_p_ref), ("dH_desorption", m.dH_desorption), ("h_per_m", m.h_per_m)):
            if value is not None:
                out.setdefault(name, value)
    if "ln_p_ref" not in out:
        moved = []
        for m in group:
            if m.plateau_point is None:
                continue
            T, P = m.plateau_point
            own = out.get("dH_desorption")
            if own is not None and abs(T - T_REF) <= WINDOW_WITH_DH:
                moved.append(log(P) + own / R * (1.0 / T_REF - 1.0 / T))
            elif abs(T - T_REF) <= WINDOW_WITHOUT_DH[structure]:
                dH = composition_dH if composition_dH is not None else DH_ASSUMED
                moved.append(log(P) + dH / R * (1.0 / T_REF - 1.0 / T))
        if moved:
            out["ln_p_ref"] = statistics.median(moved)
    if screened and "dH_desorption" in out and "ln_p_ref" in out:
        dS = out["dH_desorption"] / T_REF - R * out["ln_p_ref"]
        if not DS_BAND[0] <= dS <= DS_BAND[1]:
            del out["dH_desorption"]
    return out


def training_rows(screened: bool = True) -> list[CompositionRow]:
    """Training compositions with their median targets ('ln_p_ref', 'dH_desorption', 'h_per_m').

    ``screened`` applies the data-quality screen S1-S3 of the module docstring.
    """
    groups: dict[str, tuple[dict[str, float], dict[str, float], list[Measurement]]] = {}
    for m in measurements():
        if screened and (m.system_study or m.not_a_plateau):
            continue
        sites = _sites(m.atoms)
        if sites is None or _structure(sites[1]) is None:
            continue
        a_frac, b_per_a = sites
        key = "".join(f"{s}{round(n, 3):g}" for s, n in sorted({**a_frac, **b_per_a}.items()))
        groups.setdefault(key, (a_frac, b_per_a, []))[2].append(m)
    rows = []
    for key, (a_frac, b_per_a, group) in groups.items():
        structure = _structure(b_per_a)
        assert structure in NOMINAL_RATIO
        measured_dH = [m.dH_desorption for m in group if m.dH_desorption is not None]
        composition_dH = statistics.median(measured_dH) if measured_dH else None
        by_publication: dict[tuple[str, str], list[Measurement]] = {}
        for m in group:
            by_publication.setdefault(m.publication, []).append(m)
        row = CompositionRow(key=key, structure=structure, a_fractions=a_frac, b_per_a=b_per_a,
                             publications=len(by_publication))
        for publication, members in by_publication.items():
            for name, value in _publication_values(members, structure, composition_dH, screened).items():
                row.values.setdefault(name, []).append(value)
            row.names.extend(f"{m.origin}:{m.name} ({publication[0]} {publication[1]})" for m in members)
            row.temperatures.extend(m.plateau_point[0] for m in members if m.plateau_point is not None)
        row.targets = {name: statistics.median(v) for name, v in row.values.items()}
        if row.targets:
            rows.append(row)
    return rows


def between_source_scatter(rows: list[CompositionRow], target: str) -> dict[str, Any]:
    """Pooled standard deviation of ``target`` between publications of one composition.

    Returns the pooled SD (over compositions with at least two publications), their number, and
    the RMS error a perfect model would still show against the composition medians of ``rows``,
    SD * sqrt(mean(1/n_i)) over all compositions with the target (n_i publications each).
    """
    multi = [r.values[target] for r in rows if len(r.values.get(target, [])) >= 2]
    squares = sum(sum((v - statistics.fmean(vals)) ** 2 for v in vals) for vals in multi)
    dof = sum(len(vals) - 1 for vals in multi)
    sd = (squares / dof) ** 0.5 if dof else float("nan")
    counts = [len(r.values[target]) for r in rows if target in r.values]
    floor = sd * statistics.fmean(1.0 / n for n in counts) ** 0.5
    return {"pooled_sd": sd, "compositions_with_repeats": len(multi), "floor_rmse_vs_median": floor}
