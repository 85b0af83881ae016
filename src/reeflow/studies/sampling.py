"""Monte-Carlo samples of the uncertain inputs by Latin hypercube sampling.

Method
------
Latin hypercube sampling (McKay, Beckman & Conover 1979) splits [0, 1) into ``n`` equal strata
for each of the ``d`` inputs and draws exactly one point in every stratum of every input, with
the strata of different inputs paired at random (``scipy.stats.qmc.LatinHypercube``, Virtanen et
al. 2020). Each uniform column ``u`` is mapped onto its input's distribution by the inverse
cumulative distribution function (``ppf``):

* normal: ``mean + sd·Φ⁻¹(u)``;
* uniform: ``low + (high − low)·u``;
* triangular: the inverse of the triangular CDF on [low, high] with peak ``mode``;
* lognormal: ``median·exp(sd_log·Φ⁻¹(u))``.

The same ``seed`` gives the same samples on every machine and with every executor. Inputs are
assumed independent (no correlation between them is imposed).

References
----------
McKay, M. D., Beckman, R. J., Conover, W. J. (1979). A comparison of three methods for selecting
values of input variables in the analysis of output from a computer code. Technometrics 21(2),
239-245. https://doi.org/10.1080/00401706.1979.10489755

Virtanen, P. et al. (2020). SciPy 1.0. Nature Methods 17, 261-272.
https://doi.org/10.1038/s41592-019-0686-2

>>> u = latin_hypercube(4, 1, seed=1)
>>> sorted(int(x * 4) for x in u[:, 0])
[0, 1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import stats
from scipy.stats import qmc

from reeflow.studies.inputs import ResolvedValue

__all__ = ["draw_samples", "latin_hypercube", "quantiles"]


def latin_hypercube(samples: int, dimensions: int, seed: int) -> NDArray[np.float64]:
    """``samples`` × ``dimensions`` points in [0, 1), one per stratum of each column."""
    if dimensions == 0:
        return np.zeros((samples, 0))
    sampler = qmc.LatinHypercube(dimensions, rng=np.random.default_rng(seed))
    return np.asarray(sampler.random(samples), dtype=float)


def quantiles(value: ResolvedValue, u: NDArray[np.float64]) -> NDArray[np.float64]:
    """The values of ``value``'s distribution at cumulative probabilities ``u`` (in its unit)."""
    p = value.parameters
    if value.kind == "normal":
        return np.asarray(stats.norm.ppf(u, loc=p["mean"], scale=p["sd"]), dtype=float)
    if value.kind == "uniform":
        return p["low"] + (p["high"] - p["low"]) * u
    if value.kind == "triangular":
        width = p["high"] - p["low"]
        c = (p["mode"] - p["low"]) / width
        return np.asarray(stats.triang.ppf(u, c, loc=p["low"], scale=width), dtype=float)
    if value.kind == "lognormal":
        return np.asarray(stats.lognorm.ppf(u, p["sd_log"], scale=p["median"]), dtype=float)
    raise ValueError(f"unknown distribution {value.kind!r}")


def draw_samples(inputs: Sequence[ResolvedValue], samples: int, seed: int) -> NDArray[np.float64]:
    """``samples`` × ``len(inputs)`` values, column j in the unit of ``inputs[j]``."""
    u = latin_hypercube(samples, len(inputs), seed)
    columns = [quantiles(value, u[:, j]) for j, value in enumerate(inputs)]
    return np.column_stack(columns) if columns else np.zeros((samples, 0))
