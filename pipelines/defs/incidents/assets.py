"""Incidents: fatalities, injuries and cases, from UN fatality records and cited figures."""

import dagster as dg

from pipelines.lib.sql_assets import assets_for, checks_for

defs = dg.Definitions(assets=assets_for("incidents"), asset_checks=checks_for("incidents"))
