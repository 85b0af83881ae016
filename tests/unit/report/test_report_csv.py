"""streams.csv: a wide table read back with the csv module."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pytest

from reeflow.report import write_streams_csv
from reeflow.report.groups import RARE_EARTH_ELEMENTS, group_flow

pytestmark = pytest.mark.unit


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_csv_round_trip(results: dict[str, Any], tmp_path: Path) -> None:
    results["streams"]["odd, \"quoted\" stream"] = results["streams"].pop("barren")
    results["streams"]["ore"]["species_kg_per_h"] = {"La2(C2O4)3·10H2O": 1.0 / 3.0}
    path = tmp_path / "sub" / "streams.csv"
    write_streams_csv(results, path)
    rows = _read(path)
    assert [row["stream"] for row in rows] == list(results["streams"])
    for row in rows:
        stream = results["streams"][row["stream"]]
        assert row["source"] == (stream["source"] or "")
        assert row["sink"] == (stream["sink"] or "")
        assert float(row["mass_kg_per_h"]) == stream["mass_kg_per_h"]
        for phase, flow in stream["phase_kg_per_h"].items():
            assert float(row[f"{phase}_kg_per_h"]) == flow
        assert float(row["TREE_kg_per_h"]) == group_flow(stream, RARE_EARTH_ELEMENTS)
        for element, flow in stream["elements_kg_per_h"].items():
            assert float(row[f"element_{element}_kg_per_h"]) == flow
        for species, flow in stream["species_kg_per_h"].items():
            assert float(row[f"species_{species}_kg_per_h"]) == flow  # full precision
        element_sum = sum(float(v) for k, v in row.items() if k.startswith("element_"))
        assert math.isclose(element_sum, stream["mass_kg_per_h"], rel_tol=1e-12)


def test_csv_columns_are_ordered_for_a_spreadsheet(results: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "streams.csv"
    write_streams_csv(results, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    header = list(_read(path)[0])
    assert header[:9] == ["stream", "source", "sink", "mass_kg_per_h", "solid_kg_per_h",
                          "aqueous_kg_per_h", "organic_kg_per_h", "gas_kg_per_h", "TREE_kg_per_h"]
    elements = [h for h in header if h.startswith("element_")]
    assert elements == [f"element_{el}_kg_per_h" for el in results["balance"]["elements"]]
    first_species = min(i for i, h in enumerate(header) if h.startswith("species_"))
    assert header.index(elements[-1]) < first_species
