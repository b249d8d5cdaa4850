"""Import DfE's published statistics into the council's benchmark table (``publisher benchmarks import``)."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.figures import Figure
from ..core.files import csv_text
from ..core.vocab import Comparator, Polarity
from ..inputs.benchmarks import TABLE_COLUMNS
from ..inputs.registry import Indicator, PublishedMeasure, Registry
from . import dfe, dictionary

__all__ = ["import_published", "measures_report"]


def import_published(
    files: list[Path],
    registry: Registry,
    la: str,
    sn_model: str = "2021",
    average: str = "mean",
    year: str | None = None,
) -> tuple[str, str]:
    """Benchmarks for every indicator with a ``published`` measure, as the council's CSV table.

    Returns the table's text and the LA's name. ``year`` is the default for indicators whose ``published`` names
    no ``year`` of its own (default: the latest year the LA has a row). Every problem (unknown LA, measure not
    found, a year the measure does not have, unknown layout) is raised together as an :class:`InputError`.
    """
    layouts = {path: dfe.detect_layout(path) for path in files}
    models = [dfe.read_neighbours(p) for p, kind in layouts.items() if kind == "sn"]
    model = next((m for m in models if m.year == sn_model), None)
    if model is None:
        found = ", ".join(m.year for m in models) or "none"
        raise InputError(
            [
                Problem(
                    "command line",
                    None,
                    "--sn-model",
                    f"expected a statistical neighbour file for the {sn_model} model among the files, found ({found})",
                )
            ]
        )
    code = dfe.find_la(la, model.names)
    dictionary = next((p for p, kind in layouts.items() if kind == "lait_dictionary"), None)
    lait: dict[str, dfe.MeasureTable] = {}
    for path, kind in layouts.items():
        if kind == "lait":
            lait.update(dfe.read_lait(path, dictionary))
    ees = {p.name: p for p, kind in layouts.items() if kind == "ees"}
    rows: list[list[object]] = []
    problems: list[Problem] = []
    file_of = dict(zip((p.id for p in registry.priorities), registry.files, strict=True))
    for indicator in registry.indicators:
        wanted = indicator.published
        if wanted is None:
            continue
        try:
            table = _measure(wanted, lait, ees)
            chosen = wanted.year or year
            if chosen:
                chosen = dfe.choose_year(table, chosen, "published.year" if wanted.year else "--year")
            comparison = dfe.compare(table, code, model, chosen, table.polarity or _polarity(indicator), average)
        except InputError as exc:
            where = str(file_of[indicator.priority])
            problems.extend(Problem(where, None, f"{indicator.reference}: {p.field}", p.message) for p in exc.problems)
            continue
        rows.extend(_table_rows(indicator, comparison, table, model, average))
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([Problem(str(registry.files[0].parent) if registry.files else "registry", None, "published",
                                  _nothing_to_import(registry))])  # fmt: skip
    return csv_text(TABLE_COLUMNS, rows), model.names[code]


def _nothing_to_import(registry: Registry) -> str:
    """Why the table would be empty: an empty table written with success would hide it."""
    named = [i.reference for i in registry.indicators if i.published is not None]
    if not named:
        return ("expected one or more indicators naming a DfE measure with 'published: {source: lait, measure: CODE}' "
                "(find codes with 'publisher benchmarks measures WORDS'); found none, so nothing was written")
    return (f"expected figures for {', '.join(named)}, found none published for the LA in the year chosen, so "
            "nothing was written")


def _polarity(indicator: Indicator) -> str | None:
    return None if indicator.polarity is Polarity.NONE else str(indicator.polarity)


def _measure(wanted: PublishedMeasure, lait: dict, ees: dict[str, Path]):  # returns a dfe.MeasureTable
    if wanted.source == "lait":
        if wanted.measure not in lait:
            close = ", ".join(difflib.get_close_matches(wanted.measure, list(lait), n=3)) or "none close"
            raise InputError(
                [
                    Problem(
                        "LAIT",
                        None,
                        "published.measure",
                        f"measure '{wanted.measure}' not found in the LAIT files given "
                        f"({'no LAIT file given' if not lait else 'closest: ' + close})",
                    )
                ]
            )
        return lait[wanted.measure]
    if wanted.file not in ees:
        given = ", ".join(ees) or "none"
        raise InputError(
            [Problem("EES", None, "published.file", f"'{wanted.file}' is not among the files given ({given})")]
        )
    return dfe.read_ees(ees[wanted.file], wanted.measure, wanted.filters)


def _table_rows(indicator: Indicator, comparison, table, model, average: str) -> list[list[object]]:
    """The table's rows for one indicator: a figure or words per comparator, and how the SN and band were made."""
    written = comparison.written
    values: dict[Comparator, object] = {
        Comparator.LA_PUBLISHED: _cell(comparison.la, written.get("la")),
        Comparator.SN: _cell(comparison.sn),
        Comparator.REGION: _cell(comparison.region, written.get("region")),
        Comparator.ENGLAND: _cell(comparison.england, written.get("england")),
        Comparator.BAND: comparison.band,
        Comparator.RANK: comparison.rank,
    }
    made: dict[Comparator, dict[str, object]] = {
        Comparator.SN: {"sn_count": comparison.sn_count, "sn_of": comparison.sn_of, "sn_model": model.year},
        Comparator.RANK: {"note": "1st = best"},
    }
    made[Comparator.SN]["sn_average"] = average
    if comparison.lower_quartile is not None:
        quartiles = {"lower_quartile": comparison.lower_quartile, "upper_quartile": comparison.upper_quartile}
        made[Comparator.BAND] = quartiles
    rows = []
    for comparator in indicator.benchmarks or list(Comparator):  # none listed: every comparator DfE publishes
        if values[comparator] == "":
            continue
        cells = {
            "reference": indicator.reference,
            "comparator": comparator,
            "year": comparison.year,
            "value": values[comparator],
            "source": f"Department for Education ({table.collection}): {table.title}",
            **made.get(comparator, {}),
        }
        rows.append([cells.get(column, "") for column in TABLE_COLUMNS])
    return rows


