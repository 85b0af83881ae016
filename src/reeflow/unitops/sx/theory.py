"""Closed-form cascade design: Xu Guangxian's theory of countercurrent extraction.

Model
-----
A two-component split of an aqueous feed of ``A`` (easy to extract, leaves with the loaded
organic) and ``B`` (hard to extract, leaves with the raffinate) in an extraction section of ``n``
stages and a scrubbing section of ``m`` stages, the feed entering the last extraction stage
(*aqueous feed*). Xu's theory [1]_, [2]_ assumes that the separation factor ``β = D_A / D_B`` and
the *mixed extraction ratio* of each section are constant:

    E_M = S / (W + 1)        (extraction section)
    E'_M = S / W             (scrubbing section)

where all metal fluxes are per unit metal flux of the feed (mol per mol of feed metal): ``S`` is
the metal carried by the organic phase through the cascade ("extraction amount"), ``W`` the metal
carried back down the scrubbing section by the aqueous phase ("scrub amount", the reflux). The
organic product takes ``f'_A = S − W`` and the raffinate ``f'_B = 1 − f'_A``.

Equations
---------
Product fractions from the purities ``P_A`` (of A in the organic product) and ``P_B`` (of B in the
raffinate) and the feed fraction ``f_A`` (A balance)::

    f'_A = (P_B − f_B) / (P_A + P_B − 1),     f'_B = 1 − f'_A

Minimum extraction amount. At minimum reflux the feed stage is a pinch: its aqueous phase has
the feed composition and the organic leaving it is in equilibrium with that aqueous phase,
``y_A* = β f_A / (β f_A + f_B)`` (Xu's feed-stage composition hypothesis; Cheng et al. [3]_
re-derived the same minimum amounts without it). The A balance over the scrubbing section,
``S y_A* − W f_A = f'_A P_A`` with ``S − W = f'_A``, gives::

    S_min = f'_A (P_A − f_A) (β f_A + f_B) / (f_A f_B (β − 1)),     W_min = S_min − f'_A

which for pure products (``P_A, P_B → 1``) reduces to ``S_min = (β f_A + f_B)/(β − 1)``,
``(E_M)_min = (β f_A + f_B)/β`` and ``(E'_M)_min = β f_A + f_B``. Each section must also move
its impurity the right way at all, ``β E_M > 1`` and ``β / E'_M > 1``, that is
``S > f'_B/(β − 1)`` and ``S > β f'_A/(β − 1)``; for low purities of a product these limits,
not the pinch, set the minimum, so ``S_min`` is the largest of the three (for pure products the
pinch value is the sum of the two limits and always the largest).

Stage numbers. In the extraction section B dominates the aqueous phase, so that ``E_B ≈ E_M`` and
``E_A ≈ β E_M``; in the scrubbing section A dominates, ``E'_A ≈ E'_M`` and ``E'_B ≈ E'_M / β``.
With the purification factors ``a = [P_A/(1 − P_A)] / (f_A/f_B)`` (organic product) and
``b = [P_B/(1 − P_B)] / (f_B/f_A)`` (raffinate), Xu's stage-number equations for aqueous feed are::

    n = ln b / ln(β E_M),          m + 1 = ln a / ln(β / E'_M)

The design extraction amount is ``S = k S_min`` with a reflux factor ``k > 1`` (plants run at
about 1.05–1.3 [2]_); larger ``k`` means more organic and scrub, fewer stages.

Multi-component feeds are treated as a pseudo-binary split between two key components adjacent
in extractability: every lighter component joins B, every heavier one joins A, ``β`` is the key
pair's separation factor and ``f_A``, ``f_B`` are the group fractions of the feed (the usual
practice in the theory, [2]_ ch. 5).

Assumptions and limits: constant ``β`` and constant mixed extraction ratios (exact for a
saturated organic phase with constant separation factors, approximate otherwise); ideal stages;
aqueous feed at the last extraction stage. The results are a starting point that
:mod:`reeflow.unitops.sx.design` checks and refines with the rigorous stage-by-stage simulator.

References
----------
.. [1] Xu Guangxian (徐光宪), Li Biaoguo, et al., "Theory of countercurrent extraction (串级萃取理论)
   I–IV", Acta Scientiarum Naturalium Universitatis Pekinensis (北京大学学报 自然科学版), 1978.
.. [2] Xu Guangxian, Yuan Chengye (袁承业), *Solvent Extraction of Rare Earths* (稀土的溶剂萃取),
   Science Press, Beijing, 1987, chapters on the theory of countercurrent extraction.
.. [3] F. Cheng, S. Wu, Y. Liu, S. Wang, B. Zhang, C. Liao, C. Yan, "Minimum amount of extracting
   solvent of a separation of two rare earth components", Advances in Materials Physics and
   Chemistry 4 (2014) 275–283, doi:10.4236/ampc.2014.412030.

Examples
--------
>>> d = xu_design(beta=2.0, feed_fraction_a=0.5, purity_a=0.999, purity_b=0.999, reflux=1.2)
>>> round(d.product_fraction_a, 6)
0.5
>>> round(d.extraction_amount_min, 4)   # (β f_A + f_B)/(β − 1) · (P_A − f_A)/(1 − f_A)
1.497
>>> d.extraction_stages, d.scrub_stages
(16, 18)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reeflow.errors import InputError

__all__ = [
    "XuDesign",
    "extraction_stages",
    "minimum_extraction_amount",
    "product_fractions",
    "purification_factors",
    "scrub_stages",
    "xu_design",
]


@dataclass(frozen=True)
class XuDesign:
    """A two-component design by Xu's theory; metal amounts per unit metal in the feed.

    Attributes
    ----------
    beta : float
        Separation factor ``β = D_A / D_B`` (> 1).
    feed_fraction_a : float
        Mole fraction ``f_A`` of A (easy to extract) among the metals of the feed.
    purity_a, purity_b : float
        Mole fraction of A in the organic product and of B in the raffinate.
    product_fraction_a, product_fraction_b : float
        ``f'_A``, ``f'_B``: fraction of the feed metal leaving in the organic product / raffinate.
    extraction_amount_min, scrub_amount_min : float
        ``S_min``, ``W_min``: metal carried by the organic and by the scrub-section aqueous phase at
        minimum reflux, mol per mol of feed metal.
    extraction_ratio_min, scrub_ratio_min : float
        ``(E_M)_min`` and ``(E'_M)_min``, the mixed extraction ratios at minimum reflux.
    reflux : float
        Design factor ``k = S / S_min``.
    extraction_amount, scrub_amount : float
        Design ``S`` and ``W``, mol per mol of feed metal.
    extraction_ratio, scrub_ratio : float
        Design ``E_M`` and ``E'_M``.
    purification_a, purification_b : float
        Xu's purification factors ``a`` and ``b``.
    extraction_stages_exact, scrub_stages_exact : float
        ``n`` and ``m`` from the stage-number equations before rounding up.
    extraction_stages, scrub_stages : int
        ``n`` and ``m`` rounded up (at least 1).
    """

    beta: float
    feed_fraction_a: float
    purity_a: float
    purity_b: float
    product_fraction_a: float
    product_fraction_b: float
    extraction_amount_min: float
    scrub_amount_min: float
    extraction_ratio_min: float
    scrub_ratio_min: float
    reflux: float
    extraction_amount: float
    scrub_amount: float
    extraction_ratio: float
    scrub_ratio: float
    purification_a: float
    purification_b: float
    extraction_stages_exact: float
    scrub_stages_exact: float
    extraction_stages: int
    scrub_stages: int


def _check_fraction(value: float, name: str) -> None:
    if not 0.0 < value < 1.0 or math.isnan(value):
        raise InputError(f"{name}: {value!r} must be a fraction strictly between 0 and 1")


def product_fractions(feed_fraction_a: float, purity_a: float, purity_b: float) -> tuple[float, float]:
    """Fractions ``(f'_A, f'_B)`` of the feed metal leaving in the organic product and raffinate.

    Parameters
    ----------
    feed_fraction_a : float
        Mole fraction of A in the feed metals.
    purity_a, purity_b : float
        Mole fraction of A in the organic product, of B in the raffinate.

    Raises
    ------
    InputError
        If a purity does not exceed the feed's own fraction of that component (no separation
        is asked for or the balance has no solution).
    """
    _check_fraction(feed_fraction_a, "feed fraction of A")
    _check_fraction(purity_a, "purity of A in the organic product")
    _check_fraction(purity_b, "purity of B in the raffinate")
    f_b = 1.0 - feed_fraction_a
    if purity_a <= feed_fraction_a or purity_b <= f_b:
        raise InputError(
            f"purities (A {purity_a}, B {purity_b}) must exceed the feed fractions (A "
            f"{feed_fraction_a:.6g}, B {f_b:.6g}): nothing to separate"
        )
    fa_product = (purity_b - f_b) / (purity_a + purity_b - 1.0)
    return fa_product, 1.0 - fa_product


def minimum_extraction_amount(
    beta: float, feed_fraction_a: float, purity_a: float, purity_b: float
) -> tuple[float, float]:
    """Minimum extraction and scrub amounts ``(S_min, W_min)`` for aqueous feed.

    ``S_min`` is the largest of the feed-stage pinch value and the two section limits
    ``f'_B/(β − 1)`` and ``β f'_A/(β − 1)``. Amounts are mol of metal per mol of metal in the feed
    (see the module docstring).
    """
    if not beta > 1.0:
        raise InputError(f"separation factor β: {beta!r} must be greater than 1")
    fa_product, fb_product = product_fractions(feed_fraction_a, purity_a, purity_b)
    f_a, f_b = feed_fraction_a, 1.0 - feed_fraction_a
    pinch = fa_product * (purity_a - f_a) * (beta * f_a + f_b) / (f_a * f_b * (beta - 1.0))
    s_min = max(pinch, fb_product / (beta - 1.0), beta * fa_product / (beta - 1.0))
    return s_min, s_min - fa_product


def purification_factors(feed_fraction_a: float, purity_a: float, purity_b: float) -> tuple[float, float]:
    """Xu's purification factors ``(a, b)`` of the organic product and of the raffinate."""
    f_a, f_b = feed_fraction_a, 1.0 - feed_fraction_a
    a = (purity_a / (1.0 - purity_a)) / (f_a / f_b)
    b = (purity_b / (1.0 - purity_b)) / (f_b / f_a)
    return a, b


