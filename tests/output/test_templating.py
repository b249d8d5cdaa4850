"""A council's templates: one block overridden by extending publisher's own, sandboxed, and errors at file:line."""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from docs_hooks import reference
from publisher.cli import main
from publisher.core.errors import InputError
from publisher.output.render import BuildInfo, pack_context, row_view
from publisher.output.templating import environment, render, stylesheet

from .test_render import BUILT_AT, build_html, council_project, demo_scrutiny, small_council


def build(folder: Path, tmp_path: Path, pack: str = "scrutiny-overview") -> int:
    """`publisher build` of one pack, in-process: the scrutiny pack of a :func:`council_project` unless told."""
    return main(["-q", "build", "--project", str(folder), "--pack", pack, "--output", str(tmp_path / "out")])


def no_pack_written(output: Path) -> bool:
    """No PDF or HTML (the sparkline cache is not part of a pack)."""
    return not [p for p in output.rglob("*") if p.suffix in (".pdf", ".html")]


def test_an_override_extends_the_shipped_template_and_changes_one_block(tmp_path):
    section = (
        '{% extends "default:section.html" %}\n'
        "{% block heading %}<h2 class=\"priority-title\">{{ section.title }} (our heading)</h2>{% endblock %}\n"
    )
    html, _ = build_html(council_project(tmp_path, {"section.html": section}))
    assert html.count("(our heading)") == html.count('class="priority-title"') > 0
    assert 'class="lead">Priority lead:' not in html  # the heading block held the lead line too
    assert '<table class="scorecard">' in html and "At a glance" in html  # everything else is publisher's


def test_an_override_of_a_row_block_applies_to_every_row(tmp_path):
    row = '{% extends "default:row.html" %}{% block commentary %}<tr class="ours"><td>-</td></tr>{% endblock %}'
    html, _ = build_html(council_project(tmp_path, {"row.html": row}))
    assert html.count('<tr class="ours">') == html.count('<tr class="figures')
    assert '<tr class="commentary' not in html


@pytest.mark.parametrize(
    ("template", "line", "words"),
    [
        ("<p>\n{{ no_such_name }}</p>", 2, "'no_such_name' is undefined"),
        ("<p>\n\n{{ 1 // 0 }}</p>", 3, "ZeroDivisionError"),
        ('{% extends "default:cover.html" %}{% block details %}\n{{ pack.no_such_field }}{% endblock %}', 2,
         "no_such_field"),
    ],
)
def test_a_mistake_in_a_council_template_is_exit_1_at_its_file_and_line(tmp_path, capsys, template, line, words):
    folder = small_council(tmp_path, {"cover.html": template})
    assert build(folder, tmp_path, "board") == 1
    err = capsys.readouterr().err
    assert f"{folder / 'templates' / 'cover.html'}:{line}: template error:" in err and words in err
    assert no_pack_written(tmp_path / "out")


@pytest.mark.parametrize(
    "attack",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{% set x = sections.append(1) %}",
    ],
)
def test_a_council_template_cannot_reach_python(tmp_path, capsys, attack, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = small_council(tmp_path, {"contents.html": attack})
    assert build(folder, tmp_path, "board") == 1
    assert "template error" in capsys.readouterr().err
    assert not (tmp_path / "PWNED").exists()


def test_fill_in_a_council_template_cannot_read_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "hunter2-from-the-environment")
    reach = "{x.__init__.__globals__[os].environ[SMTP_PASSWORD]}"
    html, _ = build_html(council_project(tmp_path, {"contents.html": f'<p id="reach">{{{{ "{reach}" | fill(x=cycler) }}}}</p>'}))
    assert "hunter2" not in html and f'<p id="reach">{reach}</p>' in html  # the words as written, nothing read


@pytest.mark.parametrize(
    ("attack", "words"),
    [
        ('{{ "{0.__init__.__globals__}".format(cycler) }}', "str.format and format_map are not available"),
        ('{{ "{x:>30000000}".format_map({"x": 1}) }}', "str.format and format_map are not available"),
        ('{{ "%30000000s" % 1 }}', "'%' formatting of text is not available"),
        ('{{ "%(x)30000000s" | format(x=1) }}', "No filter named 'format'"),
    ],
)
def test_a_council_template_cannot_use_python_formatting(tmp_path, attack, words):
    folder = council_project(tmp_path, {"contents.html": f"<p>\n{attack}</p>"})
    with pytest.raises(InputError) as refused:
        build_html(folder)
    assert f"{folder / 'templates' / 'contents.html'}:2: template error:" in str(refused.value)
    assert words in str(refused.value)


def test_a_template_linked_from_outside_the_project_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.html"
    secret.write_text("<p>the contents of a file outside the project</p>", encoding="utf-8")
    folder = small_council(tmp_path, {"cover.html": ""})
    (folder / "templates" / "cover.html").unlink()  # the templates folder stays, holding only the link
    os.symlink(secret, folder / "templates" / "cover.html")
    assert build(folder, tmp_path, "board") == 1
    assert "resolves to a file outside" in capsys.readouterr().err
    assert no_pack_written(tmp_path / "out")


