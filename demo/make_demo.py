#!/usr/bin/env python3
"""Make the demo council's fictional data: observations, child population, benchmarks and commentary.

Northbridge Borough Council does not exist; every figure, name and comment is invented. The figures and prose
live in ``demo/source/``: ``series.yaml`` (how each series is drawn), ``population.yaml``, ``benchmarks.yaml``
(the comparators) and ``commentary.yaml`` (what the leads wrote, by period). The output is deterministic
(fixed seeds, sorted rows), so running this twice gives identical files:

    .venv/bin/python demo/make_demo.py

It also reads the registry (``indicators/*.yaml``, to cross-check series names and to learn which benchmarks
each indicator shows), and writes ``demo/data/{observations,population,benchmarks}.csv`` and
``demo/commentary/<period>.yaml``. The demo reporting period is Q2 2026-27 (July to September 2026): nothing
is dated after September 2026, and annual figures appear only for years whose figure would have been
published by then.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
SOURCE = DEMO / "source"
SEED = 20261012

Series = dict[str, dict[str, Any]]  # series name -> {period label: an int, a float, or a (code, note) gap}

# -- the periods the demo covers -----------------------------------------------------------------------------

FIRST = (2023, 4)  # April 2023
LAST = (2026, 9)  # September 2026: the end of the demo reporting period, Q2 2026-27


def t_of(year: int, month: int) -> int:
    """Months since April 2023 (negative before it): the time axis every trend is drawn on."""
    return (year - FIRST[0]) * 12 + (month - FIRST[1])


def month_t(label: str) -> int:
    """The time of a month label such as ``2026-09``."""
    year, month = label.split("-")
    return t_of(int(year), int(month))


def _quarters() -> list[tuple[str, int]]:
    """(label, t of last month) for each financial quarter that has ended by ``LAST``."""
    out = []
    for fy in (2023, 2024, 2025, 2026):
        for q in range(1, 5):
            end = t_of(fy, 4) + 3 * q - 1
            if end <= t_of(*LAST):
                out.append((f"Q{q} {fy}-{(fy + 1) % 100:02d}", end))
    return out


MONTHS = [f"{2023 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(t_of(*LAST) + 1)]
QUARTERS = _quarters()  # (label, t of last month): Q1 2023-24 .. Q2 2026-27
TERMS = sorted(  # (label, t of last month): Summer 2023 .. Summer 2026 (Autumn 2026 ends in December: not yet)
    (
        (f"{name} {year}", t_of(year, last))
        for year in (2023, 2024, 2025, 2026)
        for name, last in (("Spring", 3), ("Summer", 7), ("Autumn", 12))
        if t_of(2023, 7) <= t_of(year, last) <= t_of(*LAST)
    ),
    key=lambda item: item[1],
)
YEARS = [(f"{y}-{(y + 1) % 100:02d}", t_of(y + 1, 3)) for y in range(2022, 2026)]  # 2022-23 .. 2025-26
PERIOD_END = {label: t for rows in (QUARTERS, TERMS, YEARS) for label, t in rows}


def read_source(name: str) -> dict:
    """One of the generator's inputs, ``demo/source/<name>.yaml``."""
    return yaml.safe_load((SOURCE / f"{name}.yaml").read_text(encoding="utf-8"))


def load_series() -> tuple[dict[str, dict], set[str]]:
    """The series specs (seasons as 12 multipliers, gaps as (code, note)) and the registry series with no data."""
    doc = read_source("series")
    for spec in doc["series"].values():
        season = spec.get("season", {})
        season = doc["seasons"][season] if isinstance(season, str) else season
        spec["season"] = {month: season.get(month, 1.0) for month in range(1, 13)}
        spec["gaps"] = {label: (gap["value"], gap["note"]) for label, gap in spec.get("gaps", {}).items()}
    return doc["series"], set(doc["no_data"])


# -- drawing the series ----------------------------------------------------------------------------------------


