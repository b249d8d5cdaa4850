"""The manual's reference pages agree with the code: the template context's documented names are exactly those the
build passes, no field note names a field that has gone, and every generated page is written without error."""

from __future__ import annotations

import datetime as dt

import pytest

from docs_hooks import reference


def _context() -> dict:
    """What pack.html receives for the demo's board pack (drawings stubbed: only the names matter here)."""
    from publisher.inputs.load import load
    from publisher.inputs.packs import find_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import checked_packs, pack_scorecard
    from publisher.output.render import BuildInfo, pack_context

    project = load_project(None)
    loaded = load(project, None)
    pack = checked_packs(loaded, [find_pack(project.packs_dir, "corporate-parenting-board")])[0]
    info = BuildInfo(project.config.council, dt.datetime(2026, 11, 1, tzinfo=dt.UTC), True)
    return pack_context(pack_scorecard(loaded, pack), pack, info, sparkline=lambda values, target: b"")


def test_the_documented_template_context_is_the_one_the_build_passes() -> None:
    documented = reference.template_context()
    context = _context()
    passed = {"pack": set(context) | {"theme_css", "pack_css"},  # the two stylesheets are added by render_pack
              "section": set(context["sections"][0]),
              "row": set(context["sections"][0]["rows"][0])}  # fmt: skip
    for table, names in passed.items():
        assert set(documented[table]) == names, (
            f"docs_hooks/template_context.yaml '{table}': undocumented {sorted(names - set(documented[table]))}, "
            f"no longer passed {sorted(set(documented[table]) - names)}"
        )


@pytest.mark.parametrize("path", sorted(reference.PAGES))
def test_each_reference_page_is_written(path: str) -> None:
    page = reference.PAGES[path]()
    assert page.startswith("# ") and "Generated from the code" in page


def test_no_field_note_names_a_field_that_has_gone() -> None:
    for page in reference.PAGES.values():
        page()
    assert reference.stale_notes() == []
