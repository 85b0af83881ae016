"""Stage sequencing of the SX solver: coarser cascades, the stretch of a profile, the same solution.

Checks: only sections longer than ``COARSEST_SECTION`` are halved and the feed stage keeps its
place in its section; the stretch is the identity onto a cascade of the same size, keeps a
constant profile constant, keeps a geometric trace tail's ratio per stage, and lengthens a
plateau; the sequenced solve reaches the same steady state as the direct one (random cascades of
every section kind, including stripping with recycle).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.network import COARSEST_SECTION, build_network, coarser_cascade, prolong
from reeflow.unitops.sx.solver import _sequenced

pytestmark = pytest.mark.unit


def _cascade(extraction: int, scrubbing: int, feed_stage: int | None = None) -> dict[str, Any]:
    feed: dict[str, Any] = {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}}
    if feed_stage is not None:
        feed["stage"] = feed_stage
    return {
        "name": "La/Ce",
        "components": ["La", "Ce"],
        "sections": {"extraction": extraction, "scrubbing": scrubbing},
        "feed": feed,
        "organic": {"flow": "3 L/min"},
        "scrub": {"flow": "0.4 L/min"},
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "11 L/mol"}},
    }


def test_only_long_sections_are_halved_and_the_feed_keeps_its_place() -> None:
    coarse = coarser_cascade(load_cascade(_cascade(100, 10, feed_stage=50)))
    assert coarse is not None
    assert (coarse.extraction, coarse.scrubbing, coarse.feed_stage) == (50, 10, 25)
    top_feed = coarser_cascade(load_cascade(_cascade(31, 40)))
    assert top_feed is not None
    assert (top_feed.extraction, top_feed.scrubbing, top_feed.feed_stage) == (16, 20, 16)
    assert coarser_cascade(load_cascade(_cascade(COARSEST_SECTION, COARSEST_SECTION))) is None


def test_stretch_onto_the_same_stages_is_the_identity() -> None:
    net = build_network(load_cascade(_cascade(20, 15)))
    z = np.exp(np.random.default_rng(1).uniform(-30.0, 5.0, (net.n_stages, net.state_size)))
    np.testing.assert_allclose(prolong(z, net, net), z, rtol=1e-12)


def test_stretch_keeps_a_constant_profile_and_a_trace_tail_ratio_per_stage() -> None:
    fine_cascade = load_cascade(_cascade(40, 30))
    coarse_cascade = coarser_cascade(fine_cascade)
    assert coarse_cascade is not None
    coarse, fine = build_network(coarse_cascade), build_network(fine_cascade)
    z = np.full((coarse.n_stages, 2), 7.0)
    ratio = 1e-3  # per stage, down from the top of the scrubbing section
    z[:, 1] = 100.0 * ratio ** (coarse.n_stages - 1 - np.arange(coarse.n_stages))
    out = prolong(z, coarse, fine)
    np.testing.assert_allclose(out[:, 0], 7.0, rtol=1e-12)
    tail = out[:, 1] < 100.0 * 1e-8
    steps = out[1:, 1] / out[:-1, 1]
    np.testing.assert_allclose(steps[tail[1:] & tail[:-1]], 1.0 / ratio, rtol=1e-9)


def test_stretch_lengthens_a_plateau_with_its_section() -> None:
    fine_cascade = load_cascade(_cascade(40, 30))
    coarse_cascade = coarser_cascade(fine_cascade)
    assert coarse_cascade is not None
    coarse, fine = build_network(coarse_cascade), build_network(fine_cascade)
    z = np.ones((coarse.n_stages, 2))
    z[: coarse_cascade.feed_stage, 0] = 50.0  # a plateau in the extraction section
    out = prolong(z, coarse, fine)
    assert np.all(out[: fine_cascade.feed_stage - 1, 0] > 49.0)
    assert np.all(out[fine_cascade.feed_stage + 1 :, 0] < 1.0 + 1e-9)


def _random_cascades() -> Any:
    path = Path(__file__).parents[2] / "component" / "sx" / "test_sx_balances.py"
    spec = importlib.util.spec_from_file_location("_sx_balances", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._random_cascades()


@settings(max_examples=25, deadline=None)
@given(data=_random_cascades(), stretch=st.integers(2, 5))
def test_sequenced_solve_reaches_the_direct_solution(data: dict[str, Any], stretch: int) -> None:
    cascade = load_cascade(data)
    top = cascade.extraction + cascade.scrubbing
    feed = cascade.feed_stage * stretch if cascade.feed_stage < top else top * stretch
    cascade = cascade.replace(
        extraction=cascade.extraction * stretch,
        scrubbing=cascade.scrubbing * stretch,
        stripping=cascade.stripping * stretch,
        feed_stage=feed,
    )
    direct = simulate(cascade)
    with np.errstate(all="ignore"):
        point, _ = _sequenced(cascade, 1e-12, 400)
    if coarser_cascade(cascade) is None:
        assert point is None
        return
    assert point is not None and point.error < 1e-12
    active = [i for i, total in enumerate(cascade.total_input()) if total > 0]
    reference = direct.aqueous[:, active]
    scale = reference.max(axis=0)
    np.testing.assert_allclose(point.aqueous[:, : len(active)] / scale, reference / scale, rtol=0, atol=1e-8)
