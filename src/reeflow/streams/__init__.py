"""Streams: species flows in SI with phases, mixing and splitting, and assay figures."""

from reeflow.streams.assay import oxide_factors, product_assay, rare_earth_oxide_flows
from reeflow.streams.balance import ElementBalance, element_balance
from reeflow.streams.mixing import mix, split
from reeflow.streams.stream import Stream

__all__ = ["ElementBalance", "Stream", "element_balance", "mix", "oxide_factors", "product_assay", "rare_earth_oxide_flows", "split"]
