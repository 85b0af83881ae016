"""Cascade design with the constant-distribution model, confirmed by the rigorous simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reeflow.errors import ConvergenceError, InputError
from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design
from reeflow.unitops.sx.spec import Cascade

pytestmark = pytest.mark.component


Builder = Callable[..., dict[str, Any]]  # the la_ce fixture of tests/plugins/sx_cascades.py


def four_light() -> dict[str, Any]:
    return {
        "name": "La-Nd, constant D",
        "components": ["La", "Ce", "Pr", "Nd"],
        "sections": {"extraction": 10, "scrubbing": 10},
        "feed": {"flow": "2 m3/h", "concentration": {"La": 0.3, "Ce": 0.4, "Pr": 0.08, "Nd": 0.22}},
        "organic": {"flow": "4 m3/h"},
        "scrub": {"flow": "1 m3/h"},
        "equilibrium": {"model": "constant_distribution", "D": {"La": 0.2, "Ce": 0.5, "Pr": 1.2, "Nd": 1.8}},
    }


def achieved(result: Any, cascade: Any, kind: str, outlet: str, component: str) -> float:
    i = cascade.components.index(component)
    flows = result.outlet_flows[outlet]
    if kind == "purity":
        return float(flows[i] / flows.sum())
    return float(flows[i] / cascade.total_input()[i])


@pytest.mark.parametrize(
    "targets",
    [
        ("purity:raffinate:La=0.9999", "purity:loaded_organic:Ce=0.999"),
        ("purity:loaded_organic:Ce=0.9995", "recovery:raffinate:La=0.999"),
        ("recovery:loaded_organic:Ce=0.99", "purity:raffinate:La=0.995"),
    ],
)
def test_binary_design_meets_its_targets_in_an_independent_simulation(
    la_ce: Builder, targets: tuple[str, ...]
) -> None:
    result = design(load_cascade(la_ce()), targets)
    cascade = result.cascade
    assert cascade.feed_stage == cascade.extraction  # the feed stays at the end of extraction
    # re-read the designed cascade from its file form and simulate it from scratch
    again = load_cascade(cascade.to_file_dict())
    check = simulate(again)
    for text in targets:
        kind, outlet, rest = text.split(":")
        component, value = rest.split("=")
        assert achieved(check, again, kind, outlet, component) >= float(value) * (1 - 1e-9)
    assert result.flow_ratio["organic"] > 1.0 and result.flow_ratio["scrub"] > 1.0


def test_fewest_stages_one_stage_less_misses_a_target(la_ce: Builder) -> None:
    targets = ("purity:raffinate:La=0.9999", "purity:loaded_organic:Ce=0.999")
    result = design(load_cascade(la_ce()), targets)
    c = result.cascade
    for fewer in (c.replace(extraction=c.extraction - 1, feed_stage=c.extraction - 1), c.replace(scrubbing=c.scrubbing - 1)):
        r = simulate(fewer)
        ok = [
            achieved(r, fewer, "purity", "raffinate", "La") >= 0.9999,
            achieved(r, fewer, "purity", "loaded_organic", "Ce") >= 0.999,
        ]
        assert not all(ok)


def test_kremser_start_is_close_to_the_rigorous_design(la_ce: Builder) -> None:
    result = design(load_cascade(la_ce()), ("purity:raffinate:La=0.9999", "purity:loaded_organic:Ce=0.999"))
    theory = result.theory
    assert theory["method"] == "kremser"
    total_theory = theory["extraction"] + theory["scrubbing"]
    total = result.cascade.extraction + result.cascade.scrubbing
    assert 0.7 * total_theory <= total <= 1.3 * total_theory


def test_multicomponent_feed_is_split_between_adjacent_keys() -> None:
    targets = ("recovery:raffinate:Ce=0.999", "recovery:loaded_organic:Pr=0.999")
    result = design(load_cascade(four_light()), targets)
    assert (result.key.light_key, result.key.heavy_key) == ("Ce", "Pr")
    assert result.key.raffinate_group == ("La", "Ce")
    assert result.key.extract_group == ("Pr", "Nd")
    r = simulate(result.cascade)
    assert achieved(r, result.cascade, "recovery", "raffinate", "Ce") >= 0.999
    assert achieved(r, result.cascade, "recovery", "loaded_organic", "Pr") >= 0.999
    # the lighter La follows Ce and the heavier Nd follows Pr
    assert achieved(r, result.cascade, "recovery", "raffinate", "La") > 0.999
    assert achieved(r, result.cascade, "recovery", "loaded_organic", "Nd") > 0.999


def test_flows_come_back_in_the_file_units() -> None:
    result = design(load_cascade(four_light()), ("recovery:raffinate:Ce=0.99", "recovery:loaded_organic:Pr=0.99"))
    out = result.to_dict()
    assert out["organic"]["flow"].endswith(" m3/h")
    assert out["scrub"]["flow"].endswith(" m3/h")
    assert out["sections"] == {"extraction": result.cascade.extraction, "scrubbing": result.cascade.scrubbing}
    assert out["simulation"]["converged"] is True


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        (("purity:loaded_organic:Pr=0.9",), "only 0.266667 of its group"),
        (("purity:raffinate:Ce=0.99", "purity:loaded_organic:La=0.99"), "extraction order"),
        (("purity:raffinate:Gd=0.99",), "'Gd' is not one of"),
        (("purity:strip_liquor:Nd=0.99",), "outlet 'strip_liquor'"),
        (("purity:raffinate:Nd=0.99",), "no component is more extractable"),
        (("purity:raffinate:Ce=0.99", "recovery:loaded_organic:Ce=0.99"), "both the raffinate"),
    ],
)
def test_unreachable_or_invalid_targets_raise_input_error(targets: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        design(load_cascade(four_light()), targets)


def test_mass_balance_of_the_designed_cascade_closes(la_ce: Builder) -> None:
    result = design(load_cascade(la_ce()), ("purity:raffinate:La=0.999", "purity:loaded_organic:Ce=0.999"))
    total_out = sum(np.asarray(f) for f in result.result.outlet_flows.values())
    np.testing.assert_allclose(total_out, result.cascade.total_input(), rtol=1e-9)


def test_a_design_beyond_the_stage_limit_raises_convergence_error_with_diagnostics(la_ce: Builder) -> None:
    from reeflow.errors import ConvergenceError

    close = la_ce(equilibrium={"model": "constant_distribution", "D": {"La": 1.0, "Ce": 1.02}})
    with pytest.raises(ConvergenceError) as info:
        design(load_cascade(close), ("purity:raffinate:La=0.99999", "purity:loaded_organic:Ce=0.99999"))
    assert "400 stages" in str(info.value)
    assert info.value.diagnostics["theory"]["method"] == "kremser"
    assert len(info.value.diagnostics["attempts"]) == 8  # scrub raised ×1.5 seven times


def test_variants_above_a_failing_organic_flow_are_avoided(la_ce: Builder) -> None:
    """Variants the simulator cannot solve count as missing the targets, never as results."""
    targets = ("purity:raffinate:La=0.9999", "purity:loaded_organic:Ce=0.999")
    cascade = load_cascade(la_ce())
    free = design(cascade, targets)
    assert free.variants_not_converged == 0
    limit = 1.1 * free.cascade.organic_flow  # the search's 1.5-fold steps cross it

    def fragile(variant: Cascade) -> Any:
        if variant.organic_flow > limit:
            raise ConvergenceError("stand-in for a cascade the solver cannot reach", diagnostics={})
        return simulate(variant)

    bounded = design(cascade, targets, simulate=fragile)
    assert bounded.variants_not_converged > 0
    assert bounded.cascade.organic_flow <= limit
    check = simulate(load_cascade(bounded.cascade.to_file_dict()))
    assert check.purity["raffinate"]["La"] >= 0.9999 * (1 - 1e-9)
    assert check.purity["loaded_organic"]["Ce"] >= 0.999 * (1 - 1e-9)


def test_design_fails_with_diagnostics_when_no_variant_converges(la_ce: Builder) -> None:
    def never(variant: Cascade) -> Any:
        raise ConvergenceError("stand-in", diagnostics={})

    with pytest.raises(ConvergenceError) as raised:
        design(load_cascade(la_ce()), ("purity:raffinate:La=0.9999",), simulate=never)
    assert raised.value.diagnostics["variants_not_converged"] == raised.value.diagnostics["simulations"] > 0
