"""The wording catalogue: every word the code prints has an entry; a council's overrides are checked and used."""

import re

import pytest

from publisher.core.figures import Status
from publisher.core.vocab import Comparator, Polarity, Unit, Window
from publisher.engine.model import Judgement
from publisher.engine.rules import Rating
from publisher.output.messages import default_messages, fill, placeholders

from .test_render import build_html, council_project
from .test_templating import build

WELSH = """\
rag: {green: Gwyrdd, amber: Ambr, red: Coch, not_rated: Heb ei raddio}
table: {target: Targed}
section:
  lead: "Arweinydd y flaenoriaeth: {lead}"
months: [Ionawr, Chwefror, Mawrth, Ebrill, Mai, Mehefin, Gorffennaf, Awst, Medi, Hydref, Tachwedd, Rhagfyr]
abbreviations: {ADY: Anghenion dysgu ychwanegol}
"""


@pytest.mark.parametrize(
    ("group", "names"),
    [
        ("rag", Rating),
        ("direction", Judgement),
        ("status", [s for s in Status if s is not Status.OK]),
        ("polarity", Polarity),
        ("unit", Unit),
        ("window", Window),
        ("comparator", Comparator),
    ],
)
def test_every_word_the_code_prints_is_in_the_catalogue(group, names):
    entries = default_messages().entries[group]
    assert sorted(entries) == sorted(str(n) for n in names)


def test_every_rag_rule_has_a_name_and_a_meaning():
    from typing import get_args

    from publisher.inputs.ragrules import RagRule  # every rule a registry may name

    rules = {model.model_fields["rule"].annotation.__args__[0] for model in get_args(get_args(RagRule)[0])}
    words = default_messages().entries
    assert set(words["rule"]) == set(words["rule_meaning"]) == rules and len(rules) == 7


def test_what_changed_words_every_unit_window_polarity_and_aim():
    """A rule or a definition that changed is worded from these, so none may be missing for a value it can take."""
    words = default_messages().entries
    said, aims = words["changes"], ["increase", "reduce"]
    assert (sorted(said["measure"]), sorted(said["over"]), sorted(said["better"])) == (
        sorted(Unit), sorted(Window), sorted(Polarity))  # fmt: skip
    assert set(aims) < set(said["rule"]) and sorted(words["table"]["aim"]) == sorted(words["glance"]["aim"]) == aims


def test_a_council_publishes_in_its_own_words(tmp_path):
    html, _ = build_html(council_project(tmp_path, {"messages.yaml": WELSH}))
    greens = [cell.split("\n")[0] for cell in re.findall(r'class="rag rag-green"[^>]*>([^<]*)</td>', html)]
    assert "Gwyrdd" in greens and set(greens) <= {"Gwyrdd", "Good", "Outstanding"}  # a band keeps its own name
    assert ">Green</td>" not in html and ">Targed</th>" in html
    assert "Arweinydd y flaenoriaeth: " in html and "Priority lead:" not in html
    assert re.search(r'<th scope="row">Meeting date</th><td>\d\d? (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|'
                     r"Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20\d\d</td>", html)  # fmt: skip
    assert "Red</th>" not in html and ">Coch</th>" in html  # the glance table's headings too


def test_every_mistake_in_an_override_is_reported_at_its_line(tmp_path, capsys):
    text = (
        "rag:\n"
        "  gren: Gwyrdd\n"  # 2: no such entry
        "section:\n"
        "  lead: 'Arweinydd: {name}'\n"  # 4: {lead} dropped, {name} invented
        "months: [Ionawr, Chwefror]\n"  # 5: 12 needed
        "table:\n"
        "  target: 12\n"  # 7: not text
        "row:\n"
        "  rag: '{explanation.__class__}'\n"  # 9: more than a plain name
    )
    folder = council_project(tmp_path, {"messages.yaml": text})
    assert build(folder, tmp_path) == 1
    err = capsys.readouterr().err
    assert "5 problems found; nothing was written" in err
    assert "messages.yaml:2: 'rag.gren': expected one of the catalogue's entries" in err
    assert "messages.yaml:4: 'section.lead': expected text with {lead}, got 'Arweinydd: {name}'" in err
    assert "messages.yaml:5: 'months': expected a list of 12 pieces of text, got a list of 2" in err
    assert "messages.yaml:7: 'table.target': expected text, got '12'" in err
    assert "messages.yaml:9: 'row.rag': expected only plain names in braces, like {name}" in err


