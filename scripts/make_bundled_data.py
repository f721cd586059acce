#!/usr/bin/env python3
"""Generate the bundled sample inputs and reference seeds from real public data.

Over 400 lines on purpose: a one-off generator whose length is the citations
(every row it writes carries its source), not logic.

Every number written by this script is carried over from a real public source
with a citation on the row; nothing is invented. The shared sources are only
read (default ``../shared`` next to the repository root, or ``--shared``), and
no shared file is copied into the repository.

Outputs (paths relative to the repository root):

``data/inbox/staffing_police_2013-09_2014-08.csv``
    UN police (Individual Police, Formed Police Units) per contributing country
    for MINUSMA, MINUSTAH and UNAMID, month-ends 2013-09 .. 2014-08, unpivoted
    from the IPI Peacekeeping Database wide file
    ``ipi_contributions_gender_monthly/full_gender_data_2014-10-21_dirty.csv``
    (IPI, from UN DPKO monthly contribution reports) into the UN open-data long
    layout (``Contribution_ID, ISOCode3, ...``). ``Source_Row`` is the 1-based
    data-row number in that file (header excluded).
``data/inbox/staffing_police_odp_lowercase_sample.csv``
    The same facts for MINUSMA 2013-08 only, in the newer lower-case layout of
    the UN Peace and Security Data Hub (dates ``DD/MM/YYYY``).
``data/inbox/police_ceilings.xlsx``
    Police ceilings as adopted in Security Council resolutions (a fixed list of
    facts, see ``CEILINGS``); two are confirmed by the Secretary-General's
    reports quoted in ``shared/DOMAIN.md`` and one by the 2017 briefing text.
``data/inbox/reported_figures.csv``
    One row per number of the two figure tables of ``shared/DOMAIN.md``; each
    is checked at run time against ``shared/sources/SC-13056-resolution-2382.txt``
    (briefing and resolution) or against the DOMAIN.md table line that cites the
    Secretary-General's report / Police Division statement.
``warehouse/seeds/missions.csv`` and ``warehouse/seeds/mission_aliases.csv``
    Mission dimension seed: every mission acronym seen in the UN mission list
    (``un_pko_missions``), the IPI mission totals, the IPI gender files and the
    UN fatality files; names and dates from the UN list, host country from IPI.

Run from the repository root::

    .venv/bin/python scripts/make_bundled_data.py [--shared ../shared]

The output is byte-for-byte deterministic (fixed ordering, fixed workbook
timestamp). The process exits with status 1 if the built-in sanity check of
the staffing file against the clean IPI file finds a difference.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

REPO_ROOT = Path(__file__).resolve().parent.parent

# --- source file names (relative to <shared>/data/real) ----------------------
GENDER_DIR = "ipi_contributions_gender_monthly"
DIRTY_FILE = "full_gender_data_2014-10-21_dirty.csv"
CLEAN_FILE = "full_gender_data_2014-10-29.csv"
MISSION_TOTALS = "ipi_mission_totals_monthly/data_mission_1990-2017.csv"
PKO_LIST = "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv"
FATALITY_DIR = "un_fatalities"
SOURCE_TEXT = "sources/SC-13056-resolution-2382.txt"
DOMAIN_NOTES = "DOMAIN.md"

IPI_DATASET = "IPI Peacekeeping Database (from UN DPKO monthly contribution reports)"

# --- staffing extract scope ---------------------------------------------------
STAFFING_MISSIONS = ("MINUSMA", "MINUSTAH", "UNAMID")
STAFFING_FIRST_MONTH = "2013-09-30"
STAFFING_LAST_MONTH = "2014-08-31"
SAMPLE_MISSION = "MINUSMA"
SAMPLE_MONTH = "2013-08-31"  # deliberately outside the main file's range
SANITY_MONTH = "2014-03-31"  # the only month both IPI file versions share with our range

# IPI column prefix -> UN open-data Personnel_Type label. Order fixes row order.
POLICE_TYPES: tuple[tuple[str, str], ...] = (
    ("Individual_Police", "Individual Police"),
    ("Formed_Police_Units", "Formed Police Units"),
)

UPPER_HEADER = [
    "Contribution_ID", "ISOCode3", "M49_Code", "Contributing_Country",
    "Mission_Acronym", "Personnel_Type", "Female_Personnel", "Male_Personnel",
    "Last_Reporting_Date", "Source_Dataset", "Source_File", "Source_Row",
]
LOWER_HEADER = [h.lower() for h in UPPER_HEADER]

# English abbreviations written out so the output never depends on the locale.
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# =============================================================================
# small helpers
# =============================================================================
def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and data rows; utf-8-sig because one fatality file has a BOM."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """UTF-8 without BOM, LF endings, minimal quoting: stable bytes across runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            n += 1
    return n


def strip_apostrophe(value: str) -> str:
    # IPI's newer months carry one stray trailing "'" on string fields
    # (PROVENANCE.md of ipi_contributions_gender_monthly); nothing else is touched.
    return value[:-1] if value.endswith("'") else value


