"""Latin hypercube samples: reproducible, one point per stratum, mapped onto the distributions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from reeflow.studies.inputs import ResolvedValue
from reeflow.studies.sampling import draw_samples, latin_hypercube, quantiles

pytestmark = pytest.mark.unit


def _value(kind: str, **parameters: float) -> ResolvedValue:
    return ResolvedValue("x", kind, parameters, None, 0.0)


def test_same_seed_same_samples_other_seed_other_samples() -> None:
    a = latin_hypercube(50, 3, seed=7)
    assert np.array_equal(a, latin_hypercube(50, 3, seed=7))
    assert not np.array_equal(a, latin_hypercube(50, 3, seed=8))


@pytest.mark.parametrize("n", [1, 7, 100])
def test_every_stratum_hit_once(n: int) -> None:
    u = latin_hypercube(n, 4, seed=3)
    assert u.shape == (n, 4)
    for column in u.T:
        assert sorted(np.floor(column * n).astype(int)) == list(range(n))


def test_uniform_marginal_exact() -> None:
    u = np.array([0.0, 0.25, 0.5, 1.0])
    assert np.allclose(quantiles(_value("uniform", low=2.0, high=6.0), u), [2.0, 3.0, 4.0, 6.0])


def test_triangular_stays_in_bounds_and_has_its_median() -> None:
    tri = _value("triangular", low=0.93, mode=0.96, high=0.98)
    u = latin_hypercube(1000, 1, seed=1)[:, 0]
    x = quantiles(tri, u)
    assert x.min() >= 0.93 and x.max() <= 0.98
    # median of a triangular distribution with its mode right of centre: low + sqrt((high-low)(mode-low)/2)
    assert float(quantiles(tri, np.array([0.5]))[0]) == pytest.approx(0.93 + np.sqrt(0.05 * 0.03 / 2))


def test_normal_and_lognormal_moments() -> None:
    u = latin_hypercube(4000, 2, seed=2)
    x = quantiles(_value("normal", mean=50.0, sd=2.0), u[:, 0])
    assert x.mean() == pytest.approx(50.0, abs=0.01)
    assert x.std(ddof=1) == pytest.approx(2.0, rel=0.01)
    y = quantiles(_value("lognormal", median=3.0, sd_log=0.2), u[:, 1])
    assert np.median(y) == pytest.approx(3.0, rel=1e-3)
    assert stats.kstest(np.log(y), "norm", args=(np.log(3.0), 0.2)).pvalue > 0.5


def test_draw_samples_columns_in_order() -> None:
    values = [_value("uniform", low=0.0, high=1.0), _value("uniform", low=10.0, high=11.0)]
    x = draw_samples(values, 20, seed=1)
    assert x.shape == (20, 2)
    assert np.allclose(x[:, 1] - 10.0, latin_hypercube(20, 2, seed=1)[:, 1])
    assert draw_samples([], 5, seed=1).shape == (5, 0)
