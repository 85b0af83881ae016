"""Non-negative reconciled flows: the bounded solution against a hand-solved KKT system, scipy's
trust-constr, the unbounded solution and the shipped example with an inconsistent trace assay.

Linear cases use streams of oxygen only (a stream's mass flow is its O flow), as in
test_reconcile_estimates.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, minimize

from reeflow.flowsheet import Feed, Flowsheet, solve
from reeflow.reconciliation import balance_model, measurement_model, read_measurements, reconcile
from reeflow.reconciliation.problem import BalanceModel
from reeflow.reconciliation.solve import Reconciliation
from reeflow.species import default_database
from reeflow.unitops import ComponentSplitter, Splitter

pytestmark = pytest.mark.component

DB = default_database()
ROOT = Path(__file__).parents[3]


def solved(flowsheet: Flowsheet) -> BalanceModel:
    solve(flowsheet)
    return balance_model(flowsheet)


def write_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path.write_text("stream,quantity,value,sd\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def throughput(model: BalanceModel) -> np.ndarray:
    """d_k: the largest simulated flow of variable k's element (kg/s), per variable."""
    largest = model.flows_by_stream(model.simulated).max(axis=0)
    return np.tile(np.where(largest > 0, largest, 1.0), len(model.streams))


def assert_balanced_and_nonnegative(model: BalanceModel, result: Reconciliation) -> None:
    d = throughput(model)
    assert result.balance_closure <= 1e-9
    np.testing.assert_allclose(model.balance_matrix @ (result.flows / d), 0.0, atol=1e-9)
    assert np.all(result.flows >= -1e-12 * d)


def trace_splitter() -> BalanceModel:
    """feed (10 kg/s of O2) → splitter → a (99.9 %), b (0.1 %, a trace branch)."""
    fs = Flowsheet("trace_split", DB)
    fs.add_feed(Feed("feed", {"O2(g)": 1.0}, rate=10.0))
    fs.add_unit(Splitter("split", {"fractions": {"a": 0.999}, "remainder": "b"}, DB), ["feed"], {"a": "a", "b": "b"})
    return solved(fs)


TRACE = trace_splitter()


def test_one_active_bound_matches_the_hand_solved_kkt_system(tmp_path: Path) -> None:
    """feed 10 ± 0.1, a 10.4 ± 0.1, b 0.1 ± 1 (kg/s): unbounded, b = 0.1 − 0.5/1.02 < 0. With b = 0
    the balance gives feed = a, and min ((F − 10)/0.1)² + ((F − 10.4)/0.1)² has F = 10.2; the
    multiplier of b ≥ 0, ∂φ/∂b at b = 0 with F = a + b, is positive."""
    sd = {"feed": 0.1, "a": 0.1, "b": 1.0}
    measured = {"feed": 10.0, "a": 10.4, "b": 0.1}
    rows = [(s, "mass_flow", f"{measured[s]!r} kg/s", f"{sd[s]!r} kg/s") for s in ("feed", "a", "b")]
    data = read_measurements(write_csv(tmp_path / "m.csv", rows), TRACE.streams, TRACE.elements)
    unbounded = reconcile(TRACE, data, nonnegative=False)
    assert unbounded.flows[TRACE.stream_slice("b")].sum() < 0
    result = reconcile(TRACE, data)
    weights = {s: 1 / sd[s] ** 2 for s in sd}
    mean = (weights["feed"] * measured["feed"] + weights["a"] * measured["a"]) / (weights["feed"] + weights["a"])
    flows = {s: float(result.flows[TRACE.stream_slice(s)].sum()) for s in TRACE.streams}
    assert flows["b"] == 0.0
    assert flows["feed"] == pytest.approx(mean, rel=1e-10)
    assert flows["a"] == pytest.approx(mean, rel=1e-10)
    chi_square = sum(((flows[s] - measured[s]) / sd[s]) ** 2 for s in sd)
    assert result.chi_square == pytest.approx(chi_square, rel=1e-10)
    # ∂/∂b of Σ ((h − m)/σ)² along F = a + b, a fixed: 2 (F − m_F)/σ_F² + 2 (b − m_b)/σ_b² > 0
    assert 2 * (mean - measured["feed"]) / sd["feed"] ** 2 + 2 * (0.0 - measured["b"]) / sd["b"] ** 2 > 0
    assert [(b.stream, b.element) for b in result.active_bounds] == [("b", "O")]
    assert result.active_bounds[0].unbounded_flow == pytest.approx(unbounded.flows[TRACE.stream_slice("b")].sum())
    # with b known to be zero, feed and a check each other and b is tested against zero: ν = 3 − 1
    assert result.degrees_of_freedom == unbounded.degrees_of_freedom + 1
    assert all(r.affected_by_bounds for r in result.measurements)
    assert result.chi_square_unbounded == pytest.approx(unbounded.chi_square, rel=1e-12)
    assert_balanced_and_nonnegative(TRACE, result)


