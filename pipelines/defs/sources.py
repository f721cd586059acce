"""The flat raw sources, declared once: each is an inbox format family whose
records name a mission, parsed by ``pipelines/defs/<group>/parser.py`` (whose
docstring describes the source, its grain and write mode), validated by its
``schemas/`` contract and loaded into ``raw.<table>`` with a blocking
reject-share check; the group's SQL models (``-- group: <group>`` in
``warehouse/``) are assembled with it. Missions and staffing have assets of
their own (``defs/missions``, ``defs/staffing``): the first is what the others
are checked against, the second is partitioned by month."""

from __future__ import annotations

from types import ModuleType

import dagster as dg

from pipelines.defs.contributor_strength import parser as contributor_strength
from pipelines.defs.factories.raw import raw_source_definitions
from pipelines.defs.fatalities import parser as fatalities
from pipelines.defs.mission_strength import parser as mission_strength
from pipelines.defs.police_bases import parser as police_bases
from pipelines.defs.police_ceilings import parser as police_ceilings
from pipelines.defs.police_locations import parser as police_locations
from pipelines.defs.reported_figures import parser as reported_figures
from pipelines.defs.training import parser as training

# raw table -> its parser module
RAW_SOURCES: dict[str, ModuleType] = {
    "mission_strength": mission_strength,
    "contributor_strength": contributor_strength,
    "police_locations": police_locations,
    "police_bases": police_bases,
    "police_ceilings": police_ceilings,
    "training_delivered": training,
    "fatalities": fatalities,
    "reported_figures": reported_figures,
}

defs = dg.Definitions.merge(*(raw_source_definitions(table, parser) for table, parser in RAW_SOURCES.items()))
