"""Reconciliation estimates against closed forms, conservation laws and the textbook tests.

Linear cases use streams of oxygen only (one element, so a stream's mass flow is its O flow and
the element balances are the classical flow balances of Narasimhan & Jordache 2000, ch. 3).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.flowsheet import Feed, Flowsheet, solve
from reeflow.reconciliation import balance_model, measurement_model, read_measurements, reconcile
from reeflow.reconciliation.problem import BalanceModel
from reeflow.reconciliation.solve import Reconciliation
from reeflow.species import default_database
from reeflow.unitops import ComponentSplitter, Mixer, Splitter

pytestmark = pytest.mark.component

DB = default_database()
GAS = {"O2(g)": 1.0}


def solved(flowsheet: Flowsheet) -> BalanceModel:
    solve(flowsheet)
    return balance_model(flowsheet)


def splitter_node() -> Flowsheet:
    """feed (10 kg/s) → splitter → a (30 %), b (70 %)."""
    fs = Flowsheet("splitter", DB)
    fs.add_feed(Feed("feed", GAS, rate=10.0))
    fs.add_unit(Splitter("split", {"fractions": {"a": 0.3}, "remainder": "b"}, DB), ["feed"], {"a": "a", "b": "b"})
    return fs


def mixer_node() -> Flowsheet:
    """feeds x (4 kg/s) and y (6 kg/s) → mixer → out."""
    fs = Flowsheet("mixer", DB)
    fs.add_feed(Feed("x", GAS, rate=4.0))
    fs.add_feed(Feed("y", GAS, rate=6.0))
    fs.add_unit(Mixer("mix", {}, DB), ["x", "y"], {"out": "out"})
    return fs


def recycle_loop() -> Flowsheet:
    """feed → mixer (with recycle) → mixed → splitter s1 → product, rest → splitter s2 → recycle, purge.

    Balances: mixer (feed + recycle = mixed), s1 (mixed = product + rest), s2 (rest = recycle + purge).
    """
    fs = Flowsheet("loop", DB)
    fs.add_feed(Feed("feed", GAS, rate=10.0))
    fs.add_unit(Mixer("mix", {}, DB), ["feed", "recycle"], {"out": "mixed"})
    fs.add_unit(Splitter("s1", {"fractions": {"product": 0.6}, "remainder": "rest"}, DB), ["mixed"],
                {"product": "product", "rest": "rest"})
    fs.add_unit(Splitter("s2", {"fractions": {"recycle": 0.5}, "remainder": "purge"}, DB), ["rest"],
                {"recycle": "recycle", "purge": "purge"})
    return fs


def write_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path.write_text("stream,quantity,value,sd\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def reconcile_rows(model: BalanceModel, path: Path) -> Reconciliation:
    return reconcile(model, read_measurements(path, model.streams, model.elements))


@pytest.mark.parametrize(
    ("build", "streams", "incidence", "measured", "sd"),
    [
        (splitter_node, ["feed", "a", "b"], [1.0, -1.0, -1.0], [10.4, 2.8, 7.1], [0.3, 0.1, 0.2]),
        (mixer_node, ["x", "y", "out"], [1.0, 1.0, -1.0], [4.2, 5.7, 10.3], [0.1, 0.25, 0.2]),
    ],
)
def test_linear_node_matches_the_closed_form_weighted_least_squares(
    tmp_path: Path, build, streams: list[str], incidence: list[float], measured: list[float], sd: list[float]
) -> None:
    model = solved(build())
    rows = [(s, "mass_flow", f"{m!r} kg/s", f"{e!r} kg/s") for s, m, e in zip(streams, measured, sd, strict=True)]
    result = reconcile_rows(model, write_csv(tmp_path / "m.csv", rows))
    m, cov, a = np.array(measured), np.diag(np.square(sd)), np.array([incidence])
    gain = cov @ a.T @ np.linalg.inv(a @ cov @ a.T)
    expected = m - gain @ a @ m  # x̂ = m − Σ Aᵀ (A Σ Aᵀ)⁻¹ A m
    adjustment_cov = gain @ a @ cov  # Cov(x̂ − m) = Σ Aᵀ (A Σ Aᵀ)⁻¹ A Σ
    reconciled = np.array([r.reconciled for r in result.measurements])
    np.testing.assert_allclose(reconciled, expected, rtol=1e-10, atol=0)
    np.testing.assert_allclose([r.adjustment_sd for r in result.measurements], np.sqrt(np.diag(adjustment_cov)),
                               rtol=1e-8)
    np.testing.assert_allclose([r.reconciled_sd for r in result.measurements],
                               np.sqrt(np.diag(cov - adjustment_cov)), rtol=1e-8)
    assert result.degrees_of_freedom == 1
    assert result.chi_square == pytest.approx(float(np.sum(((expected - m) / np.array(sd)) ** 2)), rel=1e-8)
    mass = np.array([result.flows[model.stream_slice(sid)].sum() for sid in streams])
    assert abs(float(np.dot(incidence, mass))) <= 1e-12 * mass.max()
    assert result.balance_closure <= 1e-12


def test_noise_free_measurements_are_not_adjusted() -> None:
    """Measurements equal to the simulation's values: adjustments ≈ 0 and χ² ≈ 0 (dong_pao example)."""
    model, measurements = example_model_and_measurements()
    predicted = measurement_model(model, measurements).predict(model.simulated)
    exact = [replace(m, value=float(v)) for m, v in zip(measurements, predicted, strict=True)]
    result = reconcile(model, exact)
    assert result.chi_square <= 1e-12
    for r in result.measurements:
        assert abs(r.adjustment) <= 1e-9 * r.measurement.sd
        assert not r.suspect
    assert result.global_test_passed is True
    np.testing.assert_allclose(result.flows, model.simulated, rtol=0, atol=1e-9 * model.simulated.max())