def un_odp_date(iso: str) -> str:
    """2014-08-31 -> 31-Aug-14, the way the UN open-data file writes dates."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}-{MONTH_ABBR[d.month - 1]}-{d.year % 100:02d}"


def psdata_date(iso: str) -> str:
    """2013-08-31 -> 31/08/2013, the day-first form of the newer releases."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def count_or_none(value: str) -> int | None:
    return None if value == "NA" else int(value)


# =============================================================================
# 1. staffing files
# =============================================================================
@dataclass(frozen=True)
class IpiRow:
    source_row: int  # 1-based data-row number in the file, header excluded
    values: dict[str, str]


def load_ipi_detail_rows(path: Path) -> list[IpiRow]:
    """Cleaned IPI detail rows, first occurrence of each exact duplicate kept.

    Apostrophes are stripped before comparing rows so that the duplicate test
    sees the published facts, and total rows (``all``) are dropped because they
    would double count.
    """
    header, data = read_csv(path)
    seen: set[tuple[str, ...]] = set()
    out: list[IpiRow] = []
    for number, raw in enumerate(data, start=1):
        cleaned = tuple(strip_apostrophe(v) for v in raw)
        if cleaned in seen:
            continue
        seen.add(cleaned)
        values = dict(zip(header, cleaned))
        if "all" in (values["Contributor"], values["Contributor_ISO-3"], values["Mission"]):
            continue
        out.append(IpiRow(number, values))
    return out


@dataclass(frozen=True)
class StaffingFact:
    date: str
    iso3: str
    country: str
    mission: str
    personnel_type: str
    female: int | None
    male: int | None
    source_row: int


def police_facts(rows: Iterable[IpiRow], missions: Sequence[str],
                 first: str, last: str) -> list[StaffingFact]:
    facts: list[StaffingFact] = []
    for row in rows:
        v = row.values
        if v["Mission"] not in missions or not first <= v["Date"] <= last:
            continue
        for prefix, label in POLICE_TYPES:
            total = v[f"{prefix}_Total"]
            if total in ("NA", "0"):  # no personnel of that type: no long row
                continue
            female = count_or_none(v[f"{prefix}_Female"])
            male = count_or_none(v[f"{prefix}_Male"])
            if female is not None and male is not None and female + male != int(total):
                # Detail rows are documented as consistent; say so if one is not.
                print(f"  warning: row {row.source_row} {label}: "
                      f"female {female} + male {male} != total {total}")
            facts.append(StaffingFact(v["Date"], v["Contributor_ISO-3"], v["Contributor"],
                                      v["Mission"], label, female, male, row.source_row))
    type_order = {label: i for i, (_, label) in enumerate(POLICE_TYPES)}
    facts.sort(key=lambda f: (f.date, f.mission, f.iso3, f.country, type_order[f.personnel_type]))
    keys = Counter((f.date, f.mission, f.iso3, f.personnel_type) for f in facts)
    clashes = [k for k, n in keys.items() if n > 1]
    if clashes:  # two spellings of one country in one mission-month would double count
        raise SystemExit(f"ambiguous contributor keys in staffing extract: {clashes[:5]}")
    return facts


def staffing_rows(facts: Sequence[StaffingFact], first_id: int,
                  date_format) -> list[list[object]]:
    return [
        [f"BND-{first_id + i:06d}", f.iso3, "", f.country, f.mission, f.personnel_type,
         f.female, f.male, date_format(f.date), IPI_DATASET, DIRTY_FILE, f.source_row]
        for i, f in enumerate(facts)
    ]


def police_totals(rows: Iterable[IpiRow], month: str) -> dict[str, int]:
    """IPO + FPU, female + male, per mission, straight from an IPI wide file."""
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        v = row.values
        if v["Date"] != month or v["Mission"] not in STAFFING_MISSIONS:
            continue
        for prefix, _ in POLICE_TYPES:
            for sex in ("Female", "Male"):
                n = count_or_none(v[f"{prefix}_{sex}"])
                totals[v["Mission"]] += n or 0
    return dict(totals)


def mission_totals_police(path: Path, month: str) -> dict[str, str]:
    header, data = read_csv(path)
    i_date, i_mission, i_police = header.index("Date"), header.index("Mission"), header.index("Police")
    return {r[i_mission]: r[i_police] for r in data if r[i_date] == month}


# =============================================================================
# 2. police ceilings workbook
# =============================================================================
@dataclass(frozen=True)
class Ceiling:
    mission: str
    scope: str  # police_total | ipo | fpu
    strength: int
    effective_from: dt.date  # adoption date of the resolution
    set_by: str
    verified_against: str = ""


UNCHECKED_NOTE = ("resolution text not among ../shared/sources; figure as adopted in the "
                  "resolution, to be checked against its text")

