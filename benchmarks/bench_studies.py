"""Wall time of an uncertainty study on the serial, process-pool and Ray executors.

Usage: python benchmarks/bench_studies.py [--samples N] [--workers W]

Runs examples/studies/dong_pao_uncertainty.yaml (six uncertain inputs, seven outputs, the Dong
Pao front end with its acid recycle) with N samples (default 200) on each executor with W workers
(default 2), checks that the three give identical numbers, and writes the wall times (including
the start of the worker processes or of the local Ray instance) to
``benchmarks/results/bench_studies.json``. Ray is skipped if it is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STUDY = HERE.parent / "examples" / "studies" / "dong_pao_uncertainty.yaml"


def main() -> None:
    from reeflow.studies import run_study

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    kinds = ["serial", "processes"] + (["ray"] if importlib.util.find_spec("ray") else [])
    rows: list[dict[str, Any]] = []
    reference = None
    for kind in kinds:
        result = run_study(STUDY, samples=args.samples, executor=kind, workers=args.workers)
        numbers = (result.rows, result.summary["statistics"])
        reference = reference or numbers
        wall = result.summary["wall_time_s"]
        rows.append({"executor": result.summary["executor"], "wall_time_s": wall,
                     "ms_per_solve": 1000 * wall / result.summary["scenario_solves"],
                     "identical_to_serial": numbers == reference})
        print(f"{rows[-1]['executor']:<32} {wall:7.2f} s  {rows[-1]['ms_per_solve']:6.1f} ms/solve  "
              f"identical: {rows[-1]['identical_to_serial']}")
    out = HERE / "results" / "bench_studies.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "study": str(STUDY.relative_to(HERE.parent)), "samples": args.samples, "workers": args.workers,
        "results": rows,
    }, indent=1), encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