def test_assays_with_an_active_bound_agree_with_slsqp(tmp_path: Path) -> None:
    """Two minerals split into a product and a reject; an inconsistent La assay of the reject makes
    its La flow negative. The bounded solution is compared with an independent solve over the
    element flows f themselves: scipy's SLSQP with A f = 0 and f ≥ 0 (an active-set SQP, where
    the reconciliation works in the null space of A with least squares on each face)."""
    fs = Flowsheet("minerals", DB)
    fs.add_feed(Feed("feed", {"LaCO3F": 0.3, "CaF2": 0.7}, rate=10.0))
    fs.add_unit(ComponentSplitter("sep", {"recoveries": {"product": {"LaCO3F": 0.99, "CaF2": 0.05}},
                                          "remainder": "reject"}, DB), ["feed"], {"product": "product", "reject": "reject"})
    model = solved(fs)
    rows = [("feed", "mass_flow", "10.0 kg/s", "0.1 kg/s"), ("product", "mass_flow", "3.4 kg/s", "0.05 kg/s"),
            ("feed", "La", "0.18", "0.002"), ("product", "La", "0.55", "0.005"), ("reject", "Ca", "0.46", "0.01")]
    data = read_measurements(write_csv(tmp_path / "m.csv", rows), model.streams, model.elements)
    assert np.any(reconcile(model, data, nonnegative=False).flows < 0)
    result = reconcile(model, data)
    assert_balanced_and_nonnegative(model, result)
    assert result.active_bounds
    forms = measurement_model(model, data)
    present = model.simulated > 0
    d = throughput(model)

    def flows_of(u: np.ndarray) -> np.ndarray:
        flows = np.zeros_like(model.simulated)
        flows[present] = d[present] * u
        return flows

    def chi_square(u: np.ndarray) -> float:
        return float(np.sum(((forms.predict(flows_of(u)) - forms.values) / forms.sd) ** 2))

    def gradient(u: np.ndarray) -> np.ndarray:
        residual = (forms.predict(flows_of(u)) - forms.values) / forms.sd
        return 2 * ((forms.jacobian(flows_of(u)) / forms.sd[:, None])[:, present] * d[present]).T @ residual

    independent = minimize(
        chi_square, model.simulated[present] / d[present], jac=gradient, method="SLSQP",
        constraints=[LinearConstraint(model.balance_matrix[:, present], 0.0, 0.0)],
        bounds=Bounds(0.0, np.inf), options={"ftol": 1e-12, "maxiter": 1000},
    )
    # SLSQP stops at its precision limit here (status 8, "positive directional derivative"): check
    # that its point is feasible instead of trusting the status
    assert np.all(independent.x >= -1e-8)
    np.testing.assert_allclose(model.balance_matrix[:, present] @ independent.x, 0.0, atol=1e-8)
    assert result.chi_square == pytest.approx(independent.fun, rel=1e-6)
    for r, predicted in zip(result.measurements, forms.predict(flows_of(independent.x)), strict=True):
        assert r.reconciled == pytest.approx(predicted, rel=1e-5, abs=1e-4 * r.measurement.sd)


@settings(max_examples=25, deadline=None)
@given(
    noise=st.lists(st.floats(-3.0, 3.0), min_size=3, max_size=3),
    relative_sd=st.lists(st.floats(0.002, 0.05), min_size=2, max_size=2),
    trace_sd=st.floats(0.001, 0.1),
)
def test_bounded_solution_is_feasible_and_no_better_than_unbounded(
    tmp_path_factory: pytest.TempPathFactory, noise: list[float], relative_sd: list[float], trace_sd: float
) -> None:
    """Consistent data of the trace splitter plus noise: the bounded χ² lies between the unbounded
    one and that of any feasible point (the simulation); unbounded solutions without a negative
    flow are returned unchanged."""
    true = {s: float(TRACE.flows_by_stream(TRACE.simulated)[k].sum()) for k, s in enumerate(TRACE.streams)}
    sd = {"feed": relative_sd[0] * true["feed"], "a": relative_sd[1] * true["a"], "b": trace_sd}
    rows = [(s, "mass_flow", f"{max(true[s] + z * sd[s], 0.0)!r} kg/s", f"{sd[s]!r} kg/s")
            for s, z in zip(("feed", "a", "b"), noise, strict=True)]
    path = write_csv(tmp_path_factory.mktemp("trace") / "m.csv", rows)
    data = read_measurements(path, TRACE.streams, TRACE.elements)
    unbounded = reconcile(TRACE, data, nonnegative=False)
    result = reconcile(TRACE, data)
    assert_balanced_and_nonnegative(TRACE, result)
    assert result.chi_square >= unbounded.chi_square * (1 - 1e-9) - 1e-12
    at_simulation = float(np.sum([((true[m.stream] - m.value) / m.sd) ** 2 for m in data]))
    assert result.chi_square <= at_simulation * (1 + 1e-9) + 1e-12
    if np.all(unbounded.flows >= -1e-12 * throughput(TRACE)):
        np.testing.assert_array_equal(result.flows, unbounded.flows)
        assert result.active_bounds == []
    else:
        assert result.active_bounds


