"""`reeflow hydride` commands: PCT isotherms of rare-earth hydrogen-storage alloys and alloy design.

``reeflow hydride pct ALLOY --temperature 25degC [--json]`` answers for a shipped alloy name or
any rare-earth-nickel AB5/AB3/A2B7 formula (then predicted by the composition model, with
``"predicted": true``). Temperatures 250-450 K are answered, with a warning outside the range
of the data behind the values; others exit with status 2.

``reeflow hydride design --target-pressure 1bar --temperature 40degC [--json]`` lists
compositions whose predicted desorption plateau meets the target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reeflow.cli.common import cli_errors, echo_json

if TYPE_CHECKING:
    from reeflow.hydrogen.alloy import HydrideAlloy

app = typer.Typer(no_args_is_help=True)

#: Temperatures answered by ``hydride pct``, K.
TEMPERATURE_LIMITS = (250.0, 450.0)
#: Slack on those limits, K: conversions such as -23.15 degC -> 249.99999999999997 K stay inside.
_LIMIT_SLACK_K = 1e-6


def _temperature(text: str) -> float:
    """Temperature in K from any pint spelling (``25degC``, ``298.15 K``, ``77degF``); a bare number is K."""
    from reeflow.errors import InputError
    from reeflow.uom import to_si

    try:
        float(text)
    except ValueError:
        quantity = text
    else:
        quantity = f"{text.strip()} K"
    value = to_si(quantity, "K", field="--temperature")
    low, high = TEMPERATURE_LIMITS
    if not low - _LIMIT_SLACK_K <= value <= high + _LIMIT_SLACK_K:
        raise InputError(f"--temperature: {text!r} is {value:.2f} K; reeflow hydride answers {low:g}-{high:g} K "
                         "(a bare number is read as kelvin)")
    return min(max(value, low), high)


def _mischmetal_warning(alloy: HydrideAlloy) -> str | None:
    """What an answer for an alloy written with ``Mm`` (mischmetal of unstated composition) rests on, or None."""
    from math import exp

    from reeflow.hydrogen.composition import MISCHMETAL, expand_pseudo_elements, parse_formula_atoms
    from reeflow.hydrogen.model import mischmetal_ln_p_rmse

    written = parse_formula_atoms(alloy.formula)
    if MISCHMETAL not in written:
        return None
    assumed = "".join(f"{s}{n:g}" for s, n in expand_pseudo_elements({MISCHMETAL: 1.0}).items())
    spelled_out = "".join(f"{s}{n:.4g}" for s, n in expand_pseudo_elements(written).items())
    basis = []
    if alloy.sources:
        basis.append("the shipped measurements are of a lot their sources do not state")
    if alloy.predicted:
        basis.append("predicted values use the composition model's Mm term (the average lot of its training data)")
    mm_rmse, stated_rmse = mischmetal_ln_p_rmse()
    return (f"'Mm' is mischmetal of unstated composition: {'; '.join(basis)}; the molar mass assumes the lot "
            f"{assumed} (data/hydrides/constants.yaml). Plateaus of real lots differ with their La/Ce/Pr/Nd "
            f"contents: the model's held-out ln P error is {mm_rmse:.2f} RMS over its training alloys with Mm "
            f"(a factor {exp(mm_rmse):.1f} in pressure), against {stated_rmse:.2f} for AB5 alloys of stated "
            f"composition. Write the lot out, e.g. {spelled_out}, with your lot's atom fractions")


def pct_result(alloy: HydrideAlloy, temperature: float, points: int, query: str) -> dict[str, Any]:
    """The JSON object of ``hydride pct`` for ``alloy`` (asked for as ``query``) at ``temperature`` (K)."""
    from reeflow.hydrogen.pct import isotherm, plateau_pressure

    plateau = alloy.pct.plateaus[0]  # the lowest plateau; all of them under "plateaus" when several
    warnings = []
    low, high = alloy.temperature_range
    if not low <= temperature <= high:
        warnings.append(f"temperature {temperature:.2f} K is outside the {low:.0f}-{high:.0f} K range of the data "
                        "behind these values; the van 't Hoff extrapolation may be inaccurate")
    mischmetal = _mischmetal_warning(alloy)
    if mischmetal is not None:
        warnings.append(mischmetal)
    if alloy.prediction is not None and alloy.predicted:
        if alloy.prediction.extrapolated:
            warnings.append("composition outside the fitted data for: " + ", ".join(alloy.prediction.extrapolated))
        if alloy.prediction.structure_samples < 10:
            warnings.append(f"only {alloy.prediction.structure_samples} {alloy.structure} compositions with plateau data "
                            "behind the model; expect errors well above the stated cross-validated error")
    shipped_mAh = alloy.measured_capacity_mAh_per_g
    branches = {}
    for branch in ("absorption", "desorption"):
        x, p = isotherm(alloy.pct, temperature, branch, points)
        branches[branch] = [[float(a), float(f"{b:.6g}")] for a, b in zip(x, p, strict=True)]
    result: dict[str, Any] = {
        "alloy": query,
        "record": alloy.name,
        "formula": alloy.formula,
        "structure": alloy.structure,
        "temperature_K": temperature,
        "plateau_Pa": {b: plateau_pressure(alloy.pct, temperature, b) for b in ("absorption", "desorption")},
        "delta_H_J_per_mol_H2": {"absorption": plateau.dH_absorption, "desorption": plateau.dH_desorption},
        "delta_S_J_per_mol_H2_K": {"absorption": plateau.dS_absorption, "desorption": plateau.dS_desorption},
        "capacity_wt_pct": alloy.capacity_wt_pct,
        # a shipped electrochemical measurement is its own figure (it is not derived from the wt%)
        "capacity_mAh_per_g": shipped_mAh if shipped_mAh is not None else alloy.capacity_mAh_per_g,
        "capacity_mAh_per_g_basis": (
            f"shipped electrochemical discharge capacity ({alloy.status.get('capacity_mAh_per_g', 'measured')})"
            if shipped_mAh is not None else "theoretical: n_H F / (3.6 M) at the capacity"),
        "theoretical_capacity_mAh_per_g": alloy.capacity_mAh_per_g,
        "capacity_H_per_M": alloy.capacity_h_per_m,
        "molar_mass_kg_per_kmol": alloy.molar_mass,
        "isotherm": branches,
        "predicted": alloy.predicted,
        "predicted_fields": list(alloy.predicted_fields),
        "status": alloy.status,
        "sources": list(alloy.sources),
        "warnings": warnings,
    }
    if alloy.prediction is not None and alloy.predicted:
        result["model_error"] = {"ln_p_cv_rmse": alloy.prediction.ln_p_error,
                                 "delta_H_cv_rmse_J_per_mol_H2": alloy.prediction.dH_error}
    if len(alloy.pct.plateaus) > 1:
        result["plateaus"] = [
            {"share_of_capacity": step.share,
             "plateau_Pa": {b: plateau_pressure(alloy.pct, temperature, b, k) for b in ("absorption", "desorption")},
             "delta_H_J_per_mol_H2": {"absorption": step.dH_absorption, "desorption": step.dH_desorption},
             "delta_S_J_per_mol_H2_K": {"absorption": step.dS_absorption, "desorption": step.dS_desorption}}
            for k, step in enumerate(alloy.pct.plateaus)
        ]
    if alloy.measured_capacity_mAh_per_g is not None:
        result["measured_capacity_mAh_per_g"] = alloy.measured_capacity_mAh_per_g
    return result


@app.command("pct")
@cli_errors
def pct_command(
    alloy: Annotated[str, typer.Argument(help="Shipped alloy name or formula, e.g. LaNi5, LaNi4.7Al0.3, LaY2Ni10.5.")],
    temperature: Annotated[str, typer.Option("--temperature", "-T", help="Temperature, e.g. 25degC or 300K.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    points: Annotated[int, typer.Option(help="Points per isotherm branch.")] = 200,
) -> None:
    """Plateau pressures, van 't Hoff constants, capacities and isotherms of an alloy."""
    from reeflow.hydrogen.alloy import resolve_alloy

    T = _temperature(temperature)
    result = pct_result(resolve_alloy(alloy), T, points, alloy.strip())
    if as_json:
        echo_json(result)
        return
    _print_pct(result)


