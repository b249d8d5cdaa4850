"""Benchmarks from the real DfE files in ../shared/data/dfe, against constants worked out independently.

The expected values were computed with a throwaway script using only the csv module and statistics.mean over
the raw files (not this code): the LA's value, the mean of its neighbours with a figure, the published region and
England values, and the band against QUARTILE.INC quartiles of all LAs with a figure that year.
"""


import datetime as dt

import pytest

from publisher.benchmarks import dfe
from publisher.benchmarks.importer import import_published
from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.figures import round_half_away
from publisher.core.resources import default_dir
from publisher.core.vocab import Comparator
from publisher.inputs.benchmarks import Neighbours, load_benchmarks
from publisher.inputs.registry import load_registry

from .dfe_files import DFE, DICTIONARY, LONG, NEEDS_DFE

pytestmark = NEEDS_DFE

SEFTON, CHESHIRE_EAST = 343, 895
# The files a council downloads to import the demo registry's benchmarks, beside LAIT's long extract.
DEMO_FILES = [str(DFE / name) for name in ("lait_data_dictionary.csv", "sn_april_2021.xlsx",
              "ees/d3_cpps_subsequent_plan_2013_to_2025.csv", "ees/la_care_leavers_activity.csv")]  # fmt: skip

# (measure, LA, LA value, SN mean, neighbours with a figure, region, England, band) for 2025, 2021 SN model
LAIT_2025 = [
    ("CIN", SEFTON, 471.0, 371.45, 10, 383.7, 330.3, "Higher"),
    ("CIN", CHESHIRE_EAST, 294.3, 301.97, 10, 383.7, 330.3, "Lower"),
    ("CPP_rate", SEFTON, 71.6, 45.05, 10, 50.9, 40.6, "Higher"),
    ("CPP_rate", CHESHIRE_EAST, 28.9, 38.38, 10, 50.9, 40.6, "Lower"),
    ("LAC", SEFTON, 92.0, 87.2, 10, 90.0, 67.0, "Higher"),
    ("LAC", CHESHIRE_EAST, 66.0, 61.7, 10, 90.0, 67.0, "In range"),
    ("ReReferral", SEFTON, 26.2, 22.31, 10, 21.7, 22.6, "Higher"),
    ("ReReferral", CHESHIRE_EAST, 15.8, 20.87, 10, 21.7, 22.6, "Lower"),
    ("CareLeaverEET", SEFTON, 59.0, 53.0, 10, 55.0, 54.0, "In range"),
    ("CareLeaverEET", CHESHIRE_EAST, 64.0, 56.2, 10, 55.0, 54.0, "Higher"),
    ("CareLeaverAcc", SEFTON, 98.0, 90.8, 10, 91.0, 89.0, "Higher"),
    ("CareLeaverAcc", CHESHIRE_EAST, 92.0, 87.375, 8, 91.0, 89.0, "In range"),
]
# (file, measure column, filters, LA, LA value, SN mean, n, region, England, band) for 2025, 2025 SN model
EES_2025 = [
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}, SEFTON, 25.4, 22.85, 10, 23.3, 24.5, "In range"),
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}, CHESHIRE_EAST, 24.7, 26.24, 10, 23.3, 24.5, "In range"),
    ("cla_number_and_rate_per_10k_children.csv", "rate_per_10000", {"population_type": "Children looked after on 31 March each year"}, SEFTON, 92.0, 104.0, 10, 90.0, 67.0, "Higher"),
    ("cla_number_and_rate_per_10k_children.csv", "rate_per_10000", {"population_type": "Children looked after on 31 March each year"}, CHESHIRE_EAST, 66.0, 60.2, 10, 90.0, 67.0, "In range"),
    ("la_care_leavers_activity.csv", "care_leaver_percent", {"care_leaver_age": "19 to 21 years", "breakdown": "Total in education, employment or training"}, SEFTON, 59.0, 53.3, 10, 55.0, 54.0, "In range"),
    ("la_care_leavers_activity.csv", "care_leaver_percent", {"care_leaver_age": "19 to 21 years", "breakdown": "Total in education, employment or training"}, CHESHIRE_EAST, 64.0, 54.6, 10, 55.0, 54.0, "Higher"),
]  # fmt: skip


@pytest.fixture(scope="module")
def lait():
    """The whole long extract, read once: every measure's rows go through the reader."""
    return dfe.read_lait(LONG, DICTIONARY)


@pytest.fixture(scope="module")
def model_2021():
    return dfe.read_neighbours(DFE / "sn_april_2021.xlsx")


