"""Optimisation on common random numbers: a known optimum is found; an infeasible study is diagnosed.

The flowsheet mixes water (an uncertain rate w) with brine dosed at r kg per kg of water, so the
product is (1 + r)·w exactly and the brine is r·w. Minimising the mean brine flow subject to
p10(product) ≥ L gives r* = L / p10(w) − 1, with p10(w) taken over the same draws the study uses.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reeflow.studies import run_study
from reeflow.studies.inputs import ResolvedValue
from reeflow.studies.sampling import draw_samples

pytestmark = pytest.mark.component

SCENARIO = """\
name: mixing
feeds:
  water: {composition: {H2O: 1.0}, rate: 1 kg/s}
  brine: {composition: {H2O: 1.0}, rate: {ratio: 0.5, per: water}}
units:
  tank: {type: mixer, inlets: [water, brine], outlets: {out: product}}
"""

STUDY = """\
scenario: mixing.yaml
samples: 30
seed: 5
uncertain: [{path: feeds.water.rate, normal: {mean: 3600 kg/h, sd: 360 kg/h}}]
outputs: {product: streams.product.mass_kg_per_h, brine: streams.brine.mass_kg_per_h}
decisions: [{path: feeds.brine.rate.ratio, low: 0.0, high: 2.0}]
objective: {minimize: brine, statistic: mean}
constraints: [{output: product, statistic: p10, min: LIMIT}]
"""


def _files(tmp_path: Path, limit: float) -> Path:
    (tmp_path / "mixing.yaml").write_text(SCENARIO, encoding="utf-8")
    study = tmp_path / "study.yaml"
    study.write_text(STUDY.replace("LIMIT", repr(limit)), encoding="utf-8")
    return study


def test_known_optimum(tmp_path: Path) -> None:
    limit = 4000.0  # kg/h
    result = run_study(_files(tmp_path, limit), executor="serial")
    water = ResolvedValue("feeds.water.rate", "normal", {"mean": 3600.0, "sd": 360.0}, "kg/h", 3600.0)
    w = draw_samples([water], 30, 5)[:, 0]
    expected = limit / np.percentile(w, 10) - 1.0
    optimum = result.summary["optimisation"]
    assert optimum["feasible"]
    r = optimum["decisions"]["feeds.brine.rate.ratio"]
    assert r == pytest.approx(expected, abs=2e-3)  # tolerance 1e-4 of the range 0-2, with margin
    assert r >= expected - 1e-6 * (1 + expected)  # feasible side
    assert optimum["objective"] == pytest.approx(r * w.mean(), rel=1e-9)
    assert optimum["constraints"]["p10(product)"] >= limit * (1 - 1e-6)
    assert optimum["evaluations"] == len(optimum["history"]) <= 60
    assert result.summary["statistics"]["brine"]["mean"] == pytest.approx(optimum["objective"])


def test_infeasible_study_is_diagnosed(tmp_path: Path) -> None:
    result = run_study(_files(tmp_path, 1e6), executor="serial")
    optimum = result.summary["optimisation"]
    assert not result.feasible and not optimum["feasible"]
    assert "p10(product)" in optimum["diagnosis"] and "Widen the decision bounds" in optimum["diagnosis"]
    assert optimum["decisions"]["feeds.brine.rate.ratio"] == pytest.approx(2.0)  # least infeasible: the upper bound
