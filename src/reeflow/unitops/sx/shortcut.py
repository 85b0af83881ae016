"""Shortcut design of a cascade: the key pair, the minimum flows and first stage numbers.

Method
------
1. **Key pair.** Components are ordered by extractability (the equilibrium model's linearised
   distribution ratio at the feed). Components named for the raffinate form the hard-to-extract
   group B, those named for the A-product outlet (``loaded_organic``, or ``strip_liquor`` with a
   stripping section) the easy-to-extract group A; the split is between two adjacent
   components, lighter ones joining B and heavier ones A (pseudo-binary treatment).
2. **Shortcut.** The targets become group purities of the two products; the closed-form theory
   then gives the minimum flows and the stage numbers:

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
     ``y_F`` in equilibrium with the feed (for a saponified ``mass_action`` organic at least
     ``s c(HA)/3``, :func:`feed_loading`) and the metal concentration of the scrub-section aqueous
     phase: the scrub's own, or, for a metal-free scrub, the concentration ``x_W`` of an aqueous
     phase of the organic product's composition in equilibrium with the loading ``y_F`` (the
     theory's constant organic flux: the reflux is what the scrub liquor takes up from that
     organic); for acid-driven models (``mass_action``) the metal a used-up scrub acid exchanges,
     ``x_W = c(H⁺)/3``; else the feed's. ``O_min`` and ``W_min`` follow from ``S_min``, ``W_min``.

The shortcut is exact for linear models and approximate otherwise; the rigorous refinement of
:mod:`reeflow.unitops.sx.design` is what guarantees the targets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from reeflow.errors import InputError
from reeflow.unitops.sx.equilibrium import ConstantDistribution, MassAction
from reeflow.unitops.sx.equilibrium.base import FloatArray, MetalOnlyModel
from reeflow.unitops.sx.spec import Cascade
from reeflow.unitops.sx.targets import TARGET_FORM, Target, product_outlet
from reeflow.unitops.sx.theory import product_fractions, xu_design

__all__ = [
    "KeySplit", "ShortcutStart", "feed_loading", "group_purities", "key_split", "linear_minimum_flows", "shortcut_start",
]


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
class ShortcutStart:
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


def feed_state(cascade: Cascade) -> FloatArray:
    """The equilibrium model's typical stage state for an aqueous phase like the feed."""
    model = cascade.equilibrium
    extra = np.zeros(model.state_size - len(cascade.components))
    if extra.size:  # the mass-action model's H⁺ follows the metals
        extra[0] = cascade.feed_acidity
    return np.asarray(model.initial_state(np.concatenate([cascade.feed_concentration, extra])), dtype=float)


def extractability(cascade: Cascade) -> FloatArray:
    state = feed_state(cascade)
    return np.asarray(cascade.equilibrium.linear_organic(state), dtype=float)[: len(cascade.components)]


def key_split(cascade: Cascade, targets: Sequence[Target]) -> KeySplit:
    components = cascade.components
    product = product_outlet(cascade)
    for t in targets:
        if t.component not in components:
            raise InputError(f"target {t.text!r}: component {t.component!r} is not one of {list(components)}")
        if t.outlet not in ("raffinate", product):
            raise InputError(
                f"target {t.text!r}: outlet {t.outlet!r} must be 'raffinate' or {product!r} for this cascade"
            )
    ext = extractability(cascade)
    order = sorted(range(len(components)), key=lambda i: ext[i])
    rank = {components[i]: r for r, i in enumerate(order)}
    # the outlet a target names tells the product, hence the group, of its component
    b_names = {t.component for t in targets if t.outlet == "raffinate"}
    a_names = {t.component for t in targets if t.outlet == product}
    if not b_names and not a_names:
        raise InputError("design: at least one target is needed, of the form " + TARGET_FORM)
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


def group_purities(cascade: Cascade, key: KeySplit, targets: Sequence[Target]) -> tuple[float, float]:
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


def feed_loading(cascade: Cascade) -> float:
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
    _, organic_content, _, _ = model.phase_contents(feed_state(cascade)[np.newaxis, :])
    loading = float(organic_content[0, : len(cascade.components)].sum())
    if isinstance(model, MassAction):
        loading = max(loading, model.saponification * model.extractant / 3.0)
    return loading


def shortcut_start(cascade: Cascade, key: KeySplit, purity_a: float, purity_b: float, reflux: float) -> ShortcutStart:
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
        return ShortcutStart("kremser", n, m, organic, scrub, o_min, w_min, purity_a, purity_b, details)
    xu = xu_design(key.beta, f_a, purity_a, purity_b, reflux)
    metal_feed = feed_flow * float(cascade.feed_concentration.sum())  # mol/s
    loading = feed_loading(cascade)
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
    return ShortcutStart(
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
