"""The solver's Newton correction at hard, saturated states: exact Jacobian, accurate linear solve.

At states of a La/Ce cascade near its minimum organic flow (the organic loaded close to its
capacity) the correction ``δ`` that the solver computes must solve ``J δ = −r`` for the Jacobian
``J`` obtained by central finite differences of the scaled stage residuals in ``ln z``, and the
compiled block-Thomas kernel must agree with LAPACK's pivoted banded LU there.
"""

from __future__ import annotations

import numpy as np
import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.kernels import block_tridiagonal_step
from reeflow.unitops.sx.network import build_network
from reeflow.unitops.sx.solver import _Problem

pytestmark = pytest.mark.unit

NEAR_PINCH = {
    "name": "La/Ce near its minimum organic flow",
    "components": ["La", "Ce"],
    "sections": {"extraction": 8, "scrubbing": 11},
    "feed": {"flow": "10 L/min", "concentration": {"La": "0.48 mol/L", "Ce": "0.72 mol/L"}, "stage": 8},
    "organic": {"flow": "70.55 L/min"},
    "scrub": {"flow": "4.673 L/min", "concentration": {"Ce": "1 mol/L"}},
    "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "14.4 L/mol"}},
}


def _hard_states() -> list[np.ndarray]:
    """The solution and two random states within a factor e of it, stage by stage."""
    cascade = load_cascade(NEAR_PINCH)
    solution = simulate(cascade).aqueous  # mol/m³, the solver's state for this model
    rng = np.random.default_rng(7)
    return [solution] + [solution * np.exp(rng.uniform(-1.0, 1.0, solution.shape)) for _ in range(2)]


def _scaled_residual(problem: _Problem, log_z: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.asarray(problem.evaluate(np.exp(log_z)).residual / scale)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_newton_correction_solves_the_finite_difference_jacobian(index: int) -> None:
    problem = _Problem(build_network(load_cascade(NEAR_PINCH)))
    problem.compiled = None
    z = _hard_states()[index]
    point = problem.evaluate(z)
    log_z = np.log(z)
    jacobian = np.empty((z.size, z.size))
    h = 1e-6
    for k in range(z.size):
        e = np.zeros(z.size)
        e[k] = h
        plus = _scaled_residual(problem, log_z + e.reshape(z.shape), point.scale)
        minus = _scaled_residual(problem, log_z - e.reshape(z.shape), point.scale)
        jacobian[:, k] = (plus - minus).reshape(-1) / (2 * h)
    delta = problem.step(point, 0.0).reshape(-1)
    rhs = -point.scaled.reshape(-1)
    mismatch = float(np.linalg.norm(jacobian @ delta - rhs))
    assert mismatch <= 1e-7 * float(np.linalg.norm(rhs)) + 1e-9 * float(np.linalg.norm(delta)) + 1e-300


@pytest.mark.skipif(block_tridiagonal_step is None, reason="numba is not installed")
@pytest.mark.parametrize("index", [1, 2])
def test_compiled_kernel_agrees_with_lapack_at_saturated_states(index: int) -> None:
    problem = _Problem(build_network(load_cascade(NEAR_PINCH)))
    point = problem.evaluate(_hard_states()[index])
    compiled = problem.step(point, 0.0)
    problem.compiled = None
    banded = problem.step(point, 0.0)
    np.testing.assert_allclose(compiled, banded, rtol=1e-8, atol=1e-12 * float(np.abs(banded).max()))