def test_validate_reports_a_bad_override_too(tmp_path, capsys):
    from publisher.cli import main

    folder = council_project(tmp_path, {"messages.yaml": "nonsense: x\n"})
    assert main(["-q", "validate", "--project", str(folder)]) == 1
    assert "messages.yaml:1: 'nonsense': expected one of the catalogue's entries" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Lead: {lead}", {"lead"}),
        ("{a} and {a} and {b}", {"a", "b"}),
        ("no placeholders", set()),
        ("{lead.__class__}", None),
        ("{lead[0]}", None),
        ("{lead!r}", None),
        ("{lead:>10}", None),
        ("{0}", None),
        ("{}", None),
        ("unclosed {", None),
        ("{lead}{lead:>30000000}", None),
        ("{lead}{lead!r}", None),
        ("{lead}}", None),
        ("{{lead}} in braces and {lead}", {"lead"}),
    ],
)
def test_placeholders_are_plain_names_only(text, names):
    assert placeholders(text) == names


def test_fill_puts_values_in_and_reads_nothing_else():
    assert fill("Priority lead: {lead}", lead="Sam {x}") == "Priority lead: Sam {x}"
    assert fill("{{lead}} is {lead}}}", lead="Sam") == "{lead} is Sam}"  # a brace itself is written twice


class Spy:
    """A value that records every way it is read; only its text (``str``) may be."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __getattr__(self, name: str) -> object:
        self.read.append(f"attribute {name}")
        return self

    def __getitem__(self, key: object) -> object:
        self.read.append(f"item {key}")
        return self

    def __format__(self, spec: str) -> str:
        self.read.append(f"format {spec}")
        return "formatted"

    def __repr__(self) -> str:
        self.read.append("repr")
        return "repr"

    def __str__(self) -> str:
        return "text"


def test_fill_never_reads_attributes_or_format_specs():
    spy = Spy()
    hostile = "{x} {x.__init__.__globals__} {x[os]} {x!r} {x:>30000000} {x!s:^9}"
    assert fill(hostile, x=spy) == "text " + hostile.split(" ", 1)[1]
    assert spy.read == []


def test_fill_takes_linear_time_on_a_long_run_of_braces():
    import time

    text = "{" * 200_000 + "{lead" * 200_000 + "}" * 200_001
    started = time.monotonic()
    assert fill(text, lead="x") == "{" * 100_000 + "{lead" * 199_999 + "x" + "}" * 100_000
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("{lead}{lead:>30000000}", "'{lead:>30000000}'"),
        ("{lead}{lead!r}", "'{lead!r}'"),
        ("{lead}{lead.__init__.__globals__[sys].modules[os].environ[SMTP_PASSWORD]}", "'{lead.__init__.__globals__"),
        ("{lead} {", "'{'"),
    ],
)
def test_a_catalogue_placeholder_with_a_format_spec_conversion_or_attribute_is_refused_at_its_line(
    tmp_path, capsys, sentence, found
):
    from publisher.cli import main

    folder = council_project(tmp_path, {"messages.yaml": f"rag:\n  green: Gwyrdd\nsection:\n  lead: '{sentence}'\n"})
    assert main(["-q", "validate", "--project", str(folder)]) == 1
    err = capsys.readouterr().err
    where = f"{folder / 'templates' / 'messages.yaml'}:4: 'section.lead': "
    assert f"{where}expected only plain names in braces, like {{name}} (a brace itself is written {{{{ or }}}}), got {found}" in err


def test_dates_use_the_catalogue_month_names():
    import datetime as dt

    messages = default_messages()
    assert messages.long_date(dt.date(2026, 10, 2)) == "2 October 2026"
    assert messages.short_date(dt.date(2026, 12, 1)) == "1 Dec 2026"


def test_a_council_adds_abbreviations_but_a_number_is_not_one(tmp_path, capsys):
    folder = council_project(tmp_path, {"messages.yaml": "abbreviations:\n  ADY: Additional learning needs\n  2020: The year\n"})
    assert build(folder, tmp_path) == 1
    assert "messages.yaml:3: 'abbreviations.2020': expected one of the catalogue's entries" in capsys.readouterr().err


EXPLAINED_IN_WELSH = """\
explain:
  side: {above: Uwchben, below: Islaw}
  rag:
    in_range: "O fewn yr ystod targed {low}-{high}"
    points: "{amount} pwynt canran"
  direction:
    moved: {up: "I fyny o {value} yn {period}: {judgement}", down: "I lawr o {value} yn {period}: {judgement}"}
