"""Cascade design: stage numbers and flows that meet purity and recovery targets.

Method
------
1. **Targets** are strings ``purity|recovery:OUTLET:COMPONENT=VALUE`` (:func:`parse_target`).
   ``purity`` is the mole fraction of the component among the listed components in that outlet;
   ``recovery`` the fraction of the component's total input that leaves by that outlet.
2. **Key pair.** Components are ordered by extractability (the equilibrium model's linearised
   distribution ratio at the feed). Components named for the raffinate form the hard-to-extract
   group B, those named for the A-product outlet (``loaded_organic``, or ``strip_liquor`` with a
   stripping section) the easy-to-extract group A; the split is between two adjacent
   components, lighter ones joining B and heavier ones A (pseudo-binary treatment).
3. **Theory start.** The targets become group purities of the two products; the closed-form
   theory then gives the minimum flows and the stage numbers:

   - ``constant_distribution`` (linear): Kremser. Both sections work only if the key
     A is extracted in the extraction section, ``D_A O > F + W``, and the key B is scrubbed in the
     scrubbing section, ``D_B O < W``; hence the minimum organic flow ``O_min = F/(D_A − D_B)``
     with ``W_min = D_B O_min`` (F feed, W scrub, O organic volumetric flows) for a sharp
     split. Targets that let fractions ``l_A``, ``l_B`` of the keys reach the wrong product lower
     it to ``O_min = F (1 − l_A − l_B)/(D_A − D_B)`` (:func:`linear_minimum_flows`), the value the
     reported flow ratio refers to. The design takes
     ``O = k O_min`` and the scrub flow that makes the key extraction factor of A in the
     extraction section equal to the key stripping factor of B in the scrubbing section,
     ``D_A O/(F + W) = W/(D_B O)``; stages from the Kremser equation for each section.
   - other models: Xu Guangxian's theory (:mod:`reeflow.unitops.sx.theory`) with the key pair's
     separation factor; the metal amounts ``S`` and ``W`` become flows through the organic loading
     ``y_F`` in equilibrium with the feed and the metal concentration of the scrub-section aqueous
     phase: the scrub's own, or, for a metal-free scrub, the concentration ``x_W`` of an aqueous
     phase of the organic product's composition in equilibrium with the loading ``y_F`` (the
     theory's constant organic flux: the reflux is what the scrub liquor takes up from that
     organic); for acid-driven models (``mass_action``) the metal a used-up scrub acid exchanges,
     ``x_W = c(H⁺)/3``; else the feed's. ``O_min`` and ``W_min`` follow from ``S_min``, ``W_min``.
4. **Verification and refinement** with the rigorous simulator
   (:func:`reeflow.unitops.sx.solver.simulate`): for given stage numbers the organic flow is set
   by bisection so that the two products' target margins are equal (the split is balanced); the
   stage numbers are scaled up until all targets are met (if the stage count exceeds its limit,
   the scrub flow is raised — or, when only the raffinate's purity and the A product's recovery
   have targets, the organic flow), then reduced one at a time while the targets stay met. A target's
   margin is ``logit(achieved) − logit(target)``. A variant the simulator cannot solve counts as
   missing its targets (typically an organic flow that the stripping acid cannot strip, so that
   metal builds up in a recycled organic until the extractant is saturated); the design reports how
   many there were, and only converged simulations are returned.

The feed stage stays the last extraction stage. A plain extraction battery (``scrubbing: 0``
and no scrub liquor) stays one when no target needs scrubbing (targets only on the raffinate's
purity and the A product's recovery): then only its stages and organic flow are designed (the
scrub flow ratio is 0). Flows are reported in the cascade file's own units, with the ratio of
each flow to the theory's minimum flow.

Limits: two key components per design (any number of others follow them); the stripping
section, if any, is kept as given; the theory start is approximate for non-linear models and
the rigorous refinement is what guarantees the targets.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from reeflow.errors import ConvergenceError, InputError
from reeflow.unitops.sx.equilibrium import ConstantDistribution, MassAction
from reeflow.unitops.sx.equilibrium.base import FloatArray, MetalOnlyModel
from reeflow.unitops.sx.spec import Cascade
from reeflow.unitops.sx.theory import product_fractions, xu_design

__all__ = ["CascadeDesign", "KeySplit", "Target", "design", "linear_minimum_flows", "parse_target"]

TargetKind = Literal["purity", "recovery"]

_TARGET_FORM = "purity|recovery:OUTLET:COMPONENT=VALUE, e.g. purity:raffinate:La=0.9999"
_TARGET = re.compile(
    r"^(?P<kind>[A-Za-z]+):(?P<outlet>[A-Za-z_][A-Za-z0-9_]*):(?P<component>[A-Za-z][A-Za-z0-9]*)"
    r"=(?P<value>[^=\s]+)$"
)
#: Largest total number of stages (extraction + scrubbing) the refinement will try.
MAX_STAGES = 400
#: Searches of the refinement, the scrub (or organic) flow raised ×1.5 between them (1.5⁷ ≈ 17-fold
#: at most: Xu's start can be that far off for organic phases that are not saturated).
_MAX_SCRUB_RAISES = 8
#: Times a step of the organic-flow search is shortened when its variant does not converge.
_MAX_STEP_CUTS = 4


@dataclass(frozen=True)
class Target:
    """One design target, as parsed from ``purity|recovery:OUTLET:COMPONENT=VALUE``.

    Attributes
    ----------
    kind : {"purity", "recovery"}
        Mole fraction among the listed components in the outlet, or fraction of the component's
        total input leaving by the outlet.
    outlet, component : str
        Outlet name (``raffinate``, ``loaded_organic``, ``strip_liquor``) and component symbol.
    value : float
        Required value, strictly between 0 and 1 (the achieved value must be at least this).
    text : str
        The string the target was parsed from.
    """

    kind: TargetKind
    outlet: str
    component: str
    value: float
    text: str


def parse_target(text: str) -> Target:
    """Parse ``purity|recovery:OUTLET:COMPONENT=VALUE`` (e.g. ``purity:raffinate:La=0.9999``).

    Raises
    ------
    InputError
        Naming the string and the expected form when the kind is unknown, a part is missing or
        the value is not a number strictly between 0 and 1.

    Examples
    --------
    >>> parse_target("recovery:loaded_organic:Ce=0.99")
    Target(kind='recovery', outlet='loaded_organic', component='Ce', value=0.99, text='recovery:loaded_organic:Ce=0.99')
    """
    if not isinstance(text, str):
        raise InputError(f"target {text!r}: expected a string of the form {_TARGET_FORM}")
    match = _TARGET.match(text.strip())
    if match is None:
        raise InputError(f"target {text!r}: expected the form {_TARGET_FORM}")
    kind = match["kind"].lower()
    if kind not in ("purity", "recovery"):
        raise InputError(f"target {text!r}: kind {match['kind']!r} must be 'purity' or 'recovery' ({_TARGET_FORM})")
    try:
        value = float(match["value"])
    except ValueError:
        raise InputError(f"target {text!r}: value {match['value']!r} is not a number ({_TARGET_FORM})") from None
    if not 0.0 < value < 1.0:
        raise InputError(
            f"target {text!r}: value {value!r} must be a fraction strictly between 0 and 1 ({_TARGET_FORM})"
        )
    return Target("purity" if kind == "purity" else "recovery", match["outlet"], match["component"], value, text)


@dataclass(frozen=True)
class KeySplit:
    """The pseudo-binary split a design is made for.

    Attributes
    ----------
    light_key, heavy_key : str
        Hard-to-extract key B (raffinate) and easy-to-extract key A (A-product outlet).
    raffinate_group, extract_group : tuple of str
        Components counted with B and with A.
    beta : float
        Separation factor of the key pair (ratio of linearised distribution ratios at the feed).
    feed_fraction_a : float
        Mole fraction of the A group among the feed metals.
    """

    light_key: str
    heavy_key: str
    raffinate_group: tuple[str, ...]
    extract_group: tuple[str, ...]
    beta: float
    feed_fraction_a: float


@dataclass(frozen=True)
class _Start:
    """Theory start: stages, flows (m³/s) and minimum flows (m³/s)."""

    method: str
    extraction: int
    scrubbing: int
    organic_flow: float
    scrub_flow: float
    organic_flow_min: float
    scrub_flow_min: float
    purity_a: float
    purity_b: float
    details: dict[str, float] = field(default_factory=dict)


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
        Achieved value per target string.
    theory : dict
        The theory start: method, stage numbers, flows and minimum flows in the file's units.
    flow_ratio : dict of str to float or None
        Designed organic and scrub flows over the theory's minimum flows (None where that
        minimum is zero: a split that needs no scrub at its minimum reflux).
    simulations : int
        Number of rigorous simulations the refinement ran.
    variants_not_converged : int
        How many of them did not converge (counted as missing the targets).
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
            "theory": self.theory,
            "simulations": self.simulations,
            "variants_not_converged": self.variants_not_converged,
            "simulation": self.result.to_dict(),
        }


# ---------------------------------------------------------------------------- evaluation


def _product_outlet(cascade: Cascade) -> str:
    return "loaded_organic" if cascade.stripping == 0 else "strip_liquor"


def _achieved(cascade: Cascade, result: Any, target: Target) -> float:
    index = cascade.components.index(target.component)
    flows = np.asarray(result.outlet_flows[target.outlet], dtype=float)
    if target.kind == "purity":
        total = float(flows.sum())
        return float(flows[index] / total) if total > 0 else 0.0
    supplied = float(cascade.total_input()[index])
    return float(flows[index] / supplied) if supplied > 0 else 0.0


def _margin(achieved: float, required: float) -> float:
    """``logit(achieved) − logit(required)``; ≥ 0 when the target is met."""
    eps = 1e-300
    a = min(max(achieved, eps), 1.0 - 1e-16)
    return math.log(a / (1.0 - a)) - math.log(required / (1.0 - required))


# ---------------------------------------------------------------------------- key pair


def _feed_state(cascade: Cascade) -> FloatArray:
    """The equilibrium model's typical stage state for an aqueous phase like the feed."""
    model = cascade.equilibrium
    extra = np.zeros(model.state_size - len(cascade.components))
    if extra.size:  # the mass-action model's H⁺ follows the metals
        extra[0] = cascade.feed_acidity
    return np.asarray(model.initial_state(np.concatenate([cascade.feed_concentration, extra])), dtype=float)


