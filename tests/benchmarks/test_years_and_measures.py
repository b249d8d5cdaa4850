"""Years labelled as the statistic's own, DfE's codes kept as written, a year per indicator, and the search for a
LAIT measure code, against the real DfE files in ../shared/data/dfe.

Expected values were read from the raw files with the csv module (not this code): LAIT's data dictionary gives
ReReferral and CareLeavers_LA_NotInTouch the Year_Type "Financial Year" and CPP_rate and CIN "Annual"; in the
long extract for "2023", ReReferral is Sefton 26.5, North West 22.4, England 22.4, and CareLeavers_LA_NotInTouch
is Sefton "-", North West 4, England 4; CPP_rate for "2024" is Sefton 51.3, North West 48.5, England 41.4.
"""

import csv
import io
from pathlib import Path

import pytest

from publisher.benchmarks import dfe
from publisher.benchmarks.dictionary import MeasureInfo, pick_year, read_dictionary, search, year_label
from publisher.benchmarks.importer import import_published
from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.figures import Status
from publisher.core.resources import default_dir
from publisher.inputs.benchmarks import load_benchmarks
from publisher.inputs.registry import load_registry
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from .dfe_files import DFE, DICTIONARY, LONG, NEEDS_DFE

WORDS = default_messages().entries  # publisher's catalogue: a code's meaning in its words

pytestmark = NEEDS_DFE
SEFTON = 343


@pytest.mark.parametrize(
    ("written", "year_type", "label"),
    [
        ("2023", "Financial Year", "2022-23"),
        ("2023", "Academic Year", "2022-23"),
        ("2000", "Financial Year", "1999-00"),
        ("2023", "Calendar Year", "2023"),
        ("2025", "Annual", "2025"),  # a count at 31 March: the year as written
        ("2022/23", "Academic Year", "2022-23"),
        ("2023-24 (OT)", "Financial Year", "2023-24"),
        ("2025 (prov)", "Academic Year", "2024-25"),
        ("2014-16", "Calendar Year", "2014-16"),  # a three-year span stays as written
        ("2013/14-15/16", "Financial Year", "2013/14-15/16"),
    ],
)
def test_years_are_labelled_as_the_statistics_own(written, year_type, label):
    assert year_label(written, year_type) == label


def test_ees_years():
    assert (dfe._ees_year("202223"), dfe._ees_year("2025")) == ("2022-23", "2025")


def test_a_year_is_found_in_any_of_the_notations_read():
    spans = ["2021-22", "2022-23"]
    for wanted in ("2022-23", "2022/23", "2022 / 23", "2022-2023", "2023"):
        assert pick_year(wanted, spans) == "2022-23"
    assert pick_year("2023", ["2022", "2023"]) == "2023"  # a calendar year is itself
    assert pick_year("2030", spans) is None and pick_year("2023-24", ["2024"]) is None


@pytest.fixture(scope="module")
def lait(long_cut):
    return dfe.read_lait(long_cut, DICTIONARY)


def test_a_financial_year_measure_is_labelled_2022_23_and_keeps_dfe_dash(lait):
    model = dfe.read_neighbours(DFE / "ees" / "sn_model_2025_wide.csv")
    result = dfe.compare(lait["CareLeavers_LA_NotInTouch"], SEFTON, model, "2022/23")
    assert result.year == "2022-23"
    assert result.written == {"la": "-"} and not result.la.available
    assert (result.region.value, result.england.value) == (4.0, 4.0)
    assert dfe.compare(lait["ReReferral"], SEFTON, model).year == "2024-25"  # the latest, labelled
    assert dfe.compare(lait["CPP_rate"], SEFTON, model).year == "2025"  # "Annual": as written