@pytest.mark.parametrize("css", ["</style><script>alert(1)</script>", "a { color: red }\n</STYLE ><p>x</p>"])
def test_a_stylesheet_that_closes_its_element_is_refused(tmp_path, capsys, css):
    folder = small_council(tmp_path, {"theme.css": css})
    assert build(folder, tmp_path, "board") == 1
    assert "must not contain '</'" in capsys.readouterr().err


def test_a_shipped_template_error_is_not_blamed_on_the_council():
    """An error in publisher's own template is a bug: raised as it is, not turned into an input problem."""
    with pytest.raises(Exception) as caught:
        render(environment(None), "pack.html", {})  # publisher's pack.html given no context at all
    assert not isinstance(caught.value, InputError)


def test_stylesheets_are_read_through_the_loader():
    assert "--accent" in stylesheet(environment(None), "theme.css")


# -- the template context is documented --------------------------------------------------------------------


def test_the_documented_context_is_the_context_passed():
    """The manual's template context (docs_hooks/template_context.yaml) names what a council's template receives."""
    _, pack, scorecard = demo_scrutiny()
    context = pack_context(scorecard, pack, BuildInfo("Council", BUILT_AT, True))
    documented = {table: set(names) for table, names in reference.template_context().items()}
    assert documented["pack"] == set(context) | {"theme_css", "pack_css"}
    assert documented["section"] == set(context["sections"][0])
    assert documented["row"] == set(row_view(scorecard.rows[0], pack))


def test_the_intervention_level_is_a_column_for_every_row_that_has_one():
    loaded, pack, _ = demo_scrutiny()
    columns = pack.definition.columns.model_copy(update={"intervention": True})
    pack = replace(pack, definition=pack.definition.model_copy(update={"columns": columns}))
    from publisher.output.build import pack_html

    html = pack_html(loaded, pack, BUILT_AT)
    assert html.count(">Intervention level</th>") == html.count('<table class="scorecard">') > 0
    shown = [i for i in loaded.registry.indicators if i.rag.rule == "intervention" and f'id="indicator-{i.anchor}"' in html]
    assert shown  # the scrutiny pack has rows rated against an intervention level
    for indicator in shown:
        row = html.split(f'id="indicator-{indicator.anchor}"', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num target" data-label="Intervention level">{indicator.show(indicator.rag.intervention)}</td>' in row


def test_an_annual_or_termly_figure_under_a_quarter_heading_carries_its_own_year_or_term():
    _, pack, scorecard = demo_scrutiny()
    rows = {r.indicator.reference: r for r in scorecard.rows}
    annual = row_view(rows["CP1.15"], pack)
    current = next(p for p in annual["periods"] if p["label"] == "Q2 2026-27")
    assert (current["text"], current["of"]) == ("88.6%", "2024-25")  # last year's figure, said to be last year's
    termly = row_view(rows["CP1.19"], pack)
    assert [(p["label"], p["of"]) for p in termly["periods"] if p["available"]] == [
        ("Q4 2025-26", "Spring 2026"), ("Q2 2026-27", "Summer 2026")]  # fmt: skip
    monthly = row_view(rows["CP1.1"], pack)
    assert all(p["of"] == "" for p in monthly["periods"])


def test_a_pack_shows_the_councils_own_columns_and_can_group_rows_by_a_tag():
    loaded, pack, _ = demo_scrutiny()
    columns = pack.definition.columns.model_copy(
        update={"lead_officer": True, "data_owner": True, "tags": {"Children & Young People's Plan": "C&YP Plan"}})
    definition = pack.definition.model_copy(update={"columns": columns, "group_by": "Children & Young People's Plan"})
    from publisher.output.build import pack_html

    html = pack_html(loaded, replace(pack, definition=definition), BUILT_AT)
    assert html.count('<th scope="col" class="council">C&amp;YP Plan</th>') == html.count('<table class="scorecard">')
    assert '<h2 id="title-group-be-safe" class="priority-title">Be safe</h2>' in html
    assert '<td class="council" data-label="C&amp;YP Plan">Be safe</td>' in html and ">Info available from</th>" in html
    cp11 = loaded.registry.by_reference["CP1.1"]
    row = html.split('id="indicator-CP1.1"', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="council" data-label="Lead officer">{cp11.lead_officer}</td>' in row


def test_the_indicators_without_the_tag_a_pack_is_grouped_by_are_titled_in_the_councils_words(tmp_path):
    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html

    from .test_render import council_project

    folder = council_project(tmp_path, {"messages.yaml": "section: {not_tagged: Heb y tag}\n"})
    loaded = load(load_project(folder))
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    definition = pack.definition.model_copy(update={"group_by": "Children & Young People's Plan"})
    html = pack_html(loaded, replace(pack, definition=definition), BUILT_AT)
    assert 'class="priority-title">Heb y tag</h2>' in html and "Not tagged" not in html