@pytest.fixture(scope="module")
def model_2025():
    return dfe.read_neighbours(DFE / "ees" / "sn_model_2025_wide.csv")


@pytest.mark.parametrize(("measure", "la", "value", "sn", "n", "region", "england", "band"), LAIT_2025)
def test_lait_benchmarks_match_independent_figures(lait, model_2021, measure, la, value, sn, n, region, england, band):
    result = dfe.compare(lait[measure], la, model_2021, "2025")
    assert result.la.value == value and round(result.sn.value, 4) == sn and result.sn_count == n
    assert result.sn_of == 10
    assert (result.region.value, result.england.value, result.band) == (region, england, band)


@pytest.mark.parametrize(
    ("file", "measure", "filters", "la", "value", "sn", "n", "region", "england", "band"), EES_2025
)
def test_ees_benchmarks_match_independent_figures(
    model_2025, file, measure, filters, la, value, sn, n, region, england, band
):
    table = dfe.read_ees(DFE / "ees" / file, measure, filters)
    result = dfe.compare(table, la, model_2025, "2025")
    assert result.la.value == value and round(result.sn.value, 4) == sn and result.sn_count == n
    assert (result.region.value, result.england.value, result.band) == (region, england, band)


def test_sefton_2022_23_scorecard_re_referrals_row(lait, model_2021):
    # Sefton's published scorecard (data as at December 2023), "Latest published statistics (2022-23)":
    # re-referrals LA 27, SN 24, NW 22, England 22, "Higher" than the middle 50% of LAs. (LAIT's 26.5 shows
    # as 27 only when rounded half away from zero, as Excel and this tool do.)
    result = dfe.compare(lait["ReReferral"], SEFTON, model_2021, "2023")
    shown = [round_half_away(f.value, 0) for f in (result.la, result.sn, result.region, result.england)]
    assert shown == [27, 24, 22, 22] and result.band == "Higher"


def test_both_models_and_both_formats_agree(model_2021, model_2025):
    from_csv = dfe.read_neighbours(DFE / "ees" / "New_Statistical_Neighbour_Groupings_April_2021.csv").neighbours
    assert from_csv == {code: found for code, found in model_2021.neighbours.items() if found}
    assert dfe.read_neighbours(DFE / "sn_may_2025.xlsx").neighbours[SEFTON] == model_2025.neighbours[SEFTON]
    assert len(model_2021.neighbours[SEFTON]) == 10 and model_2021.neighbours[SEFTON][0][1] == "Very Close"


def test_lait_noise_and_codes_become_clean_figures():
    assert dfe.dfe_figure("512.20000000000005").value == 512.2
    assert dfe._la_number("343.0") == 343
    for code in ("c", "x", "z", "u", "k", "low", "-", ""):
        assert not dfe.dfe_figure(code).available and dfe.dfe_figure(code).note


def test_median_rank_and_quartile_method(lait, model_2021):
    result = dfe.compare(lait["ReReferral"], SEFTON, model_2021, "2025", polarity="low", average="median")
    # Sefton's ten 2021 neighbours in 2025, from the raw file: 13, 16.3, 19.7, 20.4, 22.2 | 23.1, 24.7, 26, 28.8,
    # 28.9; the median of ten is the mean of the middle two, (22.2 + 23.1) / 2 = 22.65 (the mean is 22.31).
    assert result.sn.value == pytest.approx(22.65) and result.sn_count == 10
    assert result.rank.endswith("of 153") and result.rank.startswith("139th")
    assert dfe._median([5.0, 1.0, 3.0]) == 3.0 and dfe._median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert dfe._quantile([1, 2, 3, 4], 0.25) == 1.75  # QUARTILE.INC({1,2,3,4},1)


def test_unknown_la_suggests_the_closest_names(model_2021):
    with pytest.raises(InputError, match="unknown local authority 'Sephton'; did you mean 'Sefton'"):
        dfe.find_la("Sephton", model_2021.names)


