"""The study file: which scenario, what is uncertain, what to read back, what to optimise.

A study file (YAML) names a scenario file (relative to the study file), the number of Monte-Carlo
samples and their seed, the uncertain inputs (a dotted path into the scenario and one
distribution), the outputs (a name and a dotted path into the results mapping), and optionally
decisions (a path with bounds), an objective (a statistic of one output to minimise or maximise)
and constraints (bounds on statistics of outputs), and the executor that runs the evaluations.

Distribution parameters are numbers in the scenario's own units, or quantity strings such as
``50 t/h`` where the scenario field is a quantity (see :mod:`reeflow.studies.inputs`). Statistics
are ``mean``, ``sd``, ``min``, ``max`` or a percentile ``pNN`` (``p10``, ``p50``, ``p90``, …).
Validation errors name the field, the value and the fix; the command line exits with status 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reeflow.errors import InputError

__all__ = [
    "Constraint",
    "Decision",
    "ExecutorSpec",
    "Lognormal",
    "Normal",
    "Objective",
    "OptimiserSpec",
    "StudySpec",
    "Triangular",
    "UncertainInput",
    "Uniform",
    "check_statistic",
    "load_study",
]

#: A distribution parameter: a number in the scenario's units or a quantity string ("50 t/h").
Value = float | str

_STATISTIC = re.compile(r"^(mean|sd|min|max|p(\d{1,2}(\.\d+)?))$")


def check_statistic(name: str) -> str:
    """``name`` if it is a statistic a study can use (mean, sd, min, max, p0…p99); else ValueError."""
    if not _STATISTIC.match(name):
        raise ValueError(f"statistic {name!r} is unknown; expected mean, sd, min, max or a percentile p1…p99 (e.g. p10)")
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Normal(_Strict):
    """Normal distribution: ``mean`` and standard deviation ``sd`` (> 0)."""

    mean: Value
    sd: Value


class Uniform(_Strict):
    """Uniform distribution on [``low``, ``high``]."""

    low: Value
    high: Value


class Triangular(_Strict):
    """Triangular distribution on [``low``, ``high``] with its peak at ``mode``."""

    low: Value
    mode: Value
    high: Value


class Lognormal(_Strict):
    """Log-normal distribution: ``median`` (= exp μ) and the standard deviation of ln x, ``sd_log``."""

    median: Value
    sd_log: float = Field(gt=0)


Distribution = Normal | Uniform | Triangular | Lognormal


class UncertainInput(_Strict):
    """One uncertain scenario value: its dotted path, an optional short ``name`` for tables, and
    exactly one distribution."""

    path: str
    name: str | None = None
    normal: Normal | None = None
    uniform: Uniform | None = None
    triangular: Triangular | None = None
    lognormal: Lognormal | None = None

    @model_validator(mode="after")
    def _one_distribution(self) -> UncertainInput:
        given = [name for name in ("normal", "uniform", "triangular", "lognormal") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one distribution (normal, uniform, triangular or lognormal) for {self.path!r}; "
                f"got {', '.join(given) or 'none'}"
            )
        return self

    @property
    def distribution(self) -> Distribution:
        """The one distribution given."""
        for found in (self.normal, self.uniform, self.triangular, self.lognormal):
            if found is not None:
                return found
        raise AssertionError("validated to hold one distribution")


class Decision(_Strict):
    """A scenario value the optimiser may move between ``low`` and ``high`` (the scenario's units);
    ``name`` labels it in tables."""

    path: str
    name: str | None = None
    low: Value
    high: Value


class Objective(_Strict):
    """``minimize`` or ``maximize`` the ``statistic`` (over the samples) of one output."""

    minimize: str | None = None
    maximize: str | None = None
    statistic: str = "mean"

    @field_validator("statistic")
    @classmethod
    def _known_statistic(cls, value: str) -> str:
        return check_statistic(value)

    @model_validator(mode="after")
    def _one_sense(self) -> Objective:
        if (self.minimize is None) == (self.maximize is None):
            raise ValueError("give exactly one of minimize: <output> or maximize: <output>")
        return self

    @property
    def output(self) -> str:
        """The output the objective reads."""
        return self.minimize if self.minimize is not None else str(self.maximize)

    @property
    def sign(self) -> float:
        """+1 to minimise, -1 to maximise."""
        return 1.0 if self.minimize is not None else -1.0


class Constraint(_Strict):
    """``min <= statistic(output) <= max`` (either bound may be left out, not both)."""

    output: str
    statistic: str = "mean"
    min: float | None = None
    max: float | None = None

    @field_validator("statistic")
    @classmethod
    def _known_statistic(cls, value: str) -> str:
        return check_statistic(value)

    @model_validator(mode="after")
    def _a_bound(self) -> Constraint:
        if self.min is None and self.max is None:
            raise ValueError(f"constraint on {self.output!r} needs min, max or both")
        return self


class OptimiserSpec(_Strict):
    """Budget and tolerance of the optimiser (COBYLA on decisions scaled to [0, 1])."""

    max_evaluations: int = Field(default=60, ge=3, le=10_000)
    tolerance: float = Field(default=1e-4, gt=0, lt=0.5)
    initial_step: float = Field(default=0.25, gt=0, le=1)


class ExecutorSpec(_Strict):
    """Where evaluations run: ``serial``, ``processes`` (one machine) or ``ray`` (a cluster)."""

    kind: Literal["serial", "processes", "ray"] = "serial"
    workers: int = Field(default=2, ge=1, le=4096)
    address: str | None = None
    batch_size: int | None = Field(default=None, ge=1)


class StudySpec(_Strict):
    """A whole study file."""

    scenario: str
    samples: int = Field(default=100, ge=2, le=1_000_000)
    seed: int = Field(default=1, ge=0)
    uncertain: list[UncertainInput] = Field(default_factory=list)
    outputs: dict[str, str] = Field(min_length=1)
    decisions: list[Decision] = Field(default_factory=list)
    objective: Objective | None = None
    constraints: list[Constraint] = Field(default_factory=list)
    optimiser: OptimiserSpec = Field(default_factory=OptimiserSpec)
    executor: ExecutorSpec = Field(default_factory=ExecutorSpec)

    @model_validator(mode="after")
    def _consistent(self) -> StudySpec:
        names = set(self.outputs)
        if self.objective is not None and self.objective.output not in names:
            raise ValueError(f"objective: {self.objective.output!r} is not an output; outputs are {', '.join(names)}")
        for i, constraint in enumerate(self.constraints):
            if constraint.output not in names:
                raise ValueError(f"constraints.{i}.output: {constraint.output!r} is not an output; "
                                 f"outputs are {', '.join(names)}")
        if self.decisions and self.objective is None:
            raise ValueError("decisions need an objective: {minimize: <output>, statistic: mean}")
        if (self.objective is not None or self.constraints) and not self.decisions:
            raise ValueError("an objective or constraints need decisions (paths the optimiser may move)")
        paths = [u.path for u in self.uncertain] + [d.path for d in self.decisions]
        repeated = sorted({p for p in paths if paths.count(p) > 1})
        if repeated:
            raise ValueError(f"paths given twice (uncertain or decision): {', '.join(repeated)}")
        labels = [u.name or u.path for u in self.uncertain] + [d.name or d.path for d in self.decisions]
        repeated = sorted({n for n in labels if labels.count(n) > 1})
        if repeated:
            raise ValueError(f"names given twice (uncertain or decision): {', '.join(repeated)}")
        return self


def read_yaml_mapping(path: Path, what: str, expected: str) -> dict[str, Any]:
    """The YAML mapping in the file at ``path`` (the ``what``); InputError naming the file, and
    ``expected`` when it holds something else."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: the {what} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected {expected}")
    return raw


def load_study(
    path: Path, *, samples: int | None = None, executor: str | None = None, workers: int | None = None
) -> StudySpec:
    """Read and validate the study file at ``path``; ``samples``, ``executor`` (the executor's kind)
    and ``workers``, where given, replace the file's values. InputError on any problem."""
    raw = read_yaml_mapping(path, "study file", "a mapping with scenario, samples, uncertain, outputs, ...")
    if samples is not None:
        raw["samples"] = samples
    chosen = {"kind": executor, "workers": workers}
    if any(v is not None for v in chosen.values()):
        given: dict[str, Any] = raw["executor"] if isinstance(raw.get("executor"), dict) else {}
        raw["executor"] = {**given, **{k: v for k, v in chosen.items() if v is not None}}
    try:
        return StudySpec.model_validate(raw)
    except ValidationError as exc:
        from reeflow.unitops.base import validation_error_message

        raise InputError(f"{path}: {validation_error_message(exc, '')}") from None
