"""``publisher init``: the files of a new project, from a scorecard's plan or as a commented minimal example,
written into a new or empty folder all at once (a hidden folder beside it, renamed into place)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..commentary.edit import Changes, period_file, set_entry, verify
from ..core.errors import InputError, Problem
from ..core.periods import Period
from ..core.vocab import Frequency, Polarity, Sections
from ..inputs.benchmarks import TABLE_COLUMNS
from ..inputs.printed import PRINTED_COLUMNS, PRINTED_NAME, Reading
from ..inputs.starter import MAPPING_NAME, ROLES_HELP, Column, Plan, Planned, plan_scorecard

__all__ = ["init_project"]

_UNPRINTABLE = re.compile(r"(?:(?! )[\s\x00-\x1f\x7f-\x9f])+")  # YAML line breaks, tabs, controls

BENCHMARKS_NAME = "data/benchmarks.csv"


def init_project(folder: Path, scorecard: Path | None, mapping: Path | None, council: str, quiet: bool = False,
                 sheet: str | None = None, period: Period | None = None,
                 sections: Sections = Sections.PRIORITIES) -> list[str]:  # fmt: skip
    """``publisher init``: write the project; return the paths written and (unless quiet) what to do next."""
    check_destination(folder)
    if mapping is not None and (scorecard is None or not mapping.is_file()):
        message = "expected it with --from SCORECARD" if scorecard is None else "expected a file, found none"
        raise InputError([Problem(str(mapping), None, "--mapping", message)])
    if scorecard is None:
        written = write_project(folder, minimal_files(council))
        lines = [f"Next: 'publisher validate --project {folder}' and 'publisher build --project {folder}'"]
    else:
        plan = plan_scorecard(scorecard, mapping, sheet, period, sections)
        written = write_project(folder, project_files(plan, council))
        lines = report(plan, folder)
    return [str(path) for path in written] + ([] if quiet else lines)


def check_destination(folder: Path) -> None:
    """``init`` writes only into a new or empty folder: it never overwrites a council's files."""
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(str(folder), None, "DIR", "expected a new or empty folder, found a file")])
    if folder.is_dir() and any(folder.iterdir()):
        count = sum(1 for _ in folder.iterdir())
        message = (f"expected a new or empty folder, found {count} file{'s' if count != 1 else ''} or folders in it: "
                   "init never overwrites a project (choose another folder, or empty this one)")  # fmt: skip
        raise InputError([Problem(str(folder), None, "DIR", message)])