def _extractability(cascade: Cascade) -> FloatArray:
    state = _feed_state(cascade)
    return np.asarray(cascade.equilibrium.linear_organic(state), dtype=float)[: len(cascade.components)]


def _key_split(cascade: Cascade, targets: Sequence[Target]) -> KeySplit:
    components = cascade.components
    product = _product_outlet(cascade)
    for t in targets:
        if t.component not in components:
            raise InputError(f"target {t.text!r}: component {t.component!r} is not one of {list(components)}")
        if t.outlet not in ("raffinate", product):
            raise InputError(
                f"target {t.text!r}: outlet {t.outlet!r} must be 'raffinate' or {product!r} for this cascade"
            )
    ext = _extractability(cascade)
    order = sorted(range(len(components)), key=lambda i: ext[i])
    rank = {components[i]: r for r, i in enumerate(order)}
    # the outlet a target names tells the product, hence the group, of its component
    b_names = {t.component for t in targets if t.outlet == "raffinate"}
    a_names = {t.component for t in targets if t.outlet == product}
    if not b_names and not a_names:
        raise InputError("design: at least one target is needed, of the form " + _TARGET_FORM)
    if b_names & a_names:
        both = sorted(b_names & a_names)
        raise InputError(f"targets name {both} for both the raffinate and {product!r}: a component has one product")
    if b_names and a_names and max(rank[c] for c in b_names) > min(rank[c] for c in a_names):
        raise InputError(
            f"targets ask for {sorted(b_names)} in the raffinate and {sorted(a_names)} in {product!r}, but the "
            f"extraction order (weakest first) is {[components[i] for i in order]}: a cascade sends the "
            "more extractable components to the organic"
        )
    if len(components) == 1:
        raise InputError(
            f"targets {[t.text for t in targets]}: design splits the components between two products and this "
            f"cascade has one component ({components[0]}); simulate it (reeflow sx simulate) to size a battery for it"
        )
    cut = max(rank[c] for c in b_names) if b_names else min(rank[c] for c in a_names) - 1
    if cut < 0 or cut >= len(components) - 1:
        raise InputError(
            f"targets {[t.text for t in targets]}: no component is "
            f"{'less' if cut < 0 else 'more'} extractable than the key; nothing to split from"
        )
    light, heavy = components[order[cut]], components[order[cut + 1]]
    feed = cascade.feed_concentration
    b_group = tuple(components[i] for i in order[: cut + 1])
    a_group = tuple(components[i] for i in order[cut + 1 :])
    total = float(feed.sum())
    if total <= 0:
        raise InputError("feed.concentration: the feed carries no metal; nothing to separate")
    f_a = float(sum(feed[components.index(c)] for c in a_group)) / total
    if not 0.0 < f_a < 1.0:
        raise InputError(
            f"feed.concentration: the feed must contain both groups {list(b_group)} and {list(a_group)} to split them"
        )
    beta = float(ext[components.index(heavy)] / ext[components.index(light)])
    if not beta > 1.0:
        raise InputError(f"separation factor of {heavy}/{light}: {beta:.6g} must exceed 1 to separate them")
    return KeySplit(light, heavy, b_group, a_group, beta, f_a)


