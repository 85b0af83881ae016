"""Summary statistics and Spearman sensitivities against exact cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reeflow.studies.statistics import SUMMARY, rank_correlations, statistic, summarise

pytestmark = pytest.mark.unit


def test_statistics_of_a_known_set() -> None:
    x = np.arange(1.0, 102.0)  # 1..101
    assert statistic(x, "mean") == 51.0
    assert statistic(x, "p10") == pytest.approx(11.0)
    assert statistic(x, "p50") == 51.0
    assert statistic(x, "min") == 1.0 and statistic(x, "max") == 101.0
    assert statistic(x, "sd") == pytest.approx(np.sqrt(101 * 102 / 12))  # sd (ddof=1) of 1..n is sqrt(n(n+1)/12)


def test_failures_are_left_out_and_counted() -> None:
    x = np.array([1.0, np.nan, 3.0])
    summary = summarise(x)
    assert summary["n"] == 2 and summary["mean"] == 2.0
    assert set(SUMMARY) <= set(summary)
    assert math.isnan(statistic(np.array([np.nan]), "mean"))


def test_spearman_of_monotone_and_constant() -> None:
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0], [4.0, 5.0]])
    y = np.column_stack([np.exp(x[:, 0]), -x[:, 0] ** 3, np.full(4, 2.0)])
    rho = rank_correlations(x, y, ["a", "b"], ["up", "down", "flat"])
    assert rho["up"]["a"] == pytest.approx(1.0)
    assert rho["down"]["a"] == pytest.approx(-1.0)
    assert rho["up"]["b"] is None and rho["flat"]["a"] is None


def test_unknown_statistic() -> None:
    with pytest.raises(ValueError, match="unknown statistic"):
        statistic(np.ones(3), "median")