def example_model_and_measurements():
    from reeflow.scenario import build_flowsheet, load_scenario

    path = Path(__file__).parents[3] / "examples" / "dong_pao.yaml"
    model = solved(build_flowsheet(load_scenario(path), path))
    measured = read_measurements(path.with_name("dong_pao_assays.csv"), model.streams, model.elements)
    return model, measured


LOOP = solved(recycle_loop())
LOOP_FLOWS = {sid: float(LOOP.flows_by_stream(LOOP.simulated)[k].sum()) for k, sid in enumerate(LOOP.streams)}
#: measured streams of the loop → degrees of freedom, counted by hand from the three balances
LOOP_CASES = [
    (("feed", "mixed", "product", "rest", "recycle", "purge"), 3),
    (("feed", "product", "purge"), 1),  # overall balance feed = product + purge
    (("feed", "mixed", "recycle"), 1),  # mixer balance
    (("feed", "product"), 0),
    (("mixed", "product", "rest"), 1),  # splitter s1
]


@settings(max_examples=25, deadline=None)
@given(
    case=st.sampled_from(LOOP_CASES),
    noise=st.lists(st.floats(-3.0, 3.0), min_size=6, max_size=6),
    relative_sd=st.lists(st.floats(0.005, 0.1), min_size=6, max_size=6),
)
def test_reconciled_flows_close_every_balance(
    tmp_path_factory: pytest.TempPathFactory, case, noise: list[float], relative_sd: list[float]
) -> None:
    streams, dof = case
    rows = []
    for sid, z, rel in zip(streams, noise, relative_sd, strict=False):
        sd = rel * LOOP_FLOWS[sid]
        rows.append((sid, "mass_flow", f"{LOOP_FLOWS[sid] + z * sd!r} kg/s", f"{sd!r} kg/s"))
    result = reconcile_rows(LOOP, write_csv(tmp_path_factory.mktemp("loop") / "m.csv", rows))
    assert result.balance_closure <= 1e-9
    flows = {sid: result.flows[LOOP.stream_slice(sid)] for sid in LOOP.streams}
    for inlets, outlets in ((["feed", "recycle"], ["mixed"]), (["mixed"], ["product", "rest"]),
                            (["rest"], ["recycle", "purge"])):
        inflow = sum(flows[s] for s in inlets)
        np.testing.assert_allclose(inflow, sum(flows[s] for s in outlets), rtol=1e-9)
    assert result.chi_square >= 0.0
    assert result.degrees_of_freedom == dof


