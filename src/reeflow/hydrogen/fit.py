"""Fit the composition model to the shipped data and write ``model_coefficients.yaml`` (offline).

Run ``python -m reeflow.hydrogen.fit [--out PATH]``. Steps:

1. Training set (:mod:`reeflow.hydrogen.training`): one row per composition, its targets the
   median over the publications that measured it; the data-quality screen S1-S3 applied (the
   shipped fit) or not (reported for comparison).
2. Robust ridge regression for each target: features scaled to unit variance, a ridge penalty on
   all but the intercept and the structure offsets (a separate penalty on the AB3/A2B7 x A-site
   interaction features), Huber weights (threshold ``HUBER_K`` robust standard deviations of the
   residuals, iteratively reweighted least squares).
   Targets: ln(P_des/P0) at 298.15 K and H/M with all features of :data:`reeflow.hydrogen.model.FEATURES`;
   the desorption entropy dS = dH/T_ref - R ln P with the linear features only (no squares, no
   interactions: the compositions with a measured dH are all AB5), and
   dH = T_ref (dS + R ln P). Why through dS: fewer compositions have a measured dH (about 80)
   than a plateau (about 140), and dS varies much less between alloys than dH (the entropy is
   mostly that of the H2 gas lost), so the enthalpy borrows the plateau model's information.
3. Penalties chosen by cross-validation inside the training data only: ``INNER_FOLDS``-fold
   cross-validation over the grid ``PENALTIES`` x ``INTERACTION_PENALTIES`` (``PENALTIES`` alone
   where the design has no interaction data); the shipped coefficients use the penalties so
   chosen on all compositions.
4. Reported errors: nested leave-one-composition-out cross-validation. Each composition is
   predicted by a model whose penalties were chosen, and whose coefficients were fitted, without it;
   the error is against the composition's median measurement. RMSE, MAE and median absolute
   error, per structure family and overall, for the screened and the unscreened data.
5. Per-structure medians of slope and hysteresis where at least three records give them,
   otherwise the assumed defaults of ``literature.yaml``; feature ranges of the training set.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from reeflow.data import load_yaml
from reeflow.hydrogen.constants import GAS_CONSTANT as R
from reeflow.hydrogen.database import records
from reeflow.hydrogen.model import FEATURES, T_REF, feature_vector
from reeflow.hydrogen.training import (
    DS_BAND,
    CompositionRow,
    between_source_scatter,
    training_rows,
)

__all__ = [
    "HUBER_K",
    "INNER_FOLDS",
    "INTERACTION_PENALTIES",
    "MIN_DH_SAMPLES",
    "PENALTIES",
    "cell_volume_correlation",
    "choose_penalty",
    "cross_validate",
    "fit_model",
    "main",
    "robust_ridge",
]

#: Fewest compositions of a structure type with a measured dH for the dH model to be used for it.
MIN_DH_SAMPLES = 3
#: Ridge penalties tried (on features scaled to unit variance).
PENALTIES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: Ridge penalties tried on the AB3/A2B7 x A-site interaction features.
INTERACTION_PENALTIES = (0.1, 1.0, 10.0, 100.0)
#: Folds of the inner cross-validation that chooses the penalties.
INNER_FOLDS = 10
#: Huber threshold in robust standard deviations (1.4826 x median absolute deviation).
HUBER_K = 1.345
_UNPENALISED = tuple(i for i, f in enumerate(FEATURES) if f in ("intercept", "AB3", "A2B7"))
_INTERACTION = np.array([f.startswith("AB3/A2B7 x ") for f in FEATURES])
_LINEAR = np.array([not f.startswith("B2:") for f in FEATURES]) & ~_INTERACTION
_SUBSETS = ("all", "AB5", "AB5 without Mm", "with Mm", "AB3 + A2B7", "measured by 2+ publications")


def robust_ridge(X: np.ndarray, y: np.ndarray, penalty: float,
                 interaction_penalty: float | None = None) -> np.ndarray:
    """Huber-weighted ridge coefficients (IRLS until the coefficients settle, at most 50 passes).

    ``interaction_penalty`` applies to the AB3/A2B7 x A-site features (``penalty`` if None).
    """
    scale = X.std(axis=0)
    scale[list(_UNPENALISED)] = 1.0
    scale[scale == 0.0] = 1.0
    Xs = X / scale
    on_interactions = penalty if interaction_penalty is None else interaction_penalty
    P = np.diag(np.where(_INTERACTION, on_interactions, penalty))
    for i in _UNPENALISED:
        P[i, i] = 1e-9  # keeps a structure offset without data at zero
    w = np.ones_like(y)
    beta = np.zeros(X.shape[1])
    for _ in range(50):
        new = np.linalg.solve(Xs.T @ (w[:, None] * Xs) + P, Xs.T @ (w * y))
        settled = bool(np.max(np.abs(new - beta)) < 1e-7)
        beta = new
        if settled:
            break
        r = Xs @ beta - y
        sigma = max(1.4826 * float(np.median(np.abs(r - np.median(r)))), 1e-9)
        w = np.minimum(1.0, HUBER_K * sigma / np.maximum(np.abs(r), 1e-12))
    return np.asarray(beta / scale, dtype=float)


def choose_penalty(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(penalty, interaction penalty) with the least ``INNER_FOLDS``-fold cross-validated RMSE.

    The interaction penalty is searched only where some row has an AB3/A2B7 x A-site feature.
    """
    folds = np.arange(len(y)) % INNER_FOLDS
    np.random.default_rng(0).shuffle(folds)
    with_interactions = bool(np.any(X[:, _INTERACTION] != 0.0))
    grid = [(p, q) for p in PENALTIES for q in (INTERACTION_PENALTIES if with_interactions else (p,))]
    best, best_score = grid[0], np.inf
    for penalties in grid:
        errors = np.empty_like(y)
        for k in range(INNER_FOLDS):
            test = folds == k
            errors[test] = X[test] @ robust_ridge(X[~test], y[~test], *penalties) - y[test]
        score = float(np.sqrt(np.mean(errors**2)))
        if score < best_score:
            best, best_score = penalties, score
    return best


