"""The PostgreSQL fixture plugin: finding the binaries, skipping or failing without them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.unit

_PLUGIN = Path(__file__).parents[2] / "plugins" / "postgres_server.py"


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    name = "postgres_server_under_test"
    spec = importlib.util.spec_from_file_location(name, _PLUGIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def test_binaries_are_found_in_the_named_directory(
    plugin: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("initdb", "pg_ctl"):
        (tmp_path / name).write_text("#!/bin/sh\n")
    monkeypatch.setenv("REEFLOW_PG_BINDIR", str(tmp_path))
    assert plugin.find_bindir() == tmp_path


def test_missing_binaries_skip_unless_services_are_required(
    plugin: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin.glob, "glob", lambda pattern: [])
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("REEFLOW_PG_BINDIR", raising=False)
    assert plugin.find_bindir() is None

    monkeypatch.delenv("REEFLOW_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install"):
        plugin._unavailable("no binaries; install them with: apt-get install -y postgresql")
    monkeypatch.setenv("REEFLOW_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="REEFLOW_REQUIRE_SERVICES=1"):
        plugin._unavailable("no binaries")