direction: {worsening: Gwaethygu, improving: Gwella}
"""


def test_a_council_explains_ratings_and_directions_in_its_own_words(tmp_path):
    """The sentences under each indicator are the catalogue's: a council's override reaches the pack, a word in
    braces opening the sentence as its entry writes it ("Islaw target") and in lower case inside ("at or islaw")."""
    html, _ = build_html(council_project(tmp_path, {"messages.yaml": EXPLAINED_IN_WELSH}))
    assert "RAG: O fewn yr ystod targed 68.0-74.0." in html and "Within the target range" not in html
    assert "RAG: Islaw target of 93.0%, outside tolerance of 1.5 pwynt canran." in html
    assert "RAG: Uwchben the green threshold of 560.0, at or islaw amber (620.0)." in html
    assert "Direction: I lawr o 88.0% yn Q1 2026-27: gwaethygu." in html
    assert "Direction: I fyny o 95.7% yn Q1 2026-27: gwella." in html
    assert ": worsening" not in html and ": improving" not in html and "percentage points" not in html
    assert "Direction: Down from 74.5 in Q1 2026-27 (neither high nor low is better)." in html  # its own entry


def test_an_explanation_with_a_placeholder_of_its_own_or_one_dropped_is_refused_at_its_line(tmp_path, capsys):
    text = (
        "explain:\n"
        "  rag:\n"
        "    on_target: 'Ar y targed {targed}'\n"  # 3: {target} dropped, {targed} invented
        "  direction:\n"
        "    moved:\n"
        "      up: 'I fyny o {value} yn {period}'\n"  # 6: {judgement} dropped
        "  side: {above: '{uwch}', below: Islaw}\n"  # 7: a side takes no placeholder
    )
    folder = council_project(tmp_path, {"messages.yaml": text})
    assert build(folder, tmp_path) == 1
    err = capsys.readouterr().err
    assert "3 problems found; nothing was written" in err
    assert "messages.yaml:3: 'explain.rag.on_target': expected text with {target}, got 'Ar y targed {targed}'" in err
    assert ("messages.yaml:6: 'explain.direction.moved.up': expected text with {judgement}, {period}, {value}, "
            "got 'I fyny o {value} yn {period}'") in err  # fmt: skip
    assert "messages.yaml:7: 'explain.side.above': expected text with no {placeholders}, got '{uwch}'" in err


def test_a_council_says_why_a_figure_is_not_shown_in_its_own_words(tmp_path):
    """Why a figure is missing, suppressed or not yet due is the catalogue's (``explain.figure``), after its word
    for the status: a council's override reaches the pack."""
    from dataclasses import replace

    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html, pack_scorecard

    from .test_render import BUILT_AT

    text = ("explain:\n  figure:\n    small_number: 'nifer fach (1 i {threshold}) heb ei chyhoeddi'\n"
            "    first_due: 'mae disgwyl y ffigur cyntaf ({period}) ym mis {due}'\n")  # fmt: skip
    folder = council_project(tmp_path, {"messages.yaml": text})
    demo = load(load_project())
    pack = load_pack(demo.project.packs_dir / "corporate-parenting-board.yaml", demo.registry)
    html = pack_html(replace(demo, project=load_project(folder)), pack, BUILT_AT, scorecard=pack_scorecard(demo, pack))
    assert html.count("Suppressed: nifer fach (1 i 5) heb ei chyhoeddi.") == 2 and "small number (1 to 5)" not in html
    assert "Not yet due: mae disgwyl y ffigur cyntaf (2025-26) ym mis Nov 2026." in html


