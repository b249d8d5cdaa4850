"""Load a project's registry and inputs in one pass, collecting every problem before stopping."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..commentary.file import Commentary, load_commentary
from ..core.errors import InputError, Problem
from ..core.periods import Kind, Period
from .benchmarks import Benchmarks, load_benchmarks
from .observations import Observations, check_observations, load_observations
from .population import Population, load_population
from .project import Project
from .registry import Registry, load_registry

__all__ = ["Inputs", "Loaded", "latest_quarter", "load"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    """Everything loaded from files, ready for calculation."""

    observations: Observations
    population: Population
    commentary: Commentary
    benchmarks: Benchmarks


@dataclass(frozen=True)
class Loaded:
    project: Project
    registry: Registry
    inputs: Inputs


def load(project: Project, period: Period | None = None) -> Loaded:
    """Read everything; raise :class:`InputError` with all problems from all files at once."""
    if not project.registry_dir.is_dir():
        raise InputError(
            [
                Problem(
                    str(project.root / "publisher.yaml"),
                    None,
                    "registry",
                    f"expected a folder of indicator files, found no folder {project.registry_dir}",
                )
            ]
        )
    registry = load_registry(project.registry_dir)
    observations, problems = load_observations(project.observation_files)
    # Only rates per 10,000 children need the population: without one, its file may be absent.
    needed = any(i.calculation.population for i in registry.indicators)
    population_file = project.path(project.config.population)
    if not needed and population_file is not None and not population_file.exists():
        population_file = None
    population, more = load_population(population_file)
    problems += more
    commentary, more = load_commentary(project.commentary_dir, registry)
    problems += more
    benchmarks, more = load_benchmarks(project.path(project.config.benchmarks), set(registry.by_reference))
    problems += more
    problems += check_observations(registry, observations, period)
    if problems:
        raise InputError(problems)
    return Loaded(project, registry, Inputs(observations, population, commentary, benchmarks))


def latest_quarter(loaded: Loaded) -> Period:
    """The last whole financial quarter the data reaches: the default reporting period."""
    months = [p.end for (_, p) in loaded.inputs.observations.items if p.kind is not Kind.YEAR]
    if not months:
        raise InputError(
            [
                Problem(
                    str(loaded.project.root),
                    None,
                    "observations",
                    "no monthly or quarterly data to choose a reporting period from: give --period",
                )
            ]
        )
    return Period(max(months), max(months), Kind.MONTH).last_whole_quarter()
