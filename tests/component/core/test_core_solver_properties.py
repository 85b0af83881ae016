"""Property tests of the flowsheet solver on random recycle flowsheets.

A random chain of component splitters, each sending part of its reject back to a mixer at the
head of the chain (nested recycles), must converge and close every element balance; the product
must equal the analytic steady state of the linear network.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.flowsheet import Feed, Flowsheet, solve
from reeflow.species import default_database
from reeflow.streams import element_balance
from reeflow.unitops import ComponentSplitter, Mixer, Splitter

pytestmark = pytest.mark.component

DB = default_database()
SPECIES = ["LaCO3F", "CaF2", "BaSO4"]


def build(stages: list[tuple[list[float], float]]) -> Flowsheet:
    """Feed → mixer → splitter 1 → ... → splitter n; each reject partly recycled to the mixer."""
    fs = Flowsheet("random", DB)
    fs.add_feed(Feed("feed", dict(zip(SPECIES, (0.2, 0.5, 0.3), strict=True)), rate=1.0))
    recycles = [f"recycle{i}" for i in range(len(stages))]
    fs.add_unit(Mixer("mix", {}, DB), ["feed", *recycles], {"out": "s0"})
    for i, (recoveries, back) in enumerate(stages):
        fs.add_unit(
            ComponentSplitter(f"sep{i}", {"recoveries": {"forward": dict(zip(SPECIES, recoveries, strict=True))},
                                          "remainder": "reject"}, DB),
            [f"s{i}"], {"forward": f"s{i + 1}", "reject": f"reject{i}"})
        fs.add_unit(Splitter(f"split{i}", {"fractions": {"back": back}, "remainder": "out"}, DB),
                    [f"reject{i}"], {"back": recycles[i], "out": f"waste{i}"})
    return fs


def analytic_product(stages: list[tuple[list[float], float]]) -> np.ndarray:
    """Per species: M = F / (1 − Σ_i back_i (1 − a_i) Π_{j<i} a_j); product = M Π a_i."""
    feed = np.array([0.2, 0.5, 0.3])
    through = np.ones(3)
    loop = np.zeros(3)
    for recoveries, back in stages:
        a = np.array(recoveries)
        loop += back * (1.0 - a) * through
        through = through * a
    return feed / (1.0 - loop) * through


stage = st.tuples(st.lists(st.floats(0.05, 0.95), min_size=3, max_size=3), st.floats(0.0, 0.9))


@given(st.lists(stage, min_size=1, max_size=4))
@settings(max_examples=40, deadline=None)
def test_random_recycles_converge_to_the_analytic_steady_state(stages) -> None:
    fs = build(stages)
    report = solve(fs)
    assert report.converged
    product = fs.streams[f"s{len(stages)}"]
    expected = analytic_product(stages)
    for k, sp in enumerate(SPECIES):
        assert product.species_mass_flow(sp) == pytest.approx(expected[k], rel=1e-9)
    outputs = [product, *(fs.streams[f"waste{i}"] for i in range(len(stages)))]
    assert element_balance([fs.streams["feed"]], outputs).closure <= 1e-9
