"""The scorecard as a spreadsheet, read back with openpyxl and compared with the scorecard the pack shows."""

import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from publisher.core.figures import Status, round_half_away
from publisher.core.vocab import Audience
from publisher.engine.rules import Rating
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_scorecard, pack_xlsx
from publisher.output.messages import Messages, default_messages
from publisher.output.render import pack_points, same_figure
from publisher.output.spreadsheet import DEFAULT_COLOURS, rag_colours, scorecard_xlsx
from publisher.output.words import rating_word

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def board():
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    scorecard = pack_scorecard(loaded, pack)
    return loaded, pack, scorecard, pack_xlsx(loaded, pack, BUILT_AT, scorecard)


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows_by_reference(book) -> dict[str, dict[str, object]]:
    """Every indicator row of every sheet but the summary, as {heading: cell}."""
    found = {}
    for sheet in book.worksheets[1:]:
        headings = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            found[row[0].value] = dict(zip(headings, row, strict=True))
    return found


def test_a_summary_then_a_sheet_per_priority_with_frozen_headings_and_filters(board):
    _, _, scorecard, data = board
    book = read(data)
    assert book.sheetnames == ["Summary", "Priority 1 - Being a good corpo", "Priority 3 - Preparing care lea"]
    for sheet, section in zip(book.worksheets[1:], scorecard.sections, strict=True):
        assert sheet.freeze_panes == "C2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{len(section.rows) + 1}"
        assert [c.value for c in sheet["A"][1:]] == [row.indicator.reference for row in section.rows]
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == ["Section", "Sheet", "Green", "Amber", "Red", "Not rated", "Indicators"]
    assert [c.value for c in summary[2]][2:] == [8, 6, 6, 0, 20]  # hand-counted from the pack's at-a-glance page
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:G3"


def test_the_columns_are_the_packs(board):
    _, _, _, data = board
    headings = [cell.value for cell in read(data).worksheets[1][1]]
    assert headings == [
        "Ref", "Indicator", "Key", "Polarity", "Unit", "Data period",
        "Q2 2025-26", "Q3 2025-26", "Q4 2025-26", "Q1 2026-27", "Q2 2026-27", "Target",
        "RAG", "RAG explanation", "Direction of travel", "Direction explanation",
        "Variation (SPC)", "Assurance (SPC)", "SPC: why no icons", "SPC mean", "SPC lower limit", "SPC upper limit",
        "SN average", "SN average year", "England", "England year", "Middle 50%", "Middle 50% year",
        "Lead officer", "Info available from", "Commentary", "Commentary by", "Date",
    ]  # fmt: skip


def test_hand_checked_figures_are_numbers_with_the_packs_decimals(board):
    _, _, _, data = board
    rows = rows_by_reference(read(data))
    cp14 = rows["CP1.4"]  # the pack: 9.8% (45 / 458), target 9.0%, Amber, Worsening; SN 10.6% and England 10.0%
    assert (cp14["Q2 2026-27"].value, cp14["Q2 2026-27"].number_format) == (9.8, '#,##0.0"%"')
    assert (cp14["Target"].value, cp14["Target"].number_format) == (9.0, '#,##0.0"%"')
    assert (cp14["RAG"].value, cp14["Direction of travel"].value) == ("Amber", "Worsening")
    assert (cp14["SN average"].value, cp14["SN average year"].value, cp14["England"].value) == (10.6, "2024-25", 10.0)
    cp11 = rows["CP1.1"]  # a count with a target range: 458, "400-450"
    assert (cp11["Q2 2026-27"].value, cp11["Q2 2026-27"].number_format, cp11["Target"].value) == (458, "#,##0", "400-450")
    assert rows["CP1.2"]["Middle 50%"].value == "In range"
    assert cp14["Commentary"].value.startswith("The proportion of children with three or more placements")
    assert cp14["Date"].value == dt.datetime(2026, 10, 12)


def test_every_figure_is_the_one_the_pack_shows(board):
    _, pack, scorecard, data = board
    rows, status = rows_by_reference(read(data)), default_messages().entries["status"]
    for result in scorecard.rows:
        cells = rows[result.indicator.reference]
        for label, point in pack_points(result, pack.definition.columns, default_messages().entries):
            figure = point.figure
            expected = round_half_away(figure.value, result.indicator.decimals) if figure.available else status[figure.status]
            if same_figure(result, point):  # an annual figure printed once, in the reporting period's column
                expected = "Same figure"
            assert cells[label].value == expected, (result.indicator.reference, label)
        assert cells["RAG"].value == rating_word(result.rag, default_messages().entries)


