"""Layers 1-2 for the mission strength and fatality domains: tiny files in the
published layouts through the domain specs (parse, normalise, validate,
de-duplicate, ledger), without Dagster."""

from datetime import date

import polars as pl
import pytest

from pipelines.defs.fatalities import parser as incidents
from pipelines.defs.mission_strength import parser as strength
from pipelines.lib.files import sha256_of
from pipelines.lib.formats import detect
from pipelines.lib.ingest.spec import InboxFile
from schemas._checks import KEY_IS_UNIQUE
from tests.conftest import ingest

KNOWN = ["MINUSMA", "UNMIK", "UNOCI", "UNFICYP"]

MISSION_HEADER = ('"Date","Mission","Country of Mission","Country of Mission ISO-3","Mission HQ",'
                  '"Number of Contributors","Troops","Police","Observers","Total"\n')
SYSTEM_HEADER = ('"Date","Number of Contributors","Troop Contributions","Police Contributions",'
                 '"EOM Contributions","Total Contributions"\n')
ODP_HEADER = ("\ufeffCasualty_ID,Incident_Date,Mission_Acronym,Type_of_Casualty,Casualty_Nationality,M49_Code,"
              "ISOCode3,Casualty_Personnel_Type,Type_Of_Incident\r\n")
PSDATA_HEADER = ("id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
                 "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\n")


def _ingest(spec, tmp_path, files: dict[str, str]):
    inbox = []
    for name, text in files.items():
        p = tmp_path / name
        p.write_bytes(text.encode("utf-8"))
        inbox.append(InboxFile(name, p, detect(p).format, sha256_of(p)))
    return ingest(spec, inbox, "t")


def test_mission_totals_unpivot_by_category_and_na_is_no_record(tmp_path):
    r = _ingest(strength.spec(KNOWN), tmp_path, {"m.csv": MISSION_HEADER
        + '2005-05-31,"ONUCI","Cote d Ivoire","CIV","Abidjan",40,6000,NA,200,6200\n'
        + '2005-05-31,"UNFICYP","Cyprus","CYP","Nicosia",8,850,69,NA,919\n'})
    got = r.records.sort("mission", "category").select("mission", "mission_published", "category", "personnel",
                                                       "contributors", "host_country_iso3").rows()
    assert got == [
        ("UNFICYP", "UNFICYP", "police", 69, 8, "CYP"), ("UNFICYP", "UNFICYP", "total", 919, 8, "CYP"),
        ("UNFICYP", "UNFICYP", "troops", 850, 8, "CYP"),
        ("UNOCI", "ONUCI", "observers", 200, 40, "CIV"), ("UNOCI", "ONUCI", "total", 6200, 40, "CIV"),
        ("UNOCI", "ONUCI", "troops", 6000, 40, "CIV"),
    ]
    assert r.records["month"].unique().to_list() == [date(2005, 5, 1)]
    assert r.ledger.select("rows_read", "rows_loaded", "rows_rejected").row(0) == (2, 2, 0)


def test_system_totals_keep_a_published_zero(tmp_path):
    r = _ingest(strength.spec(KNOWN), tmp_path, {"s.csv": SYSTEM_HEADER + "1990-11-30,46,10285,44,0,10329\n"})
    assert dict(r.records.select("category", "personnel").rows()) == {
        "troops": 10285, "police": 44, "observers": 0, "total": 10329}
    assert r.records["mission"].unique().to_list() == ["ALL"]
    assert r.records["host_country_iso3"].is_null().all()


def test_strength_bad_rows_are_rejected_with_the_published_column(tmp_path):
    r = _ingest(strength.spec(KNOWN), tmp_path, {"m.csv": MISSION_HEADER
        + '2014-03-31,"UNFICYP","Cyprus","CYP","Nicosia",8,850,x,NA,919\n'
        + '2014-03-31,"ATLANTIS","Cyprus","CYP","Nicosia",8,850,69,NA,919\n'
        + '2014-02-30,"UNFICYP","Cyprus","CYP","Nicosia",8,850,69,NA,919\n'})
    rejects = set(r.rejects.select("source_row", "column_name", "rule", "value").rows())
    assert (1, "personnel", "personnel_is_whole_number", "x") in rejects
    assert (2, "Mission", "mission_is_known", "ATLANTIS") in rejects
    assert (3, "Date", "date_is_valid", "2014-02-30") in rejects
    assert r.ledger.select("rows_read", "rows_loaded", "rows_rejected").row(0) == (3, 0, 3)


def _odp(*rows: str) -> str:
    return ODP_HEADER + "\r\n".join(rows)  # no newline after the last row, as published


def _psdata(*rows: str) -> str:
    return PSDATA_HEADER + "".join(r + "\n" for r in rows)


