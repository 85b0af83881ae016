"""A recycle flowsheet converges to its analytic steady state with closed balances."""

import pytest

from reeflow.errors import ConvergenceError
from reeflow.flowsheet import Feed, Flowsheet, SolveOptions, solve
from reeflow.species import default_database
from reeflow.streams import element_balance
from reeflow.unitops import ComponentSplitter, Mixer, Splitter

pytestmark = pytest.mark.component

DB = default_database()


def recycle_flowsheet(recovery: float, purge: float) -> Flowsheet:
    fs = Flowsheet("recycle", DB)
    fs.add_feed(Feed("feed", {"LaCO3F": 0.3, "CaF2": 0.7}, rate=10.0))
    fs.add_unit(Mixer("mix", {}, DB), ["feed", "recycle"], {"out": "mixed"})
    fs.add_unit(ComponentSplitter("sep", {"recoveries": {"product": {"LaCO3F": recovery, "CaF2": 0.05}},
                                          "remainder": "reject"}, DB), ["mixed"], {"product": "product", "reject": "reject"})
    fs.add_unit(Splitter("purge", {"fractions": {"purge": purge}, "remainder": "recycle"}, DB), ["reject"],
                {"purge": "purge", "recycle": "recycle"})
    return fs


@pytest.mark.parametrize(("recovery", "purge"), [(0.8, 0.1), (0.3, 0.02), (0.95, 0.5)])
def test_recycle_matches_the_analytic_steady_state(recovery: float, purge: float) -> None:
    fs = recycle_flowsheet(recovery, purge)
    report = solve(fs)
    assert report.converged
    # mixer outlet M = F / (1 - (1-p)(1-a)) for each species with recovery a
    la_in = 3.0
    expected_product = recovery * la_in / (1.0 - (1.0 - purge) * (1.0 - recovery))
    assert fs.streams["product"].species_mass_flow("LaCO3F") == pytest.approx(expected_product, rel=1e-10)
    balance = element_balance([fs.streams["feed"]], [fs.streams["product"], fs.streams["purge"]])
    assert balance.closure <= 1e-9
    assert all(t.residual <= 1e-11 for t in report.tears)


def test_non_convergence_raises_with_tear_residuals() -> None:
    fs = recycle_flowsheet(0.01, 0.001)
    with pytest.raises(ConvergenceError) as info:
        solve(fs, SolveOptions(max_iterations=1))
    tears = info.value.diagnostics["tears"]
    assert tears and all(t["relative_residual"] > 1e-11 for t in tears.values())


@pytest.mark.parametrize("budget", [1, 2, 3, 5, 8])
def test_reported_convergence_agrees_with_the_reported_residuals(budget: int) -> None:
    """Whatever the iteration budget, ``converged`` is true exactly when every reported tear
    residual meets the tolerance."""
    options = SolveOptions(max_iterations=budget)
    report = solve(recycle_flowsheet(0.8, 0.1), options, raise_on_failure=False)
    assert report.converged == all(t.residual <= options.tolerance for t in report.tears)


def test_results_warn_when_the_overall_balance_does_not_close() -> None:
    """Units close their balances; streams made inconsistent afterwards (here a product emptied)
    show in the overall closure and as a warning."""
    from reeflow.flowsheet import flowsheet_results
    from reeflow.streams import Stream

    fs = recycle_flowsheet(0.8, 0.1)
    report = solve(fs)
    assert not any("does not close" in w for w in flowsheet_results(fs, report, [])["warnings"])
    fs.streams["purge"] = Stream("purge", DB)
    results = flowsheet_results(fs, report, [])
    assert results["balance"]["closure"] > 1e-6
    assert any("overall element balance does not close" in w for w in results["warnings"])


def test_a_wide_wegstein_bound_solves_a_high_recycle_in_a_few_passes() -> None:
    """A loop returning 99.9 % of a flow (gain a = 0.999): q must reach a/(a - 1) = -999. Bounded at
    -5 the iteration crawls at rate 0.994 per pass; bounded at -1000 it lands in a few passes on the
    analytic steady state."""
    from reeflow.scenario.schema import SolverSpec

    slow = solve(recycle_flowsheet(0.0, 0.001), SolveOptions(max_iterations=200), raise_on_failure=False)
    assert not slow.converged
    options = SolverSpec(wegstein_q_min=-1000).solve_options()
    fs = recycle_flowsheet(0.0, 0.001)
    fast = solve(fs, options)
    assert fast.converged and max(fast.iterations.values()) <= 5
    assert fs.streams["purge"].species_mass_flow("LaCO3F") == pytest.approx(3.0, rel=1e-9)


def test_the_wegstein_bound_must_not_be_positive() -> None:
    from pydantic import ValidationError

    from reeflow.scenario.schema import SolverSpec

    assert SolverSpec().solve_options().q_min == -5.0
    with pytest.raises(ValidationError, match="less than or equal to 0"):
        SolverSpec(wegstein_q_min=0.5)
