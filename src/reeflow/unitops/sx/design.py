"""Cascade design: stage numbers and flows that meet purity and recovery targets.

Method
------
1. **Targets** are strings ``purity|recovery:OUTLET:COMPONENT=VALUE``
   (:func:`~reeflow.unitops.sx.targets.parse_target`).
2. **Shortcut start** (:mod:`reeflow.unitops.sx.shortcut`): the key pair, the minimum flows and
   first stage numbers from Kremser (linear models) or Xu Guangxian's theory.
3. **Verification and refinement** with the rigorous simulator
   (:func:`reeflow.unitops.sx.solver.simulate`): for given stage numbers the organic flow is set
   by bisection so that the two products' target margins are equal (the split is balanced); the
   stage numbers are scaled up until all targets are met (if the stage count exceeds its limit,
   the scrub flow is raised — or, when only the raffinate's purity and the A product's recovery
   have targets, the organic flow), then reduced one at a time while the targets stay met. A
   variant the simulator cannot solve counts as missing its targets (typically an organic flow
   that the stripping acid cannot strip, so that metal builds up in a recycled organic until the
   extractant is saturated); the design reports how many there were, and only converged
   simulations are returned.
4. **Implied target.** Targets that all pull the same way (say ``purity:raffinate:Pr`` and
   ``recovery:loaded_organic:Nd``, both helped by extracting more) are met by a cascade that
   sends nearly everything one way: a raffinate of 1e-17 of the feed is "pure". Unless the
   cascade is a plain battery, the design then adds the other product's recovery that the theory
   implies at the targets (its group recovery from the product split of Xu's balance, applied to
   the key), reported as ``implied_targets``; a target of one's own on that side replaces it.

The feed stage stays the last extraction stage. A plain extraction battery (``scrubbing: 0``
and no scrub liquor) stays one when no target needs scrubbing (targets only on the raffinate's
purity and the A product's recovery): then only its stages and organic flow are designed (the
scrub flow ratio is 0). Flows are reported in the cascade file's own units, with the ratio of
each flow to the theory's minimum flow.

Limits: two key components per design (any number of others follow them); the stripping
section, if any, is kept as given.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reeflow.errors import ConvergenceError, InputError
from reeflow.unitops.sx.shortcut import KeySplit, ShortcutStart, group_purities, key_split, shortcut_start
from reeflow.unitops.sx.spec import Cascade
from reeflow.unitops.sx.targets import (
    TARGET_FORM,
    Target,
    achieved_value,
    parse_target,
    product_outlet,
    target_margin,
)
from reeflow.unitops.sx.theory import product_fractions

__all__ = ["CascadeDesign", "design"]

#: Largest total number of stages (extraction + scrubbing) the refinement will try.
MAX_STAGES = 400
#: Searches of the refinement, the scrub (or organic) flow raised ×1.5 between them (1.5⁷ ≈ 17-fold
#: at most: Xu's start can be that far off for organic phases that are not saturated).
_MAX_SCRUB_RAISES = 8
#: Times a step of the organic-flow search is shortened when its variant does not converge.
_MAX_STEP_CUTS = 4


@dataclass(frozen=True)
class CascadeDesign:
    """A designed cascade, confirmed by the rigorous simulator.

    Attributes
    ----------
    cascade : Cascade
        The designed cascade (SI inside; ``cascade.to_file_dict()`` gives its file form).
    result : Any
        The simulator's result for it (``CascadeResult``).
    key : KeySplit
        The key pair and groups the design was made for.
    targets : tuple of Target
        The targets, all met by ``result``.
    achieved : dict of str to float
        Achieved value per target string (implied targets included).
    theory : dict
        The theory start: method, stage numbers, flows and minimum flows in the file's units.
    flow_ratio : dict of str to float or None
        Designed organic and scrub flows over the theory's minimum flows (None where that
        minimum is zero: a split that needs no scrub at its minimum reflux).
    simulations : int
        Number of rigorous simulations the refinement ran.
    variants_not_converged : int
        How many of them did not converge (counted as missing the targets).
    implied_targets : tuple of Target
        Targets the design added because the given ones all pull the same way (Method, step 4).
    """

    cascade: Cascade
    result: Any
    key: KeySplit
    targets: tuple[Target, ...]
    achieved: dict[str, float]
    theory: dict[str, Any]
    flow_ratio: dict[str, float | None]
    simulations: int
    variants_not_converged: int = 0
    implied_targets: tuple[Target, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The design in the CLI's form: sections, organic, scrub (file units), simulation, extras."""
        file_form = self.cascade.to_file_dict()
        return {
            "sections": file_form["sections"],
            "organic": file_form["organic"],
            "scrub": file_form.get("scrub"),
            "flow_ratio_to_minimum": self.flow_ratio,
            "key": {
                "light": self.key.light_key,
                "heavy": self.key.heavy_key,
                "beta": self.key.beta,
                "raffinate_group": list(self.key.raffinate_group),
                "extract_group": list(self.key.extract_group),
            },
            "targets": {t.text: {"required": t.value, "achieved": self.achieved[t.text]} for t in self.targets},
            "implied_targets": {
                t.text: {"required": t.value, "achieved": self.achieved[t.text]} for t in self.implied_targets
            },
            "theory": self.theory,
            "simulations": self.simulations,
            "variants_not_converged": self.variants_not_converged,
            "simulation": self.result.to_dict(),
        }


