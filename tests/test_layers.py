"""The import contract: each stage imports only the stages below it, and no module imports itself back.

Every import counts, including those inside functions (lazy imports are still dependencies).
"""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "publisher"
LAYERS = ("core", "inputs", "benchmarks", "engine", "output", "publish", "cli")
# Packages that sit within a stage: Annex A reads a council's file and writes data, as the inputs stage does;
# init's starter project is written, and the commands to run next quoted, at the command's stage.
WITHIN = {"annexa": "inputs", "starter": "cli"}
# Packages that hold one feature across stages, with the stage of each module ("" for the package itself): the
# commentary round reads its file (inputs), checks and chases (engine), writes forms (output), collects and sends.
BY_MODULE = {
    "commentary": {
        "": "core",
        "file": "inputs",
        "rules": "inputs",
        "edit": "inputs",
        "formrecord": "inputs",
        "formfile": "inputs",
        "checks": "engine",
        "status": "engine",
        "signoff": "engine",
        "forms": "output",
        "collect": "publish",
        "sending": "publish",
    }
}
# Stages that sit side by side: the engine never reads DfE's files, so it does not need the benchmarks stage.
FORBIDDEN = {("engine", "benchmarks")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def imported_names(path: Path) -> frozenset[tuple[str, str]]:
    """(module, name) for each name ``path`` imports from publisher: ``from ..core.figures import Figure`` gives
    ("publisher.core.figures", "Figure"); ``import publisher.cli`` gives ("publisher.cli", "")."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.update((target, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
    return frozenset((target, name) for target, name in found if target.split(".")[0] == "publisher")


def imports(path: Path) -> set[str]:
    """The publisher modules ``path`` imports, as absolute dotted names."""
    return {f"{target}.{name}" if name and _is_module(f"{target}.{name}") else target
            for target, name in imported_names(path)}  # fmt: skip


def _is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in BY_MODULE:
        return BY_MODULE[parts[1]].get(".".join(parts[2:]))
    stage = WITHIN.get(parts[1], parts[1]) if len(parts) > 1 else None
    return stage if stage in LAYERS else None


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_is_in_a_stage():
    loose = [m for m in graph() if m != "publisher" and layer_of(m) is None]
    assert loose == []


@pytest.mark.parametrize("package", sorted(BY_MODULE))
def test_every_module_of_a_package_across_stages_has_a_stage(package):
    """A module added to the commentary package without a stage would sit in none, and escape the contract."""
    modules = {module_name(p) for p in (PACKAGE / package).rglob("*.py")}
    assert sorted(m for m in modules if layer_of(m) is None) == []
    assert sorted(f"publisher.{package}.{name}".rstrip(".") for name in BY_MODULE[package]) == sorted(modules)


@pytest.mark.parametrize("package", sorted(BY_MODULE))
def test_a_package_across_stages_imports_none_of_its_modules(package):
    """Importing ``publisher.commentary`` must not import its later stages (an import cycle at run time); its
    ``__all__`` names its public modules."""
    init = PACKAGE / package / "__init__.py"
    assert imports(init) == set()
    assert declared(f"publisher.{package}") <= set(BY_MODULE[package])


@functools.cache
def declared(module: str) -> frozenset[str]:
    """A module's ``__all__``: the names another package may import from it (a package's: its public modules)."""
    relative = Path(*module.split(".")[1:])
    path = (PACKAGE / relative).with_suffix(".py")
    path = path if path.is_file() else PACKAGE / relative / "__init__.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            return frozenset(ast.literal_eval(node.value))
    return frozenset()


def _package(module: str) -> str:
    return module.split(".")[1] if module.startswith("publisher.") else module


def crossing(paths: list[Path]) -> set[tuple[str, str, str]]:
    """(importer, module, name) for each name imported from another of publisher's packages."""
    return {(module_name(p), target, name) for p in paths for target, name in imported_names(p)
            if _package(target) != _package(module_name(p))}  # fmt: skip


def test_a_package_imports_from_another_only_its_public_names():
    """The CLI, and every stage, imports from another package only what its modules declare in ``__all__`` (and
    only the modules its ``__init__`` declares), so that what a package keeps to itself can change freely."""
    found = crossing(sorted(PACKAGE.rglob("*.py")))
    wrong = [f"{importer} imports {name} from {target}" for importer, target, name in found
             if name not in declared(target)]  # fmt: skip
    wrong += [f"{importer} imports {target}, not among its package's modules" for importer, target, _ in found
              if target.count(".") > 1 and target.rpartition(".")[2] not in declared(target.rpartition(".")[0])]
    assert wrong == []


def test_every_public_name_is_used_by_another_package():
    """``__all__`` declares no more than other packages, the manual's reference pages (``docs_hooks``) and the
    benchmarks (``bench``) use: a name only the tests import is not public."""
    users = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "docs_hooks").rglob("*.py"),
             *(PACKAGE.parent / "bench").rglob("*.py")]  # fmt: skip
    scripts = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    used = {(target, name) for _, target, name in crossing(users)}
    used |= {tuple(entry.split(":")) for entry in scripts.values()}  # the command's entry point: publisher.cli:main
    used |= {(target.rpartition(".")[0], target.rpartition(".")[2]) for target, _ in used if target.count(".") > 1}
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")} - {"publisher"}
    unused = sorted(f"{m}: {name}" for m in modules for name in declared(m) if (m, name) not in used)
    assert unused == []


def test_every_package_declares_its_public_modules():
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert [p for p in packages if not declared(f"publisher.{p}")] == []


def test_no_stage_imports_a_later_one():
    wrong = []
    for module, targets in graph().items():
        mine = layer_of(module)
        for target in targets:
            theirs = layer_of(target)
            if mine is None or theirs is None:
                continue
            if LAYERS.index(theirs) > LAYERS.index(mine) or (mine, theirs) in FORBIDDEN:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path that returns to its start, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def test_no_import_cycles():
    edges = {m: {t for t in targets if t != m} for m, targets in graph().items()}
    assert find_cycle(edges) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(edges, expected):
    assert find_cycle(edges) == expected


def test_the_contract_sees_relative_and_lazy_imports(tmp_path):
    """The checker itself: a lazy relative import of a later stage is seen (so the contract can fail)."""
    calc = PACKAGE / "engine" / "calc.py"
    assert "publisher.inputs.registry" in imports(calc)
    cli = PACKAGE / "cli" / "archive.py"
    assert any(layer_of(t) == "publish" for t in imports(cli))  # cli imports archive inside a function
    forms = PACKAGE / "commentary" / "forms.py"  # a module of a package across stages: its imports, and its stage
    assert "publisher.commentary.status" in imports(forms) and layer_of("publisher.commentary.forms") == "output"


def test_the_layout_page_gives_each_commentary_module_its_stage():
    """docs/developers/code.md lists the commentary package's modules with their stages by hand: as the contract."""
    page = (PACKAGE.parent / "docs" / "developers" / "code.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(\w+)` \| (\w+) \|", page, flags=re.M))
    assert listed == {name: stage for name, stage in BY_MODULE["commentary"].items() if name}