CEILINGS: tuple[Ceiling, ...] = (
    Ceiling("MINUSMA", "police_total", 1440, dt.date(2013, 4, 25), "S/RES/2100 (2013)"),
    Ceiling("MINUSMA", "police_total", 1920, dt.date(2016, 6, 29), "S/RES/2295 (2016)",
            "S/2020/223 (MINUSMA: 1,726 police deployed, 90 per cent of an authorized 1,920; "
            "see DOMAIN.md)"),
    Ceiling("MINUSTAH", "police_total", 4391, dt.date(2010, 6, 4), "S/RES/1927 (2010)"),
    Ceiling("MINUSTAH", "police_total", 3241, dt.date(2011, 10, 14), "S/RES/2012 (2011)"),
    Ceiling("MINUSTAH", "police_total", 2601, dt.date(2012, 10, 12), "S/RES/2070 (2012)"),
    Ceiling("UNAMID", "police_total", 6432, dt.date(2007, 7, 31), "S/RES/1769 (2007)"),
    Ceiling("UNAMID", "police_total", 4690, dt.date(2012, 7, 31), "S/RES/2063 (2012)"),
    Ceiling("UNMISS", "police_total", 2101, dt.date(2016, 8, 12), "S/RES/2304 (2016)",
            "S/2020/890 (UNMISS: 1,824 police of an authorized 2,101; see DOMAIN.md)"),
    Ceiling("MINUJUSTH", "ipo", 295, dt.date(2017, 4, 13), "S/RES/2350 (2017)",
            'SC/13056 (S/PV.8086), statement of the MINUJUSTH Police Commissioner: '
            '"mandated 295 qualified personnel level"'),
)

CEILING_COLUMNS = ["mission", "personnel_scope", "authorized_strength", "effective_from",
                   "set_by", "citation", "verified_against", "note"]

# Fixed workbook metadata timestamp: xlsxwriter otherwise stamps the run time
# into docProps/core.xml and the file would change on every run.
WORKBOOK_TIMESTAMP = dt.datetime(2017, 11, 6, 0, 0, 0)


def write_ceilings(path: Path, texts: SourceTexts) -> int:
    # The confirmations quoted in verified_against must really be in the sources.
    texts.require_in_source("mandated 295 qualified personnel level")
    texts.require_in_domain_line("S/2020/223", ["1,726 police deployed", "authorized 1,920"])
    texts.require_in_domain_line("S/2020/890", ["1,824 police", "authorized 2,101"])

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": WORKBOOK_TIMESTAMP, "title": "UN police ceilings"})
    ws = wb.add_worksheet("ceilings")
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, CEILING_COLUMNS, bold)
    for r, c in enumerate(CEILINGS, start=1):
        ws.write_string(r, 0, c.mission)
        ws.write_string(r, 1, c.scope)
        ws.write_number(r, 2, c.strength)
        ws.write_datetime(r, 3, dt.datetime.combine(c.effective_from, dt.time()), date_fmt)
        ws.write_string(r, 4, c.set_by)
        ws.write_string(r, 5, c.set_by)
        if c.verified_against:
            ws.write_string(r, 6, c.verified_against)
        else:
            ws.write_string(r, 7, UNCHECKED_NOTE)
    for col, width in enumerate((11, 15, 19, 14, 18, 18, 60, 60)):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    wb.close()
    return len(CEILINGS)


# =============================================================================
# 3. reported figures
# =============================================================================
BRIEFING = "SC/13056 (S/PV.8086)"
RESOLUTION = "S/RES/2382 (2017)"
BRIEFING_DATE = "2017-11-06"  # 8086th meeting, adoption of S/RES/2382 (2017)

YACOUBA = "Issoufou Yacouba, Head of the MINUSMA Police Component"
MONCHOTTE = "Georges-Pierre Monchotte, MINUJUSTH Police Commissioner"
MAKOTOSE = "Priscilla Makotose, UNAMID Police Commissioner"
WU = "Wu Haitao (China)"
SG_LOCATOR = "police strength paragraph"

FIGURE_COLUMNS = ["figure_id", "mission", "indicator", "category", "metric", "value", "unit",
                  "qualifier", "period_start", "period_end", "document", "locator",
                  "description", "is_illustrative"]


@dataclass(frozen=True)
class Figure:
    figure_id: str
    mission: str
    indicator: str
    category: str
    metric: str
    value: int | float
    unit: str
    qualifier: str
    period_start: str
    period_end: str
    document: str
    locator: str
    description: str
    # Short fragment used only to verify the number at run time (not written):
    # searched in the source text for briefing/resolution figures, and in the
    # DOMAIN.md table line naming `document` for the other figures.
    evidence: str


def _briefing(fid: str, mission: str, indicator: str, category: str, metric: str,
              value: int | float, unit: str, qualifier: str, locator: str,
              description: str, evidence: str, start: str = BRIEFING_DATE) -> Figure:
    return Figure(fid, mission, indicator, category, metric, value, unit, qualifier,
                  start, BRIEFING_DATE, BRIEFING, locator, description, evidence)


def _sg(fid: str, mission: str, indicator: str, category: str, metric: str, value: int,
        unit: str, as_of: str, document: str, description: str, evidence: str) -> Figure:
    return Figure(fid, mission, indicator, category, metric, value, unit, "exact",
                  as_of, as_of, document, SG_LOCATOR, description, evidence)


