"""The notes page built from what the pack shows: only the terms, abbreviations and sources a member meets in it.

A glossary that defines terms the pack never uses, and misses those it does, is worse than none. Terms of the
scorecard ("Key", "Suppressed", "Middle 50%") are listed when a row shows them; abbreviations (publisher's and a
council's own ``glossary.yaml``) when the pack's own words use them as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.figures import Status
from ..inputs.benchmarks import Benchmark
from ..inputs.yamlfile import read_yaml
from .messages import Messages


def read_glossary(path: Path | None) -> dict[str, str]:
    """A council's own terms (``term: what it means``), or none when the file is absent."""
    if path is None or not path.is_file():
        return {}
    doc = read_yaml(path)
    data = doc.data if doc.data is not None else {}
    problems = list(doc.problems)
    if not isinstance(data, dict):
        problems.append(Problem(doc.path, 1, "", f"expected terms, one per line ('NEET: what it means'), got {data!r}"))
        raise InputError(problems)
    for term, meaning in data.items():
        if not isinstance(meaning, str) or not meaning.strip():
            line = doc.line_of((term,))
            problems.append(Problem(doc.path, line, str(term), f"expected what the term means, got {meaning!r}"))
    if problems:
        raise InputError(problems)
    return {str(term): meaning.strip() for term, meaning in data.items()}


def reading_terms(
    sections: list[dict[str, Any]], columns: Any, messages: Messages, rules: set[str]
) -> list[tuple[str, str]]:
    """"Reading the scorecard": each term the pack's rows show, in the catalogue's order; ``rules`` are the RAG
    rules they use (graded bands are explained only when a row has them)."""
    rows = [row for section in sections for row in section["rows"]]
    if not rows:
        return []
    shown = {"polarity", "rag", "direction"} | ({"bands"} & rules)
    shown |= {"key"} if any(row["key"] for row in rows) else set()
    shown |= {"figures"} if any(row["fraction"] for row in rows) else set()
    shown |= {"revised"} if any(p.get("revised") for row in rows for p in row["periods"]) else set()
    shown |= {"outturn"} if columns.layout == "year" else set()
    shown |= {"target"} if columns.target else set()
    shown |= {str(c) for c in columns.benchmarks}
    figures = [p for row in rows for p in (*row["periods"], row["current"], *row["benchmarks"])]
    shown |= {f["status"] for f in figures if f.get("status", Status.OK) != Status.OK}
    glossary = messages.entries["glossary"]
    return [(glossary[name][0], glossary[name][1]) for name in glossary if name in shown]


def abbreviations_used(words: Iterable[str], messages: Messages, council: Mapping[str, str]) -> list[tuple[str, str]]:
    """Abbreviations (publisher's, then the council's own, which win) that appear in ``words`` as whole words."""
    text = "\n".join(words)
    terms = {**messages.entries["abbreviations"], **council}
    return sorted(
        ((term, meaning) for term, meaning in terms.items() if meaning and _uses(text, term)),
        key=lambda item: item[0].casefold(),
    )


def _uses(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def benchmark_sources(benchmarks: Iterable[Benchmark], messages: Messages) -> list[str]:
    """One sentence per published source: who published which statistic, for which years."""
    years: dict[str, set[str]] = {}
    for benchmark in benchmarks:
        if benchmark.source:
            years.setdefault(_readable(benchmark.source), set()).add(benchmark.year)
    return [
        messages.text("notes.benchmark_source", source=source, years=", ".join(sorted(y for y in found if y)))
        .replace(", .", ".")
        for source, found in sorted(years.items())
    ]


def _readable(source: str) -> str:
    """A source as a reader names it: 'DfE lait-extract.csv: Title' (as older imports wrote it) becomes
    'Department for Education (LAIT): Title'; a source a council wrote in words is kept as written."""
    match = re.fullmatch(r"DfE (\S+\.(?:csv|xlsx|xls)): (.+)", source.strip())
    if match is None:
        return source.strip()
    tool = "LAIT" if "lait" in match[1].lower() else "Explore education statistics"
    return f"Department for Education ({tool}): {match[2]}"
