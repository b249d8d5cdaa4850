import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.inputs.load import Loaded, load
from publisher.inputs.packs import Pack, load_pack, pack_files
from publisher.inputs.project import load_project

from .shared import BUILT_AT, Built, Warnings, build_pack, made_once

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


DemoPacks = tuple[Loaded, dict[str, tuple[Pack, Built]]]


def _demo_packs(loaded: Loaded) -> dict[str, Pack]:
    return {pack.name: pack for pack in (load_pack(p, loaded.registry) for p in pack_files(loaded.project.packs_dir))}


def _builder(name: str) -> Callable[[Path], None]:
    def build(output: Path) -> None:
        loaded = load(load_project())
        with Warnings() as warnings:
            build_pack(loaded, _demo_packs(loaded)[name], output, BUILT_AT)
        assert [r.getMessage() for r in warnings.records] == []

    return build


@pytest.fixture(scope="session")
def demo_packs(tmp_path_factory) -> DemoPacks:
    """Every demo pack built once per run as the README's `make demo` builds it (any WeasyPrint warning fails):
    the loaded demo and, by pack name, the pack and its files. Read them; copy them to change them."""
    loaded = load(load_project())
    packs = _demo_packs(loaded)
    folders = made_once(tmp_path_factory.getbasetemp(), {f"demo-{name}": _builder(name) for name in packs})
    built = {}
    for name, pack in packs.items():
        files = [next(folders[f"demo-{name}"].rglob(f"*.{kind}")) for kind in ("pdf", "html", "xlsx")]
        built[name] = (pack, Built(*files))
    return loaded, built
