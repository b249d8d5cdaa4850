"""Hostile and broken input, end to end: nothing leaks, nothing is lost, every error is clear.

Each test fails if the protection it names is removed.
"""

import datetime as dt
import json
import re
import socket
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.files import csv_text
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator
from publisher.inputs.load import load
from publisher.inputs.observations import load_observations
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_html
from publisher.output.export import scorecard_csv, scorecard_json
from publisher.output.pdf import RenderError

from .helpers import indicator, observations, population
from .shared import build_pack, pdf_pages
from .tiny import default_observations, months, tiny_project

BUILT_AT = dt.datetime(2024, 11, 1, tzinfo=dt.UTC)


def build(root: Path, output: Path):
    loaded = load(load_project(root))
    pack = load_pack(root / "packs" / "board.yaml", loaded.registry)
    return build_pack(loaded, pack, output, BUILT_AT)


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


@pytest.fixture
def no_network(monkeypatch):
    """Record and refuse any attempt to open a network connection."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


# -- 1. rendering sandbox ------------------------------------------------------------------------------

SECRET = "TOP-SECRET-CONTENT-1234"


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="attachment" href="file://{secret}">',
        '<img alt="x" src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22 '
        "xmlns:xlink=%22http://www.w3.org/1999/xlink%22><image href=%22file://{secret}%22 width=%2210%22 "
        'height=%2210%22/></svg>">',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://169.254.169.254/latest" width="9" height="9"/></svg>',
        '<style>.contents {{ background: url("http://169.254.169.254/latest/meta-data/"); }}</style>',
        '<img alt="x" src="file://{secret}">',
    ],
)
def test_sandbox_refuses_and_writes_nothing(tmp_path, no_network, markup):
    secret = tmp_path / "outside.txt"
    secret.write_text(SECRET, encoding="utf-8")
    contents = f'<nav class="contents">{markup.format(secret=secret)}</nav>'
    root = tiny_project(tmp_path / "council", default_observations(), templates={"contents.html": contents})
    with pytest.raises(RenderError, match="refused to fetch"):
        build(root, tmp_path / "out")
    assert no_network == []
    assert not list((tmp_path / "out").rglob("*.pdf")) and not list((tmp_path / "out").rglob("*.html"))


def test_cli_names_the_refused_resource_and_exits_1(tmp_path, capsys):
    contents = '<nav class="contents"><img alt="x" src="http://169.254.169.254/x.png"></nav>'
    root = tiny_project(tmp_path / "council", default_observations(), templates={"contents.html": contents})
    assert main(["build", "--project", str(root), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "could not be laid out" in err and "refused to fetch http://169.254.169.254/x.png" in err
    assert "Traceback" not in err


def test_an_override_including_a_template_publisher_no_longer_has_is_a_clear_error(tmp_path, capsys):
    root = tiny_project(
        tmp_path / "council", default_observations(), templates={"pack.html": '{% include "running.html" %}'}
    )
    code = main(["build", "--project", str(root), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "'running.html' is not one of publisher's templates" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))


def test_deeply_nested_template_gives_a_clear_error(tmp_path, capsys):
    contents = '<nav class="contents">' + "<div>" * 20_000 + "deep" + "</div>" * 20_000 + "</nav>"
    root = tiny_project(tmp_path / "council", default_observations(), templates={"contents.html": contents})
    code = main(["build", "--project", str(root), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "nested too deeply" in err and "RecursionError" not in err


# -- 2. commentary --------------------------------------------------------------------------------------


def commentary_file(text: str) -> str:
    indented = "\n".join("      " + line for line in text.splitlines())
    return f"period: Q2 2024-25\nindicators:\n  CL1:\n    author: Sam Patel\n    date: 2024-10-10\n    text: |\n{indented}\n"


def test_a_10000_word_commentary_continues_across_pages_with_no_word_lost(tmp_path):
    words = [f"w{n}" for n in range(10_000)]
    text = "\n\n".join(" ".join(words[i : i + 100]) for i in range(0, 10_000, 100))
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary_file(text))
    result = build(root, tmp_path / "out")
    pages = pdf_pages(result.pdf)
    found = set(re.findall(r"w\d+", "\n".join(pages)))
    assert len(pages) > 8
    assert set(words) - found == set()
    continued = [p for p in pages if "CL1 continued" in p]
    assert len(continued) >= 5 and all("Direction of" in p for p in continued)  # reference and header repeated


LONG_WORD = "A" * 299 + "Z"


@pytest.fixture(scope="module")
def unusual_text_pdf(tmp_path_factory) -> Path:
    """A pack whose commentary is a 300-character word, then right-to-left text and emoji: built once, read twice."""
    text = f"{LONG_WORD}\n\nFeedback: شكرا لكم and תודה רבה 👍😀 from young people."
    folder = tmp_path_factory.mktemp("unusual")
    root = tiny_project(folder / "council", default_observations(eet=70), commentary_file(text))
    return build(root, folder / "out").pdf


def test_a_300_character_word_wraps_inside_the_page(unusual_text_pdf):
    text = pdf_text(unusual_text_pdf).replace("\n", "").replace(" ", "")
    assert LONG_WORD in text  # broken across lines, every character kept


def test_right_to_left_and_emoji_text_survive(unusual_text_pdf):
    extracted = "\n".join(page.extract_text() for page in PdfReader(unusual_text_pdf).pages)  # pypdf: logical order
    assert "👍" in extracted and "😀" in extracted
    # Both scripts come back in reading (logical) order, not reversed as laid out on the page.
    assert "شكرا لكم" in extracted and "תודה רבה" in extracted
    assert "הבר הדות" not in extracted and "مكل اركش" not in extracted


def test_hostile_commentary_is_shown_as_text_in_the_built_pack(tmp_path):
    text = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) {{ config }}"
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary_file(text))
    loaded = load(load_project(root))
    html = pack_html(loaded, load_pack(root / "packs" / "board.yaml", loaded.registry), BUILT_AT)  # as build writes it
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "{{ config }}" in html


# -- 3. YAML --------------------------------------------------------------------------------------------


def test_a_password_in_the_project_file_is_refused(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations())
    config = root / "publisher.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "smtp_password: hunter2\n", encoding="utf-8")
    assert main(["validate", "--project", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{config}:3: 'smtp_password': secrets must not be kept in files" in err
    assert "hunter2" not in err


def test_unknown_key_in_a_pack_lists_the_allowed_ones(tmp_path):
    root = tiny_project(tmp_path / "council", default_observations())
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "colour_scheme: purple\n", encoding="utf-8")
    loaded = load(load_project(root))
    with pytest.raises(InputError) as caught:
        load_pack(pack, loaded.registry)
    assert re.search(
        r"board\.yaml:11: 'colour_scheme': unknown field: expected one of \(committee, title", str(caught.value)
    )


# -- 4. spreadsheets and CSV ----------------------------------------------------------------------------


def test_merged_cells_leave_blanks_that_are_reported(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["series", "period", "value"])
    sheet.append(["eet", "2024-09", 12])
    sheet.append([None, "2024-08", 11])
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "merged.xlsx")
    _, problems = load_observations([tmp_path / "merged.xlsx"])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'merged.xlsx'}:3: 'series': expected a series name, found a blank cell"
    ]


def test_dates_written_as_text_in_another_style_are_reported(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("series,period,value\neet,31/09/2024,12\neet,09/30/2024,12\n", encoding="utf-8")
    _, problems = load_observations([path])  # no 31 September; and 09/30 is a US date, month 30 in the UK
    assert [(p.line, p.field) for p in problems] == [(2, "period"), (3, "period")]
    assert "expected a period such as" in str(problems[0]) and "'31/09/2024'" in str(problems[0])


def test_xlsx_xml_bomb_is_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
    )
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["series", "period", "value"])
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source, zipfile.ZipFile(tmp_path / "bomb.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, bomb if item.filename == "xl/worksheets/sheet1.xml" else data)
    _, problems = load_observations([tmp_path / "bomb.xlsx"])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'bomb.xlsx'}: refused: 'xl/worksheets/sheet1.xml' declares XML entities, which Excel never "
        "writes (an 'XML bomb')"
    ]


def test_an_xlsx_that_expands_past_the_limit_is_refused_before_it_is_parsed(tmp_path):
    """A zip bomb: 1 MB on disk, gigabytes once unzipped; refused from the zip's directory in milliseconds."""
    import tracemalloc

    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:  # the fastest to write
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            chunk = b"A" * 2**20
            for _ in range(150):  # 150 MB of text, about 700 KB zipped
                stream.write(chunk)
    tracemalloc.start()
    _, problems = load_observations([path])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(p) for p in problems] == [f"{path}: refused: it expands to 150 MB, over the limit of 100 MB: save only "
                                          "the sheet needed"]  # fmt: skip
    assert peak < 50 * 2**20