def _pulls_toward_extraction(target: Target) -> bool:
    """Whether ``target`` is helped by extracting more: a purity of the raffinate or a recovery to
    the A product (the other kinds are helped by scrubbing more)."""
    return (target.outlet == "raffinate") == (target.kind == "purity")


class _Evaluator:
    """Runs the simulator on design variants and scores the targets.

    A variant the simulator cannot solve (in practice one whose organic flow the stripping
    section or the loading capacity cannot carry) counts as missing every target: it is recorded
    in ``failures`` and the search keeps to the variants that converge.
    """

    def __init__(self, cascade: Cascade, targets: Sequence[Target], simulate: Callable[..., Any]) -> None:
        self.base = cascade
        self.targets = tuple(targets)
        self.simulate = simulate
        # extraction side (purity in the raffinate, recovery to the A product): helped by more
        # organic and more extraction stages; the scrub side by more scrub and scrubbing stages
        self.extraction_side = tuple(t for t in self.targets if _pulls_toward_extraction(t))
        self.scrub_side = tuple(t for t in self.targets if t not in self.extraction_side)
        self.count = 0
        self.failures: list[dict[str, Any]] = []
        self.cache: dict[tuple[int, int, float, float], tuple[Cascade, Any, dict[str, float]]] = {}

    def variant(self, n: int, m: int, organic: float, scrub: float) -> Cascade:
        return self.base.replace(extraction=n, scrubbing=m, feed_stage=n, organic_flow=organic, scrub_flow=scrub)

    def run(self, n: int, m: int, organic: float, scrub: float) -> tuple[Cascade, Any, dict[str, float]]:
        """Variant, its simulation result (None if it did not converge) and the target margins."""
        key = (n, m, organic, scrub)
        if key not in self.cache:
            cascade = self.variant(n, m, organic, scrub)
            self.count += 1
            try:
                result = self.simulate(cascade)
            except ConvergenceError as exc:
                self.failures.append({"extraction": n, "scrubbing": m, "organic_flow_m3_s": organic,
                                      "scrub_flow_m3_s": scrub, "error": str(exc)})
                self.cache[key] = (cascade, None, {t.text: -math.inf for t in self.targets})
            else:
                margins = {t.text: target_margin(achieved_value(cascade, result, t), t.value) for t in self.targets}
                self.cache[key] = (cascade, result, margins)
        return self.cache[key]

    def sides(self, margins: dict[str, float]) -> tuple[float, float]:
        ext = min((margins[t.text] for t in self.extraction_side), default=math.inf)
        scr = min((margins[t.text] for t in self.scrub_side), default=math.inf)
        return ext, scr


