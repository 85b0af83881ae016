"""Chemical formulas: parse ``"La2(C2O4)3·10H2O"`` into element counts.

Grammar: element symbols (capital letter, optional lower-case letter) with optional decimal
counts, nested parentheses or brackets with counts, and hydrate parts joined by ``·`` or ``*``
with an optional leading multiplier (``·10H2O``). A trailing phase tag — ``(s)``, ``(l)``,
``(aq)``, ``(g)``, ``(org)`` — is not part of the formula and is removed by :func:`strip_phase_tag`.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reeflow.errors import InputError

__all__ = ["PHASE_TAGS", "parse_formula", "strip_phase_tag"]

PHASE_TAGS = ("(s)", "(l)", "(aq)", "(g)", "(org)")

_COUNT = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_TOKEN = re.compile(r"([A-Z][a-z]?)|(\d+(?:\.\d+)?|\.\d+)|([(\[])|([)\]])|(\s+)")


def strip_phase_tag(species_id: str) -> str:
    """Return ``species_id`` without a trailing phase tag such as ``(aq)``."""
    for tag in PHASE_TAGS:
        if species_id.endswith(tag):
            return species_id[: -len(tag)]
    return species_id


def parse_formula(formula: str) -> dict[str, float]:
    """Element counts per formula unit.

    >>> parse_formula("La2(C2O4)3·10H2O")
    {'La': 2.0, 'C': 6.0, 'O': 22.0, 'H': 20.0}

    Raises :class:`InputError` for unbalanced parentheses, stray characters or an empty formula.
    Element symbols are not checked against the periodic table here (the database does that).
    """
    total: dict[str, float] = defaultdict(float)
    parts = re.split(r"[·*]", formula.strip())
    if not formula.strip():
        raise InputError("formula: empty string; expected a formula such as 'LaCO3F'")
    for part in parts:
        match = re.match(r"\s*(\d+(?:\.\d+)?)(?=[A-Z(\[])", part)
        multiplier = float(match.group(1)) if match else 1.0
        body = part[match.end():] if match else part
        for element, count in _parse_group(body, formula).items():
            total[element] += multiplier * count
    return dict(total)


def _parse_group(text: str, formula: str) -> dict[str, float]:
    stack: list[dict[str, float]] = [defaultdict(float)]
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise InputError(
                f"formula {formula!r}: unexpected character {text[pos]!r} at position {pos}; "
                "expected element symbols, counts, parentheses, or '·' before a hydrate part"
            )
        symbol, count, opening, closing, _space = m.groups()
        pos = m.end()
        if symbol:
            n, pos = _read_count(text, pos)
            stack[-1][symbol] += n
        elif count:
            raise InputError(f"formula {formula!r}: count {count} at position {m.start()} follows nothing")
        elif opening:
            stack.append(defaultdict(float))
        elif closing:
            if len(stack) == 1:
                raise InputError(f"formula {formula!r}: unbalanced ')'")
            group = stack.pop()
            n, pos = _read_count(text, pos)
            for element, k in group.items():
                stack[-1][element] += k * n
    if len(stack) != 1:
        raise InputError(f"formula {formula!r}: unbalanced '('")
    if not stack[0]:
        raise InputError(f"formula {formula!r}: no element symbols found")
    return dict(stack[0])


def _read_count(text: str, pos: int) -> tuple[float, int]:
    m = _COUNT.match(text, pos)
    return (float(m.group(0)), m.end()) if m else (1.0, pos)
