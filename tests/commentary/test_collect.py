"""The commentary round end to end: forms made, filled with openpyxl as an officer would (and re-saved), collected
into the period's file, approved, and built into the pack."""

import shutil

import openpyxl
import pytest

from publisher.cli import main
from publisher.commentary.formrecord import FORM_SHEET

from ..formkit import BOARD, board_forms, collect, copy_forms, demo_copy, fill, row_of
from ..shared import pdf_pages

EET = "Fewer care leavers aged 17 to 18 are in education or training after the summer; a plan is agreed with colleges."


def commentary_file(project):
    return project / "commentary" / "2026-27-Q2.yaml"


def test_a_filled_form_is_collected_built_into_the_pdf_under_its_indicator_with_officer_and_date(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    before = commentary_file(project).read_text(encoding="utf-8")
    fill(forms["megan-price"], {"CL3.1": EET})
    assert collect(project, *forms.values()) == 0
    out = capsys.readouterr().out
    assert "new: CL3.1 (Megan Price" in out and "1 new, 0 changed" in out
    after = commentary_file(project).read_text(encoding="utf-8")
    assert after.startswith(before)  # CL3.1 had none: added at the end, every other byte kept
    assert after[len(before):] == f"  CL3.1:\n    author: Megan Price, Head of Service, Leaving Care\n    date: 2026-10-20\n    text: |\n      {EET}\n"
    scrutiny = project / "packs" / "scrutiny-overview.yaml"
    every_care_leavers_row = {"key_indicators_only: true": "key_indicators_only: false",  # CL3.1 is not a key one
                              "  - priority: corporate-parenting\n  - priority: safeguarding\n": ""}  # fmt: skip
    text = scrutiny.read_text()
    for old, new in every_care_leavers_row.items():
        assert old in text
        text = text.replace(old, new)
    scrutiny.write_text(text)
    assert main(["-q", "build", "--project", str(project), "--pack", "scrutiny-overview", "--output",
                 str(tmp_path / "built")]) == 0  # fmt: skip
    pdf = next((tmp_path / "built").rglob("*.pdf"))
    text = " ".join(" ".join(page.split()) for page in pdf_pages(pdf))
    row = text.index("CL3.1 Number of care leavers")
    assert text.index("Fewer care leavers aged 17 to 18 are in education", row) < text.index("CL3.2", row)
    assert "Megan Price, Head of Service, Leaving Care, 20 October 2026" in text[row : text.index("CL3.2", row)]


def test_a_changed_text_replaces_the_old_and_clears_the_sections_approval(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    assert main(["commentary", "approve", "--project", str(project), "--pack", BOARD, "--priority", "care-leavers",
                 "--by", "Amira Shah", "--date", "2026-10-25"]) == 0  # fmt: skip
    assert "approvals:\n  care-leavers:\n    by: Amira Shah\n    date: 2026-10-25\n" in commentary_file(project).read_text()
    fill(forms["amira-shah"], {"care-leavers": "A new overview: colons, **bold** and\n\n- a list"})
    assert collect(project, forms["amira-shah"]) == 0
    out = capsys.readouterr().out
    assert "changed: care-leavers" in out
    assert "approval of 'care-leavers' by Amira Shah on 2026-10-25 cleared: its commentary changed" in out
    text = commentary_file(project).read_text()
    assert text.endswith("approvals: {}\n") and "by: Amira Shah" not in text
    assert "A new overview: colons, **bold** and\n\n      - a list\n" in text
    assert main(["commentary", "status", "--project", str(project), "--pack", BOARD]) == 0
    assert "priority care-leavers: section not approved" in capsys.readouterr().out


def test_hand_edits_after_approval_lapse_it_and_publish_refuses_without_allow_unapproved(tmp_path, capsys):
    project = demo_copy(tmp_path)
    for priority in ("corporate-parenting", "care-leavers"):
        assert main(["-q", "commentary", "approve", "--project", str(project), "--pack", BOARD, "--priority", priority,
                     "--by", "Helen Marsh", "--date", "2026-10-25"]) == 0  # fmt: skip
    path = commentary_file(project)
    path.write_text(path.read_text().replace("The survey results will be published", "Survey results come out"))
    assert main(["publish", "--project", str(project), "--pack", BOARD, "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "'approvals.care-leavers': Not approved: the commentary changed after Helen Marsh approved it" in err
    assert "approvals.corporate-parenting" not in err
    assert not (tmp_path / "o").exists()


def test_text_changed_in_the_file_since_the_form_was_made_is_a_conflict_until_replace(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    path = commentary_file(project)
    path.write_text(path.read_text().replace("The results of the first care leavers' survey", "Edited by hand: the"))
    before = path.read_bytes()
    fill(forms["kelly-marsden"], {"CL3.11": "The survey results are out and were shared with young people first."})
    assert collect(project, forms["kelly-marsden"]) == 1
    err = capsys.readouterr().err
    assert "'indicators.CL3.11': changed in the commentary file since the form was made; collect with --replace" in err
    assert "In the file: \"Edited by hand: the will be published" in err
    assert "In the form: 'The survey results are out" in err
    assert path.read_bytes() == before
    assert collect(project, forms["kelly-marsden"], extra=("--replace",)) == 0
    assert "The survey results are out" in path.read_text()


def test_two_forms_with_text_for_one_indicator_are_both_named_and_nothing_is_written(tmp_path, tmp_path_factory, capsys):
    project, base = demo_copy(tmp_path), tmp_path_factory.getbasetemp()
    board = copy_forms(base, tmp_path / "board")
    scrutiny = copy_forms(base, tmp_path / "scrutiny", "scrutiny-overview")
    first = fill(board["megan-price"], {"CL3.2": EET})
    second = fill(scrutiny["megan-price"], {"CL3.2": EET + " Another version."})
    before = commentary_file(project).read_bytes()
    assert collect(project, first, second) == 1
    err = capsys.readouterr().err
    assert f"{first} [Commentary!Q" in err and f"{second} [Commentary!" in err and "in 2 forms: keep one" in err
    assert commentary_file(project).read_bytes() == before


def test_forms_for_another_period_pack_or_project_are_refused_by_name(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    pack = project / "packs" / f"{BOARD}.yaml"
    pack.write_text(pack.read_text().replace("period: Q2 2026-27", "period: Q3 2026-27"))
    assert collect(project, forms["megan-price"]) == 1
    assert "a form for Q2 2026-27, but corporate-parenting-board is now for Q3 2026-27" in capsys.readouterr().err
    pack.write_text(pack.read_text().replace("period: Q3 2026-27", "period: Q2 2026-27"))
    (project / "packs" / f"{BOARD}.yaml").rename(project / "packs" / "board.yaml")
    assert collect(project, forms["megan-price"]) == 1
    assert "a form for pack 'corporate-parenting-board', which this project does not have" in capsys.readouterr().err
    config = project / "publisher.yaml"
    config.write_text(config.read_text().replace("Northbridge Borough Council", "Southbridge Council"))
    assert collect(project, forms["megan-price"]) == 1
    assert "a form for 'Northbridge Borough Council', not this project ('Southbridge Council')" in capsys.readouterr().err


def test_a_form_made_before_the_figures_changed_is_collected_with_a_warning_naming_the_rows(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    registry = tmp_path / "indicators" / "03-care-leavers.yaml"
    text = registry.read_text()
    registry.write_text(text.replace("Q1: 64, Q2: 60,", "Q1: 64, Q2: 61,"))
    fill(forms["megan-price"], {"CL3.1": EET})
    assert collect(project, forms["megan-price"]) == 0
    out = capsys.readouterr().out
    assert "megan-price.xlsx: made before the figures changed for CL3.4; collected, but check the text" in out
    assert "new: CL3.1" in out


def test_a_form_renamed_with_rows_inserted_is_still_read(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    form = forms["megan-price"]
    book = openpyxl.load_workbook(form)
    sheet = book[FORM_SHEET]
    sheet.insert_rows(9, 2)
    sheet["B9"] = "a note the officer added"
    sheet.cell(row_of(sheet, "CL3.1"), sheet.max_column, EET)
    renamed = tmp_path / "Megan's commentary (final) v2.xlsx"
    book.save(renamed)
    assert collect(project, renamed) == 0
    assert "new: CL3.1" in capsys.readouterr().out


def test_status_lists_what_each_officer_owes_as_a_table_and_as_csv(tmp_path, capsys):
    project = demo_copy(tmp_path)
    assert main(["commentary", "status", "--project", str(project), "--pack", BOARD]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["officer", "required", "missing", "unconfirmed", "unchanged", "short",
                                           "colour", "small", "unapproved", "total"]  # fmt: skip
    assert "Megan Price:\n  CL3.1: missing" in out
    assert main(["commentary", "status", "--project", str(project), "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "officer,reference,title,owed,detail"
    assert any(line.startswith("Megan Price,CL3.1,") and ",missing," in line for line in lines)


def test_status_lists_every_small_number_in_commentary_under_its_officer(tmp_path, capsys):
    project = demo_copy(tmp_path)
    with commentary_file(project).open("a", encoding="utf-8") as file:
        file.write("  CL3.1:\n    author: Megan Price\n    date: 2026-10-14\n"
                   "    text: One was placed out of area. Both were remanded.\n")  # fmt: skip
    assert main(["commentary", "status", "--project", str(project), "--pack", BOARD]) == 0
    out = capsys.readouterr().out
    mine = out[out.index("Megan Price:\n") :]
    assert "CL3.1: states a small number (line " in mine
    assert "'One was' (a count of 1)" in mine and "'Both were' (a count of 2)" in mine  # each flag, not one a row
    assert main(["commentary", "status", "--project", str(project), "--csv"]) == 0
    flags = [line for line in capsys.readouterr().out.splitlines() if "states a small number" in line]
    assert len(flags) == 2 and all(line.startswith("Megan Price,CL3.1,") for line in flags)


def test_required_commentary_missing_stops_a_final_publish(tmp_path, capsys):
    project = demo_copy(tmp_path)
    pack = project / "packs" / f"{BOARD}.yaml"
    pack.write_text(pack.read_text() + "commentary:\n  required: [always]\n")
    assert main(["publish", "--project", str(project), "--pack", BOARD, "--allow-unapproved",
                 "--output", str(tmp_path / "o")]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "'indicators.CL3.1': commentary is required" in err and "but there is none for Q2 2026-27" in err
    shutil.rmtree(tmp_path / "o", ignore_errors=True)


def test_a_file_changed_while_collect_ran_is_not_overwritten(tmp_path):
    from publisher.commentary.collect import save
    from publisher.core.errors import InputError

    path = commentary_file(demo_copy(tmp_path))
    read = path.read_text(encoding="utf-8")
    path.write_text(read + "# an edit made meanwhile\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed while this command ran"):
        save(path.parent, {path: read + "indicators: {}\n"}, {path: read})
    assert path.read_text(encoding="utf-8").endswith("# an edit made meanwhile\n")


def test_a_forged_record_naming_an_unknown_reference_is_refused(tmp_path, tmp_path_factory, capsys):
    from publisher.commentary.formrecord import RECORD_SHEET, checksum

    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    form = forms["megan-price"]
    book = openpyxl.load_workbook(form)
    record, sheet = book[RECORD_SHEET], book[FORM_SHEET]
    record["B8"] = sheet["A8"] = "CL9.9"  # a reference this project does not have, checksum recomputed
    cells = [["" if c.value is None else str(c.value) for c in row] for row in record.iter_rows(min_row=2)]
    record["B1"] = checksum([row[:2] for row in cells[:6]] + [row[:5] for row in cells[6:]])
    sheet["Q8"] = EET
    book.save(form)
    assert collect(project, form) == 1
    assert "'CL9.9': 'CL9.9' is not one of this project's indicators" in capsys.readouterr().err


def test_the_cover_and_each_section_show_the_sign_off(small_demo):
    import datetime as dt

    from publisher.inputs.load import load
    from publisher.inputs.packs import find_pack, load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html

    project = small_demo  # the sign-off is per section: its key indicators are rows enough
    assert main(["-q", "commentary", "approve", "--project", str(project), "--pack", BOARD, "--priority",
                 "care-leavers", "--by", "Amira Shah", "--date", "2026-10-25"]) == 0  # fmt: skip
    loaded = load(load_project(project))
    pack = load_pack(find_pack(loaded.project.packs_dir, BOARD), loaded.registry)
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    draft = pack_html(loaded, pack, when)
    assert "Priority 3 - Preparing care leavers for adulthood: Approved by Amira Shah on 25 October 2026" in draft
    assert '<p class="signoff">Sign-off: Approved by Amira Shah on 25 October 2026</p>' in draft
    assert '<p class="signoff">Sign-off: Not approved</p>' in draft  # corporate parenting
    assert "Published without the approval of" not in draft  # a draft is not published
    final = pack_html(loaded, pack, when, draft=False)
    assert ("Published without the approval of Priority 1 - Being a good corporate parent (publish "
            "--allow-unapproved)") in final  # fmt: skip
