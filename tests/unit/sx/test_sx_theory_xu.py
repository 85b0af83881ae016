"""Xu Guangxian's countercurrent-extraction theory: balances, limits and closed forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.unitops.sx.theory import (
    extraction_stages,
    minimum_extraction_amount,
    product_fractions,
    purification_factors,
    scrub_stages,
    xu_design,
)

pytestmark = pytest.mark.unit

fractions = st.floats(min_value=0.05, max_value=0.95)
purities = st.floats(min_value=0.96, max_value=0.999999)
betas = st.floats(min_value=1.05, max_value=20.0)


@settings(max_examples=60, deadline=None)
@given(f_a=fractions, p_a=purities, p_b=purities)
def test_product_fractions_close_the_a_balance(f_a: float, p_a: float, p_b: float) -> None:
    fa_product, fb_product = product_fractions(f_a, p_a, p_b)
    assert fa_product + fb_product == pytest.approx(1.0, abs=1e-15)
    # A in = A in the organic product + A impurity in the raffinate
    assert fa_product * p_a + fb_product * (1.0 - p_b) == pytest.approx(f_a, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(beta=betas, f_a=fractions)
def test_minimum_amounts_reduce_to_the_pure_product_limit(beta: float, f_a: float) -> None:
    """For pure products S_min = (β f_A + f_B)/(β − 1), (E_M)min = (β f_A + f_B)/β, (E'_M)min = β f_A + f_B."""
    f_b = 1.0 - f_a
    p = 1.0 - 1e-12
    s_min, w_min = minimum_extraction_amount(beta, f_a, p, p)
    assert s_min == pytest.approx((beta * f_a + f_b) / (beta - 1.0), rel=1e-9)
    assert w_min == pytest.approx(1.0 / (beta - 1.0), rel=1e-8)
    d = xu_design(beta, f_a, p, p, reflux=1.5)
    assert d.extraction_ratio_min == pytest.approx((beta * f_a + f_b) / beta, rel=1e-8)
    assert d.scrub_ratio_min == pytest.approx(beta * f_a + f_b, rel=1e-8)


@settings(max_examples=60, deadline=None)
@given(beta=betas, f_a=fractions, p_a=purities, p_b=purities, reflux=st.floats(min_value=1.01, max_value=3.0))
def test_design_amounts_satisfy_the_definitions(beta: float, f_a: float, p_a: float, p_b: float, reflux: float) -> None:
    if p_a <= f_a or p_b <= 1.0 - f_a:
        return
    d = xu_design(beta, f_a, p_a, p_b, reflux)
    # f'_A = S − W; E_M = S/(W + 1); E'_M = S/W; and Xu's relation E_M = E'_M f'_A / (E'_M − f'_B)
    assert d.extraction_amount - d.scrub_amount == pytest.approx(d.product_fraction_a, rel=1e-12)
    assert d.extraction_amount == pytest.approx(reflux * d.extraction_amount_min, rel=1e-12)
    assert d.extraction_ratio == pytest.approx(
        d.scrub_ratio * d.product_fraction_a / (d.scrub_ratio - d.product_fraction_b), rel=1e-10
    )
    # stage numbers are the rounded-up solutions of Xu's equations
    assert d.extraction_stages == max(1, math.ceil(math.log(d.purification_b) / math.log(beta * d.extraction_ratio)))
    assert d.scrub_stages == max(1, math.ceil(math.log(d.purification_a) / math.log(beta / d.scrub_ratio) - 1.0))


@settings(max_examples=40, deadline=None)
@given(beta=betas, f_a=fractions, p=purities)
def test_minimum_extraction_amount_is_a_pinch_at_the_feed_stage(beta: float, f_a: float, p: float) -> None:
    """At S_min the A balance of the scrubbing section closes with the organic leaving the feed
    stage in equilibrium with aqueous feed composition (Xu's feed-stage hypothesis)."""
    if p <= max(f_a, 1.0 - f_a):
        return
    s_min, w_min = minimum_extraction_amount(beta, f_a, p, p)
    fa_product, fb_product = product_fractions(f_a, p, p)
    y_a = beta * f_a / (beta * f_a + 1.0 - f_a)
    limits = max(fb_product, beta * fa_product) / (beta - 1.0)
    if s_min > limits * (1.0 + 1e-12):  # the pinch sets the minimum
        assert s_min * y_a - w_min * f_a == pytest.approx(fa_product * p, rel=1e-10)
    else:  # a section limit sets it, and the pinch balance asks for less
        assert s_min * y_a - w_min * f_a >= fa_product * p * (1.0 - 1e-10)


def test_more_reflux_means_fewer_stages() -> None:
    stages = [xu_design(2.0, 0.5, 0.999, 0.999, k) for k in (1.1, 1.3, 1.6, 2.5)]
    totals = [d.extraction_stages_exact + d.scrub_stages_exact for d in stages]
    assert totals == sorted(totals, reverse=True)


def test_purification_factors_of_a_symmetric_split() -> None:
    a, b = purification_factors(0.5, 0.999, 0.999)
    assert a == pytest.approx(999.0) and b == pytest.approx(999.0)


def test_stage_counts_at_the_separation_factor_of_a_published_circuit() -> None:
    """Order-of-magnitude check against a published circuit: PC-88A separates Nd/Pr with β = 1.4
    in a 72-stage extraction + 72-stage scrubbing cascade (Shin-Etsu, EP2388344A1). For a
    99.9 %/99.9 % split of a 75 % Nd feed the theory gives tens of stages per section too."""
    d = xu_design(1.4, 0.75, 0.999, 0.999, reflux=1.2)
    assert 20 <= d.extraction_stages <= 150
    assert 20 <= d.scrub_stages <= 150


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xu_design(1.0, 0.5, 0.99, 0.99), "separation factor"),
        (lambda: xu_design(2.0, 0.5, 0.4, 0.99), "exceed the feed fractions"),
        (lambda: xu_design(2.0, 1.2, 0.99, 0.99), "feed fraction of A"),
        (lambda: xu_design(2.0, 0.5, 0.99, 0.99, reflux=0.9), "reflux factor"),
        (lambda: extraction_stages(2.0, 0.4, 100.0), "β·E_M"),
        (lambda: scrub_stages(2.0, 2.5, 100.0), "β/E'_M"),
    ],
)
def test_invalid_inputs_name_the_quantity(call: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        call()  # type: ignore[operator]