def test_a_council_says_what_a_code_in_its_data_or_dfes_means_in_its_own_words(tmp_path):
    """A code written in place of a figure ("x" in the council's data, "x" in DfE's published table) is worded
    from the catalogue (``explain.code``, ``explain.published``): a council's override reaches the pack."""
    from publisher.core.resources import default_dir
    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html, pack_scorecard

    from .test_render import BUILT_AT

    text = "explain:\n  code: {not_available: ddim ar gael}\n  published: {not_available: 'ddim ar gael (x)'}\n"
    folder = council_project(tmp_path, {"messages.yaml": text})
    data = default_dir("demo") / "data"
    coded = {"observations.csv": r"^(cla_count,2026-09),[^,]*,", "benchmarks.csv": r"^(CP1\.2,england,2024-25),[^,]*,"}
    config = (folder / "publisher.yaml").read_text(encoding="utf-8")
    for name, cell in coded.items():  # the month's count and England's figure written "x"
        (folder / name).write_text(re.sub(cell, r"\1,x,", (data / name).read_text(encoding="utf-8"), flags=re.M))
        config = config.replace(str((data / name).resolve()), str(folder / name))
    (folder / "publisher.yaml").write_text(config, encoding="utf-8")
    loaded = load(load_project(folder))
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    html = pack_html(loaded, pack, BUILT_AT, scorecard=pack_scorecard(loaded, pack))
    assert "Missing: Sep 2026: ddim ar gael." in html and "Missing: Sep 2026: not available" not in html
    assert '<span class="year">ddim ar gael (x)</span>' in html and "not available" not in html


def test_a_codes_meaning_with_a_placeholder_is_refused_at_its_line(tmp_path, capsys):
    text = "explain:\n  code:\n    not_available: 'ddim ar gael {cod}'\n  published:\n    dash: '{dim} ffigur'\n"
    folder = council_project(tmp_path, {"messages.yaml": text})
    assert build(folder, tmp_path) == 1
    err = capsys.readouterr().err
    assert "messages.yaml:3: 'explain.code.not_available': expected text with no {placeholders}, got 'ddim ar gael {cod}'" in err
    assert "messages.yaml:5: 'explain.published.dash': expected text with no {placeholders}, got '{dim} ffigur'" in err


def test_a_council_words_the_trend_line_for_a_screen_reader_and_the_middle_50_percent_column(tmp_path):
    """The sparkline's alternative text and the Middle 50% column's words are the catalogue's (``sparkline``,
    ``benchmark_band``): a council's override reaches the pack's HTML."""
    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html, pack_scorecard

    from .test_render import BUILT_AT

    text = (
        "sparkline:\n  point: '{value} ym mis {period}'\n  fell: 'Gostyngodd o {first} i {last}'\n"
        "  extremes: 'uchaf {highest}, isaf {lowest}'\n"
        "benchmark_band: {higher: Uwch, lower: Is, better: '{band} (gwell)', worse: '{band} (gwaeth)'}\n"
    )
    folder = council_project(tmp_path, {"messages.yaml": text})
    loaded = load(load_project(folder))
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    html = pack_html(loaded, pack, BUILT_AT, scorecard=pack_scorecard(loaded, pack))
    assert ('alt="Gostyngodd o 467 ym mis Sep 2025 i 458 ym mis Sep 2026; uchaf 469 ym mis Dec 2025, isaf 458 ym mis '
            'Sep 2026."') in html and "Fell from" not in html  # fmt: skip
    assert "Uwch (gwell)" in html and "Is (gwaeth)" in html
    assert "Higher (better)" not in html and "Lower (worse)" not in html


