"""Time per SX cascade solve against stages and components, and the throughput check.

Usage: python benchmarks/bench_sx_scaling.py [--quick]

1. Stages: a 4-component competitive-Langmuir cascade (extraction = scrubbing = N/2) for N = 10 …
   200; median time per cold-start solve.
2. Components: a 60-stage competitive-Langmuir cascade with C = 2 … 15 components.
3. Throughput: 10⁴ solves of the 4-component 60-stage cascade with organic and scrub flows drawn
   uniformly within ±20 % (seeded), one core; total time and per-solve median.

The cases: feed 1 L/min with 0.25 mol/L of each component (equal molar shares for C ≠ 4),
capacity 0.18 mol/L, affinities K_i = 2.0 · 1.5^i L/mol (adjacent separation factor 1.5),
organic 4 L/min, metal-free scrub 0.5 L/min. Results go to
``benchmarks/results/bench_sx_scaling.json`` and the plot to ``docs/sx_scaling.html`` (plotly).
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

HERE = Path(__file__).resolve().parent
SYMBOLS = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y"]


def case(stages: int, components: int) -> Cascade:
    """The benchmark cascade with ``stages`` stages (half extraction, half scrubbing)."""
    names = SYMBOLS[:components]
    share = 1.0 / components
    n = max(1, stages // 2)
    return load_cascade({
        "name": f"scaling {components} components, {stages} stages",
        "components": names,
        "sections": {"extraction": n, "scrubbing": stages - n},
        "feed": {"flow": "1 L/min", "concentration": {c: f"{share} mol/L" for c in names}},
        "organic": {"flow": "4 L/min"},
        "scrub": {"flow": "0.5 L/min"},
        "equilibrium": {
            "model": "competitive_langmuir",
            "capacity": "0.18 mol/L",
            "K": {c: f"{2.0 * 1.5**i} L/mol" for i, c in enumerate(names)},
        },
    })


def time_solves(cascade: Cascade, repeats: int) -> dict[str, float]:
    times, iterations = [], []
    for _ in range(repeats):
        a = time.perf_counter()
        result = simulate(cascade)
        times.append(time.perf_counter() - a)
        iterations.append(result.iterations)
    return {"median_s": statistics.median(times), "min_s": min(times), "iterations": statistics.median(iterations)}


def throughput(count: int, seed: int = 1) -> dict[str, Any]:
    base = case(60, 4)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(0.8, 1.2, size=(count, 2))
    variants = [base.replace(organic_flow=base.organic_flow * f, scrub_flow=base.scrub_flow * g) for f, g in factors]
    times, failures = [], 0
    start = time.perf_counter()
    for variant in variants:
        a = time.perf_counter()
        try:
            simulate(variant)
        except ConvergenceError:
            failures += 1
        times.append(time.perf_counter() - a)
    total = time.perf_counter() - start
    return {"solves": count, "total_s": total, "median_s": statistics.median(times), "max_s": max(times), "failures": failures}


def plot(report: dict[str, Any], path: Path) -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("4 components", "60 stages"))
    for col, key in ((1, "stages"), (2, "components")):
        rows = report[key]
        for stat, dash in (("median_s", "solid"), ("min_s", "dot")):
            fig.add_trace(go.Scatter(
                x=[r[key] for r in rows], y=[1e3 * r[stat] for r in rows], mode="lines+markers",
                line={"dash": dash}, name=f"{'median' if stat == 'median_s' else 'fastest'} vs {key}",
            ), row=1, col=col)
    fig.update_xaxes(title_text="stages", row=1, col=1)
    fig.update_xaxes(title_text="components", row=1, col=2)
    fig.update_yaxes(title_text="median time per cold-start solve (ms)", row=1, col=1)
    fig.update_layout(title=f"reeflow SX solver scaling ({report['date']}, {report['machine']})")
    path.write_text(fig.to_html(include_plotlyjs="cdn", full_html=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and 10³ throughput solves")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench_sx_scaling.json")
    parser.add_argument("--plot", type=Path, default=HERE.parent / "docs" / "sx_scaling.html")
    args = parser.parse_args()
    repeats = 5 if args.quick else 30
    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "stages": [],
        "components": [],
    }
    for stages in (10, 20, 40, 60, 100, 150, 200):
        report["stages"].append({"stages": stages, **time_solves(case(stages, 4), repeats)})
    for components in (2, 3, 4, 6, 8, 10, 12, 15):
        report["components"].append({"components": components, **time_solves(case(60, components), repeats)})
    report["throughput"] = throughput(1000 if args.quick else 10000)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    plot(report, args.plot)
    print(f"# SX solver scaling ({report['date']}, {report['machine']})")
    print("| stages (4 components) | median ms/solve | fastest ms/solve | Newton iterations |\n|---|---|---|---|")
    for r in report["stages"]:
        print(f"| {r['stages']} | {1e3 * r['median_s']:.2f} | {1e3 * r['min_s']:.2f} | {r['iterations']:.0f} |")
    print("\n| components (60 stages) | median ms/solve | fastest ms/solve | Newton iterations |\n|---|---|---|---|")
    for r in report["components"]:
        print(f"| {r['components']} | {1e3 * r['median_s']:.2f} | {1e3 * r['min_s']:.2f} | {r['iterations']:.0f} |")
    t = report["throughput"]
    print(
        f"\nThroughput: {t['solves']} solves of the 4-component 60-stage cascade (flows ±20 %): "
        f"{t['total_s']:.2f} s total, median {1e3 * t['median_s']:.2f} ms, max {1e3 * t['max_s']:.1f} ms, "
        f"{t['failures']} not converged"
    )


if __name__ == "__main__":
    main()
