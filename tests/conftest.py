import textwrap
from pathlib import Path

import pytest

VALID_REGISTRY = """\
priority:
  id: care-leavers
  title: Priority 3 - Care leavers
  order: 3
  lead: Jo Bloggs
indicators:
  - reference: CL3.1
    title: Care leavers in education, employment or training
    unit: percentage
    polarity: high
    calculation:
      numerator: cl_eet
      denominator: cl_all
      window: snapshot
    targets:
      "2024-25": 60
    rag:
      rule: target_tolerance
      tolerance: 5
  - reference: CL3.2
    title: Care leavers in unsuitable accommodation
    unit: count
    polarity: low
    calculation:
      numerator: cl_unsuitable
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    write(tmp_path / "indicators", "03-care-leavers.yaml", VALID_REGISTRY)
    return tmp_path / "indicators"