FIGURES: tuple[Figure, ...] = (
    # --- briefing statements, 6 November 2017 --------------------------------
    # Cumulative counts whose start is not stated are dated as stocks at the
    # briefing date rather than given an invented start.
    _briefing("minusma-trained-security-personnel-2017", "MINUSMA", "security_personnel_trained",
              "training", "", 24000, "persons", "about", YACOUBA,
              "Malian security personnel trained so far under the mission's policing plan; "
              "start of the count not stated.", "Some 24,000 security personnel"),
    _briefing("minusma-trained-organized-crime-terrorism-2017", "MINUSMA",
              "trained_organized_crime_terrorism", "training", "", 1385, "persons", "exact",
              YACOUBA, "Part of the trained Malian personnel whose course targeted organized "
              "crime and terrorism.", "1,385 trained specifically"),
    _briefing("minusma-peacekeepers-killed-2013-2017", "MINUSMA", "peacekeepers_killed",
              "incident", "", 86, "persons", "exact", YACOUBA,
              "Blue Helmets killed in Mali from 2013 up to the briefing.",
              "86 Blue Helmets had been killed", start="2013-01-01"),
    _briefing("minusma-peacekeepers-wounded-2013-2017", "MINUSMA", "peacekeepers_wounded",
              "incident", "", 387, "persons", "exact", YACOUBA,
              "Blue Helmets wounded in Mali from 2013 up to the briefing; the UN fatality "
              "files cannot check it as they hold deaths only.",
              "387 wounded since 2013", start="2013-01-01"),
    _briefing("minusma-judicial-cases-2017", "MINUSMA", "judicial_cases_taken_in_charge",
              "case", "", 71, "cases", "exact", YACOUBA,
              "Cases on terrorism, money laundering, arms and other major threats handled by "
              "the investigative section of Mali's special judicial police.", "71 cases"),
    _briefing("minusma-schools-closed-2017", "MINUSMA", "schools_closed", "context", "",
              500, "schools", "more_than", YACOUBA,
              "Schools shut in Mali at the time of the briefing, given as context for "
              "the security situation.", "more than 500 schools closed"),
    _briefing("minujusth-police-ceiling-2017", "MINUJUSTH", "police_ceiling", "ceiling", "",
              295, "persons", "exact", MONCHOTTE,
              "Mandated police level of MINUJUSTH named by its Police Commissioner; S/RES/2350 "
              "(2017) sets 295 as the individual police officer ceiling.",
              "mandated 295 qualified personnel"),
    _briefing("minujusth-police-reduction-2017", "MINUJUSTH", "police_reduction_from_predecessor",
              "ceiling", "", 69, "percent", "exact", MONCHOTTE,
              "Cut in police officers in the move from MINUSTAH to MINUJUSTH that brought "
              "the level down to 295.", "reduction of 69 per cent of police officers"),
    _briefing("minujusth-round-tables-2017", "MINUJUSTH", "round_tables_held", "activity", "",
              11, "round_tables", "exact", MONCHOTTE,
              "Round tables held with the Haitian National Police during the transition; "
              "start of the count not stated.", "11 round tables"),
    _briefing("unamid-female-share-police-2017", "UNAMID", "female_share_police_officers",
              "gender", "female_share_ipo", 20, "percent", "exact", MAKOTOSE,
              "Women among UNAMID police officers; compared as an IPO share because IPI data "
              "give 13.9-23.7 per cent women among UNAMID IPOs (2010-11 to 2014-08) but only "
              "8.3-11.5 per cent for IPOs and FPUs together from 2012 (RADPKO: 8.7 in 2017).",
              "20 per cent of UNAMID officers were female"),
    _briefing("all-police-deployed-2017", "ALL", "police_deployed", "staffing",
              "police_deployed", 11000, "persons", "more_than", WU,
              "UN police serving across all missions at the time of the briefing; IPI gives "
              "11,963 (IPO plus FPU) for March 2017.", "more than 11,000 officers"),
    # --- resolution 2382 (2017) ------------------------------------------------
    Figure("all-target-female-share-2014", "ALL", "target_female_share", "target",
           "female_share_police", 20, "percent", "target", "2009-08-01", "2014-12-31",
           RESOLUTION, "para 12(d)",
           "Original UN Global Goal for the female share of police officers, recalled by the "
           "resolution; start is the August 2009 launch of the Global Effort.",
           "20 per cent female officers by 2014"),
    Figure("all-target-female-police-doubling-2020", "ALL", "target_female_police_multiplier",
           "target", "", 2, "multiplier", "target", BRIEFING_DATE, "2020-12-31", RESOLUTION,
           "para 12(d)",
           "Aim to double the overall number of female police across roles by 2020, counted "
           "from adoption; the baseline count is not stated.", "overall doubling by 2020"),
    # --- S/2020/223, MINUSMA, as of 10 March 2020 --------------------------------
    _sg("minusma-police-deployed-2020-03", "MINUSMA", "police_deployed", "staffing",
        "police_deployed", 1726, "persons", "2020-03-10", "S/2020/223",
        "MINUSMA police deployed; equals the 298 IPOs plus 1,428 FPU personnel.",
        "1,726 police deployed"),
    _sg("minusma-police-authorized-2020-03", "MINUSMA", "police_authorized", "ceiling", "",
        1920, "persons", "2020-03-10", "S/2020/223",
        "Authorized MINUSMA police strength cited in the report.", "authorized 1,920"),
    _sg("minusma-fill-rate-2020-03", "MINUSMA", "fill_rate", "staffing", "ceiling_fill_rate",
        90, "percent", "2020-03-10", "S/2020/223",
        "Deployed police as a share of the authorized strength (1,726 of 1,920 is 89.9).",
        "90 per cent"),
    _sg("minusma-ipo-deployed-2020-03", "MINUSMA", "ipo_deployed", "staffing", "", 298,
        "persons", "2020-03-10", "S/2020/223", "MINUSMA individual police officers deployed.",
        "298 IPOs"),
    _sg("minusma-ipo-female-2020-03", "MINUSMA", "ipo_female", "gender", "", 79, "persons",
        "2020-03-10", "S/2020/223", "Women among the MINUSMA individual police officers.",
        "(79 women)"),
    _sg("minusma-fpu-deployed-2020-03", "MINUSMA", "fpu_deployed", "staffing", "", 1428,
        "persons", "2020-03-10", "S/2020/223", "MINUSMA formed police unit personnel deployed.",
        "1,428 FPU personnel"),
    _sg("minusma-fpu-female-2020-03", "MINUSMA", "fpu_female", "gender", "", 156, "persons",
        "2020-03-10", "S/2020/223", "Women among the MINUSMA formed police unit personnel.",
        "(156 women)"),
    # --- S/2020/890, UNMISS, report dated 8 September 2020 ------------------------
    # DOMAIN.md gives only the report date, so it stands in for the as-of date.
    _sg("unmiss-police-deployed-2020-09", "UNMISS", "police_deployed", "staffing", "", 1824,
        "persons", "2020-09-08", "S/2020/890",
        "UNMISS police strength in the report; it equals 611 IPOs + 1,143 FPU + 70 corrections "
        "officers, so it is not comparable with an IPO+FPU count.", "1,824 police"),
    _sg("unmiss-police-authorized-2020-09", "UNMISS", "police_authorized", "ceiling", "", 2101,
        "persons", "2020-09-08", "S/2020/890",
        "Authorized UNMISS police strength cited in the report.", "authorized 2,101"),
    _sg("unmiss-ipo-deployed-2020-09", "UNMISS", "ipo_deployed", "staffing", "", 611,
        "persons", "2020-09-08", "S/2020/890", "UNMISS individual police officers deployed.",
        "611 IPOs"),
    _sg("unmiss-ipo-female-2020-09", "UNMISS", "ipo_female", "gender", "", 184, "persons",
        "2020-09-08", "S/2020/890", "Women among the UNMISS individual police officers.",
        "(184 women"),
    _sg("unmiss-female-share-ipo-2020-09", "UNMISS", "female_share_ipo", "gender",
        "female_share_ipo", 31, "percent", "2020-09-08", "S/2020/890",
        "Female share of UNMISS IPOs as stated; 184 of 611 works out to 30.1, so the stated "
        "figure is not reproducible from the counts.", "31 per cent"),
    _sg("unmiss-fpu-deployed-2020-09", "UNMISS", "fpu_deployed", "staffing", "", 1143,
        "persons", "2020-09-08", "S/2020/890", "UNMISS formed police unit personnel deployed.",
        "1,143 FPU personnel"),
    _sg("unmiss-fpu-female-2020-09", "UNMISS", "fpu_female", "gender", "", 216, "persons",
        "2020-09-08", "S/2020/890", "Women among the UNMISS formed police unit personnel.",
        "(216 women"),
    _sg("unmiss-female-share-fpu-2020-09", "UNMISS", "female_share_fpu", "gender",
        "female_share_fpu", 18, "percent", "2020-09-08", "S/2020/890",
        "Female share of UNMISS FPU personnel as stated; 216 of 1,143 works out to 18.9.",
        "18 per cent"),
    _sg("unmiss-corrections-officers-2020-09", "UNMISS", "corrections_officers", "staffing", "",
        70, "persons", "2020-09-08", "S/2020/890",
        "Corrections officers counted within the UNMISS police component.",
        "70 corrections officers"),
    _sg("unmiss-corrections-officers-female-2020-09", "UNMISS", "corrections_officers_female",
        "gender", "", 16, "persons", "2020-09-08", "S/2020/890",
        "Women among the UNMISS corrections officers.", "(16 women)"),
    # --- Police Division "Global Effort", August 2009 ------------------------------
    # Only the month is known, so the period is the whole month.
    Figure("all-female-share-police-2009-08", "ALL", "female_share_police_officers", "gender",
           "female_share_police", 8, "percent", "about", "2009-08-01", "2009-08-31",
           "UN Police Division, 2009-2010 statements", "Global Effort launch, August 2009",
           "Approximate share of women among UN police when the Global Effort began.",
           "about 8 per cent"),
    Figure("all-target-female-share-2014-global-effort", "ALL", "target_female_share",
           "target", "female_share_police", 20, "percent", "target", "2009-08-01",
           "2014-12-31", "UN Police Division, 2009-2010 statements",
           "Global Effort launch, August 2009",
           "Female share of UN police that the Global Effort aimed for by 2014.",
           "20 per cent by 2014"),
    # --- DPKO, June 2010 ---------------------------------------------------------
    Figure("all-police-serving-2010-06", "ALL", "police_deployed", "staffing",
           "police_deployed", 13420, "persons", "exact", "2010-06-01", "2010-06-30",
           "DPKO, June 2010", "June 2010 police strength statement",
           "UN police serving in all missions in June 2010; IPI's month-end series gives "
           "13,512 IPO plus FPU.", "13,420 UN police serving"),
    Figure("all-female-share-authorized-police-2010-06", "ALL", "female_share_authorized_police",
           "gender", "", 8.5, "percent", "exact", "2010-06-01", "2010-06-30", "DPKO, June 2010",
           "June 2010 police strength statement",
           "Women as a share of the police the UN was authorized to deploy; the authorized "
           "denominator makes it not comparable with a deployed-based share.",
           "8.5 per cent"),
)

