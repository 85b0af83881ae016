"""Feeds dosed per another stream: the unit taking the feed runs after the stream it is dosed on,
wherever the two sit in the flowsheet, and the balances close."""

from __future__ import annotations

import pytest

from reeflow.errors import ScenarioError
from reeflow.flowsheet import Feed, Flowsheet, solve
from reeflow.species import default_database
from reeflow.streams import element_balance
from reeflow.unitops import Mixer, Splitter

pytestmark = pytest.mark.component

DB = default_database()


def parallel_branches(dose_on: str) -> Flowsheet:
    """Ore split in two branches; the first-listed branch takes water dosed 2 kg per kg of a stream
    of the other branch (``dose_on``), which the file lists later."""
    fs = Flowsheet("dosed", DB)
    fs.add_feed(Feed("ore", {"CaF2": 1.0}, rate=10.0))
    fs.add_feed(Feed("water", {"H2O": 1.0}, ratio=2.0, per=dose_on))
    fs.add_unit(Mixer("wash", {}, DB), ["branch_a", "water"], {"out": "washed"})
    fs.add_unit(Splitter("split", {"fractions": {"branch_a": 0.3}, "remainder": "branch_b"}, DB), ["ore"],
                {"branch_a": "branch_a", "branch_b": "branch_b"})
    fs.add_unit(Splitter("divide", {"fractions": {"half": 0.5}, "remainder": "rest"}, DB), ["branch_b"],
                {"half": "half", "rest": "rest"})
    return fs


def test_a_feed_dosed_on_a_parallel_branch_waits_for_it() -> None:
    fs = parallel_branches("half")
    report = solve(fs)
    assert report.converged
    water = fs.streams["water"].species_mass_flow("H2O")
    assert water == pytest.approx(2.0 * 0.5 * 0.7 * 10.0, rel=1e-12)
    assert fs.streams["washed"].species_mass_flow("H2O") == pytest.approx(water, rel=1e-12)
    inlets = [fs.streams[s] for s in ("ore", "water")]
    outlets = [fs.streams[s] for s in ("washed", "half", "rest")]
    assert element_balance(inlets, outlets).closure <= 1e-12


def test_a_feed_dosed_on_its_own_unit_outlet_converges_as_a_recycle() -> None:
    """Water dosed 2 kg per kg of the washed stream it makes: w = 2 (a + w) has no positive
    solution, so use a fraction: 0.5 kg per kg of washed gives w = a."""
    fs = parallel_branches("washed")
    fs.feeds["water"].ratio = 0.5
    report = solve(fs)
    assert report.converged
    assert fs.streams["water"].species_mass_flow("H2O") == pytest.approx(3.0, rel=1e-9)


def test_feeds_dosed_on_each_other_in_a_loop_are_refused() -> None:
    fs = parallel_branches("half")
    fs.add_feed(Feed("acid", {"H2O": 1.0}, ratio=1.0, per="water"))
    fs.feeds["water"].per = "acid"
    fs.inlets["wash"].append("acid")
    with pytest.raises(ScenarioError, match="feeds dosed on each other in a loop"):
        fs.connect()