def test_fatalities_both_schemas_same_record(tmp_path):
    r = _ingest(incidents.spec(KNOWN), tmp_path, {
        "old.csv": _odp("MINUSMA-2014-01-00001,2014-01-05,MINUSMA,Fatality,Chad,148,TCD,Military,Malicious Act"),
        "new.csv": _psdata("1,2014-01-05,MINUSMA-2014-01-00001,MINUSMA,Fatality,M,Chad,Military,Malicious Act,148.0,TCD,2025-04-04"),
    })
    assert r.records.height == 1
    rec = r.records.row(0, named=True)
    assert (rec["source_file"], rec["gender"], rec["m49_code"], rec["personnel_type"]) == ("new.csv", "M", 148, "MIL")
    ledger = {row["source_file"]: row for row in r.ledger.iter_rows(named=True)}
    assert ledger["old.csv"]["rows_duplicate"] == 1 and ledger["old.csv"]["records_duplicate"] == 1
    assert ledger["new.csv"]["rows_loaded"] == 1


def test_a_revised_record_in_the_newer_release_supersedes_the_older(tmp_path):
    r = _ingest(incidents.spec(KNOWN), tmp_path, {
        "new.csv": _psdata("1,2014-01-05,MINUSMA-2014-01-00001,MINUSMA,Fatality,M,Chad,Military,Malicious Act,148.0,TCD,2025-04-04"),
        "old.csv": _odp("MINUSMA-2014-01-00001,2014-01-05,MINUSMA,Fatality,Chad,148,TCD,Military,To Be Determined"),
    })
    assert r.records["incident_type"].to_list() == ["Malicious Act"]
    old = r.ledger.filter(pl.col("source_file") == "old.csv").row(0, named=True)
    assert old["records_superseded"] == 1 and old["rows_duplicate"] == 1


@pytest.mark.parametrize(
    ("nationality", "code", "iso3", "match"),
    [
        ("ZZ [Undetermined]", "", None, "undetermined"),
        ("", "", None, "not_stated"),
        ("Côte dIvoire", "", "CIV", "fuzzy"),
        ("Serbia and Montenegro", "SCG", "SCG", "override"),
        ("France", "FRA", "FRA", "published_code"),
    ],
)
def test_nationality_without_a_code_keeps_the_fatality(tmp_path, nationality, code, iso3, match):
    r = _ingest(incidents.spec(KNOWN), tmp_path, {"f.csv": _psdata(
        f"1,2004-09-08,UNMIK-2004-09-04435,UNMIK,Fatality,M,{nationality},Local ,Accident,,{code},2025-04-04")})
    assert r.records.select("nationality_iso3", "nationality_match", "personnel_type",
                            "personnel_type_published").rows() == [(iso3, match, "LOC", "Local ")]


def test_fatality_bad_values_are_rejected(tmp_path):
    r = _ingest(incidents.spec(KNOWN), tmp_path, {"f.csv": _psdata(
        "1,2004-09-08,UNMIK-1,UNMIK,Fatality,M,Atlantis,Military,Accident,,,2025-04-04",
        "2,2004-09-08,UNMIK-2,UNMIK,Fatality,M,France,Astronaut,Accident,250.0,FRA,2025-04-04",
        "3,2004-09-08,UNMIK-3,UNMIK,Fatality,X,France,Military,Accident,250.0,FRA,2025-04-04",
        "4,2004-09-08,UNMIK-4,UNMIK,Injury,M,France,Military,Accident,250.0,FRA,2025-04-04",
        "5,2004-09-08,UNMIK-5,UNMIK,Fatality,M,Montenegro,Local ,Accident,499.0,MNE,2025-04-04",
        "6,2004-09-08,UNMIK-5,UNMIK,Fatality,M,Serbia and Montenegro,Local ,Accident,891.0,SCG,2025-04-04",
        "7,2004-09-08,UNMIK-7,UNMIK,Fatality,,France,Police,Illness,250.0,FRA,2025-04-04",
    )})
    rejects = set(r.rejects.select("source_row", "column_name", "rule", "value").rows())
    assert (1, "casualty_nationality", "nationality_maps_to_iso3", "Atlantis") in rejects
    assert (2, "casualty_personnel_type", "personnel_type_is_known", "Astronaut") in rejects
    assert (3, "gender", "gender_is_known", "X") in rejects
    assert (4, "type_of_casualty", "casualty_is_fatality", "Injury") in rejects
    # The same casualty_id twice in one file with another nationality: a
    # conflict the ingest finds (no model sees both rows), under the rule name
    # the contracts declare for it.
    assert {(row, col, rule) for row, col, rule, _ in rejects if rule == KEY_IS_UNIQUE} == {
        (5, "casualty_id", KEY_IS_UNIQUE), (6, "casualty_id", KEY_IS_UNIQUE)}
    assert r.records.select("casualty_id", "gender", "is_police" if "is_police" in r.records.columns
                            else "personnel_type").rows() == [("UNMIK-7", None, "POL")]