def _design(rows: list[CompositionRow], linear_only: bool = False) -> np.ndarray:
    X = np.array([feature_vector(r.a_fractions, r.b_per_a, r.structure) for r in rows])
    return X * _LINEAR if linear_only else X


def _summary(errors: np.ndarray) -> dict[str, float]:
    a = np.abs(errors)
    return {"rmse": round(float(np.sqrt(np.mean(errors**2))), 4), "mae": round(float(np.mean(a)), 4),
            "median_abs": round(float(np.median(a)), 4), "p90_abs": round(float(np.percentile(a, 90)), 4),
            "n": int(errors.size)}


def _subset_summaries(rows: list[CompositionRow], errors: np.ndarray, target: str) -> dict[str, Any]:
    structure = np.array([r.structure for r in rows])
    has_mm = np.array(["Mm" in r.a_fractions for r in rows])
    source = "dH_desorption" if target == "dS_desorption" else target
    repeated = np.array([len(r.values.get(source, [])) >= 2 for r in rows])
    masks = {"all": np.ones(len(rows), bool), "AB5": structure == "AB5",
             "AB5 without Mm": (structure == "AB5") & ~has_mm, "with Mm": has_mm, "AB3 + A2B7": structure != "AB5",
             "measured by 2+ publications": repeated}
    out: dict[str, Any] = {name: _summary(errors[mask]) for name, mask in masks.items() if mask.any()}
    out["by_structure"] = {s: _summary(errors[structure == s]) for s in ("AB5", "AB3", "A2B7")
                           if np.any(structure == s)}
    return out


def _fit_target(X: np.ndarray, y: np.ndarray, nested: bool) -> dict[str, Any]:
    """Coefficients with the penalties chosen on all rows, and (if ``nested``) LOCO predictions."""
    penalties = choose_penalty(X, y)
    out: dict[str, Any] = {"penalty": penalties, "beta": robust_ridge(X, y, *penalties)}
    if nested:
        predictions = np.empty_like(y)
        chosen = []
        for i in range(len(y)):
            keep = np.arange(len(y)) != i
            p = choose_penalty(X[keep], y[keep])
            chosen.append(p)
            predictions[i] = X[i] @ robust_ridge(X[keep], y[keep], *p)
        out["loco_predictions"] = predictions
        out["penalties_chosen"] = chosen
    return out


