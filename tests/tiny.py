"""A small council project written into a temporary folder, for end-to-end tests of hostile input."""

import textwrap
from pathlib import Path

REGISTRY = """\
priority:
  id: care-leavers
  title: Priority 3 - Care leavers
  order: 1
  lead: Jo Bloggs
indicators:
  - reference: CL1
    title: Care leavers in education, employment or training
    unit: percentage
    polarity: high
    calculation: {numerator: eet, denominator: leavers, window: snapshot}
    targets: {"2024-25": 60}
    rag: {rule: target_tolerance, tolerance: 5}
  - reference: CL2
    title: Care leavers in custody
    unit: count
    polarity: low
    calculation: {numerator: custody, window: snapshot}
  - reference: CL3
    title: Care leavers in touch
    unit: percentage
    polarity: high
    calculation: {numerator: in_touch, denominator: leavers, window: snapshot}
"""

PACK = """\
committee: Corporate Parenting Board
title: Care leavers scorecard
meeting_date: 2024-11-20
period: Q2 2024-25
audience: {audience}
marking: {marking}
priorities:
  - priority: care-leavers
author: Performance Team
contact: performance@example.gov.uk
"""


def months(series: str, values: list[object], first: int = 4) -> str:
    """Rows for Apr 2024 onwards (six months reach Sep 2024, the end of Q2 2024-25)."""
    return "".join(f"{series},2024-{first + n:02d},{value},\n" for n, value in enumerate(values))


def tiny_project(root: Path, observations: str, commentary: str = "", audience: str = "public",
                 templates: dict[str, str] | None = None) -> Path:  # fmt: skip
    files = {
        "publisher.yaml": "council: Testshire County Council\nregistry: indicators\n"
        + ("templates: templates\n" if templates else ""),
        "indicators/cl.yaml": REGISTRY,
        "data/observations.csv": "series,period,value,note\n" + observations,
        "data/population.csv": "year,population\n2024-25,50000\n",
        "packs/board.yaml": PACK.format(
            audience=audience, marking="OFFICIAL" if audience == "public" else "OFFICIAL-SENSITIVE"
        ),
    }
    if commentary:
        files["commentary/2024-25-Q2.yaml"] = commentary
    for name, text in (templates or {}).items():
        files[f"templates/{name}"] = text
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def default_observations(eet: int = 3, leavers: int = 117, custody: int = 0, in_touch: int = 110) -> str:
    return (
        months("eet", [60, 61, 62, 63, 64, eet])
        + months("leavers", [117] * 5 + [leavers])
        + months("custody", [0, 0, 0, 0, 0, custody])
        + months("in_touch", [110] * 5 + [in_touch])
    )
