"""Run-store URLs: accepted forms, refused forms with actionable messages, hidden passwords."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.storage import default_database_url
from reeflow.storage.urls import EXPECTED_FORMS, display_url, parse_database_url, sqlite_file

pytestmark = pytest.mark.unit

xdg_only = pytest.mark.skipif(
    sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux only"
)


@pytest.mark.parametrize(
    ("url", "driver", "database"),
    [
        ("sqlite:///runs.db", "sqlite+pysqlite", "runs.db"),
        ("sqlite:////var/lib/reeflow/runs.db", "sqlite+pysqlite", "/var/lib/reeflow/runs.db"),
        ("sqlite://", "sqlite+pysqlite", None),
        ("postgresql+psycopg://reeflow@db.example:5432/runs", "postgresql+psycopg", "runs"),
        ("postgresql://reeflow@localhost/runs", "postgresql+psycopg", "runs"),
        ("postgres://reeflow:pw@localhost:5433/runs", "postgresql+psycopg", "runs"),
    ],
)
def test_supported_urls_are_made_explicit(url: str, driver: str, database: str | None) -> None:
    parsed = parse_database_url(url)
    assert parsed.drivername == driver
    assert parsed.database == database


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("runs.db", "is not a valid URL"),
        ("sqlite:runs.db", "is not a valid URL"),
        ("", "is not a valid URL"),
        ("mysql://reeflow@localhost/runs", "unsupported database 'mysql'"),
        ("postgresql+psycopg2://reeflow@localhost/runs", "driver 'psycopg2'"),
        ("sqlite+pysqlcipher:///runs.db", "driver 'pysqlcipher'"),
        ("postgresql+psycopg://reeflow@localhost", "names no database"),
        ("postgresql+psycopg://reeflow@localhost:port/runs", "is not a valid URL"),
        ("postgresql+psycopg://reeflow@localhost:70000/runs", "port 70000"),
    ],
)
def test_unsupported_urls_are_refused_with_the_expected_forms(url: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_database_url(url)
    message = str(caught.value)
    assert reason in message
    assert repr(url) in message
    if "port 70000" not in message:
        assert EXPECTED_FORMS in message


def test_refused_url_message_hides_the_password() -> None:
    with pytest.raises(InputError) as caught:
        parse_database_url("mysql://reeflow:hunter2@localhost/runs")
    assert "hunter2" not in str(caught.value)
    assert "reeflow:***@localhost" in str(caught.value)


@settings(max_examples=50, deadline=None)
@given(
    user=st.text(st.sampled_from("abcdefgh_0123456789"), min_size=1, max_size=8),
    password=st.text(st.sampled_from("ABCDEFGH!$%&*+-._~0123456789"), min_size=1, max_size=12),
)
def test_display_url_never_shows_the_password(user: str, password: str) -> None:
    url = f"postgresql+psycopg://{user}:{password}@db.example:5432/runs"
    assert display_url(url) == f"postgresql+psycopg://{user}:***@db.example:5432/runs"
    assert display_url(parse_database_url(url)) == (
        f"postgresql+psycopg://{user}:***@db.example:5432/runs"
    )


def test_sqlite_file_only_for_sqlite_files() -> None:
    assert sqlite_file(parse_database_url("sqlite:////tmp/runs.db")) == Path("/tmp/runs.db")
    assert sqlite_file(parse_database_url("sqlite://")) is None
    assert sqlite_file(parse_database_url("postgresql://reeflow@localhost/runs")) is None


@xdg_only
def test_default_url_reads_the_environment_then_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REEFLOW_DB", "postgresql+psycopg://reeflow@db.example/runs")
    assert default_database_url() == "postgresql+psycopg://reeflow@db.example/runs"
    monkeypatch.setenv("REEFLOW_DB", "  ")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/reeflow/runs.db"
    assert list(tmp_path.iterdir()) == []
