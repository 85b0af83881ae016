"""Statistics of the sampled outputs and their sensitivity to the uncertain inputs.

Summary statistics of each output over the successful samples: mean, sample standard deviation
(``ddof = 1``), the 5th, 10th, 50th, 90th and 95th percentiles (linear interpolation between order
statistics, numpy's default, method 7 of Hyndman & Fan 1996), minimum and maximum.

Sensitivity is Spearman's rank correlation ρ between each uncertain input and each output over
the successful samples (``scipy.stats.spearmanr``): +1 when the output rises monotonically with
the input, −1 when it falls, 0 when the ranks are unrelated. It captures monotone non-linear
effects but not interactions, and its sampling error is about 1/√(n − 1). An input or output that
does not vary has no rank correlation (reported as None).

References
----------
Hyndman, R. J., Fan, Y. (1996). Sample quantiles in statistical packages. The American
Statistician 50(4), 361-365. https://doi.org/10.1080/00031305.1996.10473566

Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley.
https://doi.org/10.1002/9780470725184

>>> statistic(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), "p50")
3.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["SUMMARY", "rank_correlations", "statistic", "summarise"]

#: The statistics reported for every output, in order.
SUMMARY = ("mean", "sd", "p5", "p10", "p50", "p90", "p95", "min", "max")


def statistic(values: NDArray[np.float64], name: str) -> float:
    """Statistic ``name`` (mean, sd, min, max, pNN) of ``values`` (NaN entries are failures, left out)."""
    ok = values[np.isfinite(values)]
    if ok.size == 0:
        return float("nan")
    if name == "mean":
        return float(np.mean(ok))
    if name == "sd":
        return float(np.std(ok, ddof=1)) if ok.size > 1 else float("nan")
    if name == "min":
        return float(np.min(ok))
    if name == "max":
        return float(np.max(ok))
    if name.startswith("p"):
        return float(np.percentile(ok, float(name[1:])))
    raise ValueError(f"unknown statistic {name!r}")


def summarise(values: NDArray[np.float64]) -> dict[str, float | int]:
    """Every statistic of :data:`SUMMARY` and ``n``, the number of successful samples."""
    summary: dict[str, float | int] = {name: statistic(values, name) for name in SUMMARY}
    summary["n"] = int(np.isfinite(values).sum())
    return summary


def rank_correlations(
    inputs: NDArray[np.float64], outputs: NDArray[np.float64], input_names: Sequence[str], output_names: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    """Spearman ρ of every output (columns of ``outputs``) with every input (columns of ``inputs``)
    over the rows where every output is finite: ``{output: {input: rho or None}}``."""
    ok = np.all(np.isfinite(outputs), axis=1)
    result: dict[str, dict[str, float | None]] = {}
    for k, out_name in enumerate(output_names):
        y = outputs[ok, k]
        row: dict[str, float | None] = {}
        for j, in_name in enumerate(input_names):
            x = inputs[ok, j]
            if y.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
                row[in_name] = None
                continue
            rho = stats.spearmanr(x, y).statistic
            row[in_name] = float(rho)
        result[out_name] = row
    return result
