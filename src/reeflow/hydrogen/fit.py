"""Fit the composition model to the shipped data and write ``model_coefficients.yaml`` (offline).

Run ``python -m reeflow.hydrogen.fit [--out PATH]``. Steps:

1. Training set: every shipped record (:func:`reeflow.hydrogen.database.records`) whose
   elements, after expanding mischmetal with its assumed composition, are all A-site
   (La, Ce, Pr, Nd, Sm, Y, Mg) or B-site (Ni, Co, Mn, Al, Sn, Fe, Cu) elements of the model.
   Targets per record: ln(P_des/P0) at 298.15 K from its van 't Hoff constants (or, for a
   HydPARK plateau point within 15 K (AB5) or 40 K (AB3, A2B7: few data, mostly at 50-60 degC)
   of 298.15 K without a measured dH, corrected to 298.15 K with dH = -30 kJ/mol H2, an assumed
   typical value), dH_des, and the capacity in H/M.
   Records of one composition are pooled by the median.
2. Ridge least squares (penalty ``RIDGE`` on all but the intercept; features scaled to unit
   variance) for each target.
3. Errors: leave-one-composition-out cross-validation (each composition predicted by the model
   fitted without it), reported as RMSE, MAE and the 90th percentile of |error|, for all
   compositions and for AB5 alone; and the fit residuals.
4. Per-structure medians of slope and hysteresis where at least three records give them,
   otherwise the assumed defaults of ``literature.yaml``; feature ranges of the training set.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
from datetime import date
from importlib import resources
from math import log
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from reeflow.data import load_yaml
from reeflow.hydrogen.composition import A_SITE, B_SITE, expand_pseudo_elements, molar_mass, parse_formula_atoms
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.database import HydrideRecord, records
from reeflow.hydrogen.model import FEATURES, T_REF, feature_vector
from reeflow.hydrogen.performance import h_per_formula_unit

__all__ = [
    "MIN_DH_SAMPLES",
    "NEAR_REF_K",
    "RIDGE",
    "TrainingRow",
    "cell_volume_correlation",
    "cross_validate",
    "fit_model",
    "main",
    "training_set",
]

#: Fewest compositions of a structure type with a measured dH for the dH model to be used for it.
MIN_DH_SAMPLES = 3
#: Ridge penalty on the scaled features (chosen by leave-one-out error among 0.01, 0.1, 1, 10).
RIDGE = 0.1
#: Least share of Ni on the B site of a training composition (the model's domain: Ni-based alloys).
NI_MIN_SHARE = 0.5
#: Huber threshold in robust standard deviations.
HUBER_K = 1.345
_DH_ASSUMED = -30000.0  # J/mol H2, see module docstring, step 1
#: Largest |T - 298.15 K| of a plateau point used without a measured dH, per structure (the AB3 and
#: A2B7 data are few and mostly measured at 50-60 degC, so their window is wider).
NEAR_REF_K = {"AB5": 15.0, "AB3": 40.0, "A2B7": 40.0}

TrainingRow = dict[str, Any]


def _record_targets(record: HydrideRecord, atoms: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    if record.dH_desorption is not None and record.dS_desorption is not None:
        out["ln_p_ref"] = record.dH_desorption / (R * T_REF) - record.dS_desorption / R
    else:
        near = [(T, P) for T, P in record.plateau_points if abs(T - T_REF) <= NEAR_REF_K[record.structure]]
        if near:
            out["ln_p_ref"] = statistics.median(
                log(P / P0) + _DH_ASSUMED / R * (1.0 / T_REF - 1.0 / T) for T, P in near)
    if record.dH_desorption is not None:
        out["dH_desorption"] = record.dH_desorption
    metal_atoms = sum(atoms.values())
    if record.h_per_formula_unit is not None:
        out["h_per_m"] = record.h_per_formula_unit / metal_atoms
    elif record.wt_pct is not None:
        out["h_per_m"] = h_per_formula_unit(record.wt_pct, molar_mass(atoms)) / metal_atoms
    return out


def training_set() -> list[TrainingRow]:
    """Pooled training rows: composition key, features, targets and the records behind them."""
    pooled: dict[str, dict[str, Any]] = {}
    for record in records():
        atoms = expand_pseudo_elements(parse_formula_atoms(record.formula))
        if any(s not in A_SITE and s not in B_SITE for s in atoms):
            continue
        a_total = sum(n for s, n in atoms.items() if s in A_SITE)
        a_frac = {s: n / a_total for s, n in atoms.items() if s in A_SITE}
        b_per_a = {s: n / a_total for s, n in atoms.items() if s in B_SITE}
        if b_per_a.get("Ni", 0.0) < NI_MIN_SHARE * sum(b_per_a.values()):
            continue
        key = "".join(f"{s}{round(n / a_total, 3):g}" for s, n in sorted(atoms.items()))
        targets = _record_targets(record, atoms)
        if not targets:
            continue
        row = pooled.setdefault(key, {"key": key, "structure": record.structure, "names": [],
                                      "x": feature_vector(a_frac, b_per_a, record.structure),
                                      "values": {}, "temperatures": []})
        row["names"].append(f"{record.origin}:{record.name}")
        for name, value in targets.items():
            row["values"].setdefault(name, []).append(value)
        row["temperatures"].extend(T for T, _ in record.plateau_points)
        if record.temperature_range:
            row["temperatures"].extend(record.temperature_range)
    rows = []
    for row in pooled.values():
        row["targets"] = {name: statistics.median(v) for name, v in row["values"].items()}
        rows.append(row)
    return rows


def _ridge(X: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Huber-weighted ridge regression (iteratively reweighted least squares, 30 passes)."""
    scale = X.std(axis=0)
    scale[0] = 1.0
    scale[scale == 0.0] = 1.0
    Xs = X / scale
    P = penalty * np.eye(X.shape[1])
    P[0, 0] = 0.0
    w = np.ones_like(y)
    for _ in range(30):
        beta = np.linalg.solve(Xs.T @ (w[:, None] * Xs) + P, Xs.T @ (w * y))
        r = Xs @ beta - y
        sigma = max(1.4826 * float(np.median(np.abs(r - np.median(r)))), 1e-9)
        w = np.minimum(1.0, HUBER_K * sigma / np.maximum(np.abs(r), 1e-12))
    return np.asarray(beta / scale, dtype=float)