def test_a_file_expanding_far_more_than_excel_files_do_is_refused(tmp_path):
    path = tmp_path / "dense.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 20 * 2**20 + b"</a>")
    _, problems = load_observations([path])
    assert len(problems) == 1 and "'xl/worksheets/sheet1.xml' expands" in str(problems[0])


def test_exports_neutralise_formula_cells():
    text = csv_text(["a", "b"], [['=HYPERLINK("http://x")', "+1"], ["@SUM(A1)", "-2+3"], ["safe", -4.5]])
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"")",\'+1', "'@SUM(A1),'-2+3", "safe,-4.5"]


def test_scorecard_csv_neutralises_a_title_that_looks_like_a_formula(tmp_path):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    registry = root / "indicators" / "cl.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "title: Care leavers in custody", "title: \"=cmd|' /C calc'!A0\""), encoding="utf-8")  # fmt: skip
    loaded = load(load_project(root))
    from publisher.core.periods import Period
    from publisher.engine.scorecard import build_scorecard

    csv = scorecard_csv(build_scorecard(loaded.registry, loaded.inputs, Period.parse("Q2 2024-25")))
    assert "'=cmd" in csv and ",=cmd" not in csv


# -- 5. disclosure control: distinctive values searched for in every output ------------------------------


def outputs(tmp_path: Path, observations_text: str, audience: str = "public") -> str:
    root = tiny_project(tmp_path / "council", observations_text, audience=audience)
    result = build(root, tmp_path / "out")
    loaded = load(load_project(root))
    from publisher.core.periods import Period
    from publisher.engine.scorecard import build_scorecard

    scorecard = build_scorecard(loaded.registry, loaded.inputs, Period.parse("Q2 2024-25"), Audience(audience))
    return "\n".join([pdf_text(result.pdf), result.html.read_text(encoding="utf-8"), scorecard_csv(scorecard),
                      scorecard_json(scorecard)])  # fmt: skip


