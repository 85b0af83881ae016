"""`reeflow run` and `reeflow validate` end to end: the shipped example, outputs, exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "dong_pao.yaml"


def reeflow(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reeflow.cli.app", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def dong_pao(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("run") / "nested" / "dong_pao"
    db = tmp_path_factory.mktemp("db") / "runs.db"
    return out, reeflow("run", str(EXAMPLE), "--out", str(out), "--db", f"sqlite:///{db}")


def test_example_runs_and_writes_its_outputs(dong_pao) -> None:
    out, result = dong_pao
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} >= {"results.json", "streams.csv", "report.html"}
    assert "mixed_oxide" in result.stdout and "recorded as run 1" in result.stdout


def test_summary_names_the_regulated_outlets(dong_pao) -> None:
    out, result = dong_pao
    results = json.loads((out / "results.json").read_text())
    records = results["radioactivity"]["streams"]
    regulated = [sid for sid, s in results["streams"].items()
                 if s["sink"] is None and records.get(sid, {}).get("class") == "regulated"]
    assert regulated and "radioactivity: regulated outlets" in result.stdout
    for sid in regulated:
        assert sid in result.stdout


def test_results_follow_the_contract(dong_pao) -> None:
    out, _ = dong_pao
    results = json.loads((out / "results.json").read_text())
    assert results["scenario"] == "dong_pao" and results["converged"] is True
    assert results["balance"]["closure"] <= 1e-9
    for element, row in results["balance"]["elements"].items():
        assert row["closure"] <= 1e-9, element
    for sid, stream in results["streams"].items():
        assert sum(stream["elements_kg_per_h"].values()) == pytest.approx(stream["mass_kg_per_h"], rel=1e-12), sid
        assert sum(stream["species_kg_per_h"].values()) == pytest.approx(stream["mass_kg_per_h"], rel=1e-12), sid
    inputs = [s for s in results["streams"].values() if s["source"] is None]
    outputs = [s for s in results["streams"].values() if s["sink"] is None]
    assert results["streams"]["ore"]["source"] is None
    total_in = sum(s["mass_kg_per_h"] for s in inputs)
    assert sum(s["mass_kg_per_h"] for s in outputs) == pytest.approx(total_in, rel=1e-9)
    assert results["streams"]["ore"]["mass_kg_per_h"] == pytest.approx(50_000.0, rel=1e-12)
    product = results["products"]["mixed_oxide"]
    assert {"mass_kg_per_h", "REO_wt_pct", "relative_purity", "impurities_ppm"} <= set(product)
    assert sum(product["relative_purity"].values()) == pytest.approx(1.0, rel=1e-12)
    assert 0 < product["REO_wt_pct"] <= 100
    assert isinstance(results["warnings"], list)


def test_relative_purity_keeps_the_ore_distribution(dong_pao) -> None:
    """Every step treats the rare earths alike here, so the oxide keeps the ore's RE distribution."""
    out, _ = dong_pao
    from reeflow.species import default_database, load_ore
    from reeflow.streams import Stream, product_assay

    ore = Stream.from_mass_flows("ore", default_database(), load_ore("dong_pao").mineralogy)
    expected = product_assay(ore)["relative_purity"]
    purity = json.loads((out / "results.json").read_text())["products"]["mixed_oxide"]["relative_purity"]
    assert purity.keys() == expected.keys()
    for oxide, share in expected.items():  # type: ignore[union-attr]
        assert purity[oxide] == pytest.approx(share, rel=1e-9)


def test_json_output_is_exactly_one_object(tmp_path: Path) -> None:
    result = reeflow("run", str(EXAMPLE), "--out", str(tmp_path / "o"), "--no-record", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["converged"] is True


def test_validate_accepts_the_example() -> None:
    result = reeflow("validate", str(EXAMPLE))
    assert result.returncode == 0 and "valid" in result.stdout


def broken(tmp_path: Path, edit) -> Path:
    doc = yaml.safe_load(EXAMPLE.read_text())
    edit(doc)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def _set_rate(d):
    d["feed"]["rate"] = "50 m"


def _unknown_ore(d):
    d["feed"]["ore"] = "atlantis"


def _unknown_unit_type(d):
    d["units"]["flotation"]["type"] = "flotation_cell"


def _unbalanced(d):
    d["units"]["acid_bake"]["parameters"]["reactions"][2]["equation"] = "CaF2 + H2SO4(aq) -> CaSO4 + HF(g)"


def _dangling(d):
    d["units"]["leach"]["inlets"].append("nowhere")


def _bad_fraction(d):
    d["units"]["barren_split"]["parameters"]["fractions"]["recycle"] = 1.5


def _unknown_key(d):
    d["units"]["calciner"]["parameters"]["temprature"] = "850 degC"


def _composition(d):
    d["feeds"]["air"]["composition"]["O2(g)"] = 0.5


def _bad_product(d):
    d["products"] = ["calcine"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set_rate, "feed.rate"),
        (_unknown_ore, "unknown ore 'atlantis'"),
        (_unknown_unit_type, "units.flotation.type"),
        (_unbalanced, "does not balance"),
        (_dangling, "units.leach.inlets.3"),
        (_bad_fraction, "units.barren_split.parameters.fractions.recycle"),
        (_unknown_key, "units.calciner.parameters.temprature"),
        (_composition, "feeds.air.composition"),
        (_bad_product, "products.0"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, edit, expected: str) -> None:
    path = broken(tmp_path, edit)
    out = tmp_path / "out"
    result = reeflow("run", str(path), "--out", str(out), "--db", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(path) in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not (tmp_path / "r.db").exists()


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    assert reeflow("run", str(tmp_path / "none.yaml")).returncode == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    result = reeflow("validate", str(bad))
    assert result.returncode == 2 and "not valid YAML at line" in result.stderr


def test_non_convergence_exits_3_and_still_writes_results(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d.setdefault("options", {}).update(max_iterations=2))
    out = tmp_path / "out"
    result = reeflow("run", str(path), "--out", str(out), "--no-record")
    assert result.returncode == 3
    results = json.loads((out / "results.json").read_text())
    assert results["converged"] is False
    assert results["solver"]["tears"] and all(
        t["relative_residual"] > 1e-11 for t in results["solver"]["tears"].values())