def cross_validate(rows: list[CompositionRow], nested: bool = True) -> dict[str, Any]:
    """Fit every target to ``rows``; with ``nested``, leave-one-composition-out errors as well.

    Returns per target ('ln_p_ref', 'dH_desorption', 'h_per_m', and 'dS_desorption' behind dH):
    'beta' (coefficients over FEATURES), 'penalty', and with ``nested`` 'errors' (prediction minus
    the composition's median), 'keys' and the subset summaries ('all', 'AB5', 'AB5 without Mm',
    'with Mm' (mischmetal of unstated lot on the A site), 'AB3 + A2B7', 'by_structure').
    """
    out: dict[str, Any] = {}
    p_rows = [r for r in rows if "ln_p_ref" in r.targets]
    lnp = _fit_target(_design(p_rows), np.array([r.targets["ln_p_ref"] for r in p_rows]), nested)
    s_rows = [r for r in rows if "ln_p_ref" in r.targets and "dH_desorption" in r.targets]
    dS_y = np.array([r.targets["dH_desorption"] / T_REF - R * r.targets["ln_p_ref"] for r in s_rows])
    dS = _fit_target(_design(s_rows, linear_only=True), dS_y, nested)
    cap_rows = [r for r in rows if "h_per_m" in r.targets]
    cap = _fit_target(_design(cap_rows), np.array([r.targets["h_per_m"] for r in cap_rows]), nested)
    dH_beta = T_REF * (dS["beta"] + R * lnp["beta"])
    out["ln_p_ref"] = {**lnp, "rows": p_rows}
    out["dS_desorption"] = {**dS, "rows": s_rows}
    out["h_per_m"] = {**cap, "rows": cap_rows}
    h_rows = [r for r in rows if "dH_desorption" in r.targets]
    out["dH_desorption"] = {"beta": dH_beta, "penalty": None, "rows": h_rows}
    if nested:
        # dH of a held-out composition from the dS and ln P models fitted without it
        lnp_loco = dict(zip((r.key for r in p_rows), lnp["loco_predictions"], strict=True))
        dS_loco = dict(zip((r.key for r in s_rows), dS["loco_predictions"], strict=True))
        X_h = _design(h_rows)
        dS_h = [dS_loco.get(r.key, float((X_h[i] * _LINEAR) @ dS["beta"])) for i, r in enumerate(h_rows)]
        lnp_h = [lnp_loco.get(r.key, float(X_h[i] @ lnp["beta"])) for i, r in enumerate(h_rows)]
        dH_pred = T_REF * (np.array(dS_h) + R * np.array(lnp_h))
        out["dH_desorption"]["loco_predictions"] = dH_pred
        for name in out:
            entry = out[name]
            y = np.array([_target(r, name) for r in entry["rows"]])
            entry["errors"] = entry["loco_predictions"] - y
            entry["keys"] = [r.key for r in entry["rows"]]
            entry.update(_subset_summaries(entry["rows"], entry["errors"], name))
    return out


def _target(row: CompositionRow, name: str) -> float:
    if name == "dS_desorption":
        return row.targets["dH_desorption"] / T_REF - R * row.targets["ln_p_ref"]
    return row.targets[name]


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


_UNITS = {"ln_p_ref": "ln(P/101325 Pa) at 298.15 K", "dH_desorption": "J/mol H2",
          "dS_desorption": "J/(mol H2 K)", "h_per_m": "H atoms per metal atom"}


def _cv_block(result: dict[str, Any], interactions: bool) -> dict[str, Any]:
    block: dict[str, Any] = {"method": "nested leave-one-composition-out (penalties chosen inside each fold)"}
    block.update({name: result[name] for name in (*_SUBSETS, "by_structure") if name in result})
    if result.get("penalties_chosen"):
        labels = [f"{p:g} / {q:g}" if interactions else f"{p:g}" for p, q in result["penalties_chosen"]]
        label = "penalties_chosen (penalty / interaction penalty: folds)" if interactions else "penalties_chosen"
        block[label] = dict(sorted({text: labels.count(text) for text in set(labels)}.items()))
    return block