def test_primary_suppression_3_out_of_117_appears_nowhere(tmp_path):
    everything = outputs(tmp_path, default_observations(eet=3, leavers=117))
    assert "2.6%" not in everything and "3 / 117" not in everything and "2.564" not in everything
    assert "Suppressed" in everything


def test_complement_114_out_of_117_would_disclose_the_other_3(tmp_path):
    everything = outputs(tmp_path, default_observations(eet=70, in_touch=114, leavers=117))
    assert "97.4" not in everything and "114 / 117" not in everything


def test_a_small_count_is_withheld_in_headline_and_history(tmp_path):
    text = (months("eet", [70] * 6) + months("leavers", [117] * 6) + months("in_touch", [110] * 6)
            + months("custody", [0, 4, 0, 0, 2, 3]))  # fmt: skip
    root = tiny_project(tmp_path / "council", text)
    loaded = load(load_project(root))
    from publisher.core.periods import Period
    from publisher.engine.scorecard import build_scorecard

    scorecard = build_scorecard(loaded.registry, loaded.inputs, Period.parse("Q2 2024-25"))
    document = json.loads(scorecard_json(scorecard))
    custody = next(i for i in document["priorities"][0]["indicators"] if i["reference"] == "CL2")
    values = [custody["headline"]["value"]] + [p["value"] for p in custody["history"]]
    assert not any(v in (1, 2, 3, 4, 5) for v in values)
    assert [p["value"] for p in custody["history"] if p["status"] == "ok"][-3:] == [0.0, 0.0, 0.0]