def implied_target(cascade: Cascade, key: KeySplit, start: ShortcutStart, targets: Sequence[Target]) -> Target | None:
    """The recovery the theory implies for the product that no target holds back (its group's
    recovery at the start's group purities, required of its key), or None when the targets
    already pull both ways (see the module's Method, step 4)."""
    toward = [_pulls_toward_extraction(t) for t in targets]
    if any(toward) and not all(toward):
        return None
    f_a = key.feed_fraction_a
    product_a, product_b = product_fractions(f_a, start.purity_a, start.purity_b)
    if all(toward):  # the raffinate must keep its share of B
        outlet, component, recovery = "raffinate", key.light_key, product_b * start.purity_b / (1.0 - f_a)
    else:  # the A product must take its share of A
        outlet, component, recovery = product_outlet(cascade), key.heavy_key, product_a * start.purity_a / f_a
    value = min(max(recovery, 1e-6), 1.0 - 1e-9)
    return Target("recovery", outlet, component, value, f"recovery:{outlet}:{component}={value:.6g}")


def _balanced_organic(ev: _Evaluator, n: int, m: int, scrub: float, guess: float) -> tuple[float, float]:
    """Organic flow (m³/s) that equalises the two sides' margins, and the common margin.

    Variants that do not converge bound the search: if the guess fails, smaller organic flows are
    tried (an organic flow the stripping acid cannot strip is the usual cause); a failed step of
    the bracket search is shortened towards the last converged flow; a failed bisection point ends
    the search with the best converged flow found.
    """
    if not ev.extraction_side or not ev.scrub_side:
        _, _, margins = ev.run(n, m, guess, scrub)
        return guess, min(margins.values())

    def gap(organic: float) -> tuple[float, float]:
        _, result, margins = ev.run(n, m, organic, scrub)
        if result is None:
            return math.nan, -math.inf
        ext, scr = ev.sides(margins)
        return ext - scr, min(ext, scr)

    def step(origin: float, factor: float) -> tuple[float, float, float] | None:
        """The flow ``origin · factor``, or, where that does not converge, one closer to ``origin``."""
        target = origin * factor
        for _ in range(_MAX_STEP_CUTS):
            g, worst = gap(target)
            if not math.isnan(g):
                return target, g, worst
            target = math.sqrt(origin * target)
        return None

    lo = guess
    g_lo, worst_lo = gap(lo)
    for _ in range(_MAX_STEP_CUTS):
        if not math.isnan(g_lo):
            break
        lo = lo / 1.5
        g_lo, worst_lo = gap(lo)
    if math.isnan(g_lo):
        return lo, worst_lo
    hi, g_hi, worst_hi = lo, g_lo, worst_lo
    for _ in range(40):  # bracket: the gap rises with the organic flow
        if g_lo <= 0.0 <= g_hi:
            break
        if g_lo > 0.0:
            moved = step(lo, 1.0 / 1.5)
            if moved is None:
                break
            hi, g_hi, worst_hi = lo, g_lo, worst_lo
            lo, g_lo, worst_lo = moved
        else:
            moved = step(hi, 1.5)
            if moved is None:
                break
            lo, g_lo, worst_lo = hi, g_hi, worst_hi
            hi, g_hi, worst_hi = moved
    best = (lo, worst_lo) if worst_lo >= worst_hi else (hi, worst_hi)
    if not g_lo <= 0.0 <= g_hi:
        return best
    for _ in range(40):
        if hi / lo - 1.0 < 1e-6:
            break
        mid = math.sqrt(lo * hi)
        g_mid, worst_mid = gap(mid)
        if math.isnan(g_mid):
            break
        if worst_mid > best[1]:
            best = (mid, worst_mid)
        if g_mid > 0.0:
            hi = mid
        else:
            lo = mid
    return best


def _feasible(ev: _Evaluator, n: int, m: int, scrub: float, guess: float) -> tuple[bool, float, float]:
    organic, worst = _balanced_organic(ev, n, m, scrub, guess)
    return worst >= 0.0, organic, worst