def test_a_withheld_figure_is_the_packs_word_never_the_value(board):
    loaded, pack, scorecard, data = board
    withheld = next(r for r in scorecard.rows if r.headline.status is Status.SUPPRESSED)
    cell = rows_by_reference(read(data))[withheld.indicator.reference][pack.period.label]
    assert (cell.value, cell.data_type) == ("Suppressed", "s")
    restricted = dataclasses.replace(pack, definition=pack.definition.model_copy(
        update={"audience": Audience.RESTRICTED, "marking": "OFFICIAL-SENSITIVE"}))  # fmt: skip
    shown = next(r for r in pack_scorecard(loaded, restricted).rows if r.indicator == withheld.indicator)
    assert shown.headline.available  # the restricted pack has the value the public one withholds
    again = rows_by_reference(read(pack_xlsx(loaded, restricted, BUILT_AT, pack_scorecard(loaded, restricted))))
    assert again[withheld.indicator.reference][pack.period.label].value == shown.headline.value


def test_each_rag_cell_is_filled_with_the_packs_colour(board):
    _, _, scorecard, data = board
    rows = rows_by_reference(read(data))
    for result in scorecard.rows:
        cell = rows[result.indicator.reference]["RAG"]
        background, ink = DEFAULT_COLOURS[result.rag.rating]
        assert cell.fill.fgColor.rgb[-6:] == background and cell.font.color.rgb[-6:] == ink and cell.font.bold


def test_a_councils_theme_colours_reach_the_spreadsheet():
    colours = rag_colours(":root { --red-bg: #123456; --red-ink: #fedcba; --green-bg: rgb(0 0 0); }")
    assert colours[Rating.RED] == ("123456", "FEDCBA")
    assert colours[Rating.GREEN] == DEFAULT_COLOURS[Rating.GREEN]  # not #rrggbb: the default stays


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"])
def test_text_that_looks_like_a_formula_stays_text(board, text):
    _, pack, scorecard, _ = board
    first = scorecard.sections[0].rows[0]
    commentary = first.commentary.model_copy(update={"text": text})
    changed = dataclasses.replace(first, indicator=first.indicator.model_copy(update={"title": text}),
                                  commentary=commentary)  # fmt: skip
    section = dataclasses.replace(scorecard.sections[0], rows=(changed, *scorecard.sections[0].rows[1:]))
    data = scorecard_xlsx(dataclasses.replace(scorecard, sections=(section, *scorecard.sections[1:])), pack, BUILT_AT,
                          DEFAULT_COLOURS, default_messages())  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)  # no formula anywhere
    cells = rows_by_reference(read(data))[first.indicator.reference]
    for heading in ("Indicator", "Commentary"):
        assert (cells[heading].value, cells[heading].data_type, cells[heading].quotePrefix) == (text, "s", True)


def test_the_same_scorecard_and_date_give_the_same_bytes(board):
    loaded, pack, scorecard, data = board
    assert pack_xlsx(loaded, pack, BUILT_AT, scorecard) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # never the clock
    book = read(data)
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 11, 20, 9, 0)
    later = pack_xlsx(loaded, pack, BUILT_AT + dt.timedelta(days=1), scorecard)
    assert later != data


def test_a_councils_own_wording_reaches_the_spreadsheet(board):
    _, pack, scorecard, _ = board
    words = default_messages().entries
    welsh = Messages({**words, "rag": {**words["rag"], "green": "Gwyrdd"},
                      "table": {**words["table"], "target": "Targed"}})  # fmt: skip
    book = read(scorecard_xlsx(scorecard, pack, BUILT_AT, DEFAULT_COLOURS, welsh))
    assert "Targed" in [cell.value for cell in book.worksheets[1][1]]
    assert "Gwyrdd" in [cell.value for cell in book["Summary"][1]]
    assert "Gwyrdd" in [cell.value for cell in book.worksheets[1]["M"]] and "Green" not in [
        cell.value for cell in book.worksheets[1]["M"]]  # fmt: skip


def test_sheet_names_keep_excels_rules_whatever_a_council_titles_its_priorities():
    from types import SimpleNamespace

    from publisher.output.spreadsheet import sheet_titles

    titled = [SimpleNamespace(priority=SimpleNamespace(title=t)) for t in
              ["'Summary'", "Help: [children]?", "🙂" * 20, "x" * 40, "X" * 40, "", "'"]]  # fmt: skip
    names = sheet_titles(titled, "Summary")
    assert names == ["Summary", "Summary 2", "Help   children", "🙂" * 15, "x" * 31, "X" * 29 + " 2", "Section 6",
                     "Section 7"]  # fmt: skip
    assert all(len(n.encode("utf-16-le")) <= 62 for n in names)  # Excel counts an emoji as two characters
    book = read(_workbook_named(names))
    assert book.sheetnames == names


def _workbook_named(names):
    import xlsxwriter

    written = io.BytesIO()
    book = xlsxwriter.Workbook(written, {"in_memory": True})
    for name in names:
        book.add_worksheet(name)  # XlsxWriter refuses any name Excel would
    book.close()
    return written.getvalue()
