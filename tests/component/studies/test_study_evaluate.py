"""Evaluations of a real scenario: exact proportionality, failed samples recorded, outputs checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from reeflow.errors import ConvergenceError, InputError
from reeflow.studies import run_study, solve_scenario_mapping
from reeflow.studies.inputs import resolve_uncertain
from reeflow.studies.sampling import draw_samples
from reeflow.studies.spec import load_study

pytestmark = pytest.mark.component

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _study(tmp_path: Path, body: str) -> Path:
    shutil.copy(EXAMPLES / "dong_pao.yaml", tmp_path / "dong_pao.yaml")
    path = tmp_path / "study.yaml"
    path.write_text("scenario: dong_pao.yaml\n" + body, encoding="utf-8")
    return path


def test_output_proportional_to_the_ore_rate(tmp_path: Path) -> None:
    """Every feed of dong_pao is a ratio to an ore-derived stream, so the product's mass flow is
    exactly proportional to the ore rate: its mean and sd are the rate's times the same factor."""
    path = _study(tmp_path, (
        "samples: 8\nseed: 4\n"
        "uncertain: [{path: feed.rate, normal: {mean: 50 t/h, sd: 2 t/h}}]\n"
        "outputs: {oxide_kg_per_h: products.mixed_oxide.mass_kg_per_h}\n"
    ))
    result = run_study(path, executor="serial")
    nominal = solve_scenario_mapping(yaml.safe_load((tmp_path / "dong_pao.yaml").read_text()))
    factor = nominal["products"]["mixed_oxide"]["mass_kg_per_h"] / 50.0  # kg/h of oxide per t/h of ore
    spec = load_study(path)
    scenario = yaml.safe_load((tmp_path / "dong_pao.yaml").read_text())
    rates = draw_samples([resolve_uncertain(spec.uncertain[0], scenario)], 8, 4)[:, 0]  # t/h, the same draws
    stats = result.summary["statistics"]["oxide_kg_per_h"]
    assert stats["mean"] == pytest.approx(factor * rates.mean(), rel=1e-9)
    assert stats["sd"] == pytest.approx(factor * rates.std(ddof=1), rel=1e-8)
    assert stats["p10"] == pytest.approx(factor * np.percentile(rates, 10), rel=1e-9)
    assert result.summary["sensitivity"]["oxide_kg_per_h"]["feed.rate"] == pytest.approx(1.0)
    assert result.summary["failures"]["count"] == 0


def test_failed_samples_are_recorded_and_left_out(tmp_path: Path) -> None:
    """A normal acid dose centred on 0 gives negative ratios in about half the samples: the
    scenario rejects them; they are counted with the reason and the statistics use the rest."""
    path = _study(tmp_path, (
        "samples: 10\nseed: 1\n"
        "uncertain: [{path: feeds.magnesia.rate.ratio, normal: {mean: 0.0, sd: 0.02}}]\n"
        "outputs: {mgo: streams.magnesia.mass_kg_per_h}\n"
    ))
    result = run_study(path, executor="serial")
    failures = result.summary["failures"]
    failed = [row for row in result.rows if row[-1]]
    assert failures["count"] == len(failed) == 5  # Latin hypercube: exactly half the strata lie below the mean
    assert all("ratio" in row[-1] and "greater than or equal to 0" in row[-1] for row in failed)
    assert sum(kind["count"] for kind in failures["reasons"]) == 5 and len(failures["reasons"]) == 1
    assert result.summary["statistics"]["mgo"]["n"] == 5
    assert result.summary["statistics"]["mgo"]["min"] > 0


def test_a_wrong_output_path_is_refused_before_sampling(tmp_path: Path) -> None:
    path = _study(tmp_path, "samples: 5\noutputs: {rec: products.mixed_oxide.recovery.Xx}\n")
    with pytest.raises(InputError, match=r"outputs|no 'Xx' under products.mixed_oxide.recovery; keys there: Y, La"):
        run_study(path)
    path = _study(tmp_path, "samples: 5\noutputs: {rec: products.mixed_oxide.recovery}\n")
    with pytest.raises(InputError, match="not a number; extend the path"):
        run_study(path)


def test_the_scenario_is_read_as_reeflow_run_reads_it(tmp_path: Path) -> None:
    """A repeated key (a second `units:` block would replace the first) is refused here too."""
    path = _study(tmp_path, "samples: 5\noutputs: {rec: products.mixed_oxide.recovery.Ce}\n")
    scenario = tmp_path / "dong_pao.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\nname: again\n", encoding="utf-8")
    with pytest.raises(InputError, match="key 'name' appears twice"):
        run_study(path)


def test_non_convergence(tmp_path: Path) -> None:
    """Samples that recycle 97-99 % of the barren liquor do not converge in 20 iterations and fail
    with the tear residual; a scenario that does not converge as written is refused before sampling."""
    path = _study(tmp_path, (
        "samples: 3\n"
        "uncertain: [{path: units.barren_split.parameters.fractions.recycle, uniform: {low: 0.97, high: 0.99}}]\n"
        "outputs: {mgo: streams.magnesia.mass_kg_per_h}\n"
    ))
    scenario = tmp_path / "dong_pao.yaml"
    scenario.write_text(scenario.read_text() + "options: {max_iterations: 20}\n", encoding="utf-8")
    result = run_study(path, executor="serial")
    assert result.summary["failures"]["count"] == 3
    assert all(row[-1].startswith("did not converge: tear stream 'leach_slurry'") for row in result.rows)
    scenario.write_text(scenario.read_text().replace("max_iterations: 20", "max_iterations: 2"), encoding="utf-8")
    with pytest.raises(ConvergenceError, match="does not converge") as info:
        run_study(path, executor="serial")
    assert "leach_slurry" in info.value.diagnostics["tears"]
