"""Release: what readers get. The HTML report, the atomic publish of the
warehouse file, and the Parquet exports of the analyst views."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.release.exports import analytics_parquet
from pipelines.defs.release.publish import publish_asset
from pipelines.defs.release.report import police_scorecard

# The report is built before the publish (which waits for every asset).
defs = dg.Definitions(assets=[police_scorecard])


def definitions_for(upstream: list[dg.AssetKey]) -> dg.Definitions:
    """The publish (after every asset of ``upstream``) and the exports (after the publish)."""
    return dg.Definitions(assets=[publish_asset(upstream), analytics_parquet])
