"""Suite-wide configuration: every test carries exactly one of the four level markers.

Docstring examples in ``src/reeflow`` run as unit tests. Fixtures shared across levels come from
``tests/plugins/sx_cascades.py``, registered here by path (the tests are not a package).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

LEVELS = ("unit", "component", "integration", "regression")
_SHARED_PLUGINS = ("sx_cascades",)


def pytest_configure(config: pytest.Config) -> None:
    """Register the shared fixture plugins of ``tests/plugins/``."""
    for name in _SHARED_PLUGINS:
        path = Path(__file__).parent / "plugins" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"reeflow_tests_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        config.pluginmanager.register(module, f"reeflow_tests_{name}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fail collection of any test without exactly one level marker (IDAES does the same)."""
    bad = []
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            item.add_marker(pytest.mark.unit)  # docstring examples are unit tests of their module
        levels = {m.name for m in item.iter_markers() if m.name in LEVELS}
        if len(levels) != 1:
            bad.append(f"{item.nodeid}: markers {sorted(levels) or 'none'}")
    if bad:
        raise pytest.UsageError(
            "each test needs exactly one of the markers " + ", ".join(LEVELS) + ":\n" + "\n".join(bad)
        )
