"""Reconciliation: published totals and cited figures against the detail that
should add up to them. One view per comparison
(``warehouse/audit/reconciliation_<comparison>.sql``), stacked with one status
rule in ``audit.reconciliation`` (``warehouse/audit/reconciliation.sql``)."""

import dagster as dg

from pipelines.defs.factories.sql import assets_for, checks_for

defs = dg.Definitions(assets=assets_for("audit"), asset_checks=checks_for("audit"))