def extraction_stages(beta: float, extraction_ratio: float, purification_b: float) -> float:
    """Extraction-section stages ``n = ln b / ln(β E_M)`` (not rounded).

    Raises
    ------
    InputError
        If ``β E_M <= 1``: A is then not extracted faster than it is carried down.
    """
    factor = beta * extraction_ratio
    if factor <= 1.0:
        raise InputError(f"β·E_M = {factor:.6g} must exceed 1 for the extraction section to work")
    return math.log(purification_b) / math.log(factor)


def scrub_stages(beta: float, scrub_ratio: float, purification_a: float) -> float:
    """Scrubbing-section stages ``m = ln a / ln(β / E'_M) − 1`` (not rounded).

    Raises
    ------
    InputError
        If ``β / E'_M <= 1``: B is then not scrubbed faster than it is carried up.
    """
    factor = beta / scrub_ratio
    if factor <= 1.0:
        raise InputError(f"β/E'_M = {factor:.6g} must exceed 1 for the scrubbing section to work")
    return math.log(purification_a) / math.log(factor) - 1.0


def xu_design(
    beta: float, feed_fraction_a: float, purity_a: float, purity_b: float, reflux: float = 1.2
) -> XuDesign:
    """Design a two-component aqueous-feed cascade by Xu's theory.

    Parameters
    ----------
    beta : float
        Separation factor ``D_A / D_B`` (> 1).
    feed_fraction_a : float
        Mole fraction of A among the feed metals.
    purity_a, purity_b : float
        Target mole fraction of A in the organic product and of B in the raffinate.
    reflux : float
        ``k = S / S_min`` (> 1).

    Returns
    -------
    XuDesign
        Minimum and design amounts, extraction ratios and stage numbers.
    """
    if not reflux > 1.0:
        raise InputError(f"reflux factor S/S_min: {reflux!r} must be greater than 1")
    fa_product, fb_product = product_fractions(feed_fraction_a, purity_a, purity_b)
    s_min, w_min = minimum_extraction_amount(beta, feed_fraction_a, purity_a, purity_b)
    s = reflux * s_min
    w = s - fa_product
    e_m, e_m_scrub = s / (w + 1.0), s / w
    a, b = purification_factors(feed_fraction_a, purity_a, purity_b)
    n_exact = extraction_stages(beta, e_m, b)
    m_exact = scrub_stages(beta, e_m_scrub, a)
    return XuDesign(
        beta=beta,
        feed_fraction_a=feed_fraction_a,
        purity_a=purity_a,
        purity_b=purity_b,
        product_fraction_a=fa_product,
        product_fraction_b=fb_product,
        extraction_amount_min=s_min,
        scrub_amount_min=w_min,
        extraction_ratio_min=s_min / (w_min + 1.0),
        scrub_ratio_min=s_min / w_min,
        reflux=reflux,
        extraction_amount=s,
        scrub_amount=w,
        extraction_ratio=e_m,
        scrub_ratio=e_m_scrub,
        purification_a=a,
        purification_b=b,
        extraction_stages_exact=n_exact,
        scrub_stages_exact=m_exact,
        extraction_stages=max(1, math.ceil(n_exact)),
        scrub_stages=max(1, math.ceil(m_exact)),
    )
