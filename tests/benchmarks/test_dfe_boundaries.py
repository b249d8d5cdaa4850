"""Neighbour averaging, bands and ranks that a mutation run of benchmarks/dfe.py (mutmut 3.8.1) found untested.

Each test names the surviving mutant(s) it kills as `kills: <mutant id>`. They build a small table and
neighbour model by hand (no files) and go through the public `dfe.compare`; the values are worked by hand
(quartiles as Excel's QUARTILE.INC).
"""

import pandas as pd
import pytest

from publisher.benchmarks import dfe
from publisher.core.errors import InputError
from publisher.core.figures import Status


def table(values, year="2024", decimals=None, extra_rows=(), region="33", england="31"):
    """One measure: LAs numbered from 1 with the given raw values, all in the North West, plus the region
    and England rows for ``year``."""
    rows = [(year, "la", code, f"LA {code}", "North West", str(raw)) for code, raw in values.items()]
    rows += [(year, "region", None, "North West", "", region), (year, "england", None, "England", "", england)]
    rows += list(extra_rows)
    frame = pd.DataFrame(rows, columns=["year", "level", "la_code", "area", "region", "raw"])
    return dfe.MeasureTable("src.csv", "M", "Measure", None, decimals, frame)


def model(neighbours):
    return dfe.NeighbourModel("2021", {la: tuple((n, "Close") for n in ns) for la, ns in neighbours.items()}, {}, "m")


FIVE = {1: 10, 2: 20, 3: 30, 4: 40, 5: 50}


def test_a_value_on_a_quartile_is_in_range():
    # QUARTILE.INC of 10..50: lower 20, upper 40 (exact ranks). 20 and 40 are "In range"; 10 lower, 50 higher.
    # kills: publisher.benchmarks.dfe.x__band__mutmut_14 (own < lower -> <=: 20 "Lower")
    # kills: publisher.benchmarks.dfe.x__band__mutmut_20 (own > upper -> >=: 40 "Higher")
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_125 (lower_quartile not passed on)
    sn = model({})
    bands = {la: dfe.compare(table(FIVE), la, sn).band for la in FIVE}
    assert bands == {1: "Lower", 2: "In range", 3: "In range", 4: "In range", 5: "Higher"}
    result = dfe.compare(table(FIVE), 3, sn)
    assert (result.lower_quartile, result.upper_quartile) == (20.0, 40.0)


def test_four_las_are_enough_for_quartiles():
    # 1, 2, 3, 4: lower 1.75, upper 3.25 (QUARTILE.INC); 4 is above the upper quartile.
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_116 (>= 4 -> > 4), _117 (>= 5): no quartiles for 4 LAs
    # kills: publisher.benchmarks.dfe.x__quantile__mutmut_17 (len - 1 -> len - 2: upper quartile 3.0)
    result = dfe.compare(table({1: 1, 2: 2, 3: 3, 4: 4}), 4, model({}))
    assert (result.lower_quartile, result.upper_quartile, result.band) == (1.75, 3.25, "Higher")


def test_fewer_than_four_las_have_no_quartiles_and_no_band():
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_105 (`len(published) >= 4` -> `or True`)
    # kills: publisher.benchmarks.dfe.x__band__mutmut_8 ("" -> "XXXX")
    result = dfe.compare(table({1: 1, 2: 2, 3: 3}), 1, model({}))
    assert (result.lower_quartile, result.upper_quartile, result.band) == (None, None, "")


def test_median_of_an_even_number_of_neighbours():
    # Neighbours 2..5 have 1, 2, 4, 8: median (2 + 4) / 2 = 3.0; the mean would be 3.75.
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_94 (always the mean)
    # kills: publisher.benchmarks.dfe.x__median__mutmut_5 (// 3), _7 (`or True`), _8 (/ 2), _9 (% 3), _10 (* 2),
    #        _11 (minus), _12 (middle + 1), _13 (middle - 2), _14 (/ 3)
    values = {1: 100, 2: 1, 3: 2, 4: 4, 5: 8}
    result = dfe.compare(table(values), 1, model({1: [2, 3, 4, 5]}), average="median")
    assert (result.sn.value, result.sn_count, result.sn_of) == (3.0, 4, 4)


