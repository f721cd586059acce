"""The warehouse's models as one step: every SQL model of ``warehouse/``, the
tables written from Python among them (seeds, benchmark definitions, countries,
indicators) and the audit tables' keys, with every SQL invariant of
``warehouse/checks/``, the indicator grain check and the staffing warnings
(``pipelines/defs/factories/sql.py`` runs them)."""

import dagster as dg

from pipelines.defs import audit, performance, reference
from pipelines.defs.factories.sql import sql_check, sql_model, sql_step
from pipelines.defs.operations.monitoring import STAFFING_MONITORING_CHECKS
from pipelines.lib.sql_models import discover, discover_checks

MODELS = [*reference.MODELS, *performance.MODELS, *audit.MODELS, *(sql_model(m) for m in discover())]
_KEYS = {m.key for m in MODELS}
CHECKS = [*performance.CHECKS, *STAFFING_MONITORING_CHECKS, *(sql_check(c) for c in discover_checks() if dg.AssetKey(list(c.asset)) in _KEYS)]

defs = dg.Definitions(assets=[sql_step(MODELS, CHECKS)])
