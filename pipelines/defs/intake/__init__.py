"""Intake: the inbox listing, each file's recognised format, refused files."""

import dagster as dg

from pipelines.defs.intake.assets import inbox_files

defs = dg.Definitions(assets=[inbox_files])
