"""Training: people trained by a mission's police component, per period and topic."""

import dagster as dg

from pipelines.defs.training import transform
from pipelines.lib.raw_assets import raw_domain_asset
from pipelines.lib.sql_assets import assets_for, checks_for

raw_training, raw_training_check = raw_domain_asset(
    domain="training",
    table="training_delivered",
    spec_factory=transform.spec,
    description=(
        "Training delivered, from training workbooks (sheet 'training') or CSVs in the inbox, validated with "
        "schemas.training.TrainingRecord. Grain: mission x period x topic. Write mode: full replace. "
        "Training figures cited in UN documents arrive through reported figures and join in marts.fct_training."
    ),
)

defs = dg.Definitions(
    assets=[raw_training, *assets_for("training")],
    asset_checks=[raw_training_check, *checks_for("training")],
)
