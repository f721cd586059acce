"""Release: what readers get, built together and made current in one step.
The HTML report and the Parquet exports are staged into the run's release, the
shrink guard checks it, and the publish swaps it in (pipelines/lib/releases.py)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.release.exports import ANALYTICS_PARQUET, exports_asset, release_keeps_rows
from pipelines.defs.release.publish import publish_asset
from pipelines.defs.release.report import police_scorecard

# The report is built from the marts, before the exports and the publish.
defs = dg.Definitions(assets=[police_scorecard])


def definitions_for(upstream: list[dg.AssetKey]) -> dg.Definitions:
    """The exports and the shrink guard (after every asset of ``upstream``),
    then the publish (after the exports)."""
    return dg.Definitions(
        assets=[exports_asset(upstream), publish_asset([*upstream, ANALYTICS_PARQUET])],
        asset_checks=[release_keeps_rows],
    )