def interpolate(anchors: dict[str, float], t: int) -> float:
    """The trend level at ``t``: the anchors joined by straight lines, flat beyond the first and last."""
    points = sorted((month_t(label), value) for label, value in anchors.items())
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (a rounded normal for large means)."""
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A count of successes out of ``n``: binomial-sized noise, damped so rolling figures do not lurch."""
    p = min(max(p, 0.0), 1.0)
    return min(n, max(0, round(rng.gauss(n * p, 0.6 * math.sqrt(n * p * (1 - p))))))


class AR1:
    """Autocorrelated noise: month-end stocks drift rather than jump."""

    def __init__(self, rng: random.Random, sd: float, phi: float = 0.7):
        self.rng, self.sd, self.phi, self.value = rng, sd, phi, 0.0

    def next(self) -> float:
        """The next step of the noise (it draws even when ``sd`` is 0, which keeps the random stream in step)."""
        self.value = self.phi * self.value + math.sqrt(1 - self.phi**2) * self.rng.gauss(0, self.sd)
        return self.value


def periods_for(spec: dict) -> list[tuple[str, int, int]]:
    """(label, t of last month, calendar month of last month) for the series' frequency."""
    freq = spec.get("freq", "month")
    if freq == "month":
        return [(label, month_t(label), int(label[5:])) for label in MONTHS]
    rows = {"quarter": QUARTERS, "term": TERMS}[freq]
    return [(label, t, (t + 3) % 12 + 1) for label, t in rows]


def draw_value(spec: dict, rng: random.Random, noise: AR1, level: float, month: int, base: Any) -> Any:
    """One period's value, given the trend level then and (for shares and days) the value of the series ``of``.

    Each series' random draws come in a fixed order; reordering them here would change every committed output.
    """
    kind, season = spec["kind"], spec["season"][month]
    if kind == "stock":
        return max(spec.get("floor", 0), round(level + noise.next()))
    if kind == "flow":
        return poisson(rng, level * season)
    if kind == "value":
        return round(level + noise.next(), spec.get("decimals", 1))
    if kind == "days":
        return sum(max(spec["floor"], round(rng.gauss(level, spec["sd"]))) for _ in range(base))
    if kind not in ("share", "value_share"):
        raise ValueError(f"unknown kind {kind}")
    p = level * season + noise.next()
    if kind == "value_share":
        return round(base * p, spec.get("decimals", 1))
    if spec.get("binomial"):
        return binomial(rng, base, p)
    return min(base, max(0, round(base * p)))


def draw_series(spec: dict, rng: random.Random, raw: Series) -> dict[str, Any]:
    """One series as {period label: value} before its gaps; ``raw`` holds the series already drawn."""
    if spec["kind"] == "annual":
        return dict(spec["values"])
    if spec["kind"] == "term_sessions":  # pupils x school days in the term x 2 sessions a day
        return {
            label: round(pupils * spec["days"][label.split()[0]] * 2 * rng.uniform(*spec["scale"]))
            for label, pupils in raw[spec["of"]].items()
        }
    noise = AR1(rng, spec.get("sd", 0.0))
    values: dict[str, Any] = {}
    for label, t, month in periods_for(spec):
        base = raw[spec["of"]][label] if "of" in spec else 0
        values[label] = draw_value(spec, rng, noise, interpolate(spec["anchors"], t), month, base)
    for label, rate in spec.get("pin_rates", {}).items():
        values[label] = round(raw[spec["of"]][label] * rate)
    values.update(spec.get("pins", {}))
    return values


def generate(specs: dict[str, dict]) -> Series:
    """Every series as {period label: value}; a value is an int, a float, or a (code, note) gap."""
    out: Series = {}
    raw: Series = {}  # before gaps: what a numerator is drawn from
    for name, spec in specs.items():
        raw[name] = draw_series(spec, random.Random(f"{SEED}:{name}"), raw)
        out[name] = {**raw[name], **spec["gaps"]}
    return out


