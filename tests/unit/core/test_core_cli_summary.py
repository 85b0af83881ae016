"""The closing lines of `reeflow run` (regulated outlets, raw-material cost) and the exit status of a balance failure."""

from __future__ import annotations

from typing import Any

import pytest

from reeflow.cli.scenario import _economics_line, _radioactivity_line

pytestmark = pytest.mark.unit


def results(cake_class: str) -> dict[str, Any]:
    return {
        "streams": {"ore": {"sink": "mill"}, "cake": {"sink": None}, "oxide": {"sink": None}},
        "radioactivity": {"streams": {
            "ore": {"class": "regulated", "nuclides": {"Th232": {"Bq_per_g": 2.0}}},
            "cake": {"class": cake_class, "nuclides": {"Th232": {"Bq_per_g": 275.0}, "Th230": {"Bq_per_g": 48.0}}},
        }},
        "economics": {"raw_material_cost_USD_per_kg_product": 25.11, "currency": "USD", "main_product": "oxide",
                      "unpriced_feeds": ["ore"]},
    }


def test_regulated_outlets_are_named_with_their_leading_nuclide() -> None:
    assert _radioactivity_line(results("regulated")) == "radioactivity: regulated outlets cake (Th232 275 Bq/g)"
    assert _radioactivity_line(results("exempt")) == "radioactivity: every outlet exempt"


def test_cost_line_says_when_it_is_a_lower_bound() -> None:
    assert _economics_line(results("exempt")) == (
        "economics: raw materials 25.1 USD per kg of oxide (lower bound: unpriced ore)")
    assert _economics_line({"economics": None}) is None


def test_a_balance_that_does_not_close_exits_3_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from reeflow.cli.common import EXIT_NOT_CONVERGED, cli_errors
    from reeflow.errors import BalanceError

    @cli_errors
    def command() -> None:
        raise BalanceError("unit 'leach': element balance of Ce off by 3e-6 (tolerance 1e-9)")

    with pytest.raises(typer.Exit) as exit_info:
        command()
    assert exit_info.value.exit_code == EXIT_NOT_CONVERGED
    assert capsys.readouterr().err == "error: unit 'leach': element balance of Ce off by 3e-6 (tolerance 1e-9)\n"