# ---------------------------------------------------------------------------- theory start


def _group_purities(cascade: Cascade, key: KeySplit, targets: Sequence[Target]) -> tuple[float, float]:
    """Group purities ``(P_A, P_B)`` of the two products that the targets ask for."""
    comps = cascade.components
    feed = np.asarray(cascade.feed_concentration, dtype=float) / float(cascade.feed_concentration.sum())
    f_a = key.feed_fraction_a
    f_b = 1.0 - f_a
    u_max, v_max, loss_a, loss_b = math.inf, math.inf, f_a, f_b
    for t in targets:
        share = float(feed[comps.index(t.component)])
        if t.kind == "purity":
            in_a = t.component in key.extract_group
            best = share / (f_a if in_a else f_b)
            if t.value >= best:
                raise InputError(
                    f"target {t.text!r}: {t.component} is only {best:.6g} of its group "
                    f"{list(key.extract_group if in_a else key.raffinate_group)} in the feed, "
                    f"so no cascade splitting at {key.light_key}/{key.heavy_key} gives purity {t.value}"
                )
            group_purity = t.value / best
            ratio = (1.0 - group_purity) / group_purity
            if t.outlet == "raffinate":
                v_max = min(v_max, ratio)
            else:
                u_max = min(u_max, ratio)
        elif t.outlet == "raffinate":
            loss_b = min(loss_b, (1.0 - t.value) * f_b)
        else:
            loss_a = min(loss_a, (1.0 - t.value) * f_a)
    default = 0.01  # a side without a target: the theory assumes a 99 % group purity
    u = u_max if math.isfinite(u_max) else default
    v = v_max if math.isfinite(v_max) else default
    a_r, b_o = 0.0, 0.0  # A in the raffinate, B in the A product, per mol of feed metal
    for _ in range(50):
        a_r = min(loss_a, v * (f_b - b_o))
        b_o = min(loss_b, u * (f_a - a_r))
    # targets the feed itself meets (e.g. an A purity below A's share of the feed) may leave one
    # product empty; the clamp below then starts the theory just above the feed's group fractions
    purity_a = (f_a - a_r) / (f_a - a_r + b_o) if f_a - a_r + b_o > 0 else 0.0
    purity_b = (f_b - b_o) / (f_b - b_o + a_r) if f_b - b_o + a_r > 0 else 0.0
    limit = 1.0 - 1e-12
    return min(max(purity_a, f_a + 1e-9), limit), min(max(purity_b, f_b + 1e-9), limit)