def test_a_trend_line_or_band_entry_with_a_placeholder_of_its_own_is_refused_at_its_line(tmp_path, capsys):
    text = "sparkline:\n  rose: 'Cododd o {cyntaf} i {last}'\nbenchmark_band:\n  better: '{band} (gwell) {x}'\n"
    folder = council_project(tmp_path, {"messages.yaml": text})
    assert build(folder, tmp_path) == 1
    err = capsys.readouterr().err
    assert "messages.yaml:2: 'sparkline.rose': expected text with {first}, {last}, got 'Cododd o {cyntaf} i {last}'" in err
    assert "messages.yaml:4: 'benchmark_band.better': expected text with {band}, got '{band} (gwell) {x}'" in err


def overridden(text: str):
    """publisher's catalogue with ``text`` as a council's ``messages.yaml`` laid over it."""
    from jinja2 import DictLoader

    from publisher.output.messages import load_messages

    return load_messages(DictLoader({"messages.yaml": text}), None)


def refusals(text: str) -> list[str]:
    """What the catalogue check says of ``text`` as a council's ``messages.yaml``, one line a problem."""
    from publisher.core.errors import InputError

    with pytest.raises(InputError) as refused:
        overridden(text)
    return [str(problem) for problem in refused.value.problems]


def test_a_control_character_in_an_override_is_refused_at_its_line():
    """A control character would be refused by the spreadsheet (the commentary form), put raw into an e-mail's
    Subject, or drawn as a box in the PDF; a line break and a tab are words' own."""
    text = (
        'form: {written_by: "Ysgrifennwyd\\x01 gan"}\n'
        'form_mail: {reminder: "Nodyn:\\x01 {subject}", greeting: "Annwyl {name},\\r"}\n'
        'months: [Ionawr, Chwefror, Mawrth, Ebrill, Mai, Mehefin, Gorffennaf, Awst, Medi, Hydref, Tachwedd, "Rhag\\x7f"]\n'
        'abbreviations: {ADY: "Anghenion\\x1b dysgu"}\n'
    )
    expected = "expected text without control characters (a line break or a tab is allowed), got"
    assert refusals(text) == [
        f"messages.yaml:1: 'form.written_by': {expected} U+0001 (a control character) at character 13",
        f"messages.yaml:2: 'form_mail.reminder': {expected} U+0001 (a control character) at character 7",
        f"messages.yaml:2: 'form_mail.greeting': {expected} U+000D (a control character) at character 15",
        f"messages.yaml:3: 'months.11': {expected} U+007F (a control character) at character 5",
        f"messages.yaml:4: 'abbreviations.ADY': {expected} U+001B (a control character) at character 10",
    ]
    said = overridden('form: {written_by: "Ysgrifennwyd\\tgan"}\nsection: {not_tagged: "Heb\\ny tag"}\n').entries
    assert (said["form"]["written_by"], said["section"]["not_tagged"]) == ("Ysgrifennwyd\tgan", "Heb\ny tag")


def test_an_entry_written_as_an_e_mail_header_line_is_refused_with_a_line_break_at_its_line():
    text = 'form_mail:\n  subject: "eich\\nffurflen"\n  reminder: "Nodyn:\\u2028{subject}"\n  greeting: "Annwyl\\n{name},"\n'
    expected = "expected text on one line (it is written as a line of an e-mail header, the Subject), got a line break"
    assert refusals(text) == [
        f"messages.yaml:2: 'form_mail.subject': {expected} (U+000A) at character 5",
        f"messages.yaml:3: 'form_mail.reminder': {expected} (U+2028) at character 7",
    ]  # the greeting is a line of the body: a break there is the council's


def test_the_one_line_entries_are_the_catalogues():
    from publisher.output.messages import ONE_LINE, entry

    assert all(isinstance(entry(default_messages().entries, key), str) for key in ONE_LINE)


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Yes", "'Yes' (YAML reads yes/no/on/off/true/false without quotes as true or false: put the words in quotes)"),
        ("off", "'off' (YAML reads yes/no/on/off/true/false without quotes as true or false: put the words in quotes)"),
        ("12", "'12' (YAML reads a number without quotes as one: put the words in quotes)"),
        ("1.5", "'1.5' (YAML reads a number without quotes as one: put the words in quotes)"),
        ("2026-12-07", "'2026-12-07' (YAML reads a date without quotes as one: put the words in quotes)"),
        ("", "nothing (write the words, or leave the entry out)"),
    ],
)
def test_words_yaml_reads_as_something_else_are_refused_saying_what_to_do(written, found):
    assert refusals(f"table:\n  target: {written}\n") == [f"messages.yaml:2: 'table.target': expected text, got {found}"]
    assert refusals(f"months: [{written or '~'}, b, c, d, e, f, g, h, i, j, k, l]\n") == [
        f"messages.yaml:1: 'months.0': expected text, got {found}"]  # fmt: skip


