"""The flat raw sources, declared once: each is an inbox format family whose
records name a mission, parsed by ``pipelines/defs/<group>/parser.py``,
validated by its ``schemas/`` contract and loaded into ``raw.<table>`` with a
blocking reject-share check; the group's SQL models (``-- group: <group>`` in
``warehouse/``) are assembled with it. Missions and staffing have assets of
their own (``defs/missions``, ``defs/staffing``): the first is what the others
are checked against, the second is partitioned by month."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.contributor_strength import parser as contributor_strength
from pipelines.defs.factories.raw import RawSource, raw_source_definitions
from pipelines.defs.fatalities import parser as fatalities
from pipelines.defs.mission_strength import parser as mission_strength
from pipelines.defs.police_bases import parser as police_bases
from pipelines.defs.police_ceilings import parser as police_ceilings
from pipelines.defs.police_locations import parser as police_locations
from pipelines.defs.reported_figures import parser as reported_figures
from pipelines.defs.training import parser as training

RAW_SOURCES: tuple[RawSource, ...] = (
    RawSource("mission_strength", "mission_strength", mission_strength.spec, (
        "Published strength from IPI's mission totals (data_mission.csv: troops, police = IPO + FPU, "
        "observers and total per mission and month) and system totals (data_monthly.csv: the sums over "
        "contributors, mission 'ALL'), validated with schemas.mission_strength.MissionStrengthRecord. "
        "Grain: month x mission (or ALL) x category; NA categories yield no record. Write mode: full replace."
    )),
    RawSource("contributor_strength", "contributor_strength", contributor_strength.spec, (
        "Personnel per contributing country across all UN peacekeeping, from IPI's per-country files "
        "(PPP_Loader ppp_files/countries/<Country>.csv: troops, police = IPO + FPU, experts per month since "
        "1990), the country taken from the file name and resolved to ISO 3166 alpha-3, validated with "
        "schemas.contributor_strength.ContributorStrengthRecord; a file with an empty name is refused "
        "(country_named_in_file). Grain: country x month x category; NA yields no record. "
        "Write mode: full replace."
    )),
    RawSource("police_locations", "police_locations", police_locations.spec, (
        "Deployment locations from Geo-PKO v2.3 (Uppsala University, FrontMap): mission, year, place, "
        "coordinates, headquarters level, UN police presence and other unit kinds, validated with "
        "schemas.police_locations.PoliceLocationRecord. Grain: one record per published row (a place "
        "repeats once per source map of its year; marts.fct_police_location_year resolves them). "
        "Write mode: full replace."
    )),
    RawSource("police_bases", "police_bases", police_bases.spec, (
        "Base-year strength from RADPKO (Hunnicutt and Nomikos 2020, radpko_bases_cc_y.csv): per mission base "
        "and year, the yearly averages of the monthly troops, police (IPO + FPU), observers and women among "
        "them that RADPKO allocates to the base (fractional), validated with "
        "schemas.police_bases.PoliceBaseRecord. Grain: mission x base x year. Write mode: full replace."
    )),
    RawSource("police_ceilings", "police_ceilings", police_ceilings.spec, (
        "Authorized police strength from ceiling workbooks (sheet 'ceilings') or CSVs in the inbox, "
        "validated with schemas.police_ceilings.CeilingRecord. Grain: mission x personnel scope x effective date. "
        "Write mode: full replace."
    )),
    RawSource("training", "training_delivered", training.spec, (
        "Training delivered, from training workbooks (sheet 'training') or CSVs in the inbox, validated with "
        "schemas.training.TrainingRecord. Grain: mission x period x topic. Write mode: full replace. "
        "Training figures cited in UN documents arrive through reported figures and join in marts.fct_training."
    )),
    RawSource("fatalities", "fatalities", fatalities.spec, (
        "Fatality records from the UN open-data file (odp_noticas.csv, Title_Case) and the Peace and Security "
        "Data Hub file (DPPADPOSS-FATALITIES, lower case), validated with schemas.fatalities.FatalityRecord. "
        "Grain: one record per casualty_id; where both releases hold a casualty the newer one wins "
        "(last_update, else the file's latest incident date). Write mode: full replace."
    )),
    RawSource("reported_figures", "reported_figures", reported_figures.spec, (
        "Figures cited in UN documents (briefings, resolutions, Secretary-General reports), one number a row, "
        "validated with schemas.reported_figures.ReportedFigure. Grain: one row per figure_id. "
        "Write mode: full replace."
    )),
)

defs = dg.Definitions.merge(*(raw_source_definitions(source) for source in RAW_SOURCES))
