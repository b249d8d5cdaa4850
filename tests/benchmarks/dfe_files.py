"""The real DfE statistics in ../shared/data/dfe, and a cut of LAIT's long extract for the tests that import.

The long extract holds 641,000 rows of some 600 measures and takes a second to read; a test importing the
demo's benchmarks needs a dozen measures. The cut keeps every row of those measures, exactly as DfE wrote them,
and is made once per test run (shared by the workers).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from tests.shared import made_once

DFE = Path(__file__).resolve().parents[3] / "shared" / "data" / "dfe"
NEEDS_DFE = pytest.mark.skipif(
    not DFE.is_dir() and os.environ.get("CI") != "true",
    reason=f"the DfE statistics folder {DFE} is not here (it sits beside the repository in shared/data/dfe)",
)
DICTIONARY, LONG = DFE / "lait_data_dictionary.csv", DFE / "lait_bds_long.csv.gz"
# The measures the demo registry and these tests name.
MEASURES = {"CIN", "CPP_rate", "LAC", "ReReferral", "CareLeaverEET", "CareLeaverAcc", "CareLeavers_LA_NotInTouch"}


def _cut(folder: Path) -> None:
    with gzip.open(LONG, "rt", encoding="utf-8-sig", newline="") as source, \
            gzip.open(folder / LONG.name, "wt", encoding="utf-8", newline="", compresslevel=1) as cut:  # fmt: skip
        cut.write(source.readline())
        cut.writelines(line for line in source if line.split(",", 1)[0] in MEASURES)


def lait_cut(factory: pytest.TempPathFactory) -> Path:
    """The cut long extract, under the extract's own name."""
    return made_once(factory.getbasetemp(), {"lait-cut": _cut})["lait-cut"] / LONG.name