def _print_pct(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from reeflow.uom import to_unit

    title = f"{result['alloy']} ({result['structure']}) at {result['temperature_K']:.2f} K"
    if result["predicted"]:
        title += " - predicted: " + ", ".join(result["predicted_fields"])
    table = Table(title=title, title_justify="left")
    for column in ("branch", "plateau, bar", "dH, kJ/mol H2", "dS, J/(mol H2 K)"):
        table.add_column(column, justify="right" if column != "branch" else "left")
    for branch in ("absorption", "desorption"):
        table.add_row(branch, f"{to_unit(result['plateau_Pa'][branch], 'Pa', 'bar'):.4g}",
                      f"{to_unit(result['delta_H_J_per_mol_H2'][branch], 'J/mol', 'kJ/mol'):.2f}",
                      f"{result['delta_S_J_per_mol_H2_K'][branch]:.1f}")
    console = Console()
    console.print(table)
    console.print(f"capacity {result['capacity_wt_pct']:.3f} wt% H, {result['capacity_H_per_M']:.3f} H/M, "
                  f"{result['capacity_mAh_per_g']:.1f} mAh/g ({result['capacity_mAh_per_g_basis']})")
    for warning in result["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}")


@app.command("design")
@cli_errors
def design_command(
    target_pressure: Annotated[str, typer.Option("--target-pressure", help="Desorption plateau wanted, e.g. 1bar.")],
    temperature: Annotated[str, typer.Option("--temperature", "-T", help="Operating temperature, e.g. 40degC.")],
    structure: Annotated[str, typer.Option(help="Structure type: AB5, AB3 or A2B7.")] = "AB5",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
) -> None:
    """Compositions whose predicted desorption plateau meets a target pressure at a temperature."""
    from reeflow.hydrogen.design import design_alloys
    from reeflow.uom import to_si

    T = _temperature(temperature)
    P = to_si(target_pressure, "Pa", field="--target-pressure")
    structure = structure.strip().upper()
    candidates = design_alloys(P, T, structure=structure)
    result = {"target_pressure_Pa": P, "temperature_K": T, "structure": structure,
              "predicted": any(c.predicted for c in candidates) or not candidates,
              "candidates": [c.to_dict() for c in candidates]}
    if as_json:
        echo_json(result)
        return
    from rich.console import Console
    from rich.table import Table

    from reeflow.uom import to_unit

    table = Table(title=f"{structure} alloys with a {target_pressure} desorption plateau at {T:.2f} K (predicted)",
                  title_justify="left")
    for column in ("formula", "plateau, bar", "dH, kJ/mol H2", "wt% H", "mAh/g"):
        table.add_column(column, justify="left" if column == "formula" else "right")
    for c in candidates:
        table.add_row(c.formula, f"{to_unit(c.plateau_Pa, 'Pa', 'bar'):.3g}",
                      f"{to_unit(c.dH_desorption, 'J/mol', 'kJ/mol'):.1f}",
                      f"{c.capacity_wt_pct:.3f}", f"{c.capacity_mAh_per_g:.0f}")
    Console().print(table)
    if not candidates:
        Console().print("no composition within the model's validity range meets the target")
