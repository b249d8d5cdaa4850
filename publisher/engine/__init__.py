"""Stage 3, calculation: the result model, figures over windows, RAG rules, direction of travel,
disclosure control and the readiness report. Plain values in, plain frozen values out; no files.

May import: ``publisher.core``, ``publisher.inputs`` (the engine never reads DfE files itself).
"""

__all__ = ["calc", "changes", "disclosure", "model", "readiness", "rules", "scorecard", "small_numbers_in_text", "spc"]
