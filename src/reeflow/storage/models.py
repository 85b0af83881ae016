"""Schema of the run store: one table, ``reeflow_runs``, one row per recorded run.

=================  ======================  ===================================================
column             type                    content
=================  ======================  ===================================================
id                 integer, primary key    run number, increasing in recording order
scenario_name      varchar(255)            the scenario's name
scenario_hash      char(64)                SHA-256 of the scenario text (UTF-8), hexadecimal
scenario_text      text                    the scenario file as it was run
reeflow_version    varchar(64)             version of reeflow that produced the results
created_at         timestamp with zone     recording time, UTC
converged          boolean                 the results' ``converged`` flag
closure            double, nullable        overall element-balance closure (max relative error)
results            JSON                    the whole results dict (``results.json`` contract)
=================  ======================  ===================================================

A second table, ``reeflow_store``, holds key–value facts about the store itself: its
``schema_version`` (:data:`SCHEMA_VERSION`). A store written before the table existed is schema 1.
A reeflow that finds a newer schema refuses the store rather than misread it.

The same declarative model serves SQLite and PostgreSQL; the schema is created on first use.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["SCHEMA_VERSION", "Base", "RunRecord", "StoreFact"]

#: Version of the run-store schema this reeflow writes and reads.
SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    """Declarative base of the run-store tables."""


class RunRecord(Base):
    """One recorded run (see the module docstring for the columns)."""

    __tablename__ = "reeflow_runs"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    scenario_name: Mapped[str] = mapped_column(String(255))
    scenario_hash: Mapped[str] = mapped_column(String(64), index=True)
    scenario_text: Mapped[str] = mapped_column(Text)
    reeflow_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    converged: Mapped[bool]
    closure: Mapped[float | None]
    results: Mapped[dict[str, Any]] = mapped_column(JSON)


class StoreFact(Base):
    """A fact about the store (``schema_version``), as text."""

    __tablename__ = "reeflow_store"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