def _size_stages(
    ev: _Evaluator, min_scrubbing: int, scrub: float, organic: float, scale: Callable[[float], tuple[int, int]]
) -> tuple[int, int, float] | None:
    """Smallest stage numbers along ``scale`` (then trimmed one by one, keeping at least
    ``min_scrubbing`` scrubbing stages) that meet the targets."""
    s_ok: float | None = None
    s_bad = 0.0
    s = 1.0
    ok_organic = organic
    while True:
        n, m = scale(s)
        if n + m > MAX_STAGES:
            break
        ok, found, _ = _feasible(ev, n, m, scrub, organic)
        if ok:
            s_ok, ok_organic = s, found
            break
        s_bad, organic = s, found
        s *= 1.4
    if s_ok is None:
        return None
    while True:  # bisection on the common scale factor
        n_bad, m_bad = scale(s_bad) if s_bad > 0 else (0, 0)
        n_ok, m_ok = scale(s_ok)
        if (n_ok + m_ok) - (n_bad + m_bad) <= 2:
            break
        mid = 0.5 * (s_bad + s_ok)
        ok, found, _ = _feasible(ev, *scale(mid), scrub, ok_organic)
        if ok:
            s_ok, ok_organic = mid, found
        else:
            s_bad = mid
    n, m = scale(s_ok)
    improved = True
    while improved:  # trim one stage at a time, extraction first
        improved = False
        for dn, dm in ((1, 0), (0, 1)):
            if n - dn < 1 or m - dm < min_scrubbing:
                continue
            ok, found, _ = _feasible(ev, n - dn, m - dm, scrub, ok_organic)
            if ok:
                n, m, ok_organic, improved = n - dn, m - dm, found, True
    return n, m, ok_organic


