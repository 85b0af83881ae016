"""Study files: validation errors that name the field and the fix; inputs resolved against the scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeflow.errors import InputError
from reeflow.studies.inputs import resolve_decision, resolve_uncertain
from reeflow.studies.spec import Decision, StudySpec, UncertainInput, load_study

pytestmark = pytest.mark.unit

SCENARIO = {
    "feed": {"ore": "dong_pao", "rate": "50 t/h"},
    "feeds": {"acid": {"rate": {"ratio": 1.0, "per": "concentrate"}}},
    "units": {"bake": {"parameters": {"temperature": "300 degC", "reactions": [{"conversion": 0.96}]}}},
}


def _study(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_with_overrides(tmp_path: Path) -> None:
    path = _study(tmp_path, "scenario: s.yaml\nsamples: 50\noutputs: {r: a.b}\nexecutor: {kind: ray, address: auto}\n")
    spec = load_study(path, samples=5, executor="processes", workers=3)
    assert spec.samples == 5
    assert (spec.executor.kind, spec.executor.workers, spec.executor.address) == ("processes", 3, "auto")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("scenario: s.yaml\noutputs: {r: a}\nuncertain: [{path: x, normal: {mean: 1, sd: 1}, uniform: {low: 0, high: 1}}]",
         "exactly one distribution"),
        ("scenario: s.yaml\noutputs: {r: a}\nuncertain: [{path: x}]", "exactly one distribution"),
        ("scenario: s.yaml\noutputs: {r: a}\ndecisions: [{path: x, low: 0, high: 1}]\nobjective: {minimize: c}",
         "'c' is not an output"),
        ("scenario: s.yaml\noutputs: {r: a}\ndecisions: [{path: x, low: 0, high: 1}]\n"
         "objective: {minimize: r, statistic: median}", "statistic 'median' is unknown"),
        ("scenario: s.yaml\noutputs: {r: a}\ndecisions: [{path: x, low: 0, high: 1}]", "decisions need an objective"),
        ("scenario: s.yaml\noutputs: {r: a}\nconstraints: [{output: r, max: 1}]", "need decisions"),
        ("scenario: s.yaml\noutputs: {r: a}\ndecisions: [{path: x, low: 0, high: 1}]\nobjective: {minimize: r}\n"
         "constraints: [{output: r}]", "needs min, max or both"),
        ("scenario: s.yaml\noutputs: {r: a}\nsamples: 1", "samples: 1 is invalid"),
        ("scenario: s.yaml\noutputs: {r: a}\nexecutor: {kind: dask}", "executor.kind: 'dask' is invalid"),
        ("scenario: s.yaml\noutputs: {r: a}\nsamplez: 3", "samplez"),
        ("- a\n- b", "expected a mapping"),
        ("scenario: [", "not valid YAML"),
    ],
)
def test_invalid_files_name_the_field(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        load_study(_study(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the study file"):
        load_study(tmp_path / "none.yaml")


def _uncertain(**entry: object) -> UncertainInput:
    return UncertainInput.model_validate(entry)


def test_plain_number_field() -> None:
    value = resolve_uncertain(_uncertain(path="feeds.acid.rate.ratio", normal={"mean": 1.0, "sd": 0.05}), SCENARIO)
    assert (value.unit, value.nominal, value.scenario_value(1.1)) == (None, 1.0, 1.1)


def test_quantity_field_in_the_distributions_unit() -> None:
    value = resolve_uncertain(_uncertain(path="feed.rate", normal={"mean": "1200 t/d", "sd": "1 t/h"}), SCENARIO)
    assert value.unit == "t/d"
    assert value.parameters == pytest.approx({"mean": 1200.0, "sd": 24.0})
    assert value.nominal == pytest.approx(1200.0)
    assert value.scenario_value(1150.0) == "1150.0 t/d"


def test_quantity_field_with_plain_numbers_uses_the_scenarios_unit() -> None:
    value = resolve_uncertain(_uncertain(path="feed.rate", uniform={"low": 45, "high": 55}), SCENARIO)
    assert value.unit == "t/h" and value.scenario_value(47.5) == "47.5 t/h"


def test_offset_unit_spread_must_share_the_unit() -> None:
    path = "units.bake.parameters.temperature"
    value = resolve_uncertain(_uncertain(path=path, normal={"mean": "290 degC", "sd": "10 degC"}), SCENARIO)
    assert value.parameters == {"mean": 290.0, "sd": 10.0}
    with pytest.raises(InputError, match="offset"):
        resolve_uncertain(_uncertain(path=path, normal={"mean": "290 degC", "sd": "10 K"}), SCENARIO)


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ({"path": "feeds.acid.rate.rato", "normal": {"mean": 1, "sd": 1}}, "no 'rato'"),
        ({"path": "feeds.acid.rate", "normal": {"mean": 1, "sd": 1}}, "only a number"),
        ({"path": "feeds.acid.rate.per", "normal": {"mean": 1, "sd": 1}}, "not a number or a quantity"),
        ({"path": "feeds.acid.rate.ratio", "normal": {"mean": "1 kg/kg", "sd": 0.1}}, "plain number"),
        ({"path": "feed.rate", "normal": {"mean": "50 m", "sd": "1 m"}}, "does not fit"),
        ({"path": "feed.rate", "normal": {"mean": 50, "sd": 0}}, "sd must be above 0"),
        ({"path": "feed.rate", "triangular": {"low": 50, "mode": 40, "high": 60}}, "low <= mode <= high"),
        ({"path": "feed.rate", "uniform": {"low": 50, "high": 40}}, "low must be below high"),
        ({"path": "feed.rate", "lognormal": {"median": -1, "sd_log": 0.1}}, "median must be above 0"),
    ],
)
def test_resolution_errors_name_the_path(entry: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        resolve_uncertain(_uncertain(**entry), SCENARIO)


def test_decision_bounds() -> None:
    value = resolve_decision(Decision(path="feed.rate", low="40 t/h", high="60 t/h"), SCENARIO)
    assert value.parameters == {"low": 40.0, "high": 60.0} and value.nominal == 50.0
    with pytest.raises(InputError, match="must be below high"):
        resolve_decision(Decision(path="feed.rate", low=60, high=40), SCENARIO)


def test_repeated_paths_refused() -> None:
    with pytest.raises(ValueError, match="paths given twice"):
        StudySpec.model_validate({
            "scenario": "s.yaml", "outputs": {"r": "a"},
            "uncertain": [{"path": "x", "normal": {"mean": 1, "sd": 1}}, {"path": "x", "uniform": {"low": 0, "high": 1}}],
        })


def test_names_label_inputs_and_must_be_distinct() -> None:
    value = resolve_uncertain(UncertainInput(path="feed.rate", name="ore_rate", normal={"mean": "50 t/h", "sd": "2 t/h"}),
                              SCENARIO)
    assert value.name == "ore_rate" and value.label == "ore_rate [t/h]"
    assert resolve_decision(Decision(path="feed.rate", low=40, high=60), SCENARIO).name == "feed.rate"
    with pytest.raises(ValueError, match="names given twice"):
        StudySpec.model_validate({
            "scenario": "s.yaml", "outputs": {"r": "a"},
            "uncertain": [{"path": "x", "name": "n", "normal": {"mean": 1, "sd": 1}},
                          {"path": "y", "name": "n", "uniform": {"low": 0, "high": 1}}],
        })
