"""Published file formats, recognised by their header, never by file name.

Each format names its domain and the columns it must have. A file is matched to
the most specific format whose required columns are all present; a file that
matches none is refused with a message listing every format it was compared to
and, for each, the columns that were missing or not expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.readers import InputFileError, excel_header, excel_sheet_names, read_header

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
DATA_SUFFIXES = TEXT_SUFFIXES | EXCEL_SUFFIXES


@dataclass(frozen=True)
class Format:
    name: str
    domain: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    sheet: str | None = None  # Excel formats: the sheet that holds the table
    description: str = ""


_IPI_MEASURES = tuple(
    f"{kind}_{sex}"
    for kind in ("Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops", "Total")
    for sex in ("Male", "Female", "Total")
)

FORMATS: tuple[Format, ...] = (
    Format("un_odp_staffing_long", "staffing", ("Contribution_ID", "ISOCode3", "M49_Code",
           "Contributing_Country", "Mission_Acronym", "Personnel_Type", "Female_Personnel", "Male_Personnel",
           "Last_Reporting_Date"),
           ("Source_Dataset", "Source_File", "Source_Row"),
           description="UN Peacekeeping open data, contributions by country, mission, personnel type and gender (odp_contributionsbygender.csv)"),
    Format("un_psdata_staffing_long", "staffing", ("contribution_id", "isocode3", "m49_code",
           "contributing_country", "mission_acronym", "personnel_type", "female_personnel", "male_personnel",
           "last_reporting_date"),
           ("source_dataset", "source_file", "source_row"),
           description="UN Peace and Security Data Hub, DPO-UCHISTORICAL (lower-case variant of the open-data file)"),
    Format("ipi_gender_wide", "staffing", ("Date", "Contributor", "Contributor_ISO-3", "Mission", *_IPI_MEASURES),
           description="IPI Peacekeeping Database full_gender_data.csv (PPP_Loader): one row per contributor x mission x month, wide by type and sex, with 'all' total rows"),
    Format("ipi_gender_wide_spaced", "staffing",
           ("Date", "Contributor", "Contributor ISO-3", "Mission", *(m.replace("_", " ") for m in _IPI_MEASURES)),
           description="IPI TCC-DataScraper Gender.Full.csv: as ipi_gender_wide with spaces in names, a leading index column and 0 for absent counts"),
    Format("ipi_monthly_snapshot", "staffing", ("Date", "Contributor", "Contributor_ISO-3", "Mission",
           "Experts_on_Mission", "Formed_Police_Units", "Inidividual_Police", "Civilian_Police", "Troops",
           "Observers", "Total"),
           description="IPI PPP_Loader monthly drop (current_month.csv): one month, no sex split, 73 columns"),
    Format("ipi_mission_totals", "mission_strength", ("Date", "Mission", "Country of Mission",
           "Country of Mission ISO-3", "Number of Contributors", "Troops", "Police", "Observers", "Total"),
           description="IPI data_mission.csv: troops, police and observers per mission per month since 1990"),
    Format("ipi_system_totals", "mission_strength", ("Date", "Number of Contributors", "Troop Contributions",
           "Police Contributions", "EOM Contributions", "Total Contributions"),
           description="IPI data_monthly.csv: system-wide monthly sums over contributing countries"),
    Format("ipi_contributor_totals", "contributor_strength", ("Date", "Troops", "Police", "Experts"),
           description="IPI PPP_Loader ppp_files/countries/<Country>.csv: troops, police (IPO + FPU) and experts one contributing country had in all UN peacekeeping per month since 1990; the country is only in the file name"),
    Format("geopko_locations", "police_locations", ("mission", "year", "country", "location", "latitude",
           "longitude", "Infantry", "NoTroops", "Reserve", "hq", "UNPOL", "Med", "Av", "UNMO", "ave.no.troops"),
           description="Geo-PKO v2.3 FrontMap (Uppsala University): deployment locations per mission and year with coordinates, unit kinds and a UN police presence flag"),
    Format("un_odp_fatalities", "fatalities", ("Casualty_ID", "Incident_Date", "Mission_Acronym",
           "Type_of_Casualty", "Casualty_Nationality", "M49_Code", "ISOCode3", "Casualty_Personnel_Type",
           "Type_Of_Incident"),
           description="UN Peacekeeping open data fatalities (odp_noticas.csv, HDX)"),
    Format("un_psdata_fatalities", "fatalities", ("id", "incident_date", "casualty_id", "mission_acronym",
           "type_of_casualty", "casualty_nationality", "casualty_personnel_type", "type_of_incident",
           "m49_code", "isocode3"),
           ("gender", "last_update"),
           description="UN Peace and Security Data Hub DPPADPOSS-FATALITIES"),
    Format("un_psdata_missions", "missions", ("id", "mission_acronym", "mission_name", "lead_department",
           "mission_isactive", "start_date", "end_date"),
           ("mission_location", "mission_longitude", "mission_latitude", "last_update"),
           description="UN Peace and Security Data Hub DPPADPOSS-PKO mission list"),
    Format("police_ceilings", "police_ceilings", ("mission", "personnel_scope", "authorized_strength",
           "effective_from", "set_by", "citation"),
           ("verified_against", "note"), sheet="ceilings",
           description="Authorized police strength per mission with the resolution that set it (workbook sheet 'ceilings' or CSV)"),
    Format("training_delivered", "training", ("mission", "period_start", "period_end", "topic", "trainees",
           "citation"),
           ("trainees_female", "trainee_kind", "note", "is_illustrative"), sheet="training",
           description="Training delivered by a mission's police component (workbook sheet 'training' or CSV)"),
    Format("un_odp_contribution_ranks", "not_ingested", ("ISOCode3", "M49_Code", "Contributing_Country",
           "Personnel_Contribution_Rank", "Female_Personnel", "Male_Personnel", "Total_Uniformed_Personnel",
           "Last_Reporting_Date"),
           description="UN open data contribution ranks (one month, all missions together): recognised, not loaded"),
    Format("radpko_bases_yearly", "police_bases", ("mission", "country", "base", "date", "year",
           "pko_deployed", "untrp", "unpol", "unmob", "f_unpol"),
           description="RADPKO base x year table (Hunnicutt and Nomikos): yearly averages of the monthly troops, police and observers, and women among them, per mission base (fractional)"),
    Format("geopko_location_contributors", "not_ingested", ("mission", "year", "location", "latitude",
           "longitude", "No.TCC", "year.overview"),
           description="Geo-PKO v2.3 TCCMap: contributing countries per location and year as free text ('Nepal (size unknown)'): recognised, not loaded"),
    Format("reported_figures", "reported_figures", ("figure_id", "mission", "indicator", "category", "value",
           "unit", "period_start", "period_end", "document", "locator"),
           ("metric", "qualifier", "description", "is_illustrative"),
           description="Figures cited in UN documents, one number a row, with document and paragraph or speaker"),
)

FORMATS_BY_NAME = {f.name: f for f in FORMATS}


@dataclass(frozen=True)
class Detection:
    format: Format | None
    encoding: str
    delimiter: str
    sheet: str | None
    error: str | None = None
    rule: str | None = None
    extra_columns: tuple[str, ...] = ()


def detect(path: Path) -> Detection:
    """Recognise a file's format from its header (or its workbook's sheets): the
    most specific format whose required columns are all there, with the columns
    it does not expect; or an error comparing the header with every candidate."""
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            sheets = excel_sheet_names(path)
            excel_formats = [f for f in FORMATS if f.sheet]
            candidates = [f for f in excel_formats if f.sheet in sheets] or (excel_formats if len(sheets) == 1 else [])
            if not candidates:
                return Detection(None, "xlsx", "", None,
                                 f"{path}: workbook sheets {sheets} name no known format; expected a sheet named one of "
                                 f"{[f.sheet for f in excel_formats]}", "format_recognised")
            sheet = candidates[0].sheet if candidates[0].sheet in sheets else sheets[0]
            encoding, delimiter, header = "xlsx", "", excel_header(path, sheet)
        else:
            sheet, candidates = None, FORMATS
            encoding, delimiter, header = read_header(path)
    except InputFileError as exc:
        return Detection(None, "", "", None, str(exc), exc.rule)
    cells = set(header)

    def missing(fmt: Format) -> list[str]:
        return [c for c in fmt.required if c not in cells]

    def unexpected(fmt: Format) -> list[str]:
        return sorted(c for c in cells if c and c not in {*fmt.required, *fmt.optional})

    matches = [fmt for fmt in candidates if not missing(fmt)]
    if matches:
        best = max(matches, key=lambda fmt: len(fmt.required))
        return Detection(best, encoding, delimiter, sheet, extra_columns=tuple(unexpected(best)))
    report = [f"{fmt.name} (missing: {', '.join(missing(fmt))}; not expected: "
              f"{', '.join(unexpected(fmt)[:8]) or 'none'}{' ...' if len(unexpected(fmt)) > 8 else ''})"
              for fmt in candidates]
    shown = ", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
    return Detection(None, encoding, delimiter, sheet, f"{path}: header matches no known format. Header: "
                     f"[{shown}]. Compared with: " + "; ".join(report), "format_recognised")
