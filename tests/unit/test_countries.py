"""Country names and codes to ISO 3166 alpha-3: the library, the overrides, no guesses."""

import polars as pl
import pytest

from pipelines.lib.countries import resolve, resolve_frame


@pytest.mark.parametrize(
    ("name", "code", "iso3", "method"),
    [
        ("Bangladesh'", "BGD'", "BGD", "published_code"),        # IPI stray apostrophes
        ("Côte d'Ivoire", None, "CIV", "exact"),
        ("Cote d Ivoire", None, "CIV", "fuzzy"),                  # IPI spelling: visible as fuzzy
        ("Tanzania, United Republic of", None, "TZA", "exact"),
        ("The former Yugoslav Republic o", None, "MKD", "override"),  # truncated in Gender.Full
        ("Serbia and Montenegro", "SCG", "SCG", "override"),     # withdrawn code, not guessed as SRB
        ("ZZ [Undetermined]", None, None, "undetermined"),
        ("Atlantis", None, None, "unmapped"),
        ("Atlantis", "XXX", None, "unmapped"),
        # Issue 13: a valid code is checked against the name beside it.
        ("Senegal", "SEN", "SEN", "published_code"),
        ("Mali", "SEN", "SEN", "code_name_mismatch"),
        ('=HYPERLINK("http://x","Senegal")', "SEN", "SEN", "code_name_mismatch"),
        ("Senegal" * 700_000, "SEN", "SEN", "code_name_mismatch"),  # ~5 million characters
        ("ZZ [Undetermined]", "SEN", "SEN", "published_code"),
        (None, "FRA", "FRA", "published_code"),
    ],
)
def test_resolve(name, code, iso3, method):
    m = resolve(name, code)
    assert (m.iso3, m.method) == (iso3, method)


def test_resolve_frame_matches_resolve_row_by_row():
    names = ["Bangladesh", "Cote d Ivoire", "Atlantis", None, "ZZ [Undetermined]", "Senegal", "Turkey", "Mali", "Mali"]
    codes = ["BGD", None, "XXX", "FRA", None, "bad", None, "SEN", "MLI"]
    out = resolve_frame(pl.DataFrame({"n": names, "c": codes}), "n", "c")
    expected = [resolve(n, c) for n, c in zip(names, codes)]
    assert out["country_iso3"].to_list() == [m.iso3 for m in expected]
    assert out["country_match"].to_list() == [m.method for m in expected]


def test_staffing_contract_names_the_mismatch_as_its_own_reject():
    from schemas.staffing import StaffingRecord
    from tests.validated import rule_columns

    assert rule_columns(StaffingRecord)["country_code_matches_name"] == "country_raw"
