"""Build a pack: load, calculate, render, lay out, and write the PDF and HTML side by side (atomically)."""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..core.errors import InputError, Problem, raise_if_any
from ..core.periods import Period
from ..core.resources import default_dir
from ..core.vocab import Audience
from ..engine.changes import PublishedPack, compare
from ..engine.disclosure import NOTHING_PUBLISHED, Published
from ..engine.model import Scorecard
from ..engine.scorecard import build_scorecard
from ..inputs.load import Loaded
from ..inputs.observations import observations_after
from ..inputs.packs import Pack, load_pack
from .charts import ChartCache, ChartDrawer, chart_svg
from .glossary import read_glossary
from .messages import load_messages
from .pdf import write_pdf
from .render import BuildInfo, render_pack
from .sparkline import Drawer, SparklineCache, data_uri, sparkline_png
from .spreadsheet import rag_colours, scorecard_xlsx
from .templating import council_messages, environment, stylesheet

__all__ = [
    "STEPS_PER_PACK", "allowed_roots", "checked_packs", "pack_html", "pack_outputs", "pack_scorecard",
    "pack_unprotected", "pack_xlsx",
]  # fmt: skip

log = logging.getLogger(__name__)
LOGO_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}
STEPS_PER_PACK = 4  # calculate, render, lay out, spreadsheet: what a progress bar counts
Step = Callable[[str], None]
MAX_LOGO_PIXELS = 4_000_000


def pack_scorecard(loaded: Loaded, pack: Pack, earlier: Published = NOTHING_PUBLISHED) -> Scorecard:
    """The pack's figures: its indicators, period and audience (small numbers withheld when public, also against
    what ``earlier`` public packs published: see :func:`publisher.publish.published.published_figures`)."""
    registry = loaded.registry.with_direction(pack.definition.direction)
    return build_scorecard(registry, loaded.inputs, pack.period, pack.definition.audience, pack.selection(registry),
                           earlier)  # fmt: skip


def pack_unprotected(loaded: Loaded, pack: Pack) -> Scorecard:
    """The pack's figures with nothing withheld: what the commentary check compares an acknowledged phrase with,
    so that one restating a withheld figure is still refused. Never rendered."""
    registry = loaded.registry.with_direction(pack.definition.direction)
    return build_scorecard(registry, loaded.inputs, pack.period, Audience.RESTRICTED, pack.selection(registry))


def pack_html(
    loaded: Loaded,
    pack: Pack,
    built: dt.datetime,
    draft: bool = True,
    scorecard: Scorecard | None = None,
    sparkline: Drawer = sparkline_png,
    previous: PublishedPack | None = None,
    chart: ChartDrawer = chart_svg,
) -> str:
    """The pack's HTML; ``previous`` (the last published pack, if any) adds its "What changed" page."""
    scorecard = scorecard or pack_scorecard(loaded, pack)
    project = loaded.project
    override = project.path(project.config.templates)
    info = BuildInfo(project.config.council, built, draft, _logo(loaded, pack))
    glossary = read_glossary(project.path(project.config.glossary))
    changes = None if previous is None else compare(previous, scorecard, loaded.registry.indicators)
    return render_pack(scorecard, pack, info, environment(override), sparkline, glossary, changes, chart)


def checked_packs(loaded: Loaded, files: list[Path], period: Period | None = None) -> list[Pack]:
    """Every pack file read and checked, with every problem in every pack reported together, and once (packs
    share the project's glossary and catalogue, and often its logo and data): what ``validate`` checks is what
    ``build`` and ``publish`` check, so "no errors found" means they can run."""
    packs: list[Pack] = []
    problems = _project_problems(loaded)
    for path in files:
        try:
            pack = load_pack(path, loaded.registry)
            pack = replace(pack, period=period) if period else pack
            check_pack(loaded, pack)
            packs.append(pack)
        except InputError as exc:
            problems.extend(exc.problems)
    raise_if_any(list(dict.fromkeys(problems)))
    return packs


def _project_problems(loaded: Loaded) -> list[Problem]:
    """What is wrong in what every pack uses, the glossary and the wording catalogue, found once."""
    project = loaded.project
    return [*_problems(lambda: read_glossary(project.path(project.config.glossary))),
            *_problems(lambda: council_messages(project))]  # fmt: skip


def check_pack(loaded: Loaded, pack: Pack) -> None:
    """Everything else that can stop a pack, checked before any pack is written: data dated after its period,
    its logo."""
    found = observations_after(loaded.inputs.observations, pack.period)
    raise_if_any([*found, *_problems(lambda: _logo(loaded, pack))])


