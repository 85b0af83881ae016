"""Time the main job and the command line's start-up.

- ``reeflow --help`` wall time (a new process each time), beside a bare ``python -c pass``
  measured in the same run, so the ratio survives a noisy machine;
- the default scenario (examples/dong_pao.yaml) in-process after import: load + build + solve +
  results, and the whole ``run_scenario`` with outputs written (no run store);
- the same for the ore-to-separated-oxides route (examples/monazite_caustic.yaml), whose
  solvent-extraction unit solves a 15-component, 25-stage mass-action cascade.

Usage: python benchmarks/bench_core.py [--repeat N]. Writes benchmarks/results/core.json and
prints a markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dong_pao.yaml"
SEPARATION = ROOT / "examples" / "monazite_caustic.yaml"


def wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(example: Path, repeat: int) -> dict[str, float]:
    from reeflow.flowsheet import flowsheet_results, solve
    from reeflow.pipeline import run_scenario
    from reeflow.scenario import build_flowsheet, load_scenario

    simulate, whole = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            start = time.perf_counter()
            scenario = load_scenario(example)
            flowsheet = build_flowsheet(scenario, example)
            flowsheet_results(flowsheet, solve(flowsheet), scenario.products)
            simulate.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_scenario(example, Path(tmp) / "out", record=False)
            whole.append(time.perf_counter() - start)
    return {"simulate_s": statistics.median(simulate), "run_with_outputs_s": statistics.median(whole)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bare = wall([sys.executable, "-c", "pass"], args.repeat)
    help_ = wall([sys.executable, "-m", "reeflow.cli.app", "--help"], args.repeat)
    results = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "python_start_s": bare,
        "help_s": help_,
        "help_over_bare_python_s": help_ - bare,
        **in_process(EXAMPLE, args.repeat),
        "separation": in_process(SEPARATION, args.repeat),
    }
    out = ROOT / "benchmarks" / "results" / "core.json"
    out.write_text(json.dumps(results, indent=1))
    print("| measure | median |\n|---|---|")
    print(f"| `reeflow --help`, whole process | {help_ * 1000:.0f} ms |")
    print(f"| bare `python -c pass`, same run | {bare * 1000:.0f} ms |")
    print(f"| `reeflow --help` beyond Python's own start | {(help_ - bare) * 1000:.0f} ms |")
    print(f"| Dong Pao scenario: load, build, solve, results | {results['simulate_s'] * 1000:.0f} ms |")
    print(f"| Dong Pao scenario with results.json, streams.csv, report.html | {results['run_with_outputs_s'] * 1000:.0f} ms |")
    separation = results["separation"]
    print(f"| monazite to separated oxides: load, build, solve, results | {separation['simulate_s'] * 1000:.0f} ms |")
    print(f"| the same with results.json, streams.csv, report.html | {separation['run_with_outputs_s'] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
