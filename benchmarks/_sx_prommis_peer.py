"""Peer side of ``bench_sx_prommis.py``: PrOMMiS's steady SX model with constant distribution ratios.

Runs inside PrOMMiS's own environment (``/work/.peers/prommis/venv``), never imported by reeflow.
Usage: python _sx_prommis_peer.py OUT.json STAGES... ; writes per stage count the median build /
initialize / solve times, the inlets and the outlet concentrations (mol/L) and flows (L/h).

PrOMMiS computes each element's distribution ratio per stage from the pH,
log10 D = (m0 + m1·dosage)·pH + B0 + B1·log10(dosage) for the rare earths and constant D for
Al, Ca, Fe, Sc. To make both models solve the same equations, the distribution constraint of
every stage is deactivated and ``distribution_coefficient`` fixed at the value PrOMMiS's own
correlation gives at dosage 5 % and a reference pH of 1.5: the rest of PrOMMiS's model (balances,
flows, initializer, scaling, Ipopt) is untouched.
"""

import contextlib
import io
import json
import math
import statistics
import sys
import time

t0 = time.perf_counter()
import idaes  # noqa: E402
import pyomo.environ as pyo  # noqa: E402
from idaes.core.solvers import get_solver  # noqa: E402
from prommis.solvent_extraction import solvent_extraction_steady as sxs  # noqa: E402

IMPORT_S = time.perf_counter() - t0
idaes.cfg.ipopt_v2.options.linear_solver = "mumps"  # Debian's Ipopt has MUMPS, not HSL

DOSAGE = 5
PH_REFERENCE = 1.5
REPEATS = 3


def constant_d(params):
    """PrOMMiS's distribution ratio of each element at DOSAGE and PH_REFERENCE."""
    out = {}
    for e in params.element_list:
        k_corr = pyo.value(params.K_corr[e])
        log_d = (pyo.value(params.m0[e]) + DOSAGE * pyo.value(params.m1[e])) * PH_REFERENCE + (
            pyo.value(params.B0[e]) + pyo.value(params.B1[e]) * math.log10(DOSAGE)
        )
        out[e] = 10**log_d * (1 - k_corr) + k_corr * pyo.value(params.K1[e])
    return out


def run(n):
    a = time.perf_counter()
    m = sxs.build_model(DOSAGE, n, has_holdup=False)
    sxs.set_inputs(m, DOSAGE, has_holdup=False)
    d_values = constant_d(m.fs.reaxn)
    for block in m.fs.solex.mscontactor.heterogeneous_reactions.values():
        block.distribution_expression_constraint.deactivate()
        for e, value in d_values.items():
            block.distribution_coefficient[e].fix(value)
    sxs.scale_model(m)
    b = time.perf_counter()
    sxs.initialize_steady_model(m)
    c = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        res = get_solver("ipopt_v2").solve(m)
    d = time.perf_counter()
    return m, d_values, dict(build=b - a, init=c - b, solve=d - c, total=d - a, ok=pyo.check_optimal_termination(res))


def snapshot(m, n, d_values):
    mc = m.fs.solex.mscontactor
    t = m.fs.time.first()
    elements = list(d_values)
    aq_in, org_in = mc.aqueous_inlet_state[t], mc.organic_inlet_state[t]
    aq_out, org_out = mc.aqueous[t, n], mc.organic[t, 1]

    def conc(state, e):
        return pyo.value(pyo.units.convert(state.conc_mol_comp[e], pyo.units.mol / pyo.units.L))

    def flow(state):
        return pyo.value(pyo.units.convert(state.flow_vol, pyo.units.L / pyo.units.hour))

    return {
        "elements": elements,
        "D": d_values,
        "aqueous_flow_L_h": flow(aq_in),
        "organic_flow_L_h": flow(org_in),
        "aqueous_outlet_flow_L_h": flow(aq_out),
        "organic_outlet_flow_L_h": flow(org_out),
        "feed_mol_L": {e: conc(aq_in, e) for e in elements},
        "organic_in_mol_L": {e: conc(org_in, e + "_o") for e in elements},
        "raffinate_mol_L": {e: conc(aq_out, e) for e in elements},
        "loaded_organic_mol_L": {e: conc(org_out, e + "_o") for e in elements},
    }


def main():
    out_path = sys.argv[1]
    stages = [int(s) for s in sys.argv[2:]] or [3, 6, 10]
    out = {"import_s": IMPORT_S, "dosage": DOSAGE, "pH_reference": PH_REFERENCE, "runs": {}}
    for n in stages:
        rows = []
        for _ in range(REPEATS):
            m, d_values, row = run(n)
            rows.append(row)
        summary = {k: statistics.median(r[k] for r in rows) for k in ("build", "init", "solve", "total")}
        summary["all_ok"] = all(r["ok"] for r in rows)
        summary["rows"] = rows
        summary.update(snapshot(m, n, d_values))
        out["runs"][str(n)] = summary
        print(f"PrOMMiS n={n}: total {summary['total']:.3f} s ok={summary['all_ok']}", file=sys.stderr, flush=True)
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
