"""Tear streams keep their temperature: a recycle enters its consumer at the temperature it was
computed at, not at 25 °C, so every stream of a converged loop is at the steady mixing temperature.

With no energy balance, outlets leave at the mass-weighted inlet temperature; at steady state a
loop of mixers and splitters therefore carries the mass-weighted temperature of the fresh feeds,
T = Σ m_i T_i / Σ m_i, whatever the recycle fractions (exact solution of the linear mixing loop).
"""

from __future__ import annotations

import pytest

from reeflow.flowsheet import Feed, Flowsheet, flowsheet_results, solve
from reeflow.species import default_database
from reeflow.unitops import Mixer, Splitter

pytestmark = pytest.mark.component

DB = default_database()
COLD, HOT = 298.15, 363.15


def loop(recycle: float, second_loop: bool) -> Flowsheet:
    """1 kg/s of cold solids and 2 kg/s of hot water mixed, a fraction ``recycle`` of the mix sent
    back (and, with ``second_loop``, as much again to an upstream mixer: two tears)."""
    fs = Flowsheet("hot_loop", DB)
    fs.add_feed(Feed("solids", {"CaF2": 1.0}, rate=1.0, temperature=COLD))
    fs.add_feed(Feed("water", {"H2O": 1.0}, rate=2.0, temperature=HOT))
    fs.add_unit(Mixer("pre", {}, DB), ["solids", *(["back_2"] if second_loop else [])], {"out": "premix"})
    fs.add_unit(Mixer("tank", {}, DB), ["premix", "water", "back_1"], {"out": "slurry"})
    fractions = {"back_1": recycle, **({"back_2": recycle / 4} if second_loop else {})}
    fs.add_unit(Splitter("split", {"fractions": fractions, "remainder": "product"}, DB), ["slurry"],
                {**{k: k for k in fractions}, "product": "product"})
    return fs


@pytest.mark.parametrize("recycle", [0.2, 0.6, 0.75])
@pytest.mark.parametrize("second_loop", [False, True])
def test_every_stream_of_a_converged_loop_is_at_the_feeds_mixing_temperature(recycle: float,
                                                                               second_loop: bool) -> None:
    fs = loop(recycle, second_loop)
    report = solve(fs)
    assert report.converged
    expected = (1.0 * COLD + 2.0 * HOT) / 3.0
    for sid in ("slurry", "back_1", "product", *(["back_2"] if second_loop else [])):
        assert fs.streams[sid].temperature == pytest.approx(expected, rel=1e-10), sid
    assert fs.streams["product"].mass_flow == pytest.approx(3.0, rel=1e-9)  # tolerance 1e-11 × loop gain


def test_tear_reports_carry_the_temperature_residual() -> None:
    fs = loop(0.6, False)
    report = solve(fs)
    tears = flowsheet_results(fs, report, ["product"])["solver"]["tears"]
    assert tears and all(0.0 <= t["temperature_residual"] <= 1e-11 for t in tears.values())


def test_an_empty_tear_converges_whatever_its_temperature() -> None:
    """A recycle that carries nothing has no temperature to converge; the block still converges."""
    fs = loop(0.0, False)
    report = solve(fs)
    assert report.converged
    assert fs.streams["back_1"].mass_flow == 0.0
    assert fs.streams["product"].temperature == pytest.approx((COLD + 2.0 * HOT) / 3.0, rel=1e-12)