def design(
    cascade: Cascade,
    targets: Iterable[Target | str],
    *,
    reflux: float = 1.3,
    simulate: Callable[..., Any] | None = None,
) -> CascadeDesign:
    """Design stage numbers and organic/scrub flows of ``cascade`` that meet ``targets``.

    Parameters
    ----------
    cascade : Cascade
        The cascade to design: components, feed, equilibrium model, stripping section and scrub
        liquor composition are kept; its stage numbers and flows are only a starting point.
    targets : iterable of Target or str
        Targets, parsed with :func:`parse_target` when given as strings.
    reflux : float
        Theory start's flow factor over the minimum (``O/O_min`` or ``S/S_min``), > 1.
    simulate : callable, optional
        The rigorous simulator (default :func:`reeflow.unitops.sx.solver.simulate`).

    Returns
    -------
    CascadeDesign

    Raises
    ------
    InputError
        Unknown outlets or components, targets no cascade can reach (purity above what the feed
        can give, components in the wrong product), a feed without both groups.
    ConvergenceError
        If no design within ``MAX_STAGES`` stages and a scrub (or, for extraction-side
        targets only, organic) flow raised up to 17-fold meets the targets; the diagnostics give the
        attempts.
    """
    if simulate is None:
        from reeflow.unitops.sx.solver import simulate as rigorous

        simulate = functools.partial(rigorous, stop_saturated_recycle=True)
    parsed = tuple(t if isinstance(t, Target) else parse_target(t) for t in targets)
    if not parsed:
        raise InputError("design: at least one target is needed, of the form " + TARGET_FORM)
    key = key_split(cascade, parsed)
    purity_a, purity_b = group_purities(cascade, key, parsed)
    start = shortcut_start(cascade, key, purity_a, purity_b, reflux)
    # a plain extraction battery (no scrubbing section, no scrub liquor) stays one when the targets
    # need no scrubbing: none asks for a purer A product or for more of B in the raffinate
    battery = cascade.scrubbing == 0 and cascade.scrub_flow == 0 and all(map(_pulls_toward_extraction, parsed))
    implied = None if battery else implied_target(cascade, key, start, parsed)
    ev = _Evaluator(cascade, parsed + ((implied,) if implied else ()), simulate)
    scrub, organic_guess = (0.0 if battery else start.scrub_flow), start.organic_flow
    # more reflux helps both products when both have targets (the organic flow is then balanced);
    # with targets on the raffinate side only, more organic is what helps
    organic_raise = 1.5 if not ev.scrub_side else 1.0
    # and the scrub flow stays: more scrub liquor only dilutes the extraction section (and a scrub
    # carrying metal adds to what the organic must extract)
    scrub_raise = 1.5 if ev.scrub_side else 1.0
    attempts: list[dict[str, float]] = []
    for _ in range(_MAX_SCRUB_RAISES):

        def scale(s: float, n0: int = start.extraction, m0: int = start.scrubbing) -> tuple[int, int]:
            return max(1, math.ceil(n0 * s)), (0 if battery else max(1, math.ceil(m0 * s)))

        sized = _size_stages(ev, 0 if battery else 1, scrub, organic_guess, scale)
        if sized is not None:
            n, m, organic = sized
            designed, result, margins = ev.run(n, m, organic, scrub)
            achieved = {t.text: achieved_value(designed, result, t) for t in ev.targets}
            return CascadeDesign(
                cascade=designed,
                result=result,
                key=key,
                targets=parsed,
                achieved=achieved,
                theory=_theory_report(cascade, start),
                flow_ratio={
                    "organic": organic / start.organic_flow_min,
                    "scrub": scrub / start.scrub_flow_min if start.scrub_flow_min > 0 else None,
                },
                simulations=ev.count,
                variants_not_converged=len(ev.failures),
                implied_targets=(implied,) if implied else (),
            )
        attempts.append({"scrub_flow_m3_s": scrub, "organic_flow_m3_s": organic_guess, "stages_tried_up_to": MAX_STAGES})
        scrub *= scrub_raise
        organic_guess *= organic_raise
    raise ConvergenceError(
        f"design: no cascade with at most {MAX_STAGES} stages meets {[t.text for t in ev.targets]} "
        f"(scrub flow up to {scrub / scrub_raise:.3g} m3/s, "
        f"organic flow up to {organic_guess / organic_raise:.3g} m3/s); "
        "lower the targets or check the separation factor "
        f"{key.heavy_key}/{key.light_key} = {key.beta:.4g}",
        diagnostics={
            "theory": _theory_report(cascade, start),
            "attempts": attempts,
            "simulations": ev.count,
            "variants_not_converged": len(ev.failures),
            "last_failure": ev.failures[-1] if ev.failures else None,
        },
    )


def _file_flows(cascade: Cascade, start: ShortcutStart, organic: float, scrub: float) -> tuple[str, str]:
    """Organic and scrub flows (m³/s) written in the cascade file's own units (a zero scrub
    flow, a minimum that needs no scrub, is written as 0 in the scrub flow's unit)."""
    variant = cascade.replace(
        extraction=start.extraction,
        scrubbing=max(1, start.scrubbing),
        feed_stage=start.extraction,
        organic_flow=organic,
        scrub_flow=scrub if scrub > 0 else start.scrub_flow,
    ).to_file_dict()
    scrub_text = str(variant["scrub"]["flow"])
    if scrub <= 0:
        scrub_text = "0 " + scrub_text.split(" ", 1)[-1]
    return str(variant["organic"]["flow"]), scrub_text


def _theory_report(cascade: Cascade, start: ShortcutStart) -> dict[str, Any]:
    organic, scrub = _file_flows(cascade, start, start.organic_flow, start.scrub_flow)
    organic_min, scrub_min = _file_flows(cascade, start, start.organic_flow_min, start.scrub_flow_min)
    return {
        "method": start.method,
        "extraction": start.extraction,
        "scrubbing": start.scrubbing,
        "organic": organic,
        "scrub": scrub,
        "organic_min": organic_min,
        "scrub_min": scrub_min,
        "group_purity_extract": start.purity_a,
        "group_purity_raffinate": start.purity_b,
        **start.details,
    }