def test_median_of_an_odd_number_of_neighbours():
    # Neighbours 2..6 have 1, 2, 4, 8, 16: median 4.0; the mean would be 6.2.
    # kills: publisher.benchmarks.dfe.x__median__mutmut_6 (`len % 2` -> `and False`: (2 + 4) / 2 = 3.0), _5 (// 3: 2.0)
    values = {1: 100, 2: 1, 3: 2, 4: 4, 5: 8, 6: 16}
    result = dfe.compare(table(values), 1, model({1: [2, 3, 4, 5, 6]}), average="median")
    assert result.sn.value == 4.0


@pytest.mark.parametrize(("polarity", "rank"), [("high", "2nd of 5"), ("low", "4th of 5"), (None, "")])
def test_rank_by_polarity(polarity, rank):
    # LA 4 has 40 of 10..50: one LA is higher (50), three are lower. No polarity, no rank.
    # kills: publisher.benchmarks.dfe.x__rank__mutmut_6, _7 ("high" not accepted: no rank)
    # kills: publisher.benchmarks.dfe.x__rank__mutmut_14, _18, _19 (high ranked as low: "4th of 5")
    # kills: publisher.benchmarks.dfe.x__rank__mutmut_16 (v > own -> v >= own: the LA beats itself, "3rd of 5")
    # kills: publisher.benchmarks.dfe.x__rank__mutmut_1 (`or polarity not in` -> `and`: a rank without polarity)
    #        (reported by mutmut as a timeout; run alone it survives the existing tests)
    # kills: publisher.benchmarks.dfe.x__rank__mutmut_10 ("" -> "XXXX")
    assert dfe.compare(table(FIVE), 4, model({}), polarity=polarity).rank == rank


def test_the_default_year_is_the_las_own_latest_year():
    # LA 6 has a 2023 figure only; other LAs have 2024 too. The comparison is for 2023.
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_6 (`&` -> `|`), _14 (`==` -> `!=`): latest year of all LAs
    extra = [("2023", "la", code, f"LA {code}", "North West", "5") for code in (1, 2, 3, 4, 6)]
    result = dfe.compare(table(FIVE, extra_rows=extra), 6, model({}))
    assert (result.year, result.la.value) == ("2023", 5.0)


def test_an_la_not_in_the_measure_is_refused():
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_6, _14 (other LAs' rows taken as this LA's: no error)
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_15, _16, _17, _18, _19, _20, _21, _22 (the problem's file, field, message)
    with pytest.raises(InputError, match=r"^src\.csv: 'M': no figure for LA 999 in this measure$"):
        dfe.compare(table(FIVE), 999, model({}))


def test_an_la_without_a_figure_in_the_year_asked_for():
    # LA 6 has only a 2023 row; asked for 2024 its own figure, band and rank are empty and the region unknown.
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_57, _59 (own = None: AttributeError), _60 (status None), _61 (note)
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_66 (region looked up anyway: IndexError), _75 (region name "XXXX")
    extra = [("2023", "la", 6, "LA 6", "North West", "5")]
    result = dfe.compare(table(FIVE, extra_rows=extra), 6, model({}), year="2024", polarity="high")
    assert (result.la.status, result.la.note) == (Status.MISSING, "no 2024 figure")
    assert (result.band, result.rank) == ("", "")
    assert (result.region.status, result.region.note) == (Status.MISSING, "no published figure for the region")


def test_an_la_not_in_the_neighbour_model_has_no_neighbour_average():
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_78, _80 (neighbours.get(la, None): TypeError)
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_84 (sn None), _85 (status None), _86, _89, _90 (note)
    result = dfe.compare(table(FIVE), 1, model({2: [3, 4]}))
    assert (result.sn.status, result.sn.note) == (Status.MISSING, "no neighbour has a figure")
    assert (result.sn_count, result.sn_of) == (0, 0)


def test_published_values_are_rounded_to_the_measures_decimal_places():
    # One decimal place: 12.34 -> 12.3, the region's 33.37 -> 33.4, England's 31.04 -> 31.0.
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_4 (decimals = None), _41, _43 (LA values not rounded)
    # kills: publisher.benchmarks.dfe.x_compare__mutmut_143 (region not rounded), _153 (England not rounded)
    values = {1: "12.34", 2: "20", 3: "30", 4: "40"}
    result = dfe.compare(table(values, decimals=1, region="33.37", england="31.04"), 1, model({}))
    assert (result.la.value, result.region.value, result.england.value) == (12.3, 33.4, 31.0)
