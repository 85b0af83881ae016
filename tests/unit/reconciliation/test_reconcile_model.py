"""The measurement model (forms, Jacobian, phase shares) and the solver's failure report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.optimize

import reeflow.reconciliation.solve as solve_module
from reeflow.errors import ConvergenceError, InputError
from reeflow.flowsheet import Feed, Flowsheet, solve
from reeflow.reconciliation import BalanceModel, balance_model, measurement_model, read_measurements, reconcile
from reeflow.species import default_database
from reeflow.unitops import Mixer

pytestmark = pytest.mark.unit

DB = default_database()


def slurry_model() -> BalanceModel:
    """A slurry (LaCO3F solids in water with dissolved LaCl3) and a dry gas, each through a mixer."""
    fs = Flowsheet("slurry", DB)
    fs.add_feed(Feed("slurry", {"LaCO3F": 0.2, "LaCl3(aq)": 0.05, "H2O": 0.75}, rate=10.0))
    fs.add_feed(Feed("gas", {"O2(g)": 1.0}, rate=1.0))
    fs.add_unit(Mixer("m1", {}, DB), ["slurry"], {"out": "slurry_out"})
    fs.add_unit(Mixer("m2", {}, DB), ["gas"], {"out": "gas_out"})
    solve(fs)
    return balance_model(fs)


def measurements(model: BalanceModel, tmp_path: Path, rows: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "m.csv"
    path.write_text("stream,quantity,value,sd,basis\n" + rows, encoding="utf-8")
    return read_measurements(path, model.streams, model.elements)


def test_forms_reproduce_the_stream_properties_of_the_simulation(tmp_path: Path) -> None:
    model = slurry_model()
    rows = ("slurry,mass_flow,1 kg/s,1 kg/s\nslurry,La_flow,1 kg/s,1 kg/s\nslurry,La,0.1,0.1\n"
            "slurry,La,0.1,0.1,solids\nslurry,La,1 g/L,1 g/L\n")
    forms = measurement_model(model, measurements(model, tmp_path, rows))
    predicted = forms.predict(model.simulated)
    from reeflow.streams import Stream

    stream = Stream.from_mass_flows("s", DB, {"LaCO3F": 2.0, "LaCl3(aq)": 0.5, "H2O": 7.5})
    solids = stream.phase("solid")
    dissolved = stream.phase("aqueous").element_mass_flow("La")
    expected = [10.0, stream.element_mass_flow("La"), stream.concentration("wt%", element="La") / 100,
                solids.element_mass_flow("La") / solids.mass_flow, dissolved / stream.aqueous_volume_flow]
    np.testing.assert_allclose(predicted, expected, rtol=1e-12)


def test_ratio_jacobian_matches_finite_differences(tmp_path: Path) -> None:
    model = slurry_model()
    rows = "slurry,La,0.1,0.1\nslurry,La,0.1,0.1,solids\nslurry,La,1 g/L,1 g/L\nslurry,mass_flow,1 kg/s,1 kg/s\n"
    forms = measurement_model(model, measurements(model, tmp_path, rows))
    rng = np.random.default_rng(7)
    flows = model.simulated * (1 + 0.1 * rng.random(model.simulated.size))
    jacobian = forms.jacobian(flows)
    step = 1e-7 * np.maximum(flows, 1e-3)
    numeric = np.column_stack([
        (forms.predict(flows + step[k] * np.eye(flows.size)[k]) - forms.predict(flows - step[k] * np.eye(flows.size)[k]))
        / (2 * step[k]) for k in range(flows.size)
    ])
    np.testing.assert_allclose(jacobian, numeric, rtol=1e-6, atol=1e-9 * np.abs(jacobian).max())


@pytest.mark.parametrize(
    ("row", "hint"),
    [
        ("gas,O,10 wt%,1 wt%,solids", "puts no O in that stream's solids"),
        ("gas,O,10 g/L,1 g/L", "no aqueous phase (no water)"),
        ("slurry,F,1 g/L,0.1 g/L", "no dissolved F"),
    ],
)
def test_phase_measurements_the_model_cannot_express_are_refused(tmp_path: Path, row: str, hint: str) -> None:
    model = slurry_model()
    with pytest.raises(InputError, match="m.csv, line 2") as info:
        measurement_model(model, measurements(model, tmp_path, row + "\n"))
    assert hint in str(info.value)


def test_balance_matrix_has_a_row_per_unit_and_element() -> None:
    model = slurry_model()
    assert model.balance_matrix.shape == (2 * len(model.elements), 4 * len(model.elements))
    np.testing.assert_allclose(model.balance_matrix @ model.simulated, 0.0, atol=1e-12)


def test_solver_stopping_early_raises_convergence_error_with_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = slurry_model()
    data = measurements(model, tmp_path, "slurry,La,0.2,0.001\nslurry,mass_flow,8 kg/s,0.01 kg/s\n")

    def one_evaluation(*args, **kwargs):  # type: ignore[no-untyped-def]
        return scipy.optimize.least_squares(*args, **(kwargs | {"max_nfev": 1}))

    monkeypatch.setattr(solve_module, "least_squares", one_evaluation)
    with pytest.raises(ConvergenceError, match="did not converge") as info:
        reconcile(model, data)
    assert {"status", "evaluations", "objective", "worst_measurement", "balance_closure"} <= set(info.value.diagnostics)
