"""Serial, process-pool and Ray executors give identical results for the same seed.

The Ray test starts a real local Ray instance (2 CPUs) and shuts it down after; it is skipped when
Ray is not installed (``pip install reeflow[ray]``), unless ``REEFLOW_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reeflow.errors import InputError
from reeflow.studies import StudyResult, run_study

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "dong_pao.yaml", tmp_path / "dong_pao.yaml")
    path = tmp_path / "study.yaml"
    path.write_text(
        "scenario: dong_pao.yaml\nsamples: 12\nseed: 3\n"
        "uncertain:\n"
        "  - {path: feed.rate, normal: {mean: 50 t/h, sd: 2 t/h}}\n"
        "  - {path: feeds.magnesia.rate.ratio, normal: {mean: 0.017, sd: 0.002}}\n"
        "outputs: {recovery: products.mixed_oxide.recovery.Ce, thorium_ppm: products.mixed_oxide.impurities_ppm.Th}\n",
        encoding="utf-8",
    )
    return path


def _numbers(result: StudyResult) -> tuple[Any, ...]:
    s = result.summary
    return result.rows, s["statistics"], s["sensitivity"], s["failures"]


def test_processes_match_serial(study: Path) -> None:
    serial = run_study(study, executor="serial")
    processes = run_study(study, executor="processes", workers=2)
    assert processes.summary["executor"] == "processes (2 workers)"
    assert _numbers(processes) == _numbers(serial)


@pytest.fixture
def local_ray() -> Iterator[Any]:
    if importlib.util.find_spec("ray") is None:
        if os.environ.get("REEFLOW_REQUIRE_SERVICES") == "1":
            pytest.fail("Ray tests required (REEFLOW_REQUIRE_SERVICES=1) but ray is not installed: pip install reeflow[ray]")
        pytest.skip("ray not installed (pip install reeflow[ray])")
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_matches_serial(study: Path, local_ray: Any) -> None:
    serial = run_study(study, executor="serial")
    on_ray = run_study(study, executor="ray")
    assert on_ray.summary["executor"].startswith("ray (local instance")
    assert local_ray.is_initialized()  # an instance started by the caller is left running
    assert _numbers(on_ray) == _numbers(serial)


def test_missing_ray_names_the_extra(study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(InputError, match=r"pip install reeflow\[ray\]"):
        run_study(study, executor="ray")
