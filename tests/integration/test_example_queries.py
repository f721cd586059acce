"""Every example query in docs/queries/ runs against the warehouse built from the
bundled data and returns the shape (and figures) the docs promise."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.lib.warehouse import read_only
from pipelines.settings import PROJECT_ROOT

QUERIES = PROJECT_ROOT / "docs" / "queries"


def run(warehouse: Path, name: str):
    con = read_only(warehouse)
    try:
        rel = con.sql((QUERIES / name).read_text(encoding="utf-8"))
        return rel.columns, rel.fetchall()
    finally:
        con.close()


def test_every_query_file_has_a_test():
    tested = {"missions_below_ceiling.sql", "female_share_by_mission.sql", "female_share_by_country.sql",
              "training_per_quarter.sql", "fatalities_per_1000_police.sql", "goals_by_deadline.sql",
              # On the real files (the bundled data has no per-country or location files):
              # tests/integration/test_real_contributors_and_locations.py.
              "contributors_by_women_police.sql", "country_police_since_1990.sql",
              "police_locations_by_mission.sql", "police_in_peacekeeping_operations.sql",
              # tests/integration/test_real_radpko.py.
              "women_police_by_year_radpko.sql"}
    assert {p.name for p in QUERIES.glob("*.sql")} == tested


def test_missions_below_ceiling(bundled_warehouse):
    columns, rows = run(bundled_warehouse, "missions_below_ceiling.sql")
    assert columns == ["mission", "month", "police_deployed", "authorized_police", "shortfall",
                       "shortfall_share", "ceiling_set_by"]
    # August 2014, ceilings of S/RES/2063, 2100 and 2070; largest shortfall first.
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("UNAMID", 3073, 4690, 1617, 0.345),
        ("MINUSMA", 974, 1440, 466, 0.324),
        ("MINUSTAH", 2377, 2601, 224, 0.086),
    ]


def test_female_share_by_mission(bundled_warehouse):
    columns, rows = run(bundled_warehouse, "female_share_by_mission.sql")
    assert columns == ["mission", "year", "as_of_month", "female_share_ipo", "female_share_fpu",
                       "female_share_police", "target_ipo", "ipo_target_met"]
    assert len(rows) == 6
    unamid_2014 = next(r for r in rows if r[0] == "UNAMID" and r[1] == 2014)
    assert unamid_2014[3] == 0.237 and unamid_2014[6] == 0.2 and unamid_2014[7] is True
    assert [r[0] for r in rows if r[7]] == ["UNAMID"]


def test_female_share_by_country(bundled_warehouse):
    columns, rows = run(bundled_warehouse, "female_share_by_country.sql")
    assert columns == ["contributing_country_iso3", "country_name", "year", "ipo_deployed", "female_share_ipo",
                       "fpu_deployed", "female_share_fpu", "target_ipo", "ipo_target_met"]
    assert len(rows) == 136
    by_year = {}
    for r in rows:
        by_year.setdefault(r[2], []).append(r)
    assert {y: sum(r[3] or 0 for r in rs) for y, rs in by_year.items()} == {2013: 3224, 2014: 2178}
    bfa_2013 = next(r for r in rows if r[0] == "BFA" and r[2] == 2013)
    assert bfa_2013[1:7] == ("Burkina Faso", 2013, 88, 0.307, 140, 0.029)


def test_training_per_quarter(bundled_warehouse):
    columns, rows = run(bundled_warehouse, "training_per_quarter.sql")
    assert columns == ["mission", "year_quarter", "entries", "trainees", "trainees_female", "source_kinds"]
    # The two MINUSMA figures of SC/13056 (24,000 and 1,385 trained).
    assert rows == [("MINUSMA", "2017-Q4", 2, 25385, None, "reported_figure")]


@pytest.mark.slow
def test_fatalities_per_1000_police(real_warehouse):
    # The bundled data hold no fatality records or mission totals: the real files do.
    columns, rows = run(real_warehouse, "fatalities_per_1000_police.sql")
    assert columns == ["mission", "year", "police_fatalities", "avg_police", "months_reported",
                       "fatalities_per_1000_police"]
    assert rows
    # avg_police is shown rounded to a whole officer (up to 0.5 off) and the
    # rate to 2 decimals (up to 0.005 off): allow for both roundings.
    assert all(abs(r[5] - 1000.0 * r[2] / r[3]) <= 500.0 * r[2] / (r[3] * (r[3] - 0.5)) + 0.005 + 1e-9 for r in rows)
    # MINUSTAH 2010, the year of the Haiti earthquake: 18 UN police died, of 2,721 on average.
    assert next(r for r in rows if r[:2] == ("MINUSTAH", 2010)) == ("MINUSTAH", 2010, 18, 2721.0, 12, 6.61)


def test_police_in_peacekeeping_operations(real_warehouse):
    columns, rows = run(real_warehouse, "police_in_peacekeeping_operations.sql")
    assert columns == ["month", "police_pko", "police_all_missions", "police_not_pko"]
    assert len(rows) == 8
    by_month = {r[0].isoformat(): r[1:] for r in rows}
    # IPI's system total counts the special political missions' police; ALL_PKO does not.
    assert by_month["2014-03-01"] == (12_094, 12_099, "UNAMA 2, UNAMI 3")
    assert by_month["2017-03-01"] == (11_944, 11_963, "UNAMA 5, UNSOM 14")
    assert all(pko + sum(int(part.split()[-1]) for part in (other or "").split(", ") if part) == total
               for pko, total, other in by_month.values())


def test_goals_by_deadline(bundled_warehouse):
    columns, rows = run(bundled_warehouse, "goals_by_deadline.sql")
    assert columns == ["benchmark_id", "mission", "deadline", "figure_month", "measured", "target", "status",
                       "later_month", "later_measured", "later_status"]
    ipo = {r[1]: (r[3], r[4], r[6], r[7], r[8], r[9]) for r in rows if r[0] == "female_share_ipo_20pct_by_2014"}
    # IPI's August 2014 rows by the 2014 deadline; S/2020/223, SC/13056 and S/2020/890 after it.
    assert ipo["MINUSMA"] == (date(2014, 8, 1), 0.089, "not met by deadline", date(2020, 3, 1), 0.265, "met later")
    assert ipo["UNAMID"] == (date(2014, 8, 1), 0.237, "met by deadline", date(2017, 11, 1), 0.2, "met later")
    assert ipo["UNMISS"] == (date(2014, 12, 1), None, "no data by deadline", date(2020, 9, 1), 0.301, "met later")
    assert {r[6] for r in rows} <= {"met by deadline", "not met by deadline", "no data by deadline"}