# DOMAIN.md line that carries each non-briefing document's figures.
DOMAIN_LINE_KEYS = {
    "S/2020/223": "S/2020/223",
    "S/2020/890": "S/2020/890",
    "UN Police Division, 2009-2010 statements": "UN Police Division, 2009-2010 statements",
    "DPKO, June 2010": "DPKO, June 2010",
}

ALLOWED = {
    "category": {"training", "incident", "case", "ceiling", "staffing", "gender", "context",
                 "target", "activity"},
    "metric": {"", "female_share_ipo", "female_share_fpu", "female_share_police",
               "police_deployed", "ceiling_fill_rate"},
    "unit": {"persons", "percent", "cases", "schools", "round_tables", "multiplier"},
    "qualifier": {"exact", "about", "more_than", "at_least", "target"},
}


def _normalize(text: str) -> str:
    """Fold the press release's typography (non-breaking hyphens and spaces,
    curly quotes) so that plain-ASCII fragments can be matched."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("\u2011", "-"), ("\u2010", "-"), ("\u2013", "-"), ("\u2019", "'"),
                 ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"[ \t\u00a0]+", " ", text)


class SourceTexts:
    """The briefing/resolution text and DOMAIN.md, for verifying cited numbers."""

    def __init__(self, shared: Path) -> None:
        source = _normalize((shared / SOURCE_TEXT).read_text(encoding="utf-8"))
        self.paragraphs = [p.strip() for p in source.split("\n") if p.strip()]
        resolution_start = next(i for i, p in enumerate(self.paragraphs)
                                if p.startswith("The full text of resolution 2382"))
        self.resolution_from = resolution_start
        self.domain_lines = _normalize((shared / DOMAIN_NOTES).read_text(encoding="utf-8")).split("\n")

    def require_in_source(self, fragment: str) -> int:
        for i, p in enumerate(self.paragraphs):
            if fragment in p:
                return i
        raise SystemExit(f"not found in {SOURCE_TEXT}: {fragment!r}")

    def require_in_domain_line(self, key: str, fragments: Sequence[str]) -> None:
        lines = [ln for ln in self.domain_lines if key in ln]
        if not any(all(f in ln for f in fragments) for ln in lines):
            raise SystemExit(f"{DOMAIN_NOTES}: no line with {key!r} containing {list(fragments)}")

    def resolution_paragraph(self, index: int) -> str:
        """'para 12(d)' style locator for a paragraph of the resolution."""
        if index <= self.resolution_from:
            raise SystemExit("fragment is not inside the resolution text")
        letter = ""
        m = re.match(r"\(([a-z])\)", self.paragraphs[index])
        if m:
            letter = f"({m.group(1)})"
        for p in reversed(self.paragraphs[self.resolution_from:index + 1]):
            m = re.match(r'"?(\d+)\.', p)
            if m:
                return f"para {m.group(1)}{letter}"
        raise SystemExit("no operative paragraph number found")

    def speaker_near(self, index: int, locator: str) -> bool:
        """The speaker's surname appears in the paragraph or the one before it
        (the press summary names the speaker once per block of paragraphs)."""
        surname = locator.split(",")[0].split("(")[0].split()[-1]
        window = " ".join(self.paragraphs[max(index - 1, 0):index + 1]).lower()
        return surname.lower() in window


def verify_figures(texts: SourceTexts) -> None:
    ids = Counter(f.figure_id for f in FIGURES)
    if any(n > 1 for n in ids.values()):
        raise SystemExit(f"duplicate figure_id: {[k for k, n in ids.items() if n > 1]}")
    for f in FIGURES:
        for column, allowed in ALLOWED.items():
            if getattr(f, column) not in allowed:
                raise SystemExit(f"{f.figure_id}: {column}={getattr(f, column)!r} not allowed")
        if f.unit != "multiplier":
            shown = f"{f.value:,}" if isinstance(f.value, int) else str(f.value)
            if shown not in f.evidence:
                raise SystemExit(f"{f.figure_id}: value {shown} not in its evidence fragment")
        if f.document == BRIEFING:
            idx = texts.require_in_source(f.evidence)
            if not texts.speaker_near(idx, f.locator):
                raise SystemExit(f"{f.figure_id}: speaker {f.locator!r} not next to the figure")
        elif f.document == RESOLUTION:
            idx = texts.require_in_source(f.evidence)
            found = texts.resolution_paragraph(idx)
            if found != f.locator:
                raise SystemExit(f"{f.figure_id}: locator {f.locator} but text is in {found}")
        else:
            texts.require_in_domain_line(DOMAIN_LINE_KEYS[f.document], [f.evidence])


def figure_rows() -> list[list[object]]:
    return [[f.figure_id, f.mission, f.indicator, f.category, f.metric, f.value, f.unit,
             f.qualifier, f.period_start, f.period_end, f.document, f.locator,
             f.description, "false"] for f in FIGURES]


# =============================================================================
# 4. mission seed
# =============================================================================
# Successions named in the IPI and UN mission-list PROVENANCE notes; not aliases.
PREDECESSORS = {"MINUJUSTH": "MINUSTAH", "MONUSCO": "MONUC", "UNMISS": "UNMIS", "BNUB": "BINUB"}
# Pure same-operation aliases: only the one documented with both spellings
# occurring for the same operation (ipi_mission_totals_monthly PROVENANCE.md).
ALIASES = {"ONUCI": ("UNOCI", "French acronym of the same operation (English UNOCI); "
                              "documented in ipi_mission_totals_monthly/PROVENANCE.md")}

# Start and end of a peacekeeping operation missing from the UN list, from the
# resolution that set its mandate (IPI's first and last months would otherwise
# stand in for them).
MANDATED_DATES = {
    "UNTMIH": ("1997-08-01", "1997-11-30",
               "S/RES/1123 (1997): established for a single four-month period ending 30 November 1997"),
}
# The kind of each mission (peacekeeping operation, special political mission,
# other) is curated with its citation in warehouse/seeds/mission_kinds.csv.
MISSION_COLUMNS = ["mission", "mission_name", "host_country_iso3", "start_date", "end_date",
                   "predecessor_mission", "source"]


@dataclass
class MissionSources:
    pko: dict[str, dict[str, str]]
    totals_months: dict[str, list[str]]
    totals_iso3: dict[str, Counter[str]]
    totals_last_month: str
    seen_in: dict[str, set[str]]  # acronym -> file names it occurs in


def collect_missions(real: Path) -> MissionSources:
    seen_in: dict[str, set[str]] = defaultdict(set)

    header, data = read_csv(real / PKO_LIST)
    pko: dict[str, dict[str, str]] = {}
    for row in data:
        rec = {k: v.strip() for k, v in zip(header, row)}
        pko[rec["mission_acronym"]] = rec
        seen_in[rec["mission_acronym"]].add(Path(PKO_LIST).name)

    header, data = read_csv(real / MISSION_TOTALS)
    i_date, i_mis, i_iso = (header.index(c) for c in ("Date", "Mission", "Country of Mission ISO-3"))
    months: dict[str, list[str]] = defaultdict(list)
    iso3: dict[str, Counter[str]] = defaultdict(Counter)
    for row in data:
        mission = strip_apostrophe(row[i_mis].strip())
        months[mission].append(row[i_date])
        code = strip_apostrophe(row[i_iso].strip())
        if code and code != "NA":
            iso3[mission][code] += 1
        seen_in[mission].add(Path(MISSION_TOTALS).name)
    last_month = max(d for ds in months.values() for d in ds)

    for path in sorted((real / GENDER_DIR).glob("*.csv")):
        header, data = read_csv(path)
        i_mis = header.index("Mission")
        for row in data:
            mission = strip_apostrophe(row[i_mis].strip())
            if mission and mission != "all":
                seen_in[mission].add(path.name)

    for path in sorted((real / FATALITY_DIR).glob("*.csv")):
        header, data = read_csv(path)
        i_mis = [h.lower() for h in header].index("mission_acronym")
        for row in data:
            mission = strip_apostrophe(row[i_mis].strip())
            if mission:
                seen_in[mission].add(path.name)

    return MissionSources(pko, dict(months), dict(iso3), last_month, dict(seen_in))


def mission_rows(src: MissionSources) -> list[list[str]]:
    pko_file, totals_file = Path(PKO_LIST).name, Path(MISSION_TOTALS).name
    acronyms = sorted(a for a in src.seen_in if a not in ALIASES or ALIASES[a][0] not in src.seen_in)
    rows: list[list[str]] = []
    for acr in acronyms:
        sources: list[str] = []
        name = start = end = ""
        if acr in src.pko:
            rec = src.pko[acr]
            # As published (whitespace stripped only); e.g. DOMREP's name is cut short.
            name, start, end = rec["mission_name"], rec["start_date"], rec["end_date"]
            sources.append(pko_file)
        elif acr in MANDATED_DATES:
            start, end, citation = MANDATED_DATES[acr]
            sources.append(citation)
        elif acr in src.totals_months:
            ds = sorted(src.totals_months[acr])
            start = ds[0]
            # A mission still reporting in the file's last month was not over:
            # its last month is where the series stops, not an end date.
            end = ds[-1] if ds[-1] != src.totals_last_month else ""
            sources.append(totals_file)
        host = ""
        if acr in src.totals_iso3:
            # most frequent, ties broken alphabetically so the output is stable
            host = sorted(src.totals_iso3[acr].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            if totals_file not in sources:
                sources.append(totals_file)
        if not sources:  # nothing but the acronym itself: name the files it occurs in
            sources = sorted(src.seen_in[acr])
        pred = PREDECESSORS.get(acr, "")
        if pred and pred not in src.seen_in:
            raise SystemExit(f"predecessor {pred} of {acr} not in any source")
        rows.append([acr, name, host, start, end, pred, "; ".join(sources)])
    return rows


def alias_rows(src: MissionSources) -> list[list[str]]:
    return [[alias, target, reason] for alias, (target, reason) in sorted(ALIASES.items())
            if alias in src.seen_in and target in src.seen_in]


# =============================================================================
# main
# =============================================================================
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared",
                        help="shared folder holding data/real, sources/ and DOMAIN.md "
                             "(default: ../shared next to the repository root)")
    args = parser.parse_args(argv)
    shared: Path = args.shared.resolve()
    real = shared / "data" / "real"
    inbox = REPO_ROOT / "data" / "inbox"
    seeds = REPO_ROOT / "warehouse" / "seeds"
    texts = SourceTexts(shared)
    status = 0

    # 1. staffing ------------------------------------------------------------
    dirty_rows = load_ipi_detail_rows(real / GENDER_DIR / DIRTY_FILE)
    facts = police_facts(dirty_rows, STAFFING_MISSIONS, STAFFING_FIRST_MONTH, STAFFING_LAST_MONTH)
    n_main = write_csv(inbox / "staffing_police_2013-09_2014-08.csv", UPPER_HEADER,
                       staffing_rows(facts, 1, un_odp_date))
    sample = police_facts(dirty_rows, (SAMPLE_MISSION,), SAMPLE_MONTH, SAMPLE_MONTH)
    # IDs continue after the main file so they stay unique across the bundle.
    n_sample = write_csv(inbox / "staffing_police_odp_lowercase_sample.csv", LOWER_HEADER,
                         staffing_rows(sample, n_main + 1, psdata_date))
    print(f"staffing: {n_main} rows written "
          f"({len({f.date for f in facts})} month-ends, {len(STAFFING_MISSIONS)} missions); "
          f"lower-case sample: {n_sample} rows ({SAMPLE_MISSION} {SAMPLE_MONTH})")

    ours: dict[str, int] = defaultdict(int)
    for f in facts:
        if f.date == SANITY_MONTH:
            ours[f.mission] += (f.female or 0) + (f.male or 0)
    clean = police_totals(load_ipi_detail_rows(real / GENDER_DIR / CLEAN_FILE), SANITY_MONTH)
    totals = mission_totals_police(real / MISSION_TOTALS, SANITY_MONTH)
    print(f"sanity check {SANITY_MONTH}, police IPO+FPU female+male per mission:")
    print(f"  {'mission':<9} {'bundled':>8} {CLEAN_FILE:>33} {'IPI mission totals':>19}")
    for m in STAFFING_MISSIONS:
        verdict = "match" if ours.get(m) == clean.get(m) else "DIFFERENCE"
        if verdict != "match":
            status = 1
        print(f"  {m:<9} {ours.get(m, 0):>8} {clean.get(m, 0):>33} {totals.get(m, '-'):>19}  {verdict}")

    # 2. ceilings ------------------------------------------------------------
    n_ceil = write_ceilings(inbox / "police_ceilings.xlsx", texts)
    print(f"ceilings: {n_ceil} rows")

    # 3. reported figures ----------------------------------------------------
    verify_figures(texts)
    n_fig = write_csv(inbox / "reported_figures.csv", FIGURE_COLUMNS, figure_rows())
    print(f"reported figures: {n_fig} rows, all numbers found in their cited text")

    # 4. missions ------------------------------------------------------------
    src = collect_missions(real)
    missions = mission_rows(src)
    n_mis = write_csv(seeds / "missions.csv", MISSION_COLUMNS, missions)
    n_alias = write_csv(seeds / "mission_aliases.csv", ["alias", "mission", "reason"],
                        alias_rows(src))
    in_list = sum(1 for r in missions if r[0] in src.pko)
    print(f"missions: {n_mis} rows ({in_list} in the UN list of peacekeeping operations, "
          f"{n_mis - in_list} not); with host ISO-3 {sum(1 for r in missions if r[2])}, "
          f"with start date {sum(1 for r in missions if r[3])}, "
          f"with end date {sum(1 for r in missions if r[4])}, "
          f"with predecessor {sum(1 for r in missions if r[5])}; aliases: {n_alias}")
    only_other = sorted(r[0] for r in missions if r[0] not in src.pko)
    print(f"  not in the UN mission list: {', '.join(only_other)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
