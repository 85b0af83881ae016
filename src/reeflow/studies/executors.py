"""Where the evaluations run: in this process, in local worker processes, or on a Ray cluster.

All three run the same :class:`~reeflow.studies.evaluate.Evaluator` on the same rows and return
the outcomes in row order, so they give identical numbers for the same seed (each evaluation is
deterministic and independent of the others).

* ``serial``: one after another in this process; no start-up cost, best for a few samples.
* ``processes``: ``concurrent.futures.ProcessPoolExecutor`` with ``workers`` processes on this
  machine; rows go out in batches (about four per worker) so each task carries enough work to
  amortise the pickling of the scenario.
* ``ray``: tasks on a Ray cluster (Moritz et al. 2018), one batch of rows per task. With an
  ``address`` (``ray://head:10001`` or ``auto``) the study joins that cluster, else it starts a
  local Ray instance with ``workers`` CPUs and shuts it down afterwards; a Ray instance already
  started in this process (``ray.init`` by the caller) is used as it is. Ray is an optional extra:
  ``pip install reeflow[ray]``.

Reference: Moritz, P. et al. (2018). Ray: a distributed framework for emerging AI applications.
OSDI '18, 561-577. https://www.usenix.org/conference/osdi18/presentation/moritz
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from reeflow.errors import InputError
from reeflow.studies.evaluate import Evaluator, Outcome
from reeflow.studies.spec import ExecutorSpec

__all__ = ["Runner", "batches", "open_runner"]


class Runner(Protocol):
    """Evaluates rows of changed values and returns their outcomes in row order."""

    description: str

    def map(self, evaluator: Evaluator, rows: NDArray[np.float64]) -> list[Outcome]:
        """The outcome of every row of ``rows``."""
        ...


def batches(rows: NDArray[np.float64], workers: int, batch_size: int | None) -> list[list[list[float]]]:
    """``rows`` split into consecutive batches: ``batch_size`` rows each, or about four per worker.

    >>> [len(b) for b in batches(np.zeros((10, 1)), workers=2, batch_size=None)]
    [2, 2, 2, 2, 2]
    """
    size = batch_size or max(1, math.ceil(len(rows) / (4 * workers)))
    plain = rows.tolist()
    return [plain[i:i + size] for i in range(0, len(plain), size)]


class _Serial:
    description = "serial"

    def map(self, evaluator: Evaluator, rows: NDArray[np.float64]) -> list[Outcome]:
        return [evaluator(row) for row in rows.tolist()]


class _Processes:
    def __init__(self, pool: Executor, spec: ExecutorSpec) -> None:
        self.pool = pool
        self.spec = spec
        self.description = f"processes ({spec.workers} workers)"

    def map(self, evaluator: Evaluator, rows: NDArray[np.float64]) -> list[Outcome]:
        parts = batches(rows, self.spec.workers, self.spec.batch_size)
        futures = [self.pool.submit(_run_batch, evaluator, part) for part in parts]
        return [outcome for future in futures for outcome in future.result()]


class _Ray:
    def __init__(self, ray: Any, spec: ExecutorSpec) -> None:
        self.ray = ray
        self.spec = spec
        self.task = ray.remote(_run_batch)
        cpus = int(ray.cluster_resources().get("CPU", spec.workers))
        self.workers = max(cpus, 1)
        where = spec.address or "local instance"
        self.description = f"ray ({where}, {self.workers} CPUs)"

    def map(self, evaluator: Evaluator, rows: NDArray[np.float64]) -> list[Outcome]:
        shared = self.ray.put(evaluator)
        parts = batches(rows, self.workers, self.spec.batch_size)
        results: list[list[Outcome]] = self.ray.get([self.task.remote(shared, part) for part in parts])
        return [outcome for part in results for outcome in part]


def _run_batch(evaluator: Evaluator, rows: Sequence[Sequence[float]]) -> list[Outcome]:
    """One task: evaluate ``rows`` in order (module level so that it pickles)."""
    return evaluator.evaluate_batch(rows)


@contextmanager
def open_runner(spec: ExecutorSpec) -> Iterator[Runner]:
    """A runner for ``spec``, with its worker processes or Ray connection closed on exit."""
    if spec.kind == "serial":
        yield _Serial()
    elif spec.kind == "processes":
        with ProcessPoolExecutor(max_workers=spec.workers) as pool:
            yield _Processes(pool, spec)
    else:
        ray = _import_ray()
        started = not ray.is_initialized()
        if started:
            if spec.address:
                ray.init(address=spec.address, log_to_driver=False)
            else:
                ray.init(num_cpus=spec.workers, include_dashboard=False, log_to_driver=False)
        try:
            yield _Ray(ray, spec)
        finally:
            if started:
                ray.shutdown()


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError(
            "executor.kind: 'ray' needs the Ray package, which is not installed; "
            "install it with: pip install reeflow[ray] (or choose serial or processes)"
        ) from None
    return ray
