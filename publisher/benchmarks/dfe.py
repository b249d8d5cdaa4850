"""Read the statistics DfE publishes, and compare a council with its neighbours, its region and England.

Layouts read: LAIT's long extract (with its data dictionary for polarity and decimal places), Explore
Education Statistics tidy CSVs, and the statistical neighbour (SN) groups (2021 and 2025 models, xlsx or csv).
DfE's codes (``c``, ``x``, ``z``, ``u``, ``k``, ``low``, ``-``) become figures with a reason, never numbers, and
are kept as written. Years are labelled as the statistic's own (see :mod:`.dictionary`): ``2022-23`` for a
financial or academic year LAIT writes as ``2023``.
"""

from __future__ import annotations

import difflib
import gzip
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.codes import CODES, dfe_figure
from ..core.errors import InputError, Problem
from ..core.figures import Figure, Status
from .dictionary import MeasureInfo, pick_year, read_dictionary, sorted_years, year_label

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

LAYOUTS = {
    "lait": {"short desc", "years", "la and regions", "values", "la number"},
    "lait_dictionary": {"measure_short", "polarity", "dps"},
    "ees": {"time_period", "time_identifier", "geographic_level"},
    "sn_2021_csv": {"la num", "sn1", "snp"},
    "sn_2025_csv": {"old_la_code", "sn_1", "sn_1p"},
}
# DfE files name London's LAs' region "Inner London"/"Outer London" but publish the regional figure as "London".
REGION_ALIASES = {
    "inner london": "london",
    "outer london": "london",
    "london (inner)": "london",
    "london (outer)": "london",
}


