"""What a study produced, and writing it: study.json and a CSV of every sample."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["StudyResult", "write_study"]


@dataclass(frozen=True)
class StudyResult:
    """``summary``: the JSON-ready result (statistics, sensitivity, optimum, failures, wall time,
    executor); ``header`` and ``rows``: one row per sample of the reported point — its inputs,
    decisions and outputs, and the failure reason (empty when it succeeded)."""

    summary: dict[str, Any]
    header: list[str]
    rows: list[list[Any]]

    @property
    def feasible(self) -> bool:
        """False only for an optimisation that found no point meeting every constraint."""
        optimisation = self.summary.get("optimisation")
        return optimisation is None or bool(optimisation["feasible"])


def write_study(result: StudyResult, folder: Path) -> dict[str, Path]:
    """Write ``study.json`` and ``samples.csv`` into ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"study": folder / "study.json", "samples": folder / "samples.csv"}
    files["study"].write_text(json.dumps(jsonable(result.summary), indent=1), encoding="utf-8")
    with files["samples"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.header)
        writer.writerows(result.rows)
    return files


def jsonable(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