def _kremser_stages(factor: float, fraction: float) -> int:
    """Stages for a section where a key with extraction (or stripping) factor ``factor`` > 1 must
    leave only ``fraction`` of itself at the far end: ``(ε − 1)/(ε^(N+1) − 1) = fraction``."""
    return max(1, math.ceil(math.log((factor - 1.0) / fraction + 1.0) / math.log(factor) - 1.0))


def linear_minimum_flows(
    feed_flow: float, d_a: float, d_b: float, loss_a: float, loss_b: float
) -> tuple[float, float]:
    """Minimum organic and scrub flows (m³/s) of a linear (constant-D) split at infinite stages.

    With infinitely many stages in both sections and a scrub liquor free of the keys, a key
    whose extraction factor is below 1 in the extraction section (``D O < F + W``) and above 1
    in the scrubbing section (``D O > W``) is pinched at the feed stage and splits as
    ``to organic : to raffinate = (D O − W) : (F + W − D O)``; outside that window it leaves
    entirely by one outlet. The key A may lose at most the fraction ``loss_a`` of its feed to
    the raffinate, ``F + W − D_A O ≤ loss_a F``, and the key B at most ``loss_b`` to the
    organic product, ``D_B O − W ≤ loss_b F``. A scrub flow satisfying both exists when

        O ≥ O_min = F (1 − loss_a − loss_b) / (D_A − D_B),  W_min = max(D_B O_min − loss_b F, 0),

    which for sharp splits (``loss → 0``) is the familiar ``O_min = F/(D_A − D_B)``,
    ``W_min = D_B O_min``. Flows in any consistent unit; ``loss_a``, ``loss_b`` are fractions.

    Examples
    --------
    >>> linear_minimum_flows(1.0, 2.2, 0.4, 0.0, 0.0)
    (0.5555555555555555, 0.2222222222222222)
    """
    sharpness = max(1.0 - loss_a - loss_b, 0.0)
    o_min = feed_flow * sharpness / (d_a - d_b)
    return o_min, max(d_b * o_min - loss_b * feed_flow, 0.0)


