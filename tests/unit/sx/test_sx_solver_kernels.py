"""The compiled block-Thomas step equals LAPACK's banded solve; the package's public names."""

from __future__ import annotations

import numpy as np
import pytest

import reeflow.unitops.sx as sx
from reeflow.unitops.sx import CompetitiveLangmuir, load_cascade, simulate
from reeflow.unitops.sx.kernels import block_tridiagonal_step
from reeflow.unitops.sx.network import build_network
from reeflow.unitops.sx.solver import _linear_start, _Problem

pytestmark = pytest.mark.unit

CASE = {
    "name": "kernel check",
    "components": ["La", "Ce", "Pr"],
    "sections": {"extraction": 9, "scrubbing": 8},
    "feed": {"flow": "1 L/min", "concentration": {"La": "0.3 mol/L", "Ce": "0.3 mol/L", "Pr": "0.3 mol/L"}},
    "organic": {"flow": "3 L/min"},
    "scrub": {"flow": "0.5 L/min"},
    "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "11 L/mol", "Pr": "22 L/mol"}},
}


@pytest.mark.skipif(block_tridiagonal_step is None, reason="numba is not installed")
@pytest.mark.parametrize("sigma", [0.0, 1e-3, 1.0])
def test_compiled_step_equals_lapack_step(sigma: float) -> None:
    problem = _Problem(build_network(load_cascade(CASE)))
    point = problem.evaluate(_linear_start(problem))
    assert problem.compiled is not None
    compiled = problem.step(point, sigma)
    problem.compiled = None
    banded = problem.step(point, sigma)
    np.testing.assert_allclose(compiled, banded, rtol=1e-9, atol=1e-12 * float(np.abs(banded).max()))


def test_public_names() -> None:
    expected = {
        "Cascade", "CascadeResult", "CompetitiveLangmuir", "ConstantDistribution", "EquilibriumModel",
        "MassAction", "extractant_constants", "extractant_systems", "load_cascade", "simulate",
    }
    assert expected <= set(sx.__all__)
    for name in sx.__all__:
        assert hasattr(sx, name)


class _ExplicitAqueous(CompetitiveLangmuir):
    """The Langmuir model reporting its aqueous contents' Jacobian explicitly (the general path)."""

    def phase_contents(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
        aqueous, organic, _, d_organic = super().phase_contents(z)
        return aqueous.copy(), organic, np.broadcast_to(np.eye(z.shape[1]), d_organic.shape).copy(), d_organic


def test_models_with_an_explicit_aqueous_jacobian_solve_alike() -> None:
    cascade = load_cascade(CASE)
    model = cascade.equilibrium
    assert isinstance(model, CompetitiveLangmuir)
    explicit = cascade.replace(equilibrium=_ExplicitAqueous(model.components, model.capacity, model.K))
    np.testing.assert_allclose(simulate(explicit).aqueous, simulate(cascade).aqueous, rtol=1e-10)