def leaves(tree, key=()):
    """Every text of the catalogue ``tree`` with its key (a list's texts by position)."""
    if isinstance(tree, dict | list):
        for part, value in tree.items() if isinstance(tree, dict) else enumerate(tree):
            yield from leaves(value, (*key, part))
    else:
        yield key, tree


def test_a_doubled_brace_prints_once_in_every_entry_however_it_is_read():
    """A brace itself is written twice in every entry: one read as it is (in code or a template, "sparkline.gap",
    "{{ t.table.target }}") prints it once, as one filled with values does."""
    import json
    from functools import reduce

    def braced(tree):
        if isinstance(tree, dict | list):
            return {k: braced(v) for k, v in tree.items()} if isinstance(tree, dict) else [braced(v) for v in tree]
        return "{{x}} " + tree

    shipped = default_messages().entries
    said = overridden(json.dumps(braced(shipped))).entries
    for key, text in leaves(shipped):
        values = {name: "v" for name in placeholders(text) or ()}
        expected = "{x} " + fill(text, **values)
        worded = reduce(lambda tree, part: tree[part], key, said)
        assert fill(worded, **values) == expected, key
        if not values:
            assert (worded, str(worded), f"{worded}", worded.lower()) == (expected, expected, expected, expected.lower())


def test_a_doubled_brace_prints_once_in_the_pack_where_an_entry_is_read_as_it_is(tmp_path):
    from dataclasses import replace

    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html, pack_scorecard

    from .test_render import BUILT_AT

    text = (
        "sparkline: {gap: '{{1}} cyfnod heb ffigur'}\n"
        "benchmark_band: {lower: '{{Is}}', in_range: '{{O fewn}}', higher: '{{Uwch}}'}\n"
        "section: {not_tagged: '{{Heb}} y tag'}\n"
        "table: {target: '{{Targed}}'}\n"
    )
    folder = council_project(tmp_path, {"messages.yaml": text})
    loaded = load(load_project(folder))
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    pack = replace(pack, definition=pack.definition.model_copy(update={"group_by": "Children & Young People's Plan"}))
    html = pack_html(loaded, pack, BUILT_AT, scorecard=pack_scorecard(loaded, pack))
    assert "; {1} cyfnod heb ffigur" in html and "{Is} (worse)" in html and "{Uwch} (better)" in html
    assert ">{O fewn}<" in html and ">{Targed}</th>" in html and 'class="priority-title">{Heb} y tag</h2>' in html
    assert "{{" not in html and "}}" not in html


def test_a_plain_band_word_prints_a_doubled_brace_once():
    from types import SimpleNamespace

    from publisher.core.vocab import Polarity
    from publisher.output.render import _band_words

    words = overridden("benchmark_band: {lower: '{{Is}}', in_range: '{{O fewn}}', higher: '{{Uwch}}'}\n").entries
    row = SimpleNamespace(indicator=SimpleNamespace(polarity=Polarity.NONE))
    assert [_band_words(row, band, words) for band in ("Lower", "In range", "Higher")] == ["{Is}", "{O fewn}", "{Uwch}"]


def test_validate_reports_each_problem_in_a_councils_catalogue_once(tmp_path, capsys):
    """Every pack uses the project's catalogue: its problems are the project's, not each pack's."""
    from publisher.cli import main

    folder = council_project(tmp_path, {"messages.yaml": "rag:\n  gren: Gwyrdd\ntable:\n  target: Yes\n"})
    assert main(["-q", "validate", "--project", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "2 problems found" in err
    assert re.findall(r"messages\.yaml:(\d+): '([^']+)'", err) == [("2", "rag.gren"), ("4", "table.target")]