@settings(max_examples=10, deadline=None)
@given(noise=st.lists(st.floats(-2.0, 2.0), min_size=6, max_size=6), bias_sign=st.sampled_from([-1.0, 1.0]))
def test_multi_element_reconciliation_conserves_every_element(
    tmp_path_factory: pytest.TempPathFactory, noise: list[float], bias_sign: float
) -> None:
    """Assays (ratios of flows) and flows of a two-mineral recycle circuit: every element balance closes."""
    fs = Flowsheet("circuit", DB)
    fs.add_feed(Feed("feed", {"LaCO3F": 0.3, "CaF2": 0.7}, rate=10.0))
    fs.add_unit(Mixer("mix", {}, DB), ["feed", "recycle"], {"out": "mixed"})
    fs.add_unit(ComponentSplitter("sep", {"recoveries": {"product": {"LaCO3F": 0.8, "CaF2": 0.05}},
                                          "remainder": "reject"}, DB), ["mixed"], {"product": "product", "reject": "reject"})
    fs.add_unit(Splitter("purge", {"fractions": {"purge": 0.2}, "remainder": "recycle"}, DB), ["reject"],
                {"purge": "purge", "recycle": "recycle"})
    model = solved(fs)
    plan = [("feed", "mass_flow", 0.02), ("product", "mass_flow", 0.03), ("purge", "mass_flow", 0.03),
            ("product", "La", 0.02), ("purge", "La", 0.05), ("feed", "F_flow", 0.05)]
    draft = write_csv(tmp_path_factory.mktemp("circuit") / "draft.csv",
                      [(s, q, "1 kg/s" if "flow" in q else "0.1", "1 kg/s" if "flow" in q else "0.1") for s, q, _ in plan])
    measurements = read_measurements(draft, model.streams, model.elements)
    true = measurement_model(model, measurements).predict(model.simulated)
    noisy = [replace(m, value=float(v * (1 + bias_sign * abs(z) * rel)), sd=float(v * rel))
             for m, v, z, (_, _, rel) in zip(measurements, true, noise, plan, strict=True)]
    result = reconcile(model, noisy)
    assert result.balance_closure <= 1e-9
    inflow = result.flows[model.stream_slice("feed")]
    outflow = result.flows[model.stream_slice("product")] + result.flows[model.stream_slice("purge")]
    np.testing.assert_allclose(inflow, outflow, rtol=1e-9, atol=1e-12 * inflow.max())
    assert result.chi_square >= 0.0
    assert 0 <= result.degrees_of_freedom < len(noisy)


@pytest.mark.parametrize("biased", ["feed", "mixed", "product", "rest", "recycle", "purge"])
def test_a_gross_error_fails_the_global_test_and_is_the_most_suspect(tmp_path: Path, biased: str) -> None:
    sd = {"feed": 0.2, "mixed": 0.3, "product": 0.25, "rest": 0.15, "recycle": 0.1, "purge": 0.1}
    rows = []
    for sid in LOOP.streams:
        value = LOOP_FLOWS[sid] + (10 * sd[sid] if sid == biased else 0.0)
        rows.append((sid, "mass_flow", f"{value!r} kg/s", f"{sd[sid]!r} kg/s"))
    result = reconcile_rows(LOOP, write_csv(tmp_path / "m.csv", rows))
    assert result.global_test_passed is False
    assert result.chi_square > result.chi_square_critical  # type: ignore[operator]
    ranked = sorted(result.measurements, key=lambda r: -abs(r.normalised_adjustment or 0.0))
    assert ranked[0].measurement.stream == biased
    assert ranked[0].suspect
    assert abs(ranked[0].normalised_adjustment or 0.0) > abs(ranked[1].normalised_adjustment or 0.0) + 1e-6


def test_observability_through_the_balances_and_without_a_path(tmp_path: Path) -> None:
    """feed → m1 → middle → m2 → product is measured at both ends; other → m3 → side has no measurement."""
    fs = Flowsheet("chain", DB)
    fs.add_feed(Feed("feed", GAS, rate=5.0))
    fs.add_feed(Feed("other", {"N2(g)": 0.5, "O2(g)": 0.5}, rate=2.0))
    fs.add_unit(Mixer("m1", {}, DB), ["feed"], {"out": "middle"})
    fs.add_unit(Mixer("m2", {}, DB), ["middle"], {"out": "product"})
    fs.add_unit(Mixer("m3", {}, DB), ["other"], {"out": "side"})
    model = solved(fs)
    rows = [("feed", "mass_flow", "5.1 kg/s", "0.1 kg/s"), ("product", "mass_flow", "4.9 kg/s", "0.1 kg/s")]
    result = reconcile_rows(model, write_csv(tmp_path / "m.csv", rows))
    observable = dict(zip(model.streams, result.mass_observable, strict=True))
    assert observable == {"feed": True, "other": False, "middle": True, "product": True, "side": False}
    o = model.elements.index("O")
    by_stream = model.flows_by_stream(result.observable)
    assert by_stream[model.streams.index("middle"), o]
    assert not by_stream[model.streams.index("side"), o]
    assert result.flows[model.stream_slice("middle")].sum() == pytest.approx(5.0, rel=1e-12)
    for sid in ("other", "side"):
        np.testing.assert_allclose(result.flows[model.stream_slice(sid)], model.simulated[model.stream_slice(sid)],
                                   rtol=1e-12)
