"""Reported figures: numbers cited in UN documents, each with document and paragraph or speaker."""

import dagster as dg

from pipelines.defs.reported_figures import transform
from pipelines.lib.raw_assets import raw_domain_asset
from pipelines.lib.sql_assets import assets_for, checks_for

raw_reported_figures, raw_reported_figures_check = raw_domain_asset(
    domain="reported_figures",
    table="reported_figures",
    spec_factory=transform.spec,
    description=(
        "Figures cited in UN documents (briefings, resolutions, Secretary-General reports), one number a row, "
        "validated with schemas.reported_figures.ReportedFigure. Grain: one row per figure_id. "
        "Write mode: full replace."
    ),
)

defs = dg.Definitions(
    assets=[raw_reported_figures, *assets_for("reported_figures")],
    asset_checks=[raw_reported_figures_check, *checks_for("reported_figures")],
)