def test_a_file_in_an_unknown_layout_is_named(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("alpha,beta\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mystery\.csv:1: unknown layout"):
        dfe.detect_layout(path)


def test_a_measure_not_found_is_reported_per_indicator(tmp_path, long_cut):
    registry_dir = tmp_path / "indicators"
    registry_dir.mkdir()
    text = (default_dir("indicators") / "02-safeguarding.yaml").read_text(encoding="utf-8")
    (registry_dir / "02.yaml").write_text(text.replace("measure: CPP_rate", "measure: CPP_rat"), encoding="utf-8")
    files = [long_cut, DFE / "sn_april_2021.xlsx"]
    with pytest.raises(
        InputError, match=r"SG2\.11: published\.measure': measure 'CPP_rat' not found .*closest: CPP_rate"
    ):
        import_published(files, load_registry(registry_dir), "Sefton")


def test_import_command_writes_a_table_the_build_reads(tmp_path, capsys, long_cut):
    files = [str(long_cut), *DEMO_FILES]
    output = tmp_path / "benchmarks.csv"
    assert main(["benchmarks", "import", *files, "--la", "343", "--output", str(output)]) == 0
    registry = load_registry(default_dir("indicators"))
    table, problems = load_benchmarks(output, set(registry.by_reference))
    assert problems == []
    sn = table.by_reference["SG2.11"]["sn"]
    assert (sn.figure.value, sn.year) == (45.05, "2025")
    assert sn.neighbours == Neighbours(counted=10, of=10, model="2021", average="mean")
    band = table.by_reference["SG2.11"]["band"]
    assert band.text == "Higher"
    assert band.quartiles is not None and band.quartiles.lower < band.quartiles.upper < 45.05 * 2


def test_the_neighbour_count_is_printed_from_the_table_not_from_its_wording(tmp_path):
    """n=8/10 beside the SN average comes from the sn_count and sn_of columns; the note is free text."""
    from publisher.output.messages import default_messages
    from publisher.output.render import benchmark_cell

    path = tmp_path / "benchmarks.csv"
    path.write_text(
        "reference,comparator,year,value,source,note,sn_count,sn_of,sn_model,sn_average\n"
        "CP1.2,sn,2024-25,71.4,DfE,anything at all,8,10,2021,median\n"
        "CP1.3,sn,2024-25,31.2,DfE,mean of 8 of 10 neighbours (2021 model),10,10,2021,mean\n",
        encoding="utf-8",
    )
    table, problems = load_benchmarks(path, {"CP1.2", "CP1.3"})
    assert problems == []
    fewer, all_ten = table.by_reference["CP1.2"]["sn"], table.by_reference["CP1.3"]["sn"]
    assert fewer.neighbours == Neighbours(8, 10, "2021", "median")

    class Row:  # what the cell needs of a result row
        indicator = load_registry(default_dir("indicators")).by_reference["CP1.2"]

    words = default_messages().entries
    assert benchmark_cell(Row(), fewer, Comparator.SN, words)["neighbours"] == Neighbours(8, 10, "2021", "median")
    assert benchmark_cell(Row(), all_ten, Comparator.SN, words)["neighbours"] is None


def test_a_neighbour_count_that_is_not_a_count_is_refused(tmp_path):
    path = tmp_path / "benchmarks.csv"
    path.write_text("reference,comparator,year,value,source,sn_count,sn_of\nCP1.2,sn,2024-25,71.4,DfE,11,10\n")
    _, problems = load_benchmarks(path, {"CP1.2"})
    assert [str(p) for p in problems] == [
        f"{path}:2: 'sn_count': expected whole numbers with sn_count at most sn_of, got 11 and 10"
    ]


def test_the_demo_keeps_its_fictional_benchmarks(capsys):
    assert main(["benchmarks", "import", str(DFE / "sn_april_2021.xlsx"), "--la", "343"]) == 1
    assert "give --output" in capsys.readouterr().err


def test_a_project_pointed_at_real_benchmarks_shows_them_in_the_pack(tmp_path, capsys, long_cut):
    import html
    import re
    import shutil

    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_html

    shutil.copytree(default_dir("demo"), tmp_path / "demo")
    shutil.copytree(default_dir("indicators"), tmp_path / "indicators")
    project = tmp_path / "demo"
    assert main(["benchmarks", "import", str(long_cut), *DEMO_FILES, "--la", "Sefton", "--project", str(project)]) == 0
    loaded = load(load_project(project))
    pack = load_pack(project / "packs" / "safeguarding-partnership.yaml", loaded.registry)
    page = pack_html(loaded, pack, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "45.1" in text  # Sefton's SN mean CP plan rate, 45.05, shown to one decimal place
    assert "SN average: the mean of the ten statistical neighbours in DfE's 2021 model" in text


def test_filters_that_leave_several_rows_per_area_are_refused():
    with pytest.raises(InputError, match=r"more than one row per area and year; add filters for \(.*breakdown"):
        dfe.read_ees(
            DFE / "ees" / "la_care_leavers_activity.csv", "care_leaver_percent", {"care_leaver_age": "19 to 21 years"}
        )
