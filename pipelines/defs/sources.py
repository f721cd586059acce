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
    # Mission strength: troops, police and observers per mission (and for the whole system) per month since 1990, as IPI published them from the UN DPKO monthly reports.
    RawSource(
        group="mission_strength",
        table="mission_strength",
        spec_factory=mission_strength.spec,
        description=(
        "Published strength from IPI's mission totals (data_mission.csv: troops, police = IPO + FPU, "
        "observers and total per mission and month) and system totals (data_monthly.csv: the sums over "
        "contributors, mission 'ALL'), validated with schemas.mission_strength.MissionStrengthRecord. "
        "Grain: month x mission (or ALL) x category; NA categories yield no record. Write mode: full replace."
        ),
    ),
    # Contributor strength: troops, police and experts per contributing country per month since 1990 (IPI, one file per country).
    RawSource(
        group="contributor_strength",
        table="contributor_strength",
        spec_factory=contributor_strength.spec,
        description=(
        "Personnel per contributing country across all UN peacekeeping, from IPI's per-country files "
        "(PPP_Loader ppp_files/countries/<Country>.csv: troops, police = IPO + FPU, experts per month since "
        "1990), the country taken from the file name and resolved to ISO 3166 alpha-3, validated with "
        "schemas.contributor_strength.ContributorStrengthRecord; a file with an empty name is refused "
        "(country_named_in_file). Grain: country x month x category; NA yields no record. "
        "Write mode: full replace."
        ),
    ),
    # Police locations: where each mission deployed, per year, and whether UN police were there (Geo-PKO).
    RawSource(
        group="police_locations",
        table="police_locations",
        spec_factory=police_locations.spec,
        description=(
        "Deployment locations from Geo-PKO v2.3 (Uppsala University, FrontMap): mission, year, place, "
        "coordinates, headquarters level, UN police presence and other unit kinds, validated with "
        "schemas.police_locations.PoliceLocationRecord. Grain: one record per published row (a place "
        "repeats once per source map of its year; marts.fct_police_location_year resolves them). "
        "Write mode: full replace."
        ),
    ),
    # Police per base: RADPKO's yearly averages of police and women among police per mission base (African missions, 1999-2019).
    RawSource(
        group="police_bases",
        table="police_bases",
        spec_factory=police_bases.spec,
        description=(
        "Base-year strength from RADPKO (Hunnicutt and Nomikos 2020, radpko_bases_cc_y.csv): per mission base "
        "and year, the yearly averages of the monthly troops, police (IPO + FPU), observers and women among "
        "them that RADPKO allocates to the base (fractional), validated with "
        "schemas.police_bases.PoliceBaseRecord. Grain: mission x base x year. Write mode: full replace."
        ),
    ),
    # Ceilings: authorized police strength per mission, with the resolution that set it.
    RawSource(
        group="police_ceilings",
        table="police_ceilings",
        spec_factory=police_ceilings.spec,
        description=(
        "Authorized police strength from ceiling workbooks (sheet 'ceilings') or CSVs in the inbox, "
        "validated with schemas.police_ceilings.CeilingRecord. Grain: mission x personnel scope x effective date. "
        "Write mode: full replace."
        ),
    ),
    # Training: people trained by a mission's police component, per period and topic.
    RawSource(
        group="training",
        table="training_delivered",
        spec_factory=training.spec,
        description=(
        "Training delivered, from training workbooks (sheet 'training') or CSVs in the inbox, validated with "
        "schemas.training.TrainingRecord. Grain: mission x period x topic. Write mode: full replace. "
        "Training figures cited in UN documents arrive through reported figures and join in marts.fct_training."
        ),
    ),
    # Incidents: fatalities, injuries and cases, from UN fatality records and cited figures.
    RawSource(
        group="fatalities",
        table="fatalities",
        spec_factory=fatalities.spec,
        description=(
        "Fatality records from the UN open-data file (odp_noticas.csv, Title_Case) and the Peace and Security "
        "Data Hub file (DPPADPOSS-FATALITIES, lower case), validated with schemas.fatalities.FatalityRecord. "
        "Grain: one record per casualty_id; where both releases hold a casualty the newer one wins "
        "(last_update, else the file's latest incident date). Write mode: full replace."
        ),
    ),
    # Reported figures: numbers cited in UN documents, each with document and paragraph or speaker.
    RawSource(
        group="reported_figures",
        table="reported_figures",
        spec_factory=reported_figures.spec,
        description=(
        "Figures cited in UN documents (briefings, resolutions, Secretary-General reports), one number a row, "
        "validated with schemas.reported_figures.ReportedFigure. Grain: one row per figure_id. "
        "Write mode: full replace."
        ),
    ),
)

defs = dg.Definitions.merge(*(raw_source_definitions(source) for source in RAW_SOURCES))