def _reflux_concentration(cascade: Cascade, key: KeySplit, purity_a: float, loading: float) -> float:
    """Metal concentration (mol/m³) of the aqueous phase that a metal-free scrub liquor becomes in the
    scrubbing section. For metal-only models: of the organic product's composition, in equilibrium
    with the loading ``loading`` (mol/m³ of organic). For acid-driven models: the metal the scrub
    acid exchanges when it is used up, ``c(H⁺)/3`` (RE(A)₃ + 3 H⁺ → RE³⁺ + 3 HA). The feed
    concentration where neither applies (no scrub acid, or no aqueous phase reaches the loading)."""
    feed_total = float(cascade.feed_concentration.sum())
    model = cascade.equilibrium
    if not isinstance(model, MetalOnlyModel):
        return cascade.scrub_acidity / 3.0 if cascade.scrub_acidity > 0 else feed_total
    comps = cascade.components
    feed = np.asarray(cascade.feed_concentration, dtype=float)
    product = np.zeros(len(comps))
    for group, share in ((key.extract_group, purity_a), (key.raffinate_group, 1.0 - purity_a)):
        index = [comps.index(c) for c in group]
        product[index] = share * feed[index] / feed[index].sum()

    def log_loading_gap(log_c: float) -> float:
        _, organic, _, _ = model.phase_contents(math.exp(log_c) * product[np.newaxis, :])
        return math.log(float(organic.sum()) / loading)

    from scipy.optimize import brentq  # here, not at import: `sx simulate` does not need scipy.optimize

    low, high = math.log(feed_total * 1e-9), math.log(feed_total * 1e9)
    if not log_loading_gap(low) < 0.0 < log_loading_gap(high):
        return feed_total
    return math.exp(brentq(log_loading_gap, low, high, xtol=1e-10))


def _feed_loading(cascade: Cascade) -> float:
    """Metal loading (mol/m³ of organic) the theory takes for the organic at the feed stage.

    The model's organic in equilibrium with an aqueous phase like the feed; for a saponified
    cation exchanger (``mass_action`` with ``s > 0``) at least the metal its saponified sites take
    up, ``s c(HA)/3`` (each Na⁺/NH₄⁺ site exchanges for a third of a trivalent ion without
    releasing H⁺). At the feed's own acidity the acid form alone loads far less (a Ce/Pr feed at
    0.14 mol/L H⁺: 3 % of ``s c(HA)/3``), while in the running cascade the saponified organic
    neutralises that acid and carries ``s c(HA)/3`` through the extraction section — the
    loading of Xu's theory for saponified extractants.
    """
    model = cascade.equilibrium
    _, organic_content, _, _ = model.phase_contents(_feed_state(cascade)[np.newaxis, :])
    loading = float(organic_content[0, : len(cascade.components)].sum())
    if isinstance(model, MassAction):
        loading = max(loading, model.saponification * model.extractant / 3.0)
    return loading