def cross_validate(rows: list[TrainingRow], target: str, penalty: float = RIDGE) -> dict[str, Any]:
    """Leave-one-composition-out errors of ``target`` and the coefficients fitted to all rows."""
    used = [r for r in rows if target in r["targets"]]
    X = np.array([r["x"] for r in used])
    y = np.array([r["targets"][target] for r in used])
    errors = np.empty_like(y)
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        errors[i] = X[i] @ _ridge(X[keep], y[keep], penalty) - y[i]
    beta = _ridge(X, y, penalty)
    fit_residual = X @ beta - y

    def summary(e: np.ndarray) -> dict[str, float]:
        return {"rmse": float(np.sqrt(np.mean(e**2))), "mae": float(np.mean(np.abs(e))),
                "p90_abs": float(np.percentile(np.abs(e), 90)), "n": int(e.size)}

    structures = np.array([r["structure"] for r in used])
    by_structure = {s: summary(errors[structures == s]) for s in ("AB5", "AB3", "A2B7") if np.any(structures == s)}
    return {"beta": beta, "errors": errors, "keys": [r["key"] for r in used], "all": summary(errors),
            "by_structure": by_structure, "fit": summary(fit_residual)}


def cell_volume_correlation() -> tuple[float, float, float]:
    """Least-squares line ln(P/bar) = a + b V through Cuevas's AB5 data: (a, b per A^3, RMS of ln P)."""
    text = resources.files("reeflow.data").joinpath("hydrides/cell_volume_cuevas.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#")))))
    V = np.array([float(r["cell_volume_A3"]) for r in rows])
    lnp = np.log(np.array([float(r["plateau_bar"]) for r in rows]))
    b, a = np.polyfit(V, lnp, 1)
    rms = float(np.sqrt(np.mean((a + b * V - lnp) ** 2)))
    return float(a), float(b), rms


def _per_structure_defaults() -> dict[str, Any]:
    assumed = load_yaml("hydrides/literature.yaml")["defaults"]
    out: dict[str, Any] = {}
    for structure in ("AB5", "AB3", "A2B7"):
        entry: dict[str, Any] = {}
        recs = [r for r in records() if r.structure == structure]
        for name in ("slope", "hysteresis"):
            values = [getattr(r, name) for r in recs if getattr(r, name) is not None]
            if len(values) >= 3:
                entry[name] = {"value": round(statistics.median(values), 3), "status": "derived",
                               "derivation": f"median of {len(values)} shipped {structure} records giving it"}
            else:
                entry[name] = {"value": assumed[name][structure]["value"], "status": "assumed",
                               "assumed": assumed[name][structure]["assumed"]}
        tc = assumed["critical_temperature_K"][structure]
        entry["critical_temperature_K"] = {"value": tc["value"], "status": "assumed", "assumed": tc["assumed"]}
        out[structure] = entry
    return out


