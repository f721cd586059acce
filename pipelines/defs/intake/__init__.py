"""Intake: the inbox listing, each file's recognised format, refused files."""

import dagster as dg

from pipelines.defs.intake.assets import inbox_files, inbox_files_all_recognised

defs = dg.Definitions(assets=[inbox_files], asset_checks=[inbox_files_all_recognised])
