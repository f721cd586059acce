"""Reconciliation: published totals and cited figures against the detail that
should add up to them (warehouse/audit/reconciliation.sql)."""

import dagster as dg

from pipelines.defs.factories.sql import assets_for, checks_for

defs = dg.Definitions(assets=assets_for("audit"), asset_checks=checks_for("audit"))