def _registry(tmp_path: Path, replacements: dict[str, str]):
    folder = tmp_path / "indicators"
    folder.mkdir()
    text = (default_dir("indicators") / "02-safeguarding.yaml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    (folder / "02.yaml").write_text(text, encoding="utf-8")
    return load_registry(folder)


def test_each_indicator_may_name_its_own_year_and_codes_are_kept(tmp_path, long_cut):
    registry = _registry(
        tmp_path,
        {
            "measure: ReReferral}": 'measure: ReReferral, year: "2022/23"}',
            "{source: ees, file: d3_cpps_subsequent_plan_2013_to_2025.csv, measure: CPP_subsequent_percent}": (
                "{source: lait, measure: CareLeavers_LA_NotInTouch, year: 2023}"
            ),
        },
    )
    files = [long_cut, DICTIONARY, DFE / "sn_april_2021.xlsx"]
    text, name = import_published(files, registry, "Sefton", year="2024")
    rows = {(r["reference"], r["comparator"]): r for r in csv.DictReader(io.StringIO(text))}
    assert name == "Sefton"
    # published: year 2022/23 (LAIT's "2023" of a financial-year measure)
    assert [rows["SG2.3", c]["year"] for c in ("la_published", "region", "england")] == ["2022-23"] * 3
    assert [rows["SG2.3", c]["value"] for c in ("la_published", "region", "england")] == ["26.5", "22.4", "22.4"]
    # no year of its own: --year 2024 ("Annual", so labelled as written)
    assert (rows["SG2.11", "la_published"]["year"], rows["SG2.11", "la_published"]["value"]) == ("2024", "51.3")
    assert (rows["SG2.11", "region"]["value"], rows["SG2.11", "england"]["value"]) == ("48.5", "41.4")
    # DfE's "-" is kept as written, not turned into "x" (a lone dash cannot be taken for a formula)
    assert rows["SG2.12", "la_published"]["value"] == "-" and rows["SG2.12", "la_published"]["year"] == "2022-23"
    assert (rows["SG2.12", "region"]["value"], rows["SG2.12", "england"]["value"]) == ("4.0", "4.0")

    path = tmp_path / "benchmarks.csv"
    path.write_text(text, encoding="utf-8")
    table, problems = load_benchmarks(path, set(registry.by_reference))
    assert problems == []
    own = table.by_reference["SG2.12"]["la_published"].figure
    assert own is not None and (own.status, phrase(own.note, WORDS)) == (Status.MISSING, "no figure published (-)")


def test_a_year_the_measure_does_not_have_lists_the_years_published(tmp_path, long_cut):
    registry = _registry(tmp_path, {"measure: ReReferral}": "measure: ReReferral, year: 2030}"})
    files = [long_cut, DICTIONARY, DFE / "sn_april_2021.xlsx", DFE / "ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv"]
    with pytest.raises(InputError) as raised:
        import_published(files, registry, "Sefton", year="2031")
    messages = [str(p) for p in raised.value.problems]
    assert any(
        "'SG2.3: published.year': ReReferral has no year '2030'" in m
        and m.endswith("years published: 2015-16, 2016-17, 2017-18, 2018-19, 2019-20, 2020-21, 2021-22, 2022-23, "
                       "2023-24, 2024-25")
        for m in messages
    )  # fmt: skip
    assert any("'SG2.11: --year': CPP_rate has no year '2031'" in m and "2016, 2017" in m for m in messages)


def test_a_published_year_that_is_not_a_year_is_refused(tmp_path):
    with pytest.raises(InputError, match="expected a published year such as 2023, 2022-23 or 2022/23, got 'latest'"):
        _registry(tmp_path, {"measure: ReReferral}": "measure: ReReferral, year: latest}"})


def test_measures_search_finds_a_code_with_polarity_and_years(capsys):
    words = ["care", "leavers", "NOT", "in", "touch"]
    assert main(["benchmarks", "measures", *words, "--files", str(DICTIONARY), str(LONG)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0] == "CareLeavers_LA_NotInTouch: Care Leavers - Local authority not in touch (%) [Children Looked After]"
    )
    assert lines[1] == "    polarity Low; Financial Year; published 2015-16 to 2024-25"


def test_measures_search_without_the_long_extract_and_by_code(capsys):
    assert main(["benchmarks", "measures", "cpp_rate", "--files", str(DICTIONARY)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("CPP_rate: ") and "years not known" in lines[1]


def test_measures_search_reads_lait_files_in_the_current_folder_by_default(capsys, monkeypatch):
    monkeypatch.chdir(DFE)
    assert main(["benchmarks", "measures", "ReReferral"]) == 0
    assert "ReReferral: " in capsys.readouterr().out


def test_measures_ranked_by_words_matched():
    def measure(code: str, title: str) -> MeasureInfo:
        return MeasureInfo(code, title, ("Topic",), "High", None, "Financial Year")

    found = search([measure("B", "one two"), measure("A", "one"), measure("C", "one two three")], ["ONE", "three"])
    assert [(f.info.code, f.matched) for f in found] == [("C", 2), ("A", 1), ("B", 1)]


def test_measures_search_errors(capsys):
    assert main(["benchmarks", "measures", "zebra", "giraffe", "--files", str(DICTIONARY)]) == 1
    assert "no LAIT measure's code, title or topic contains any of: zebra giraffe" in capsys.readouterr().err
    assert main(["benchmarks", "measures", "rate", "--files", str(DFE / "sn_april_2021.xlsx")]) == 1
    assert "expected LAIT's data dictionary (lait_data_dictionary.csv) among the files" in capsys.readouterr().err


def _one_indicator(tmp_path: Path, published: str):
    """A registry of one indicator naming (or not) a DfE measure, and no list of benchmarks."""
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "01.yaml").write_text(f"""\
priority: {{id: safeguarding, title: Safeguarding, order: 1}}
indicators:
  - reference: CP1
    title: Children on a child protection plan (rate per 10,000)
    unit: rate_per_10k
    polarity: none
    frequency: monthly
    calculation: {{value: cp_rate, window: snapshot}}
    {published}
""", encoding="utf-8")  # fmt: skip
    return load_registry(folder)


@pytest.mark.parametrize("year", ["2022-23", "2022/23", "2023"])
def test_an_annual_measure_takes_the_year_as_a_scorecard_prints_it_and_every_comparator(tmp_path, year, long_cut):
    registry = _one_indicator(tmp_path, "published: {source: lait, measure: CPP_rate}")
    text, _ = import_published([long_cut, DICTIONARY, DFE / "sn_april_2021.xlsx"], registry, "Sefton", year=year)
    rows = {r["comparator"]: r for r in csv.DictReader(io.StringIO(text))}
    # CPP_rate is "Annual" (at 31 March): 2022-23 is LAIT's "2023", Sefton 62.1 (read from the long extract)
    assert (rows["la_published"]["year"], rows["la_published"]["value"]) == ("2023", "62.1")
    # no list: every comparator DfE's figures give (no rank: neither the measure nor the indicator has a polarity)
    assert set(rows) == {"la_published", "sn", "region", "england", "band"}


def test_a_span_finds_the_year_it_ends_only_for_a_count_at_31_march():
    assert pick_year("2022-23", ["2022", "2023"], at_year_end=True) == "2023"
    assert pick_year("2022-23", ["2022", "2023"]) is None  # a calendar year 2023 is not 2022-23


def test_an_import_with_nothing_to_import_is_an_error_and_writes_nothing(tmp_path, capsys, long_cut):
    _one_indicator(tmp_path, "")
    (tmp_path / "publisher.yaml").write_text("council: Sefton\nregistry: indicators\nobservations: []\n"
                                             "benchmarks: data/benchmarks.csv\n", encoding="utf-8")  # fmt: skip
    code = main(["benchmarks", "import", str(long_cut), str(DICTIONARY), str(DFE / "sn_april_2021.xlsx"), "--la", "Sefton",
                 "--project", str(tmp_path)])  # fmt: skip
    assert code == 1 and not (tmp_path / "data" / "benchmarks.csv").exists()
    assert "expected one or more indicators naming a DfE measure with 'published: {source: lait, measure: CODE}'" in (
        capsys.readouterr().err)


@pytest.mark.parametrize(("words", "code"), [(["teeth", "dentist"], "LACDental%"), (["NEET"], "16-17 NEET"),
                                             (["locum", "social", "workers"], "Work_Force_Agecy_Rate")])  # fmt: skip
def test_measures_are_found_by_the_words_officers_use(words, code):
    assert code in [f.info.code for f in search(read_dictionary(DICTIONARY).values(), words)[:3]]
