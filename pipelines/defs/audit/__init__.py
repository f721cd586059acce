"""audit: the reconciliation of totals and cited figures (assets.py) and the
audit tables other steps append to, keyed with their contracts (tables.py)."""

import dagster as dg

from pipelines.defs.audit.assets import defs as reconciliation_defs
from pipelines.defs.audit.tables import DURING_RUN, PROCESSED_FILES, audit_table_definitions

defs = dg.Definitions.merge(reconciliation_defs, audit_table_definitions(DURING_RUN))
# Written by the run summary, which waits for every other asset: assembled after it.
after_run_summary = audit_table_definitions((PROCESSED_FILES,))
PROCESSED_FILES_KEY = PROCESSED_FILES.key

__all__ = ["PROCESSED_FILES_KEY", "after_run_summary", "defs"]
