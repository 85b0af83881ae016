"""Timings of reeflow.hydrogen: PCT isotherms, predictions, design and a cold CLI call.

Usage: python benchmarks/bench_hydrogen.py

1. A 1000-point isotherm (``reeflow.hydrogen.pct.isotherm``) of LaNi5 at 298.15 K, desorption:
   median of 2000 calls; the same for a two-plateau model (A2B7-like) and for the inverse
   ``h_per_m_at`` at 1000 pressures.
2. Composition-model prediction for one formula (parse + predict), median of 2000 calls.
3. Inverse design (``design_alloys``, 1 bar at 40 degC), median of 5 calls.
4. Cold ``reeflow hydride pct LaNi5 --temperature 25degC --json`` in a new process, median of 5.

Results go to ``benchmarks/results/bench_hydrogen.json``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from reeflow.hydrogen.alloy import resolve_alloy
from reeflow.hydrogen.composition import parse_alloy
from reeflow.hydrogen.design import design_alloys
from reeflow.hydrogen.model import predict
from reeflow.hydrogen.pct import PCTModel, Plateau, h_per_m_at, isotherm

HERE = Path(__file__).resolve().parent


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``call`` over ``repeat`` runs, s."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the benchmarks and write the JSON results."""
    lani5 = resolve_alloy("LaNi5").pct
    two = PCTModel(1.0, (Plateau(-35000.0, -110.0, -35000.0, -108.0, 0.4, 0.3, 430.0),
                         Plateau(-25000.0, -105.0, -25000.0, -103.0, 0.6, 0.3, 430.0)))
    pressures = np.geomspace(1e3, 1e7, 1000)
    cli = [sys.executable, "-m", "reeflow.cli.app", "hydride", "pct", "LaNi5", "--temperature", "25degC", "--json"]
    results = {
        "isotherm_1000_points_single_plateau_ms": 1e3 * median_seconds(lambda: isotherm(lani5, 298.15, "desorption", 1000), 2000),
        "isotherm_1000_points_two_plateaus_ms": 1e3 * median_seconds(lambda: isotherm(two, 298.15, "desorption", 1000), 200),
        "h_per_m_at_1000_pressures_ms": 1e3 * median_seconds(lambda: h_per_m_at(lani5, 298.15, pressures), 500),
        "predict_one_formula_ms": 1e3 * median_seconds(lambda: predict(parse_alloy("La0.9Ce0.1Ni4.6Mn0.2Al0.2")), 2000),
        "design_1bar_40C_s": median_seconds(lambda: design_alloys(1e5, 313.15), 5),
        "cold_cli_pct_s": median_seconds(lambda: subprocess.run(cli, check=True, capture_output=True), 5),
    }
    record = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or platform.platform()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "results": results,
    }
    out = HERE / "results" / "bench_hydrogen.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    for name, value in results.items():
        print(f"{name:45s} {value:10.4f}")


if __name__ == "__main__":
    main()