def _theory_start(cascade: Cascade, key: KeySplit, purity_a: float, purity_b: float, reflux: float) -> _Start:
    comps = cascade.components
    f_a = key.feed_fraction_a
    f_b = 1.0 - f_a
    product_a, _ = product_fractions(f_a, purity_a, purity_b)
    a_r = f_a - product_a * purity_a  # A group to the raffinate, per mol of feed metal
    b_o = product_a * (1.0 - purity_a)  # B group to the A product
    feed_flow = cascade.feed_flow
    model = cascade.equilibrium
    if isinstance(model, ConstantDistribution):
        d_a = float(model.D[comps.index(key.heavy_key)])
        d_b = float(model.D[comps.index(key.light_key)])
        o_min, w_min = linear_minimum_flows(feed_flow, d_a, d_b, a_r / f_a, b_o / f_b)
        # the start keeps both key factors above 1 (Kremser stages exist): k times the sharp minimum
        organic = reflux * feed_flow / (d_a - d_b)
        scrub = 0.5 * (-feed_flow + math.sqrt(feed_flow**2 + 4.0 * d_a * d_b * organic**2))
        eps_a = d_a * organic / (feed_flow + scrub)
        strip_b = scrub / (d_b * organic)
        n = _kremser_stages(eps_a, max(a_r / f_a, 1e-300))
        m = _kremser_stages(strip_b, max(b_o / f_b, 1e-300))
        details = {"extraction_factor_heavy_key": eps_a, "stripping_factor_light_key": strip_b}
        return _Start("kremser", n, m, organic, scrub, o_min, w_min, purity_a, purity_b, details)
    xu = xu_design(key.beta, f_a, purity_a, purity_b, reflux)
    metal_feed = feed_flow * float(cascade.feed_concentration.sum())  # mol/s
    loading = _feed_loading(cascade)
    scrub_conc = float(np.asarray(cascade.scrub_concentration).sum()) or _reflux_concentration(
        cascade, key, purity_a, loading
    )
    to_organic = metal_feed / loading
    to_scrub = metal_feed / scrub_conc
    details = {
        "beta": xu.beta,
        "product_fraction_a": xu.product_fraction_a,
        "extraction_amount_min": xu.extraction_amount_min,
        "scrub_amount_min": xu.scrub_amount_min,
        "extraction_ratio_min": xu.extraction_ratio_min,
        "scrub_ratio_min": xu.scrub_ratio_min,
        "extraction_ratio": xu.extraction_ratio,
        "scrub_ratio": xu.scrub_ratio,
    }
    return _Start(
        "xu",
        xu.extraction_stages,
        xu.scrub_stages,
        xu.extraction_amount * to_organic,
        xu.scrub_amount * to_scrub,
        xu.extraction_amount_min * to_organic,
        xu.scrub_amount_min * to_scrub,
        purity_a,
        purity_b,
        details,
    )


# ---------------------------------------------------------------------------- refinement


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
        self.extraction_side = tuple(t for t in self.targets if (t.outlet == "raffinate") == (t.kind == "purity"))
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
                margins = {t.text: _margin(_achieved(cascade, result, t), t.value) for t in self.targets}
                self.cache[key] = (cascade, result, margins)
        return self.cache[key]

    def sides(self, margins: dict[str, float]) -> tuple[float, float]:
        ext = min((margins[t.text] for t in self.extraction_side), default=math.inf)
        scr = min((margins[t.text] for t in self.scrub_side), default=math.inf)
        return ext, scr


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
        raise InputError("design: at least one target is needed, of the form " + _TARGET_FORM)
    key = _key_split(cascade, parsed)
    purity_a, purity_b = _group_purities(cascade, key, parsed)
    start = _theory_start(cascade, key, purity_a, purity_b, reflux)
    ev = _Evaluator(cascade, parsed, simulate)
    # a plain extraction battery (no scrubbing section, no scrub liquor) stays one when the targets
    # need no scrubbing: none asks for a purer A product or for more of B in the raffinate
    battery = cascade.scrubbing == 0 and cascade.scrub_flow == 0 and not ev.scrub_side
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
            achieved = {t.text: _achieved(designed, result, t) for t in parsed}
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
            )
        attempts.append({"scrub_flow_m3_s": scrub, "organic_flow_m3_s": organic_guess, "stages_tried_up_to": MAX_STAGES})
        scrub *= scrub_raise
        organic_guess *= organic_raise
    raise ConvergenceError(
        f"design: no cascade with at most {MAX_STAGES} stages meets {[t.text for t in parsed]} "
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


def _file_flows(cascade: Cascade, start: _Start, organic: float, scrub: float) -> tuple[str, str]:
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


def _theory_report(cascade: Cascade, start: _Start) -> dict[str, Any]:
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
