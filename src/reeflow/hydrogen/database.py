"""Shipped hydride data: curated literature entries, the Purdue toolbox and Sandia HydPARK.

Three files under ``data/hydrides/`` are read lazily and merged into :class:`HydrideRecord`
objects, one per composition and source:

* ``literature.yaml``: curated primary-literature values, each marked measured/derived/assumed
  (a capacity may be given as ``H_per_formula_unit``, e.g. 6 for LaNi5H6, or as ``wt_pct``);
* ``purdue_re.yaml``: the Purdue Metal Hydride Toolbox entries (van 't Hoff constants per branch);
* ``hydpark_re.csv``: the Sandia HydPARK rows (heat of formation and one plateau point per row).

Records of the same composition are looked up in that order of precedence (literature first).
HydPARK rows of one composition are pooled: dH is the median of the rows giving one, and dS is
derived from each plateau point (T, P) with that dH, dS = dH/T - R ln(P/P0), then the median.
Compositions are compared per A-site atom (``LaNi5`` equals ``La2Ni10``). The temperature range
of a HydPARK record (used for out-of-range warnings) spans its plateau points, widened to at least
40 K about their centre (assumed; HydPARK does not record the range behind a heat of formation).
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from math import log

from reeflow.data import load_yaml
from reeflow.errors import InputError
from reeflow.hydrogen.composition import (
    DATABASE_A_SITE,
    Structure,
    classify,
    parse_formula_atoms,
)
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0 as atm
from reeflow.uom import to_unit

__all__ = [
    "HydrideRecord",
    "MeasuredIsotherm",
    "PlateauStep",
    "composition_key",
    "find_record",
    "hydpark_rows",
    "measured_isotherms",
    "records",
]

#: Least width of the temperature range credited to HydPARK plateau points, K (assumed: a van 't Hoff
#: heat of formation is measured over a range, which HydPARK does not record; +-20 K about the points).
MIN_RANGE_K = 40.0


@dataclass(frozen=True)
class PlateauStep:
    """One plateau of a multi-plateau entry: desorption van 't Hoff constants, slope and its
    position (centre) and width as fractions of the capacity, as the source gives them."""

    dH_desorption: float
    dS_desorption: float
    slope: float
    centre: float
    width: float


@dataclass(frozen=True)
class HydrideRecord:
    """Everything the shipped data say about one alloy from one source.

    Thermodynamic values are None where the source does not give them; ``status`` maps each
    given field to 'measured', 'derived' or 'assumed' and ``sources`` lists the citations.
    Units: dH in J/mol H2, dS in J/(mol H2 K) (P0 = 101325 Pa), T in K, P in Pa.
    """

    name: str
    formula: str
    structure: Structure
    origin: str
    dH_desorption: float | None = None
    dS_desorption: float | None = None
    dH_absorption: float | None = None
    dS_absorption: float | None = None
    hysteresis: float | None = None
    slope: float | None = None
    wt_pct: float | None = None
    h_per_formula_unit: float | None = None
    capacity_mAh_per_g: float | None = None
    cycle_retention: tuple[int, float] | None = None
    temperature_range: tuple[float, float] | None = None
    plateau_points: tuple[tuple[float, float], ...] = ()
    steps: tuple[PlateauStep, ...] = ()  #: several plateaus, lowest pressure first (else empty)
    critical_temperature: float | None = None  #: Lacher T_c given by the source, K
    status: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Composition key (elements and amounts per A atom)."""
        return composition_key(self.formula)


def composition_key(formula: str) -> str:
    """Canonical, scaling-independent text of a formula: amounts per A-site atom, sorted."""
    atoms = parse_formula_atoms(formula)
    a_total = sum(n for s, n in atoms.items() if s in DATABASE_A_SITE) or 1.0
    return "".join(f"{s}{round(n / a_total, 3):g}" for s, n in sorted(atoms.items()))


def _value(entry: dict[str, object] | None) -> float | None:
    if not entry:
        return None
    value = entry.get("value")
    return float(value) if isinstance(value, int | float) else None