def fit_model(nested: bool = True) -> dict[str, Any]:
    """Fit every target to the screened data and collect the content of ``model_coefficients.yaml``.

    With ``nested`` (the default; a few minutes) the nested cross-validated errors of the screened
    and of the unscreened data are included; without it only the coefficients (seconds).
    """
    rows = training_rows(screened=True)
    fitted = cross_validate(rows, nested=nested)
    unscreened = cross_validate(training_rows(screened=False), nested=True) if nested else None
    targets: dict[str, Any] = {}
    for name in ("ln_p_ref", "dH_desorption", "dS_desorption", "h_per_m"):
        result = fitted[name]
        entry: dict[str, Any] = {
            "unit": _UNITS[name],
            "coefficients": {f: round(float(c), 6) for f, c in zip(FEATURES, result["beta"], strict=True)},
            "penalty": None if result["penalty"] is None else result["penalty"][0],
        }
        interactions = name in ("ln_p_ref", "h_per_m")
        if interactions:
            entry["interaction_penalty"] = result["penalty"][1]
        if name == "dH_desorption":
            entry["derivation"] = "dH = T_ref (dS + R ln P): coefficients T_ref (c_dS + R c_lnP)"
        if nested:
            entry["cv_rmse"] = result["all"]["rmse"]
            entry["cross_validation"] = _cv_block(result, interactions)
            assert unscreened is not None
            entry["cross_validation_unscreened"] = _cv_block(unscreened[name], interactions)
        targets[name] = entry
    ranges: dict[str, Any] = {}
    for structure in ("AB5", "AB3", "A2B7"):
        X = _design([r for r in rows if r.structure == structure])
        ranges[structure] = {f: [round(float(X[:, i].min()), 4), round(float(X[:, i].max()), 4)]
                             for i, f in enumerate(FEATURES) if f.startswith(("A:", "B:")) or f == "B/A excess"}
    counts = {s: {t: sum(1 for r in rows if r.structure == s and t in r.targets)
                  for t in ("ln_p_ref", "dH_desorption", "h_per_m")} for s in ("AB5", "AB3", "A2B7")}
    temps = [t for r in rows for t in r.temperatures]
    a, b, rms = cell_volume_correlation()
    content: dict[str, Any] = {
        "description": "Linear composition model of reeflow.hydrogen.model; fitted by python -m reeflow.hydrogen.fit",
        "status": "fitted",
        "fitted_on": str(date.today()),
        "training_data": {
            "compositions": len(rows), "composition_publication_pairs": sum(r.publications for r in rows),
            "sources": "data/hydrides/purdue_re.yaml, hydpark_re.csv (literature.yaml repeats database values)",
            "screen": "S1 system-study sources, S2 rows that are not a first protium plateau, S3 dS outside "
                      f"{list(DS_BAND)} J/(mol H2 K) (reeflow.hydrogen.training)"},
        "huber_k": HUBER_K,
        "features": list(FEATURES),
        "training_counts": counts,
        "typical_dS_desorption": {
            "value": round(statistics.median(r.dS_desorption for r in records() if r.dS_desorption is not None), 2),
            "unit": "J/(mol H2 K)", "status": "derived",
            "derivation": "median desorption dS of the shipped records; used where a structure type has fewer "
                          "than MIN_DH_SAMPLES compositions with a measured dH"},
        "targets": targets,
    }
    if nested:
        content["between_source_scatter"] = {
            name: {k: round(float(v), 4) if isinstance(v, float) else v
                   for k, v in between_source_scatter(rows, name).items()}
            for name in ("ln_p_ref", "dH_desorption")}
    content.update({
        "per_structure": _per_structure_defaults(),
        "feature_ranges": ranges,
        "temperature_range_K": [round(float(np.percentile(temps, 5)), 1), round(float(np.percentile(temps, 95)), 1)],
        "cell_volume_correlation": {
            "equation": "ln(P_des/bar) = a + b V, V = CaCu5-type cell volume in A^3 (AB5, room temperature)",
            "a": round(a, 4), "b_per_A3": round(b, 5), "rms_ln_p": round(rms, 3),
            "source": "fitted to data/hydrides/cell_volume_cuevas.csv (Cuevas et al. 2002, digitised)"},
    })
    return content


def main(argv: list[str] | None = None) -> None:
    """Fit and write the coefficients file; print the cross-validated errors."""
    parser = argparse.ArgumentParser(description="Fit reeflow's hydride composition model.")
    default = Path(str(resources.files("reeflow.data").joinpath("hydrides/model_coefficients.yaml")))
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args(argv)
    content = fit_model()
    header = ("# Coefficients of the hydride composition model (reeflow.hydrogen.model).\n"
              "# generated by: python -m reeflow.hydrogen.fit (do not edit by hand); status: fitted.\n"
              "# units: see each target's 'unit'; errors: nested leave-one-composition-out cross-validation\n"
              "#   against each composition's median measurement, screened data (cross_validation) and all\n"
              "#   data (cross_validation_unscreened).\n")
    args.out.write_text(header + yaml.safe_dump(content, sort_keys=False, width=110), encoding="utf-8")
    for name, target in content["targets"].items():
        for label in ("cross_validation", "cross_validation_unscreened"):
            cv = target[label]
            parts = "; ".join(f"{s} RMSE {cv[s]['rmse']:.3g} MAE {cv[s]['mae']:.3g} median {cv[s]['median_abs']:.3g} "
                              f"(n={cv[s]['n']})" for s in _SUBSETS if s in cv)
            print(f"{name} [{label}]: {parts}")


if __name__ == "__main__":
    main()
