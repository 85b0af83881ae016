"""Time to write report.html and streams.csv for a 32-stream, 14-unit flowsheet with recycles.

Usage: python benchmarks/bench_report.py

The results are those of the synthetic Dong Pao-like flowsheet built by
``tests/integration/report/test_report_browser.py`` (14 units, 4 recycles, 32 streams). Two
timings: *cold*, in a fresh interpreter, including the import of plotly (what ``reeflow run``
pays once), and *warm*, the median of repeated writes in one interpreter. Results go to
``benchmarks/results/bench_report.json``.
"""

from __future__ import annotations

import importlib.util
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

HERE = Path(__file__).resolve().parent
FLOWSHEET = HERE.parent / "tests" / "integration" / "report" / "test_report_browser.py"
REPEATS = 10

_COLD = """
import importlib.util, sys, time
from pathlib import Path
spec = importlib.util.spec_from_file_location("flowsheet", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
results = module.synthetic_results()
start = time.perf_counter()
from reeflow.report import write_report, write_streams_csv
write_report(results, Path(sys.argv[2]) / "report.html")
write_streams_csv(results, Path(sys.argv[2]) / "streams.csv")
print(time.perf_counter() - start)
"""


def synthetic_results() -> dict[str, Any]:
    """The benchmark's results dictionary."""
    spec = importlib.util.spec_from_file_location("report_flowsheet", FLOWSHEET)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results: dict[str, Any] = module.synthetic_results()
    return results


def main() -> None:
    from reeflow.report import write_report, write_streams_csv

    results = synthetic_results()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cold = float(subprocess.run(
            [sys.executable, "-c", _COLD, str(FLOWSHEET), folder],
            capture_output=True, text=True, check=True,
        ).stdout)
        warm = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            write_report(results, out / "report.html")
            write_streams_csv(results, out / "streams.csv")
            warm.append(time.perf_counter() - start)
        size = (out / "report.html").stat().st_size
    record = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "streams": len(results["streams"]),
        "units": len(results["units"]),
        "cold_write_s": round(cold, 4),
        "warm_write_median_s": round(statistics.median(warm), 4),
        "report_bytes": size,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "bench_report.json").write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