def test_a_restricted_pack_shows_the_small_numbers(tmp_path):
    everything = outputs(tmp_path, default_observations(eet=3, leavers=117), audience="restricted")
    assert "2.6%" in everything and "3 / 117" in everything


def test_readiness_warns_about_small_numbers_in_public_commentary(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70),
                        commentary_file("Most are in work; the other 3 remained at home. Q3 will be 2.5% better."))  # fmt: skip
    assert main(["validate", "--project", str(root), "--period", "Q2 2024-25"]) == 0
    out = capsys.readouterr().out
    where = root / "commentary" / "2024-25-Q2.yaml"
    assert "Small numbers in commentary: 1" in out
    assert f"CL1: {where}:7: 'indicators.CL1.text': '3' (a count of 3): reword it, or add it to 'acknowledged'" in out


def test_small_numbers_in_words_and_fractions_are_reported_at_their_lines(tmp_path, capsys):
    text = "Three children ... two were placed.\nThe Welsh return shows 17/19 and 124/125.\nTwo reviews a year."
    commentary = commentary_file(text).replace("    text: |", "    acknowledged: [Two reviews a year]\n    text: |")
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary)
    assert main(["validate", "--project", str(root), "--period", "Q2 2024-25"]) == 0
    out = capsys.readouterr().out
    where = root / "commentary" / "2024-25-Q2.yaml"
    assert "Small numbers in commentary: 4" in out
    for line, phrase in ((8, "'Three'"), (8, "'two'"), (9, "'17/19' (17 of 19, leaving 2)"), (9, "'124/125'")):
        assert f"{where}:{line}: 'indicators.CL1.text': {phrase}" in out


def test_an_acknowledged_phrase_must_be_in_the_text(tmp_path, capsys):
    commentary = commentary_file("All reviewed.").replace("    text: |", "    acknowledged: [two reviews]\n    text: |")
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary)
    assert main(["validate", "--project", str(root), "--period", "Q2 2024-25"]) == 1
    assert "'acknowledged' phrases must be copied exactly from the text; not found: ['two reviews']" in (
        capsys.readouterr().err
    )


codes = st.sampled_from(["c", "x", "z", "-", ""])
cells = st.one_of(st.integers(min_value=0, max_value=40), codes)
MONTHS = [Period.parse("Oct 2023").shifted(n).label for n in range(12)]  # Oct 2023 .. Sep 2024
PERIODS = [Period.parse(label) for label in ("Q2 2024-25", "Sep 2024", "Q1 2024-25", "Aug 2024")]


def test_property_no_suppressed_number_reaches_any_figure():
    """Over random months of counts and codes, every window and unit: no figure shown rests on 1 to threshold.

    It also counts what it checked, so that it cannot pass by checking nothing (as it once did, when its data
    fell outside the periods it calculated).
    """
    seen: Counter[str] = Counter()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        numerators=st.lists(cells, min_size=12, max_size=12),
        extra=st.lists(st.integers(min_value=0, max_value=10), min_size=12, max_size=12),
        threshold=st.integers(min_value=0, max_value=6),
        window=st.sampled_from(["period", "rolling_6m", "snapshot", "ytd", "rolling_12m"]),
    )
    def check(numerators, extra, threshold, window):
        denominators = [(n if isinstance(n, int) else 0) + e for n, e in zip(numerators, extra, strict=True)]
        obs = observations({"num": dict(zip(MONTHS, numerators, strict=True)),
                            "den": dict(zip(MONTHS, denominators, strict=True))})  # fmt: skip
        calculator = Calculator(obs, population(**{"2023_24": 50_000, "2024_25": 50_000}))
        for unit in ("percentage", "count", "rate_per_10k"):
            calculation = {"numerator": "num", "window": window}
            if unit == "percentage":
                calculation["denominator"] = "den"
            if unit == "rate_per_10k":
                calculation["population"] = True
            ind = indicator(unit=unit, calculation=calculation, small_number_threshold=threshold)
            for period in PERIODS:
                figure = calculator.figure(ind, period)[0]
                seen[str(figure.status)] += 1
                if not figure.available:
                    assert figure.numerator is None and figure.value is None
                    continue
                parts = [figure.numerator] + ([figure.denominator, figure.denominator - figure.numerator]
                                              if unit == "percentage" else [])  # fmt: skip
                assert not any(p is not None and 1 <= p <= threshold for p in parts)

    check()
    assert seen["ok"] > 150 and seen["suppressed"] > 30, seen


