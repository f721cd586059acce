"""Reconciliation: published totals and cited figures against the detail that
should add up to them (warehouse/audit/reconciliation.sql)."""

import dagster as dg

from pipelines.lib.sql_assets import assets_for, checks_for

defs = dg.Definitions(assets=assets_for("reconciliation"), asset_checks=checks_for("reconciliation"))