def _header(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        for row in book.worksheets[0].iter_rows(values_only=True, max_row=6):
            cells = [str(c).strip().lower() for c in row if c is not None]
            if "la num" in cells or "old_la_code" in cells:
                book.close()
                return cells
        book.close()
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as stream:
        return [c.strip().strip('"').lower() for c in stream.readline().split(",")]


def detect_layout(path: Path) -> str:
    """Which DfE layout a file is in, from its header row; a clear error for anything else."""
    if not path.is_file():
        raise InputError([Problem(str(path), None, "", "file not found")])
    header = set(_header(path))
    for layout, needed in LAYOUTS.items():
        if needed <= header:
            return "sn" if layout.startswith("sn_") else layout
    if path.suffix == ".xlsx" and {"la num", "sn1"} <= header:
        return "sn"
    known = "LAIT long extract, LAIT data dictionary, Explore Education Statistics CSV, statistical neighbours"
    raise InputError(
        [
            Problem(
                str(path),
                1,
                "",
                f"unknown layout: expected one of ({known}); found columns ({', '.join(sorted(header)[:8])}...)",
            )
        ]
    )


# -- statistical neighbours ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourModel:
    """Each LA's ten statistical neighbours (old 3-digit LA numbers) with closeness, from one DfE model."""

    year: str
    neighbours: dict[int, tuple[tuple[int, str], ...]]
    names: dict[int, str]
    source: str


def read_neighbours(path: Path) -> NeighbourModel:
    import pandas as pd

    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
        start = next(i for i, row in raw.iterrows() if "LA num" in row.values or "old_la_code" in row.values)
        frame = raw.iloc[start + 1 :].set_axis([str(c).strip() for c in raw.iloc[start]], axis=1)
    else:
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    columns = list(frame.columns)
    code_column = "LA num" if "LA num" in columns else "old_la_code"
    name_column = "LA Name" if "LA Name" in columns else "la_name"
    slots = [i for i, c in enumerate(columns) if re.fullmatch(r"SN_?\d+", str(c))]
    neighbours, names = {}, {}
    for _, row in frame.iterrows():
        code = _la_number(row[code_column])
        if code is None:
            continue
        names[code] = str(row[name_column]).strip()
        found = []
        for slot in slots:
            neighbour = _la_number(row.iloc[slot])
            closeness = str(row.iloc[slot + 1]).strip() if slot + 1 < len(columns) else ""
            if neighbour is not None:
                found.append((neighbour, closeness))
        neighbours[code] = tuple(found)
    match = re.search(r"20(21|25)", path.name)
    year = f"20{match[1]}" if match else "unknown"
    log.info("dfe: %s statistical neighbour model, %d LAs, from %s", year, len(neighbours), path.name)
    return NeighbourModel(year, neighbours, names, path.name)


def _la_number(cell: object) -> int | None:
    """LA numbers arrive as 343, '343', '343.0' or NaN."""
    try:
        number = float(str(cell).strip())
    except ValueError:
        return None
    return None if math.isnan(number) else int(number)


# -- published measures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTable:
    """One published measure for every area and year: columns year, level, la_code, area, region, raw.

    ``year`` holds labels as a reader reads them (``2022-23``, ``2025``, ``2014-16``)."""

    source: str
    measure: str
    title: str
    polarity: str | None
    decimals: int | None
    frame: pd.DataFrame
    collection: str = "LAIT"  # where DfE publishes it, as a reader names it: LAIT or Explore education statistics
    year_type: str = ""  # LAIT's Year_Type: "Annual" is a count at 31 March, its year the one that ends then

    @property
    def years(self) -> list[str]:
        return sorted_years(self.frame["year"])


def choose_year(table: MeasureTable, wanted: str, field: str = "year") -> str:
    """The year label ``wanted`` names in this measure (``2022-23``, ``2022/23`` or ``2023``); a clear error
    listing the years published when it names none."""
    found = pick_year(wanted, table.frame["year"].unique(), at_year_end=table.year_type == "Annual")
    if found is None:
        years = ", ".join(table.years) or "none"
        message = f"{table.measure} has no year '{wanted}' in {table.source}; years published: {years}"
        raise InputError([Problem(table.source, None, field, message)])
    return found


def read_lait(path: Path, dictionary: Path | None = None) -> dict[str, MeasureTable]:
    """Every measure in a LAIT long extract, keyed by its short code (``CPP_rate``)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    info = read_dictionary(dictionary) if dictionary else {}
    regional = frame["Region"].isin(["NA", ""])
    areas, numbers, flags = frame["LA and Regions"].tolist(), frame["LA Number"].tolist(), regional.tolist()
    number_of = {n: _la_number(n) for n in set(numbers)}
    frame = frame.assign(
        level=[_lait_level(a, r) for a, r in zip(areas, flags, strict=True)],
        la_code=[number_of[c] if not r else None for c, r in zip(numbers, flags, strict=True)],
        area=frame["LA and Regions"],
        region=frame["Region"].where(~regional, ""),
        year=_lait_years(frame, info),
        raw=frame["Values"],
    )
    tables = {}
    for code, group in frame.groupby("Short Desc", sort=False):
        known = info.get(str(code).strip())
        tables[code] = MeasureTable(
            path.name,
            code,
            known.title if known and known.title else str(group["Data item"].iloc[0]),
            known.polarity if known else None,
            known.decimals if known else None,
            group[["year", "level", "la_code", "area", "region", "raw"]].reset_index(drop=True),
            year_type=known.year_type if known else "",
        )
    log.info("dfe: %d LAIT measures from %s", len(tables), path.name)
    return tables


def _lait_level(area: str, regional: bool) -> str:
    return "england" if area == "England" else "region" if regional else "la"


def _lait_years(frame: pd.DataFrame, info: dict[str, MeasureInfo]) -> pd.Series:
    """Each row's year label, worked out once per (measure, year as written)."""
    key = frame["Short Desc"] + "\x1f" + frame["Years"]
    labels = {}
    for both in key.unique().tolist():
        code, written = both.split("\x1f")
        known = info.get(code.strip())
        labels[both] = year_label(written, known.year_type if known else "")
    return key.map(labels)


def lait_years(path: Path, info: dict[str, MeasureInfo]) -> dict[str, list[str]]:
    """The year labels each measure in a LAIT long extract has, without reading its values."""
    import pandas as pd

    pairs = pd.read_csv(path, usecols=["Short Desc", "Years"], dtype=str, keep_default_na=False).drop_duplicates()
    years: dict[str, set[str]] = {}
    for code, written in zip(pairs["Short Desc"], pairs["Years"], strict=True):
        known = info.get(code.strip())
        years.setdefault(code.strip(), set()).add(year_label(written, known.year_type if known else ""))
    return {code: sorted_years(labels) for code, labels in years.items()}


def read_ees(path: Path, measure: str, filters: dict[str, str]) -> MeasureTable:
    """One measure column of an Explore Education Statistics tidy CSV, after the breakdown filters."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    problems = [
        Problem(str(path), 1, name, f"expected a column '{name}', found ({', '.join(frame.columns[:12])}...)")
        for name in [measure, *filters]
        if name not in frame.columns
    ]
    if problems:
        raise InputError(problems)
    for column, wanted in filters.items():
        frame = frame[frame[column] == wanted]
    if frame.empty:
        raise InputError([Problem(str(path), None, measure, f"no rows match the filters {filters}")])
    for column in ("region_name", "la_name", "old_la_code"):
        if column not in frame.columns:
            frame = frame.assign(**{column: ""})
    keys = ["time_period", "geographic_level", "region_name", "old_la_code"]
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        spread = frame.loc[duplicated].groupby(keys).nunique().max()
        others = [c for c in spread.index if spread[c] > 1 and c not in (measure, *filters)]
        message = (
            f"the filters {filters} leave more than one row per area and year; add filters for "
            f"({', '.join(others[:6]) or 'the breakdown columns'})"
        )
        raise InputError([Problem(str(path), None, measure, message)])
    level = frame["geographic_level"].map({"National": "england", "Regional": "region", "Local authority": "la"})
    frame = frame[level.notna()]
    region = frame["region_name"].where(frame["geographic_level"] == "Local authority", "")
    table = pd.DataFrame(
        {
            "year": frame["time_period"].map(_ees_year),
            "level": level[level.notna()],
            "la_code": [_la_number(c) for c in frame["old_la_code"]],
            "area": frame["la_name"].where(
                frame["geographic_level"] == "Local authority",
                frame["region_name"].where(frame["geographic_level"] == "Regional", "England"),
            ),
            "region": region,
            "raw": frame[measure],
        }
    ).reset_index(drop=True)
    return MeasureTable(path.name, measure, measure, None, None, table, "Explore education statistics")


def _ees_year(period: str) -> str:
    """EES writes a financial or academic year as 202425, shown as 2024-25; a four-digit ``Reporting year`` or
    ``Calendar year`` (2025) stays as written."""
    return year_label(f"{period[:4]}/{period[4:]}" if re.fullmatch(r"\d{6}", period) else period)


# -- the comparison ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """An LA against its neighbours, its region and England for one measure and year, as published."""

    year: str
    la: Figure
    sn: Figure
    sn_count: int
    sn_of: int
    region: Figure
    england: Figure
    lower_quartile: float | None
    upper_quartile: float | None
    band: str
    rank: str
    written: dict[str, str] = field(default_factory=dict)  # la / region / england: a DfE code as published


def find_la(code_or_name: str, names: dict[int, str]) -> int:
    """An LA by old LA number or name; a clear error suggesting the closest names."""
    text = code_or_name.strip()
    if text.isdigit() and int(text) in names:
        return int(text)
    by_name = {name.casefold(): code for code, name in names.items()}
    if text.casefold() in by_name:
        return by_name[text.casefold()]
    close = difflib.get_close_matches(text, list(names.values()), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise InputError([Problem("command line", None, "--la", f"unknown local authority '{code_or_name}'{hint}")])


def compare(
    table: MeasureTable,
    la: int,
    model: NeighbourModel,
    year: str | None = None,
    polarity: str | None = None,
    average: str = "mean",
) -> Comparison:
    """Benchmarks for ``la`` in ``year`` (default: the latest year the LA has a row); ``year`` may be written as
    :func:`choose_year` reads it."""
    frame = table.frame
    decimals = table.decimals
    mine = frame[(frame["level"] == "la") & (frame["la_code"] == la)]
    if mine.empty:
        raise InputError([Problem(table.source, None, table.measure, f"no figure for LA {la} in this measure")])
    year = choose_year(table, year) if year else max(mine["year"])
    this_year = frame[frame["year"] == year]
    las = this_year[this_year["level"] == "la"]
    values = {int(c): dfe_figure(r, decimals) for c, r in zip(las["la_code"], las["raw"], strict=True)}
    own_raw = next((str(r) for c, r in zip(las["la_code"], las["raw"], strict=True) if c == la), "")
    region_name = str(las[las["la_code"] == la]["region"].iloc[0]) if la in values else ""
    region_raw = _published_raw(this_year, "region", region_name)
    england_raw = _published_raw(this_year, "england", "England")
    cells = {"la": own_raw, "region": region_raw or "", "england": england_raw or ""}
    written = {name: raw.strip() for name, raw in cells.items() if raw.strip() and raw.strip().lower() in CODES}
    own = values.get(la, Figure.none(Status.MISSING, f"no {year} figure"))
    neighbours = [n for n, _ in model.neighbours.get(la, ())]
    known = [value for n in neighbours if n in values and (value := values[n].value) is not None]
    sn = Figure.none(Status.MISSING, "no neighbour has a figure")
    if known:
        sn = Figure.of(_mean(known) if average == "mean" else _median(known))
    published = [f.value for f in values.values() if f.available and f.value is not None]
    lower, upper = (_quantile(published, 0.25), _quantile(published, 0.75)) if len(published) >= 4 else (None, None)
    return Comparison(
        year=year,
        la=own,
        sn=sn,
        sn_count=len(known),
        sn_of=len(neighbours),
        region=_published(region_raw, region_name, decimals),
        england=_published(england_raw, "England", decimals),
        lower_quartile=lower,
        upper_quartile=upper,
        band=_band(own, lower, upper),
        rank=_rank(own, published, polarity),
        written=written,
    )


def _published_raw(frame: pd.DataFrame, level: str, name: str) -> str | None:
    """The cell a region or England has that year as written, or None when it has no row."""
    wanted = REGION_ALIASES.get(name.casefold(), name.casefold())
    rows = frame[
        (frame["level"] == level) & (frame["area"].str.casefold().map(lambda a: REGION_ALIASES.get(a, a)) == wanted)
    ]
    return None if rows.empty else str(rows["raw"].iloc[0])


def _published(raw: str | None, name: str, decimals: int | None) -> Figure:
    if raw is None:
        return Figure.none(Status.MISSING, f"no published figure for {name or 'the region'}")
    return dfe_figure(raw, decimals)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks: Excel QUARTILE.INC, R type 7, NumPy's default."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _band(own: Figure, lower: float | None, upper: float | None) -> str:
    if not own.available or own.value is None or lower is None or upper is None:
        return ""
    return "Lower" if own.value < lower else "Higher" if own.value > upper else "In range"


def _rank(own: Figure, published: list[float], polarity: str | None) -> str:
    """1st = best by polarity; ties share a rank; no rank without a polarity."""
    if not own.available or own.value is None or polarity not in ("high", "low"):
        return ""
    better = sum(1 for v in published if (v > own.value if polarity == "high" else v < own.value))
    return f"{_ordinal(better + 1)} of {len(published)}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