def _problems(check: Callable[[], object]) -> list[Problem]:
    """The problems ``check`` raises, or none."""
    try:
        check()
    except InputError as exc:
        return list(exc.problems)
    return []


def _logo(loaded: Loaded, pack: Pack) -> str | None:
    """The logo as a data URI, checked: a PNG, JPEG or SVG inside the project that reads as one."""
    project = loaded.project
    relative = pack.definition.logo or project.config.logo
    if relative is None:
        return None
    where = str(pack.source if pack.definition.logo else project.root / "publisher.yaml")  # the file that names it
    path = (project.root / relative).resolve()
    kind = mimetypes.guess_type(path.name)[0]
    if not path.is_file() or kind not in LOGO_TYPES or not path.is_relative_to(project.root.resolve()):
        message = f"expected a PNG, JPEG or SVG file inside {project.root}, got '{relative}'"
        raise InputError([Problem(where, None, "logo", message)])
    if kind == "image/svg+xml":
        _check_svg(path, where)
    else:
        _check_pixels(path, where)
    return data_uri(path.read_bytes()).replace("image/png", kind or "image/png")


def _check_svg(path: Path, where: str) -> None:
    """An SVG must parse as one (safely: no entities, no external references resolved)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(path.read_bytes())
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise InputError([Problem(where, None, "logo", f"cannot read {path.name} as an SVG image: {exc}")]) from None
    if not str(root.tag).endswith("svg"):
        message = f"{path.name} is XML but not an SVG image (its root is <{root.tag}>)"
        raise InputError([Problem(where, None, "logo", message)])


def _check_pixels(path: Path, where: str) -> None:
    """Read only the image header: a logo claiming a huge size is refused before anything is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InputError([Problem(where, None, "logo", f"cannot read {path.name} as an image: {exc}")]) from None
    if width * height > MAX_LOGO_PIXELS:
        message = f"{path.name} claims {width} x {height} pixels; a logo must be under {MAX_LOGO_PIXELS:,} pixels"
        raise InputError([Problem(where, None, "logo", message)])


def allowed_roots(loaded: Loaded) -> list[Path]:
    roots = [default_dir("templates"), default_dir("styles")]
    override = loaded.project.path(loaded.project.config.templates)
    if override is not None:
        roots.append(override)
    return roots


def pack_xlsx(loaded: Loaded, pack: Pack, built: dt.datetime, scorecard: Scorecard) -> bytes:
    """The scorecard as a spreadsheet, in the pack's own RAG colours (a council's theme.css, when it has one)."""
    env = environment(loaded.project.path(loaded.project.config.templates))
    colours, messages = rag_colours(stylesheet(env, "theme.css")), load_messages(env.loader, env)
    return scorecard_xlsx(scorecard, pack, built, colours, messages, loaded.project.config.council)


def pack_outputs(
    loaded: Loaded,
    pack: Pack,
    output: Path,
    built: dt.datetime,
    draft: bool = True,
    previous: PublishedPack | None = None,
    step: Step | None = None,
    earlier: Published = NOTHING_PUBLISHED,
) -> dict[Path, bytes]:
    """A pack's PDF, HTML and spreadsheet, made in memory: nothing is written until every pack of a command is
    made. ``step`` is told each of the STEPS_PER_PACK steps as it starts (for a progress bar); ``earlier``: what
    earlier public packs published, which a public pack's disclosure control takes into account."""
    step = step or _unseen
    step(f"{pack.name}: calculating")
    sparklines = SparklineCache(output / ".cache" / "sparklines")
    charts = ChartCache(output / ".cache" / "charts")
    scorecard = pack_scorecard(loaded, pack, earlier)
    step(f"{pack.name}: rendering")
    html = pack_html(loaded, pack, built, draft, scorecard, sparklines, previous, charts)
    log.info("render: %d sparklines drawn, %d reused from the cache", sparklines.drawn, sparklines.reused)
    if charts.drawn or charts.reused:
        log.info("render: %d charts drawn, %d reused from the cache", charts.drawn, charts.reused)
    folder = output / pack.name / pack.period.slug
    stem = f"{pack.name}-{pack.period.slug}"
    step(f"{pack.name}: laying out the PDF")
    pdf = write_pdf(html, folder, allowed_roots(loaded), "pdf/ua-1" if draft else "pdf/a-3a")
    step(f"{pack.name}: writing the spreadsheet")
    xlsx = pack_xlsx(loaded, pack, built, scorecard)
    return {folder / f"{stem}.pdf": pdf, folder / f"{stem}.html": html.encode("utf-8"), folder / f"{stem}.xlsx": xlsx}


def _unseen(label: str) -> None:
    """No progress shown."""
