"""Run store: every run recorded with its scenario, version, time and results.

SQLite by default (a file in the user data directory, or ``$REEFLOW_DB``), PostgreSQL through a
``postgresql+psycopg://`` URL. See ``docs/storage.md``.
"""

from reeflow.storage.diff import NumericDifference, RunDiff
from reeflow.storage.records import RunSummary, StoredRun
from reeflow.storage.store import RunStore
from reeflow.storage.urls import default_database_url

__all__ = [
    "NumericDifference",
    "RunDiff",
    "RunStore",
    "RunSummary",
    "StoredRun",
    "default_database_url",
]