def _literature_records() -> list[HydrideRecord]:
    table = load_yaml("hydrides/literature.yaml")["alloys"]
    out = []
    for name, row in table.items():
        formula = str(row["formula"])
        structure = _structure(formula)
        status: dict[str, str] = {}
        sources: list[str] = []
        values: dict[str, float | None] = {}
        for branch in ("desorption", "absorption"):
            for key in ("dH", "dS"):
                entry = row.get(branch, {}).get(key)
                values[f"{key}_{branch}"] = _value(entry)
                if entry:
                    status[f"{key}_{branch}"] = str(entry["status"])
                    sources.append(str(entry.get("source", entry.get("derivation", ""))))
        for key in ("hysteresis", "slope", "wt_pct", "H_per_formula_unit", "capacity_mAh_per_g"):
            entry = row.get(key)
            values[key] = _value(entry)
            if entry:
                status[key] = str(entry["status"])
                sources.append(str(entry.get("source", entry.get("derivation", ""))))
        retention = row.get("cycle_retention")
        if retention:
            status["cycle_retention"] = str(retention["status"])
            sources.append(str(retention["source"]))
        t_range = row.get("T_range_K")
        out.append(HydrideRecord(
            name=str(name), formula=formula, structure=structure, origin="literature",
            dH_desorption=values["dH_desorption"], dS_desorption=values["dS_desorption"],
            dH_absorption=values["dH_absorption"], dS_absorption=values["dS_absorption"],
            hysteresis=values["hysteresis"], slope=values["slope"], wt_pct=values["wt_pct"],
            h_per_formula_unit=values["H_per_formula_unit"], capacity_mAh_per_g=values["capacity_mAh_per_g"],
            cycle_retention=(int(retention["cycles"]), float(retention["retention"])) if retention else None,
            temperature_range=(float(t_range["value"][0]), float(t_range["value"][1])) if t_range else None,
            status=status, sources=tuple(dict.fromkeys(s for s in sources if s)),
        ))
    return out


def _structure(formula: str) -> Structure:
    atoms = parse_formula_atoms(formula)
    a_total = sum(n for s, n in atoms.items() if s in DATABASE_A_SITE)
    b_total = sum(n for s, n in atoms.items() if s not in DATABASE_A_SITE)
    structure = classify(b_total / a_total) if a_total > 0 else None
    if structure is None:
        raise InputError(f"shipped hydride formula {formula!r} fits no structure type")
    return structure


def _steps(des: dict[str, dict[str, object]]) -> tuple[PlateauStep, ...]:
    """Plateau steps of a Purdue entry whose desorption constants are lists (one per plateau)."""
    lists = {key: des.get(key, {}).get("value") for key in
             ("dH_J_per_mol_H2", "dS_J_per_mol_H2_K", "slope", "plateau_centres", "plateau_widths")}
    dH, dS = lists["dH_J_per_mol_H2"], lists["dS_J_per_mol_H2_K"]
    if not isinstance(dH, list) or not isinstance(dS, list) or len(dH) != len(dS):
        return ()
    n = len(dH)
    slope = lists["slope"] if isinstance(lists["slope"], list) and len(lists["slope"]) == n else [0.0] * n
    centres = lists["plateau_centres"]
    widths = lists["plateau_widths"]
    if not (isinstance(centres, list) and isinstance(widths, list) and len(centres) == len(widths) == n):
        centres = [(k + 0.5) / n for k in range(n)]  # evenly spread where the source gives no positions
        widths = [0.8 / n] * n
    return tuple(PlateauStep(float(dH[k]), float(dS[k]), float(slope[k]), float(centres[k]), float(widths[k]))
                 for k in range(n))


def _purdue_records() -> list[HydrideRecord]:
    out = []
    for entry in load_yaml("hydrides/purdue_re.yaml")["entries"]:
        if entry.get("structure_conflict"):
            continue
        des = entry.get("desorption", {})
        ab = entry.get("absorption", {})
        refs = [f"{r.get('authors', '')}, {r.get('title', '')}, {r.get('journal', '')} {r.get('volume', '')} "
                f"({r.get('year', '')}) {r.get('pages', '')}, {r.get('id', '')}".strip() for r in entry["references"]]
        given = {"dH_desorption": _value(des.get("dH_J_per_mol_H2")),
                 "dS_desorption": _value(des.get("dS_J_per_mol_H2_K")),
                 "dH_absorption": _value(ab.get("dH_J_per_mol_H2")),
                 "dS_absorption": _value(ab.get("dS_J_per_mol_H2_K")),
                 "hysteresis": _value(ab.get("hysteresis_ln_Pa_Pd")), "slope": _value(des.get("slope")),
                 "wt_pct": _value(entry.get("wt_pct")), "h_per_formula_unit": _value(entry.get("H_per_formula_unit"))}
        steps = _steps(des)
        status = {k: "measured" for k, v in given.items() if v is not None}
        if steps:
            status["plateau_steps"] = "measured"
        tc = _value(ab.get("critical_temperature_K")) or _value(des.get("critical_temperature_K"))
        if tc is not None:
            status["critical_temperature"] = "assumed (Purdue toolbox)"
        out.append(HydrideRecord(
            name=str(entry["name"]), formula=str(entry["formula"]), structure=entry["structure"], origin="purdue",
            steps=steps, critical_temperature=tc,
            dH_desorption=given["dH_desorption"], dS_desorption=given["dS_desorption"],
            dH_absorption=given["dH_absorption"], dS_absorption=given["dS_absorption"],
            hysteresis=given["hysteresis"], slope=given["slope"], wt_pct=given["wt_pct"],
            h_per_formula_unit=given["h_per_formula_unit"], status=status,
            sources=("Purdue Metal Hydride Toolbox: " + "; ".join(refs),),
        ))
    return out