def write_project(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write every file into a hidden folder beside ``folder``, then rename it into place: all or nothing."""
    check_destination(folder)
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.init-"))
    except OSError as exc:
        raise InputError([Problem(str(parent), None, "", f"cannot write there ({exc.strerror})")]) from None
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        mask = os.umask(0)
        os.umask(mask)
        for path in [staging, *staging.rglob("*")]:
            os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)
        os.rename(staging, folder)  # replaces an empty folder in one step
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = f"cannot write the project there ({exc.strerror}): nothing was written"
        raise InputError([Problem(str(folder), None, "", message)]) from None
    return [folder / name for name in files]


def _q(text: str) -> str:
    """A YAML string, quoted (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    """Text for a YAML comment with its line breaks and control characters folded to spaces, so that a file's
    name or the sheet's words can never end the comment and write a line of their own."""
    return _UNPRINTABLE.sub(" ", text)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def project_files(plan: Plan, council: str) -> dict[str, str]:
    """The project a scorecard becomes: publisher.yaml, one registry file per section, the data, one pack."""
    everything = [i for _, _, found in plan.priorities for i in found]
    benchmarks = any(i.benchmarks for i in everything)
    files = {"publisher.yaml": config_text(council, f"made by 'publisher init' from {plan.source.name}", benchmarks)}
    for order, (priority_id, title, indicators) in enumerate(plan.priorities, start=1):
        lines = ["# Made by 'publisher init' from the scorecard: check each guess marked 'guessed'.",
                 "priority:", f"  id: {priority_id}", f"  title: {_q(title)}", f"  order: {order}", "indicators:"]
        for planned in indicators:
            lines += _indicator(planned)
        files[f"indicators/{order:02d}-{priority_id}.yaml"] = "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["series", "period", "value", "note"])
    for _, _, indicators in plan.priorities:
        for planned in indicators:
            for period, value in planned.values:
                writer.writerow([planned.series, period.label, value, planned.notes.get(period, "")])
    files["data/observations.csv"] = buffer.getvalue()
    if benchmarks:
        files[BENCHMARKS_NAME] = _csv(TABLE_COLUMNS, _benchmark_rows(everything, plan.source.name))
    if any(i.printed for i in everything):
        rows = [{"reference": i.reference, "period": _latest(i, plan.period), **i.printed, "arrows": plan.reading}
                for i in everything if i.printed]  # fmt: skip
        files[PRINTED_NAME] = _csv(PRINTED_COLUMNS, rows)
    if any(i.printed.get("comments") for i in everything):
        files.update([commentary_file(plan, everything)])
    files[MAPPING_NAME] = mapping_file(plan)
    files["packs/scorecard.yaml"] = pack_text(plan.period, [p[0] for p in plan.priorities], "Performance scorecard",
                                              _direction_line(plan)) + _group_line(plan)  # fmt: skip
    files["commentary/README.txt"] = COMMENTARY_NOTE
    return files


def commentary_file(plan: Plan, everything: list[Planned]) -> tuple[str, str]:
    """The sheet's comments as this period's commentary, written by the commentary round's own writer: the author
    left to the form round, each marked as the scorecard's until its lead officer confirms or replaces it in their
    form (which starts from it); no section is approved."""
    path, original = period_file(Path("commentary"), {}, plan.period)
    text, where, changes = original, str(path), Changes()
    for planned in everything:
        if comment := planned.printed.get("comments"):
            body = {"author": "", "date": dt.date.today(), "from_scorecard": plan.source.name, "text": comment + "\n"}
            key = ("indicators", planned.reference)
            text, changes[key] = set_entry(text, *key, body, where, check=False), body
    return path.as_posix(), verify(original, text, changes, where)


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return buffer.getvalue()


def _benchmark_rows(everything: list[Planned], source: str) -> list[dict[str, str]]:
    """The comparators the council typed, as the benchmark table ``benchmarks import`` also writes."""
    return [{"reference": i.reference, "comparator": str(b.comparator), "year": b.year, "value": b.value,
             "source": f"typed in {source} under '{b.heading}'", "note": b.note}
            for i in everything for b in i.benchmarks]  # fmt: skip


def _latest(planned: Planned, pack: Period) -> str:
    """The period the council's printed RAG and direction are for: the row's latest figure's."""
    return max((p for p, _ in planned.values), key=lambda p: (p.end, -p.months), default=pack).label


def mapping_file(plan: Plan) -> str:
    """Every choice init made about the sheet's columns, one line each, to change and run init again with."""
    lines = [f"# How 'publisher init' read {plan.source.name}: one line per column, heading: role. Change a line",
             f"# and run init again into a new folder with --mapping this file. Roles: {ROLES_HELP}."]  # fmt: skip
    for table in plan.tables:
        rows = " and ".join(str(r) for r in table.rows)
        lines.append(f"# headings in row{'s' * (len(table.rows) > 1)} {rows}")
        names = {h.key for h in table.headings}
        lines += [f"{_q(c.heading)}: {_role_line(c)}" for c in plan.columns if c.name in names]
    guesses = [(i, g) for _, _, found in plan.priorities for i in found for g in i.guesses.values()]
    if guesses:
        lines.append("# Guessed for single rows (change them in the registry):")
        lines += [f"#   row {i.row} ({i.reference}): {guess}" for i, guess in guesses]
    if plan.direction is not None:
        lines.append(f"# Guessed for the pack (change it in packs/scorecard.yaml): {_direction_guess(plan.direction)}")
    if plan.reading_why:
        lines.append(f"# Guessed for the sheet (change it on the printed_direction line): {_reading_guess(plan)}")
    return "\n".join(dict.fromkeys(_comment(line) if line.startswith("#") else line for line in lines)) + "\n"


def _role_line(column: Column) -> str:
    if column.reading:
        return f"{column.role} {column.reading}"
    if column.comparator is not None:
        return " ".join(filter(None, ("benchmark", str(column.comparator), column.year)))
    if column.colour:
        return f"band {column.colour}"
    if column.period is None:
        return column.role
    return f"{column.role} {column.period.label}" + (f" window {column.window}" if column.window else "")


def _indicator(planned: Planned) -> list[str]:
    window = planned.window or ("snapshot" if planned.frequency is Frequency.MONTHLY else "period")
    guessed = {name: f"   # guessed: {_comment(guess.partition(': ')[2])}" for name, guess in planned.guesses.items()}
    lines = [f"  - reference: {_q(planned.reference)}   # row {planned.row} of the scorecard",
             f"    title: {_q(planned.title)}",
             f"    unit: {planned.unit}   # guessed: {_comment(planned.unit_reason)}",
             f"    polarity: {planned.polarity}{guessed.get('polarity', '')}",
             f"    frequency: {planned.frequency}{guessed.get('frequency', '')}"]  # fmt: skip
    if planned.frequency is Frequency.ANNUAL:
        lines.append(f"    due_month: {planned.due_month}   # the month its figure is shown from, after the year ends")
    lines.append(f"    calculation: {{value: {planned.series}, window: {window}}}{guessed.get('window', '')}")
    ends = sorted({period.end for period, _ in planned.values})
    if planned.frequency is not Frequency.ANNUAL and len(ends) >= 2 and ends[-1] - ends[-2] == 12:
        lines.append("    compare_with: same_period_last_year   # the sheet's last two figures are a year apart")
    lines.append(f"    decimals: {planned.decimals}")
    if planned.baseline is not None:
        lines.append(f"    baseline: {{period: {_q(planned.baseline[0].label)}, value: {_n(planned.baseline[1])}}}")
    target, year = planned.target, planned.target_year
    if target is not None and not isinstance(target, tuple) and year is not None:
        lines.append(f"    targets: {{{_q(year.label)}: {_n(target)}}}")
    if planned.bands:
        listed = ", ".join(f"{{label: {_q(b.label)}, rag: {b.colour}, range: {_q(b.range)}}}" for b in planned.bands)
        lines.append(f"    rag: {{rule: bands, bands: [{listed}]}}   # the sheet's graded bands, best first")
    elif isinstance(target, tuple):
        lines.append(f"    rag: {{rule: range, low: {_n(target[0])}, high: {_n(target[1])}}}   # the target range")
    elif target is not None and year is not None:
        if planned.polarity is Polarity.NONE:
            lines.append("    rag: {rule: none}   # not rated: give polarity high or low to rate against the target")
        elif planned.intervention is not None:
            lines.append(f"    rag: {{rule: intervention, intervention: {_n(planned.intervention)}}}   # amber "
                         "between the target and the intervention level, red beyond it")  # fmt: skip
        else:
            lines.append("    rag: {rule: target_tolerance}   # no tolerance: green at or better than target, else red")
    else:
        lines.append("    rag: {rule: none}   # no target on the scorecard")
    for key, text in planned.text.items():
        lines.append(f"    {key}: {_q(text)}")
    if planned.benchmarks:
        listed = ", ".join(str(b.comparator) for b in planned.benchmarks)
        lines.append(f"    benchmarks: [{listed}]   # typed in the scorecard: {BENCHMARKS_NAME}")
    if planned.tags:
        lines.append(f"    tags: {{{', '.join(f'{_q(name)}: {_q(value)}' for name, value in planned.tags.items())}}}")
    return lines


def config_text(council: str, origin: str, benchmarks: bool = False, observations: str = "data/observations.csv",
                population: bool = False) -> str:  # fmt: skip
    """``publisher.yaml``; ``population`` reads the child population's file (for rates per 10,000)."""
    return f"""\
# The project file ({_comment(origin)}). Paths are relative to this folder; no password or secret ever goes here.
council: {_q(council)}   # as the pack's cover and header show it
registry: indicators                   # one YAML file of indicators per priority
observations: [{observations}]  # one or more .csv or .xlsx files (long or wide layout)
commentary: commentary                 # one YAML file of lead officers' commentary per period
packs: packs                           # one YAML file per committee
{"" if population else "# "}population: data/population.csv     # for rates per 10,000 publisher calculates from counts
{"" if benchmarks else "# "}benchmarks: {BENCHMARKS_NAME}     # typed in the scorecard, or 'publisher benchmarks import'
"""


def _group_line(plan: Plan) -> str:
    """The pack's rows grouped by the section they were under, when the sections are kept as groups."""
    return f"group_by: {plan.group_by}   # the sheet's section rows, kept as groups\n" if plan.group_by else ""


def _direction_line(plan: Plan) -> str:
    """The pack's no-change band the sheet's arrows show, as a line of the pack file (or none)."""
    if plan.direction is None:
        return ""
    band, why = plan.direction
    written = _q(band) if isinstance(band, str) else _n(band)
    return f"direction: {{no_change_within: {written}}}   # guessed: {_comment(why)}\n"


def _reading_guess(plan: Plan) -> str:
    meaning = "better and worse" if plan.reading is Reading.BETTER_WORSE else "the figure rose and fell"
    return f"the printed arrows ↑ and ↓ mean {meaning} ({plan.reading}): {plan.reading_why}"


def _direction_guess(direction: tuple[float | str, str]) -> str:
    band, why = direction
    return f"direction no_change_within {band if isinstance(band, str) else _n(band)}: {why}"


def pack_text(period: Period, priorities: list[str], title: str, direction: str = "") -> str:
    """A pack of ``priorities`` for ``period``, public, its meeting a placeholder date after the quarter."""
    meeting = dt.date(*_month_after(period.end), 20)
    listed = "\n".join(f"  - priority: {p}" for p in priorities)
    return f"""\
# A pack: what one committee sees. Change the committee, title and meeting date to yours.
committee: Committee
title: {_q(title)}
meeting_date: {meeting.isoformat()}   # a placeholder: the 20th of the month after the quarter
period: {period.label}               # the latest quarter in the data
audience: public        # public withholds small numbers; restricted shows them (marking OFFICIAL-SENSITIVE)
marking: OFFICIAL
priorities:
{listed}
columns:
  layout: recent        # the last quarters; or 'year' (last year's outturn and Q1 to Q4)
  recent_periods: 5
{direction}"""


def _month_after(index: int) -> tuple[int, int]:
    index += 1
    return index // 12, index % 12 + 1


COMMENTARY_NOTE = """\
Lead officers' commentary goes here: one YAML file per reporting period, for example 2026-27-Q2.yaml:

period: Q2 2026-27
indicators:
  CL3.2:
    author: Sam Patel, Head of Service
    date: 2026-10-12
    text: EET has risen for the third quarter running.
"""

MINIMAL_REGISTRY = """\
# One file of indicators per priority. Every field is described in publisher's README ("Formats").
priority:
  id: care-leavers                # lower-case letters, digits and dashes
  title: Care leavers
  order: 1
indicators:
  - reference: CL1                # as your scorecard writes it: up to 24 letters, digits, spaces and / . - _ ( )
    title: Care leavers aged 19-21 in education, employment or training (%)
    unit: percentage              # percentage | rate_per_10k | count | average_days | average | score
    polarity: high                # high | low | none (is good)
    frequency: monthly            # monthly | quarterly | termly | annual (annual needs due_month)
    calculation: {value: cl_eet_pct, window: snapshot}   # a figure you already have, as published
    # or counts publisher divides: {numerator: cl_eet, denominator: cl_19_21, window: snapshot}
    decimals: 1
    targets: {"2026-27": 60}      # by financial year
    rag: {rule: target_tolerance, tolerance: 5}   # green at or above 60, amber from 55, red below
    lead_officer: Sam Patel
"""

MINIMAL_DATA = """\
series,period,value
cl_eet_pct,Apr 2026,56.1
cl_eet_pct,May 2026,57.4
cl_eet_pct,Jun 2026,58.9
cl_eet_pct,Jul 2026,59.2
cl_eet_pct,Aug 2026,60.3
cl_eet_pct,Sep 2026,61.0
"""


def minimal_files(council: str) -> dict[str, str]:
    """A commented minimal project that validates and builds: one indicator, six months of data, one pack."""
    return {
        "publisher.yaml": config_text(council, "made by 'publisher init'"),
        "indicators/01-care-leavers.yaml": MINIMAL_REGISTRY,
        "data/observations.csv": MINIMAL_DATA,
        "packs/scorecard.yaml": pack_text(Period.parse("Q2 2026-27"), ["care-leavers"], "Care leavers scorecard"),
        "commentary/README.txt": COMMENTARY_NOTE,
    }


def report(plan: Plan, folder: Path) -> list[str]:
    """What init tells the officer: what it found, what it could not place, and what to do next."""
    count = sum(len(found) for _, _, found in plan.priorities)
    lines = [f"Read {plan.source}: {count} indicators in {len(plan.priorities)} "
             f"section{'s' if len(plan.priorities) != 1 else ''}; the pack is for {plan.period}"]  # fmt: skip
    if plan.mapping:
        lines.append(f"Used the mapping file {plan.mapping}")
    placed = [f"'{c.heading}' -> {_role_line(c)}" for c in plan.columns]
    lines.append("Columns read: " + ", ".join(placed))
    lines += [f"Guessed: row {i.row} ({i.reference}): {guess}" for _, _, found in plan.priorities for i in found
              for guess in i.guesses.values()]  # fmt: skip
    if plan.direction is not None:
        lines.append(f"Guessed: the pack's {_direction_guess(plan.direction)}")
    if plan.reading_why:
        lines.append(f"Guessed: {_reading_guess(plan)} (the printed_direction line of {MAPPING_NAME} says so)")
    lines += [f"Note: {note}" for note in plan.notes]
    needs_period = all(i.frequency is Frequency.ANNUAL for _, _, found in plan.priorities for i in found)
    period = f' --period "{plan.period}"' if needs_period else ""
    lines.append(f"Next: check the guesses in {folder / 'indicators'}, then 'publisher validate --project {folder}"
                 f"{period}' and 'publisher build --project {folder}'")  # fmt: skip
    return lines