def _cell(figure: Figure, written: str | None = None) -> object:
    """A number, DfE's code as published (``-`` stays ``-``), or ``x`` for a figure not published at all."""
    if figure.available and figure.value is not None:
        return round(figure.value, 4)
    if written:
        return written
    return {"suppressed": "c", "not_applicable": "z"}.get(str(figure.status), "x")


SHOWN_MEASURES = 15
# What ``benchmarks measures`` reads when no --files are given: LAIT's files in the current folder.
LAIT_NAMES = ("lait_data_dictionary.csv", "lait_bds_long.csv.gz", "lait_bds_long.csv")


def measures_report(words: list[str], files: list[Path] | None = None) -> str:
    """What ``publisher benchmarks measures`` prints: the best matches, two lines each."""
    files = files if files is not None else [Path(n) for n in LAIT_NAMES if Path(n).is_file()]
    found = find_measures(words, files)
    lines = [dictionary.describe(measure) for measure in found[:SHOWN_MEASURES]]
    if len(found) > SHOWN_MEASURES:
        lines.append(f"... and {len(found) - SHOWN_MEASURES} more: add words to narrow the search")
    return "\n".join(lines)


def find_measures(words: list[str], files: list[Path]) -> list[dictionary.Found]:
    """LAIT's measures matching ``words`` (``publisher benchmarks measures``), with the years published when the
    long extract is among ``files``; a clear error when no file is LAIT's data dictionary or nothing matches."""
    layouts = {path: dfe.detect_layout(path) for path in files}
    books = [p for p, kind in layouts.items() if kind == "lait_dictionary"]
    if not books:
        given = ", ".join(p.name for p in files) or "none"
        message = f"expected LAIT's data dictionary (lait_data_dictionary.csv) among the files, found ({given})"
        raise InputError([Problem("command line", None, "--files", message)])
    info: dict[str, dictionary.MeasureInfo] = {}
    for book in books:
        info.update(dictionary.read_dictionary(book))
    years: dict[str, list[str]] = {}
    for path in (p for p, kind in layouts.items() if kind == "lait"):
        years.update(dfe.lait_years(path, info))
    found = dictionary.search(info.values(), words)
    if not found:
        message = f"no LAIT measure's code, title or topic contains any of: {' '.join(words)}; try fewer or other words"
        raise InputError([Problem(str(books[0]), None, "words", message)])
    return [dictionary.Found(f.info, f.matched, tuple(years.get(f.info.code, ()))) for f in found]
