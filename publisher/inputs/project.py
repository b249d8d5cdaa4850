"""A council's project: one ``publisher.yaml`` naming its registry, data, commentary and packs folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.resources import default_dir
from .schema import Model, Text
from .yamlfile import read_yaml, validate

__all__ = ["Project", "ProjectConfig", "SmtpSettings", "load_project"]

CONFIG_NAME = "publisher.yaml"


class SmtpSettings(Model):
    """The council's mail relay. The password is never here: it comes from PUBLISHER_SMTP_PASSWORD."""

    host: Text
    port: int = 587
    user: str | None = None
    sender: Text
    cafile: str | None = None
    html_location: str | None = None


class ProjectConfig(Model):
    """Paths are relative to the folder holding ``publisher.yaml``. Secrets never go here."""

    council: Text
    registry: Text = "indicators"
    observations: list[Text] = ["data/observations.csv"]
    population: str | None = "data/population.csv"
    benchmarks: str | None = None
    commentary: Text = "commentary"
    packs: Text = "packs"
    templates: str | None = None
    logo: str | None = None
    distribution: str | None = None
    glossary: str | None = "glossary.yaml"  # the council's own terms; optional
    smtp: SmtpSettings | None = None


@dataclass(frozen=True)
class Project:
    root: Path
    config: ProjectConfig

    def path(self, relative: str | None) -> Path | None:
        return None if relative is None else (self.root / relative).resolve()

    @property
    def registry_dir(self) -> Path:
        return self.root.joinpath(self.config.registry).resolve()

    @property
    def observation_files(self) -> tuple[Path, ...]:
        return tuple(self.root.joinpath(p).resolve() for p in self.config.observations)

    @property
    def commentary_dir(self) -> Path:
        return self.root.joinpath(self.config.commentary).resolve()

    @property
    def packs_dir(self) -> Path:
        return self.root.joinpath(self.config.packs).resolve()


def load_project(location: Path | None = None) -> Project:
    """Read ``publisher.yaml`` from ``location`` (a folder or the file); the demo council when ``None``."""
    if location is None:
        location = default_dir("demo")
    config_file = location / CONFIG_NAME if location.is_dir() else location
    if not config_file.is_file():
        raise InputError(
            [
                Problem(
                    str(config_file),
                    None,
                    "--project",
                    f"expected a folder holding {CONFIG_NAME} (copy the demo's, see the README), found no such file",
                )
            ]
        )
    doc = read_yaml(config_file)
    config: ProjectConfig = validate(ProjectConfig, doc)
    project = Project(config_file.parent.resolve(), config)
    # Templates, the logo and the glossary become files the pack may read, so they must be the project's own.
    for field in ("templates", "logo", "glossary"):
        path = project.path(getattr(config, field))
        if path is not None and not path.is_relative_to(project.root):
            message = f"expected a path inside the project folder {project.root}, got '{getattr(config, field)}'"
            raise InputError([Problem(str(config_file), doc.line_of((field,)), field, message)])
    return project