@cache
def hydpark_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``hydpark_re.csv`` as dictionaries of text (comment header skipped)."""
    text = resources.files("reeflow.data").joinpath("hydrides/hydpark_re.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _padded_range(temperatures: list[float]) -> tuple[float, float] | None:
    """Temperature range of plateau points, widened to at least MIN_RANGE_K about its centre."""
    if not temperatures:
        return None
    low, high = min(temperatures), max(temperatures)
    centre = 0.5 * (low + high)
    return min(low, centre - MIN_RANGE_K / 2), max(high, centre + MIN_RANGE_K / 2)


def _hydpark_records() -> list[HydrideRecord]:
    groups: dict[str, list[dict[str, str]]] = {}
    for row in hydpark_rows():
        if row["parsed"] != "true":
            continue
        formula = row["formula"].split("(")[0].strip()
        groups.setdefault(composition_key(formula), []).append(row)
    out = []
    for rows in groups.values():
        formula = rows[0]["formula"].split("(")[0].strip()
        dh_values = [v for v in (_number(r["dH_kJ_per_mol_H2"]) for r in rows) if v is not None]
        zero_celsius = to_unit(0.0, "degC", "K")
        points = tuple((t + zero_celsius, p * atm) for t, p in (
            (_number(r["T_C"]), _number(r["P_atm"])) for r in rows) if t is not None and p is not None and p > 0)
        wts = [v for v in (_number(r["wt_pct"]) for r in rows) if v is not None]
        dH = -1000.0 * statistics.median(dh_values) if dh_values else None
        dS = statistics.median(dH / T - R * log(P / atm) for T, P in points) if dH is not None and points else None
        status = {"plateau_points": "measured"}
        if dH is not None:
            status["dH_desorption"] = "measured"
        if dS is not None:
            status["dS_desorption"] = "derived"
        if wts:
            status["wt_pct"] = "measured"
        temps = [T for T, _ in points]
        out.append(HydrideRecord(
            name=formula, formula=formula, structure=rows[0]["structure"], origin="hydpark",  # type: ignore[arg-type]
            dH_desorption=dH, dS_desorption=dS, wt_pct=statistics.median(wts) if wts else None,
            temperature_range=_padded_range(temps), plateau_points=points, status=status,
            sources=tuple(f"{r['author_year']} (HydPARK ref. {r['hydpark_ref']}, item {r['item_no']})" for r in rows),
        ))
    return out


@dataclass(frozen=True)
class MeasuredIsotherm:
    """A digitised published isotherm (``purdue_pci_re.csv``): mass % H and pressure in Pa."""

    entry: str
    branch: str
    temperature: float  #: K
    mass_pct: tuple[float, ...]
    pressure: tuple[float, ...]  #: Pa
    source: str


@cache
def measured_isotherms() -> tuple[MeasuredIsotherm, ...]:
    """Every shipped measured isotherm, grouped by entry, branch and temperature."""
    text = resources.files("reeflow.data").joinpath("hydrides/purdue_pci_re.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    bar = to_unit(1.0, "bar", "Pa")
    groups: dict[tuple[str, str, float, str], list[tuple[float, float]]] = {}
    for row in rows:
        w, p = float(row["mass_pct"]), float(row["P_bar"])
        if w > 0.0 and p > 0.0:
            source = f"{row['author']}, doi:{row['doi']}, {row['location']}"
            groups.setdefault((row["entry"], row["branch"], float(row["T_K"]), source), []).append((w, p * bar))
    return tuple(
        MeasuredIsotherm(entry, branch, T, tuple(w for w, _ in pts), tuple(p for _, p in pts), source)
        for (entry, branch, T, source), pts in groups.items()
    )


@cache
def records() -> tuple[HydrideRecord, ...]:
    """Every shipped record, literature first, then Purdue, then HydPARK."""
    return (*_literature_records(), *_purdue_records(), *_hydpark_records())


def find_record(name: str) -> HydrideRecord | None:
    """The highest-precedence record named ``name`` or of the same composition, else None."""
    text = name.strip()
    for record in records():
        if record.name == text:
            return record
    try:
        key = composition_key(text)
    except InputError:
        return None
    for record in records():
        if record.key == key:
            return record
    return None
