"""Suite-wide configuration: every test carries exactly one of the four level markers.

Docstring examples in ``src/reeflow`` run as unit tests.
"""

from __future__ import annotations

import pytest

LEVELS = ("unit", "component", "integration", "regression")


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
