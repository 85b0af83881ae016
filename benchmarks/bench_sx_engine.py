"""Speed of reeflow's SX cascade engine on the issue's reference case.

Usage: python benchmarks/bench_sx_engine.py [--repeats 200] [--batch 10000]

Case: 4 components (La, Ce, Pr, Nd, 0.25 mol/L each), 30 extraction + 30 scrubbing stages,
``competitive_langmuir`` with Q = 0.18 mol/L and K = 2, 11, 22, 33 L/mol (saturated organic),
feed 1 L/min, organic 4 L/min, scrub 0.8 L/min. Every solve starts cold (the linear start, no
reuse of an earlier profile). Reported:

* the median (and 10th/90th percentiles) of ``simulate`` over ``--repeats`` solves of that case;
* the wall time of ``--batch`` solves with organic and scrub flows drawn uniformly in ±25 % of the
  base (cascades built with ``Cascade.replace`` beforehand, as an optimiser or Monte-Carlo loop
  would), on one core, and how many of them converged;
* iterations (median, max) over the batch.

``--lapack-only`` disables the compiled (numba) block-Thomas kernel, to time the solver as it runs
where numba is not installed.

Results go to ``benchmarks/results/bench_sx_engine.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx import Cascade, load_cascade, simulate

CASE: dict[str, Any] = {
    "name": "benchmark: 4 components, 60 stages, saturated competitive Langmuir",
    "components": ["La", "Ce", "Pr", "Nd"],
    "sections": {"extraction": 30, "scrubbing": 30},
    "feed": {"flow": "1 L/min", "concentration": {"La": "0.25 mol/L", "Ce": "0.25 mol/L", "Pr": "0.25 mol/L", "Nd": "0.25 mol/L"}},
    "organic": {"flow": "4 L/min"},
    "scrub": {"flow": "0.8 L/min"},
    "equilibrium": {
        "model": "competitive_langmuir",
        "capacity": "0.18 mol/L",
        "K": {"La": "2 L/mol", "Ce": "11 L/mol", "Pr": "22 L/mol", "Nd": "33 L/mol"},
    },
}


def _single(cascade: Cascade, repeats: int) -> dict[str, float]:
    simulate(cascade)  # first call outside the timing (imports, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        simulate(cascade)
        times.append(time.perf_counter() - start)
    q = np.percentile(times, [10, 50, 90])
    return {"median_ms": 1e3 * statistics.median(times), "p10_ms": 1e3 * q[0], "p90_ms": 1e3 * q[2]}


def _batch(cascade: Cascade, count: int, seed: int = 1) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    variants = [
        cascade.replace(
            organic_flow=cascade.organic_flow * rng.uniform(0.75, 1.25),
            scrub_flow=cascade.scrub_flow * rng.uniform(0.75, 1.25),
        )
        for _ in range(count)
    ]
    iterations: list[int] = []
    failures = 0
    start = time.perf_counter()
    for variant in variants:
        try:
            iterations.append(simulate(variant).iterations)
        except ConvergenceError:
            failures += 1
    wall = time.perf_counter() - start
    return {
        "solves": count,
        "wall_s": wall,
        "per_solve_ms": 1e3 * wall / count,
        "failures": failures,
        "iterations_median": statistics.median(iterations) if iterations else None,
        "iterations_max": max(iterations) if iterations else None,
    }


def _numba_version() -> str | None:
    try:
        import numba
    except ImportError:
        return None
    return str(numba.__version__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--lapack-only", action="store_true", help="time without the numba kernel")
    args = parser.parse_args()
    if args.lapack_only:
        import reeflow.unitops.sx.solver as solver_module

        solver_module.block_tridiagonal_step = None
    cascade = load_cascade(CASE)
    single = _single(cascade, args.repeats)
    batch = _batch(cascade, args.batch)
    result = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "numpy": np.__version__,
        "compiled_kernel": not args.lapack_only and _numba_version() is not None,
        "numba": _numba_version(),
        "case": CASE["name"],
        "single_solve": single,
        "batch": batch,
        "targets": {"median_ms": 5.0, "batch_10000_s": 10.0},
    }
    name = "bench_sx_engine_lapack.json" if args.lapack_only else "bench_sx_engine.json"
    out = Path(__file__).parent / "results" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"single solve: median {single['median_ms']:.3f} ms (p10 {single['p10_ms']:.3f}, p90 {single['p90_ms']:.3f})\n"
        f"batch: {batch['solves']} solves in {batch['wall_s']:.2f} s ({batch['per_solve_ms']:.3f} ms each), "
        f"{batch['failures']} not converged, iterations median {batch['iterations_median']}, max {batch['iterations_max']}\n"
        f"written to {out}"
    )


if __name__ == "__main__":
    main()