@pytest.fixture(scope="module")
def inconsistent_thorium(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[BalanceModel, Reconciliation, Reconciliation]:
    """The shipped example with an ore Th assay of 200 ppm added: the ore then carries less Th than
    the concentrate's assay says the concentrate does, so the unmeasured tailings' Th goes negative."""
    from reeflow.scenario import build_flowsheet, load_scenario

    path = ROOT / "examples" / "dong_pao.yaml"
    model = solved(build_flowsheet(load_scenario(path), path))
    text = path.with_name("dong_pao_assays.csv").read_text(encoding="utf-8") + "ore,Th,200 ppm,10 ppm\n"
    csv = tmp_path_factory.mktemp("thorium") / "assays.csv"
    csv.write_text(text, encoding="utf-8")
    data = read_measurements(csv, model.streams, model.elements)
    return model, reconcile(model, data, nonnegative=False), reconcile(model, data)


def test_example_with_an_inconsistent_trace_assay_is_bounded(
    inconsistent_thorium: tuple[BalanceModel, Reconciliation, Reconciliation],
) -> None:
    model, unbounded, result = inconsistent_thorium
    th = model.index("flotation_tailings", "Th")
    assert unbounded.flows[th] < 0
    assert any("negative" in w for w in unbounded.warnings)
    assert_balanced_and_nonnegative(model, result)
    assert ("flotation_tailings", "Th") in [(b.stream, b.element) for b in result.active_bounds]
    assert result.flows[th] == 0.0
    assert result.flows[model.index("ore", "Th")] == pytest.approx(result.flows[model.index("concentrate", "Th")],
                                                                   rel=1e-9)
    assert result.chi_square > unbounded.chi_square
    assert result.degrees_of_freedom == unbounded.degrees_of_freedom + 1
    flagged = {r.measurement.label for r in result.measurements if r.affected_by_bounds}
    assert {"ore Th", "concentrate Th"} <= flagged
    assert any("held at zero by the bounds" in w for w in result.warnings)


def test_feasible_example_is_kept_exactly() -> None:
    from reeflow.scenario import build_flowsheet, load_scenario

    path = ROOT / "examples" / "dong_pao.yaml"
    model = solved(build_flowsheet(load_scenario(path), path))
    data = read_measurements(path.with_name("dong_pao_assays.csv"), model.streams, model.elements)
    bounded, unbounded = reconcile(model, data), reconcile(model, data, nonnegative=False)
    np.testing.assert_array_equal(bounded.flows, unbounded.flows)
    assert bounded.active_bounds == [] and bounded.chi_square == unbounded.chi_square
    assert not any(r.affected_by_bounds for r in bounded.measurements)


def test_a_bounded_solve_that_cannot_settle_raises_with_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reeflow.reconciliation.bounds as bounds
    from reeflow.errors import ConvergenceError

    rows = [("feed", "mass_flow", "10.0 kg/s", "0.1 kg/s"), ("a", "mass_flow", "10.4 kg/s", "0.1 kg/s"),
            ("b", "mass_flow", "0.1 kg/s", "1.0 kg/s")]
    data = read_measurements(write_csv(tmp_path / "m.csv", rows), TRACE.streams, TRACE.elements)
    monkeypatch.setattr(bounds, "MAX_FACE_CHANGES", 0)
    with pytest.raises(ConvergenceError, match="did not settle") as info:
        reconcile(TRACE, data)
    assert info.value.diagnostics["flows_at_zero"] == ["b O"]
    assert info.value.diagnostics["most_negative_scaled_flow"] < 0
