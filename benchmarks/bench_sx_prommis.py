"""reeflow's SX cascade solver side by side with PrOMMiS's SX model (3, 6 and 10 stages).

Usage: python benchmarks/bench_sx_prommis.py [--peer-python PATH] [--stages 3 6 10]

The peer runs in its own environment through ``benchmarks/_sx_prommis_peer.py`` (build it with
``/work/shared/peers/prommis/setup.sh /work/.peers/prommis``); without it, the benchmark says so
and times reeflow alone. Both models solve the same case: PrOMMiS's own steady SX example
(12 elements, dosage 5 %, aqueous and organic 62.01 L/h, its feed and pre-loaded organic), with
every stage's distribution ratio fixed at the value PrOMMiS's correlation gives at pH 1.5 (so its
pH dependence is switched off and the two models coincide: counter-current equilibrium stages with
constant D). reeflow reads the same inlets and D values from the peer's output and solves them as a
``constant_distribution`` extraction battery (PrOMMiS stage s is reeflow stage n + 1 − s).

Reported per stage count: PrOMMiS's median build + initialize + solve time; reeflow's median time
per solve (a cascade variant made with ``Cascade.replace`` and solved from a cold start) and to
read the cascade file (pint parsing of every quantity) plus solve; the ratios; and the largest
difference of the outlet concentrations (relative to each element's inlet concentration, and
plainly relative).
Results go to ``benchmarks/results/bench_sx_prommis.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from reeflow.unitops.sx import load_cascade, simulate

HERE = Path(__file__).resolve().parent
DEFAULT_PEER = Path(os.environ.get("REEFLOW_PROMMIS_PYTHON", "/work/.peers/prommis/venv/bin/python"))
REEFLOW_REPEATS = 200


def run_peer(python: Path, stages: list[int]) -> dict[str, Any] | None:
    """Run the peer script in PrOMMiS's environment; None (with a message) if it is absent or fails."""
    if not python.exists():
        print(
            f"PrOMMiS peer skipped: no interpreter at {python} (build it with "
            "/work/shared/peers/prommis/setup.sh /work/.peers/prommis, or set REEFLOW_PROMMIS_PYTHON)",
            file=sys.stderr,
        )
        return None
    env = dict(os.environ)
    peer_root = python.parent.parent.parent
    env.setdefault("IDAES_DATA", str(peer_root / "idaes-data"))
    env["PATH"] = f"{python.parent}:{env.get('PATH', '')}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "peer.json"
        proc = subprocess.run(
            [str(python), str(HERE / "_sx_prommis_peer.py"), str(out), *map(str, stages)],
            cwd=tmp, env=env, capture_output=True, text=True,
        )
        if proc.returncode != 0 or not out.exists():
            print(f"PrOMMiS peer skipped: it failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}", file=sys.stderr)
            return None
        return json.loads(out.read_text())


def cascade_file(run: dict[str, Any], n: int) -> dict[str, Any]:
    """The peer's case as a reeflow cascade file (constant_distribution extraction battery)."""
    elements = run["elements"]
    return {
        "name": f"PrOMMiS SX example, {n} stages, constant D",
        "components": elements,
        "sections": {"extraction": n, "scrubbing": 0},
        "feed": {
            "flow": f"{run['aqueous_flow_L_h']!r} L/h",
            "concentration": {e: f"{run['feed_mol_L'][e]!r} mol/L" for e in elements},
        },
        "organic": {
            "flow": f"{run['organic_flow_L_h']!r} L/h",
            "concentration": {e: f"{run['organic_in_mol_L'][e]!r} mol/L" for e in elements},
        },
        "equilibrium": {"model": "constant_distribution", "D": {e: float(run["D"][e]) for e in elements}},
    }


def time_reeflow(data: dict[str, Any]) -> tuple[float, float, Any]:
    """Median seconds to read the cascade file (pint parsing) and per solve.

    A solve is what an optimisation or Monte-Carlo loop pays per case: a cascade variant built
    with ``Cascade.replace`` (here with the same flows) and solved from a cold start.
    """
    read, solve = [], []
    cascade, result = None, None
    for _ in range(REEFLOW_REPEATS):
        a = time.perf_counter()
        cascade = load_cascade(data)
        b = time.perf_counter()
        variant = cascade.replace(organic_flow=cascade.organic_flow)
        result = simulate(variant)
        c = time.perf_counter()
        read.append(b - a)
        solve.append(c - b)
    return statistics.median(read), statistics.median(solve), (cascade, result)


