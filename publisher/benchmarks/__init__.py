"""Stage 2, DfE's published statistics: LAIT, EES and statistical neighbour readers, and the importer that
turns them into the council's benchmark table (``publisher benchmarks import``).

May import: ``publisher.core``, ``publisher.inputs``.
"""

__all__ = ["importer"]