def fit_model() -> dict[str, Any]:
    """Fit every target and collect the content of ``model_coefficients.yaml``."""
    rows = training_set()
    targets: dict[str, Any] = {}
    for target, unit in (("ln_p_ref", "ln(P/101325 Pa) at 298.15 K"), ("dH_desorption", "J/mol H2"),
                         ("h_per_m", "H atoms per metal atom")):
        result = cross_validate(rows, target)
        targets[target] = {
            "unit": unit,
            "coefficients": {f: round(float(c), 6) for f, c in zip(FEATURES, result["beta"], strict=True)},
            "cv_rmse": round(result["all"]["rmse"], 4),
            "cross_validation": {"method": "leave-one-composition-out", "all": result["all"],
                                 "by_structure": result["by_structure"]},
            "fit_residuals": result["fit"],
        }
    ranges: dict[str, Any] = {}
    for structure in ("AB5", "AB3", "A2B7"):
        X = np.array([r["x"] for r in rows if r["structure"] == structure])
        ranges[structure] = {f: [round(float(X[:, i].min()), 4), round(float(X[:, i].max()), 4)]
                             for i, f in enumerate(FEATURES) if f.startswith(("A:", "B:")) or f == "B/A excess"}
    counts = {structure: {target: sum(1 for r in rows if r["structure"] == structure and target in r["targets"])
                          for target in targets} for structure in ("AB5", "AB3", "A2B7")}
    temps = [t for r in rows for t in r["temperatures"]]
    a, b, rms = cell_volume_correlation()
    return {
        "description": "Linear composition model of reeflow.hydrogen.model; fitted by python -m reeflow.hydrogen.fit",
        "status": "fitted",
        "fitted_on": str(date.today()),
        "training_data": {"compositions": len(rows), "records": sum(len(r["names"]) for r in rows),
                          "sources": "data/hydrides/literature.yaml, purdue_re.yaml, hydpark_re.csv"},
        "ridge_penalty": RIDGE,
        "features": list(FEATURES),
        "training_counts": counts,
        "typical_dS_desorption": {
            "value": round(statistics.median(r.dS_desorption for r in records() if r.dS_desorption is not None), 2),
            "unit": "J/(mol H2 K)", "status": "derived",
            "derivation": "median desorption dS of the shipped records; used where a structure type has fewer "
                          "than MIN_DH_SAMPLES compositions with a measured dH"},
        "targets": targets,
        "per_structure": _per_structure_defaults(),
        "feature_ranges": ranges,
        "temperature_range_K": [round(float(np.percentile(temps, 5)), 1), round(float(np.percentile(temps, 95)), 1)],
        "cell_volume_correlation": {
            "equation": "ln(P_des/bar) = a + b V, V = CaCu5-type cell volume in A^3 (AB5, room temperature)",
            "a": round(a, 4), "b_per_A3": round(b, 5), "rms_ln_p": round(rms, 3),
            "source": "fitted to data/hydrides/cell_volume_cuevas.csv (Cuevas et al. 2002, digitised)"},
    }


def main(argv: list[str] | None = None) -> None:
    """Fit and write the coefficients file; print the cross-validated errors."""
    parser = argparse.ArgumentParser(description="Fit reeflow's hydride composition model.")
    default = Path(str(resources.files("reeflow.data").joinpath("hydrides/model_coefficients.yaml")))
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args(argv)
    content = fit_model()
    header = ("# Coefficients of the hydride composition model (reeflow.hydrogen.model).\n"
              "# generated by: python -m reeflow.hydrogen.fit (do not edit by hand); status: fitted.\n"
              "# units: see each target's 'unit'; errors are leave-one-composition-out cross-validation.\n")
    args.out.write_text(header + yaml.safe_dump(content, sort_keys=False, width=110), encoding="utf-8")
    for name, target in content["targets"].items():
        cv = target["cross_validation"]
        parts = ", ".join(f"{s} {v['rmse']:.3g} (n={v['n']})" for s, v in cv["by_structure"].items())
        print(f"{name}: LOO RMSE all {cv['all']['rmse']:.3g} (n={cv['all']['n']}); {parts}; "
              f"MAE all {cv['all']['mae']:.3g}")


if __name__ == "__main__":
    main()