# -- checking against the registry ----------------------------------------------------------------------------


def load_registry() -> list[dict]:
    """Every indicator in ``indicators/*.yaml``."""
    indicators = []
    for path in sorted((ROOT / "indicators").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        indicators.extend(doc["indicators"])
    return indicators


def check(series: Series, indicators: list[dict], no_data: set[str]) -> None:
    """Stop if the series and the registry disagree, a figure is not yet published, or a share exceeds its base."""
    used = {s for i in indicators for s in (i["calculation"]["numerator"], i["calculation"].get("denominator")) if s}
    unknown, absent = set(series) - used, used - set(series) - no_data
    if unknown or absent:
        raise SystemExit(
            f"series not in the registry: {sorted(unknown)}; registry series with no data: {sorted(absent)}"
        )
    for i in indicators:
        calc = i["calculation"]
        if i.get("frequency") == "annual":  # a year's figure only once it has been published
            for name in (calc["numerator"], calc.get("denominator")):
                for label in series.get(name, {}) if name else ():
                    published = int(label[:4]) + (1 if i["due_month"] >= 4 else 2), i["due_month"]
                    if t_of(*published) > t_of(*LAST):
                        raise SystemExit(f"{i['reference']}: {name} {label} is not published until {published}")
        if i["unit"] != "percentage":
            continue
        num, den = series.get(calc["numerator"], {}), series.get(calc.get("denominator"), {})
        for label, value in num.items():
            other = den.get(label)
            if isinstance(value, int | float) and isinstance(other, int | float) and value > other:
                raise SystemExit(f"{i['reference']}: {calc['numerator']} {value} > {other} for {label}")


# -- benchmarks: the LA's own 2024-25 figure beside fictional comparators -------------------------------------


def fy_2024_25(indicator: dict, series: Series, population: float) -> float | None:
    """The indicator's own figure for 2024-25, as DfE would publish it (year to / at 31 March 2025)."""
    calc = indicator["calculation"]
    window = calc.get("window", "period")
    freq = indicator.get("frequency", "monthly")

    def total(name: str) -> float | None:
        data = series[name]
        if freq == "annual":
            return data.get("2024-25")
        if freq == "quarterly":
            labels = ["Q4 2024-25"] if window == "snapshot" else [f"Q{q} 2024-25" for q in range(1, 5)]
        elif window == "snapshot":
            labels = ["2025-03"]
        else:
            labels = [m for m in MONTHS if month_t("2024-04") <= month_t(m) <= month_t("2025-03")]
        values = [data.get(label) for label in labels]
        if not all(isinstance(v, int | float) for v in values):
            return None
        return float(sum(values))

    num = total(calc["numerator"])
    if num is None:
        return None
    unit = indicator["unit"]
    if unit in ("count", "score"):
        return num
    if calc.get("population"):
        return num / population * 10_000
    den = total(calc["denominator"])
    if not den:
        return None
    return num / den * (100 if unit == "percentage" else 1)


def band(la: float | None, comparators: dict) -> str | None:
    """Where the LA's figure sits against the middle 50% of LAs (between the quartiles), if both are known."""
    low, high = comparators.get("lower"), comparators.get("upper")
    if la is None or low is None or high is None:
        return None
    return "Lower" if la < low else "Higher" if la > high else "In range"


def benchmarks(series: Series, indicators: list[dict], population: float, source: dict) -> list[list[object]]:
    """One row per benchmark each indicator shows: the LA's own 2024-25 figure, its band and the comparators."""
    rows: list[list[object]] = []
    for indicator in indicators:
        wanted = indicator.get("benchmarks", [])
        if not wanted:
            continue
        reference = indicator["reference"]
        comparators = source["comparators"][reference]
        decimals = indicator.get("decimals", 1)
        own = fy_2024_25(indicator, series, population)
        la = None if own is None else round(own, decimals)
        values = {key: comparators.get(key) for key in ("sn", "region", "england", "rank")}
        values.update(la_published=la, band=band(la, comparators))
        for comparator in wanted:
            value = values[comparator]
            if value is None:
                raise SystemExit(f"{reference}: no demo value for benchmark '{comparator}'")
            text = value if isinstance(value, str) else f"{value:.{decimals}f}"
            rows.append([reference, comparator, "2024-25", text, source["sources"][comparators["source"]]])
    return rows


# -- writing ------------------------------------------------------------------------------------------------------


def period_order(label: str) -> tuple[int, int]:
    """Sort key: the month a period ends, then its length (so a quarter follows its last month)."""
    return (PERIOD_END[label], 1) if label in PERIOD_END else (month_t(label), 0)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write ``rows`` under ``header`` with Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def observation_rows(series: Series) -> list[list[object]]:
    """The observations.csv rows, by series then period: integers as they are, floats to one decimal place."""
    rows = []
    for name in sorted(series):
        for label in sorted(series[name], key=period_order):
            value = series[name][label]
            if isinstance(value, tuple):  # a gap: blank or coded cell, with a note
                rows.append([name, label, value[0], value[1]])
            else:
                rows.append([name, label, f"{value:.1f}" if isinstance(value, float) else str(value), ""])
    return rows


def yaml_entry(key: str, author: str, date: str, text: str, headline: str = "") -> str:
    """One priority's or indicator's commentary, as a YAML mapping entry with the text as a literal block, and the
    lead's one line for At a glance (``headline``) when there is one (a JSON string is a YAML double-quoted one)."""
    body = "\n".join(("      " + line).rstrip() for line in text.strip().splitlines())
    line = f"    headline: {json.dumps(headline, ensure_ascii=False)}\n" if headline else ""
    return f'  {key}:\n    author: "{author}"\n    date: {date}\n{line}    text: |\n{body}\n'


def write_commentary(folder: Path, period: str, entry: dict, authors: dict[str, str]) -> Path:
    """Write one period's commentary file, ``<year>-<quarter>.yaml``, in the form publisher reads."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = [
        f"# Commentary for {period} (demo council: fictional officers and text).\n",
        f'period: "{period}"\n',
        "priorities:\n",
    ]
    parts += [yaml_entry(pid, authors[pid], entry["date"], text) for pid, text in entry["priorities"].items()]
    parts.append("indicators:\n")
    headlines = entry.get("headlines", {})
    parts += [yaml_entry(ref, authors[ref], entry["date"], text, headlines.get(ref, ""))
              for ref, text in entry["indicators"].items()]  # fmt: skip
    slug = f"{period.split()[1]}-{period.split()[0]}"
    path = folder / f"{slug}.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main() -> None:
    """Draw the series, check them against the registry and write the demo's data and commentary."""
    indicators = load_registry()
    specs, no_data = load_series()
    series = generate(specs)
    check(series, indicators, no_data)
    population = read_source("population")["population"]
    write_csv(DEMO / "data" / "observations.csv", ["series", "period", "value", "note"], observation_rows(series))
    write_csv(
        DEMO / "data" / "population.csv",
        ["year", "population", "source"],
        [[row["year"], row["population"], row["source"]] for row in population],
    )
    write_csv(
        DEMO / "data" / "benchmarks.csv",
        ["reference", "comparator", "year", "value", "source"],
        benchmarks(
            series,
            indicators,
            next(row["population"] for row in population if row["year"] == "2024-25"),
            read_source("benchmarks"),
        ),
    )
    commentary = read_source("commentary")
    authors = commentary["authors"]
    authors = {**authors, **{i["reference"]: authors[i["lead_officer"]] for i in indicators}}
    for period, entry in commentary["periods"].items():
        write_commentary(DEMO / "commentary", period, entry, authors)
    print(f"wrote {sum(len(v) for v in series.values())} observations of {len(series)} series to {DEMO / 'data'}")


if __name__ == "__main__":
    main()