def agreement(run: dict[str, Any], cascade: Any, result: Any) -> dict[str, float]:
    """Largest outlet-concentration differences between the two models."""
    elements = run["elements"]
    raff = result.outlet_flows["raffinate"] / cascade.feed_flow * 1e-3  # mol/m³ → mol/L
    org = result.outlet_flows["loaded_organic"] / cascade.organic_flow * 1e-3
    peer_raff = np.array([run["raffinate_mol_L"][e] for e in elements])
    peer_org = np.array([run["loaded_organic_mol_L"][e] for e in elements])
    scale = np.array([run["feed_mol_L"][e] + run["organic_in_mol_L"][e] for e in elements])
    diff = np.concatenate([np.abs(raff - peer_raff), np.abs(org - peer_org)])
    both = np.concatenate([np.abs(peer_raff), np.abs(peer_org)])
    tiny = 1e-300
    return {
        "max_diff_rel_to_inlet": float(np.max(diff / np.concatenate([scale, scale]))),
        "max_diff_relative": float(np.max(diff / np.maximum(both, tiny))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER)
    parser.add_argument("--stages", type=int, nargs="+", default=[3, 6, 10])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench_sx_prommis.json")
    args = parser.parse_args()

    peer = run_peer(args.peer_python, args.stages)
    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "peer": "PrOMMiS (IDAES/Pyomo/Ipopt-MUMPS), constant D at pH 1.5" if peer else "absent",
        "runs": {},
    }
    rows = []
    for n in args.stages:
        if peer is not None:
            run = peer["runs"][str(n)]
        else:  # reeflow alone: a representative 12-component case of the same size
            run = _standalone_case()
        data = cascade_file(run, n)
        read, solve, (cascade, result) = time_reeflow(data)
        entry: dict[str, Any] = {"reeflow_read_file_s": read, "reeflow_solve_s": solve, "reeflow_iterations": result.iterations}
        if peer is not None:
            entry.update(
                prommis_build_s=run["build"], prommis_init_s=run["init"], prommis_solve_s=run["solve"],
                prommis_total_s=run["total"], prommis_ok=run["all_ok"],
                speedup=run["total"] / solve, speedup_with_file_reading=run["total"] / (read + solve), **agreement(run, cascade, result),
            )
        report["runs"][str(n)] = entry
        rows.append((n, entry))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"# SX vs PrOMMiS ({report['date']}, {report['machine']})")
    print(
        "| stages | PrOMMiS build+init+solve (s) | reeflow solve (ms) | speed-up per solve | reeflow read file + solve (ms) "
        "| speed-up incl. file | max outlet diff (rel. to inlet) | max outlet diff (relative) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, e in rows:
        if "speedup" in e:
            print(
                f"| {n} | {e['prommis_total_s']:.3f} | {1e3 * e['reeflow_solve_s']:.3f} | {e['speedup']:.0f}× | "
                f"{1e3 * (e['reeflow_read_file_s'] + e['reeflow_solve_s']):.3f} | {e['speedup_with_file_reading']:.0f}× | "
                f"{e['max_diff_rel_to_inlet']:.1e} | {e['max_diff_relative']:.1e} |"
            )
        else:
            solve_ms = 1e3 * e["reeflow_solve_s"]
            file_ms = 1e3 * (e["reeflow_read_file_s"] + e["reeflow_solve_s"])
            print(f"| {n} | (peer absent) | {solve_ms:.3f} | – | {file_ms:.3f} | – | – | – |")


def _standalone_case() -> dict[str, Any]:
    """PrOMMiS-like inlets for timing reeflow alone when the peer is absent (not a comparison)."""
    elements = ["La", "Ce", "Pr", "Nd", "Sm", "Gd", "Dy", "Y", "Al", "Ca", "Fe", "Sc"]
    d = [0.076, 0.079, 0.090, 0.072, 0.112, 0.288, 4.03, 44.2, 0.0531, 0.0658, 0.1496, 632.5]
    feed = [7.1e-6, 1.6e-5, 2.2e-6, 6.6e-6, 6.5e-7, 1.6e-6, 2.9e-7, 1.4e-6, 1.6e-2, 2.7e-3, 1.2e-2, 7.1e-7]
    return {
        "elements": elements, "D": dict(zip(elements, d)), "aqueous_flow_L_h": 62.01, "organic_flow_L_h": 62.01,
        "feed_mol_L": dict(zip(elements, feed)), "organic_in_mol_L": {e: 0.0 for e in elements},
    }


if __name__ == "__main__":
    main()
