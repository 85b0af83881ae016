"""What the run store hands back: a summary line per run and a whole stored run.

Both are frozen dataclasses detached from the database session, with ``to_dict()`` giving the
JSON form that ``reeflow runs list --json`` and ``reeflow runs show --json`` print (times as ISO
8601 text in UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["SHORT_HASH_LENGTH", "RunSummary", "StoredRun"]

#: Hexadecimal characters of the scenario's SHA-256 shown in summaries.
SHORT_HASH_LENGTH = 12


@dataclass(frozen=True)
class RunSummary:
    """One line of ``reeflow runs list``.

    Attributes
    ----------
    id : int
        Run number.
    scenario_name : str
        Name of the scenario.
    scenario_hash : str
        First :data:`SHORT_HASH_LENGTH` hexadecimal characters of the scenario's SHA-256.
    version : str
        reeflow version that produced the run.
    created_at : datetime
        Recording time, timezone-aware, UTC.
    converged : bool
        Whether the flowsheet converged.
    closure : float or None
        Overall element-balance closure (dimensionless max relative error).
    """

    id: int
    scenario_name: str
    scenario_hash: str
    version: str
    created_at: datetime
    converged: bool
    closure: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready values."""
        return {
            "id": self.id,
            "scenario_name": self.scenario_name,
            "scenario_hash": self.scenario_hash,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "converged": self.converged,
            "closure": self.closure,
        }


@dataclass(frozen=True)
class StoredRun:
    """Everything recorded about one run.

    Attributes
    ----------
    id, scenario_name, version, created_at, converged, closure
        As in :class:`RunSummary`.
    scenario_hash : str
        Full SHA-256 of the scenario text (64 hexadecimal characters).
    scenario_text : str
        The scenario file as it was run.
    results : dict
        The results dict (``results.json`` contract), with non-finite numbers stored as None.
    """

    id: int
    scenario_name: str
    scenario_hash: str
    version: str
    created_at: datetime
    converged: bool
    closure: float | None
    scenario_text: str
    results: dict[str, Any]

    def summary(self) -> RunSummary:
        """Return the list line of this run."""
        return RunSummary(
            id=self.id,
            scenario_name=self.scenario_name,
            scenario_hash=self.scenario_hash[:SHORT_HASH_LENGTH],
            version=self.version,
            created_at=self.created_at,
            converged=self.converged,
            closure=self.closure,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the run as JSON-ready values (full hash, scenario text and results)."""
        return self.summary().to_dict() | {
            "scenario_hash": self.scenario_hash,
            "scenario_text": self.scenario_text,
            "results": self.results,
        }
