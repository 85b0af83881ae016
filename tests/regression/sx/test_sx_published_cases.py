"""Published cascade examples: the simulator against outlet values reported in the literature.

Each cascade file in ``published/`` opens with its source and with the list of inputs read from
the source and inputs assumed. Only the published quantities are tested here, with a tolerance
set by the precision at which the source reports them.

Thomas, Smutz and Burkhart (Tm/Yb, 1 M HDEHP, 5 M HCl; ``published/sx_pub_tm_yb_hdehp.yaml``)
report a constant separation factor Yb/Tm = 3.22 and a 98 % Yb extract at 90 % Yb recovery from
a 90 % Yb / 10 % Tm feed. The part of the paper that could be read gives no stage numbers or
flows, so the match is partial: the file's stages and flows are a design made with the published
separation factor, and the test checks that this circuit reproduces the published product. Both
published figures are given to two significant digits, so a simulated value is accepted within
half a unit of the last digit: purity 0.975-0.985, recovery 0.895-0.905. The raffinate
composition is not reported; the published figures fix it by mass balance, and the simulated
one must fall inside the range those two intervals allow.

The 1979 naphthenic-acid La/(Pr,Nd) case (Journal of Inner Mongolia University; abstract record;
``published/sx_pub_la_prnd_naphthenic.yaml``) reports separation factors Ce/La ~ 2.5,
Pr/Ce ~ 1.2, Nd/Pr ~ 1.3, a 0.62 M La/Pr/Nd chloride feed, 1.6 M naphthenic acid 45 % ammoniated
and a 20-stage counter-current run that gave La2O3 > 99.96 % at > 90 % recovery. The split of the
20 stages, the flows and the feed's La:Pr:Nd ratio are not in the abstract, so this match is
partial too: the file's circuit has the published 20 stages with a split and flows from
``reeflow sx design``, and the tests check that the published factors give the published product
within the published stage count, for the assumed feed ratio and for La shares well away from it.
Both figures are published as lower bounds, and are tested as such.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from reeflow.data import load_yaml
from reeflow.unitops.sx import design, load_cascade, simulate
from reeflow.uom import to_unit

pytestmark = pytest.mark.regression

PUBLISHED = Path(__file__).parent / "published"
TM_YB = PUBLISHED / "sx_pub_tm_yb_hdehp.yaml"
LA_PRND = PUBLISHED / "sx_pub_la_prnd_naphthenic.yaml"

# Published by Thomas, Smutz and Burkhart (abstract): feed mole fractions, product and factor.
FEED_YB_FRACTION = 0.90
PRODUCT_YB_PURITY = 0.98
PRODUCT_YB_RECOVERY = 0.90
BETA_YB_TM = 3.22
HALF_LAST_DIGIT = 0.005


def _raffinate_yb_fraction(purity: float, recovery: float) -> float:
    """Yb mole fraction of the raffinate implied by the feed, the product purity and Yb recovery."""
    yb_extract = FEED_YB_FRACTION * recovery
    tm_extract = yb_extract * (1.0 - purity) / purity
    yb_raffinate = FEED_YB_FRACTION - yb_extract
    tm_raffinate = (1.0 - FEED_YB_FRACTION) - tm_extract
    return yb_raffinate / (yb_raffinate + tm_raffinate)


def test_tm_yb_case_uses_the_published_inputs() -> None:
    cascade = load_cascade(TM_YB)
    d = dict(zip(cascade.components, cascade.equilibrium.D))  # type: ignore[attr-defined]
    assert d["Yb"] / d["Tm"] == pytest.approx(BETA_YB_TM, rel=1e-4)
    feed = dict(zip(cascade.components, cascade.feed_concentration))
    assert feed["Yb"] / (feed["Yb"] + feed["Tm"]) == pytest.approx(FEED_YB_FRACTION, rel=1e-12)
    p204 = load_yaml("extractants/p204_hcl.yaml")["constants"]
    assert p204["Yb"]["K"] / p204["Tm"]["K"] == pytest.approx(BETA_YB_TM, rel=1e-3)


def test_tm_yb_case_reproduces_the_published_product() -> None:
    result = simulate(load_cascade(TM_YB))
    assert result.converged and result.balance_closure <= 1e-9
    purity = result.purity["loaded_organic"]["Yb"]
    yb_split = result.split["Yb"]
    assert yb_split is not None
    recovery = yb_split["loaded_organic"]
    assert purity == pytest.approx(PRODUCT_YB_PURITY, abs=HALF_LAST_DIGIT)
    assert recovery == pytest.approx(PRODUCT_YB_RECOVERY, abs=HALF_LAST_DIGIT)
    corners = [_raffinate_yb_fraction(PRODUCT_YB_PURITY + dp, PRODUCT_YB_RECOVERY + dr)
               for dp, dr in itertools.product((-HALF_LAST_DIGIT, HALF_LAST_DIGIT), repeat=2)]
    assert min(corners) <= result.purity["raffinate"]["Yb"] <= max(corners)


def test_raffinate_balance_helper_at_the_published_point() -> None:
    """0.9 mol Yb and 0.1 mol Tm fed; 0.81 mol Yb at 98 % purity leave in the extract."""
    tm_extract = 0.81 * 0.02 / 0.98
    expected = 0.09 / (0.09 + 0.1 - tm_extract)
    assert _raffinate_yb_fraction(0.98, 0.90) == pytest.approx(expected, rel=1e-14)


# Published in the 1979 naphthenic-acid abstract: factors, feed, extractant, stages and product.
BETA_CE_LA, BETA_PR_CE, BETA_ND_PR = 2.5, 1.2, 1.3
FEED_RE_MOL_PER_L = 0.62
EXTRACTANT_MOL_PER_L, AMMONIATION = 1.6, 0.45
PUBLISHED_STAGES = 20
LA_PURITY_ABOVE = 0.9996
LA_RECOVERY_ABOVE = 0.90
LA_PRND_TARGETS = (f"purity:raffinate:La={LA_PURITY_ABOVE}", f"recovery:raffinate:La={LA_RECOVERY_ABOVE}")


def test_la_prnd_case_uses_the_published_inputs() -> None:
    """Factor ratios, total feed, capacity (extractant x ammoniation / 3) and stage count."""
    cascade = load_cascade(LA_PRND)
    k = dict(zip(cascade.components, cascade.equilibrium.K))  # type: ignore[attr-defined]
    assert k["Pr"] / k["La"] == pytest.approx(BETA_CE_LA * BETA_PR_CE, rel=1e-12)
    assert k["Nd"] / k["Pr"] == pytest.approx(BETA_ND_PR, rel=1e-12)
    capacity = to_unit(cascade.equilibrium.capacity, "mol/m**3", "mol/L")  # type: ignore[attr-defined]
    assert capacity == pytest.approx(EXTRACTANT_MOL_PER_L * AMMONIATION / 3.0, rel=1e-12)
    feed = to_unit(float(cascade.feed_concentration.sum()), "mol/m**3", "mol/L")
    assert feed == pytest.approx(FEED_RE_MOL_PER_L, rel=1e-3)
    assert cascade.extraction + cascade.scrubbing == PUBLISHED_STAGES


def test_la_prnd_case_reproduces_the_published_product() -> None:
    """The file's 20-stage circuit gives La above both published bounds in the raffinate.

    Shows that the published factors reach the published product in 20 stages; the 13 + 7 split
    and the flows are reeflow's design, not the authors' (not in the abstract).
    """
    result = simulate(load_cascade(LA_PRND))
    assert result.converged and result.balance_closure <= 1e-9
    la_split = result.split["La"]
    assert la_split is not None
    assert result.purity["raffinate"]["La"] > LA_PURITY_ABOVE
    assert la_split["raffinate"] > LA_RECOVERY_ABOVE
    assert result.purity["loaded_organic"]["La"] < result.purity["raffinate"]["La"]


@pytest.mark.parametrize("la_share", [0.3, None, 0.7])
def test_la_prnd_published_factors_meet_the_product_within_the_published_stages(
    la_share: float | None,
) -> None:
    """`design` with the published factors needs no more than the published 20 stages.

    ``None`` keeps the file's feed (Bayan Obo La:Pr:Nd, assumed); 0.3 and 0.7 replace its La share
    (same total, same Pr:Nd) to show the conclusion does not rest on that assumption. The check
    discriminates: with beta(Pr/La) = 2.5 instead of 3.0 the same design needs 23 stages. It does
    not fix the authors' split or flows, and it rests on the assumed K scale (docs/validation.md).
    """
    cascade = load_cascade(LA_PRND)
    if la_share is not None:
        feed = cascade.feed_concentration
        la = cascade.components.index("La")
        heavy = feed.copy()
        heavy[la] = 0.0
        scaled = heavy * (1.0 - la_share) * feed.sum() / heavy.sum()
        scaled[la] = la_share * feed.sum()
        cascade = load_cascade(_with_feed(LA_PRND, dict(zip(cascade.components, map(float, scaled)))))
    designed = design(cascade, LA_PRND_TARGETS)
    assert designed.cascade.extraction + designed.cascade.scrubbing <= PUBLISHED_STAGES
    assert designed.result.purity["raffinate"]["La"] >= LA_PURITY_ABOVE
    assert designed.result.split["La"]["raffinate"] >= LA_RECOVERY_ABOVE


def _with_feed(path: Path, concentration: dict[str, float]) -> dict[str, Any]:
    """The cascade file at ``path`` as a mapping, with the feed concentrations (mol/m³) replaced."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["feed"]["concentration"] = {c: f"{v!r} mol/m**3" for c, v in concentration.items()}
    return data
