"""Ofsted's Annex A extract, read in memory and turned into monthly counts the registry uses as series.

It sits at the inputs stage: it reads a council's file and writes data, importing only ``core`` and ``inputs``.
No child-level row leaves memory: what is written is counts by month, the extract's checksum and its date.
"""

__all__ = ["dates", "importing", "measures", "reader", "store"]
