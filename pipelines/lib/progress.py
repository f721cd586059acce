"""Progress inside a long step (file by file, table by table) for the terminal
of ``unpol run`` (``pipelines/cli/progress.py`` listens). A plain Python
logger, not Dagster's: the run's event log already records each table's
materialization, so progress lines are kept out of it."""

import logging

LOGGER = logging.getLogger("unpol.step_progress")


def step_progress(text: str) -> None:
    LOGGER.info(text)