# -- 6. resource limits ---------------------------------------------------------------------------------


def test_a_20000_row_data_file_loads_and_calculates(tmp_path):
    rows = [f"s{n % 400},{2020 + n // 400 // 12}-{n // 400 % 12 + 1:02d},{n % 97},\n" for n in range(20_000)]
    path = tmp_path / "big.csv"
    path.write_text("series,period,value,note\n" + "".join(rows), encoding="utf-8")
    loaded, problems = load_observations([path])
    assert problems == [] and len(loaded) == 20_000
    calculator = Calculator(loaded, population())
    from publisher.core.periods import Period

    ind = indicator(calculation={"numerator": "s7", "window": "rolling_12m"})
    assert calculator.figure(ind, Period.parse("Q3 2023-24"))[0].available


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels; no pixel data is ever made."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def test_a_logo_claiming_400_megapixels_is_refused_before_decoding(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "logo.png").write_bytes(png_header(20_000, 20_000))
    config = root / "publisher.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    assert main(["build", "--project", str(root), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "'logo':" in err and "logo.png" in err and "Traceback" not in err
    assert not list((tmp_path / "out").rglob("*.pdf"))


# -- errors a user can cause, each one clear message and exit 1 ------------------------------------------


def test_a_bad_publication_date_or_epoch_is_an_input_problem(monkeypatch, capsys):
    assert main(["publish", "--pack", "scrutiny-overview", "--date", "2026-13-01", "--output", "/nonexistent"]) == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert main(["build", "--pack", "scrutiny-overview", "--output", "/nonexistent"]) == 1
    err = capsys.readouterr().err
    assert "'--date': expected a date such as 2026-11-20, got '2026-13-01'" in err
    assert "'SOURCE_DATE_EPOCH': expected whole seconds since 1 January 1970, got 'abc'" in err


def test_a_template_syntax_error_names_the_file_and_line(tmp_path, capsys):
    root = tiny_project(
        tmp_path / "council", default_observations(), templates={"contents.html": "<nav>\n{% if %}</nav>"}
    )
    assert main(["build", "--project", str(root), "--output", str(tmp_path / "out")]) == 1
    assert re.search(r"contents\.html:2: template error", capsys.readouterr().err)


def test_a_runaway_csv_cell_and_deep_yaml_are_clear_errors(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text('series,period,value\neet,2024-09,"' + "x" * 1_100_000 + '"\n', encoding="utf-8")
    _, problems = load_observations([path])
    assert problems and "obs.csv:" in str(problems[0])
    from publisher.inputs.yamlfile import parse_yaml

    with pytest.raises(InputError, match="nested too deeply"):
        parse_yaml("a: " + "[" * 5000 + "]" * 5000, "deep.yaml")


def test_a_pack_whose_period_is_before_the_data_is_refused_without_a_period_option(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations())
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("Q2 2024-25", "Q1 2024-25"), encoding="utf-8")
    assert main(["build", "--project", str(root), "--output", str(tmp_path / "out")]) == 1
    assert "is after the reporting period being built (Q1 2024-25" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_corrupt_manifest_is_reported_by_verify_and_list(tmp_path, capsys):
    folder = tmp_path / "archive" / "board" / "2024-25-Q2" / "v1"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    assert main(["archive", "verify", "--output", str(tmp_path)]) == 1
    assert main(["archive", "list", "--output", str(tmp_path)]) == 0
    assert "no longer a readable manifest" in capsys.readouterr().out
