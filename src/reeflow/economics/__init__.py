"""Operating economics of solved scenarios: prices, annual flows, cost per kg, element trace.

:class:`EconomicsSpec` is the ``economics:`` section of a scenario; :func:`evaluate` turns a
results dict into annual flows (t/yr), raw-material demand and cost (USD/yr, USD/kg of the main
product), revenue, and the trace of each product element back to its feeds. Prices come from
``data/prices.yaml`` (:func:`price_of`) or are given explicitly with their source.
"""

from reeflow.economics.evaluate import check_references, evaluate
from reeflow.economics.prices import PRICE_UNIT, Price, price_items, price_of
from reeflow.economics.spec import ConversionCostSpec, EconomicsSpec, FixedCostSpec, PriceSpec

__all__ = [
    "PRICE_UNIT",
    "ConversionCostSpec",
    "EconomicsSpec",
    "FixedCostSpec",
    "Price",
    "PriceSpec",
    "check_references",
    "evaluate",
    "price_items",
    "price_of",
]
