"""Operations: the schedule, the inbox sensor, the staffing warnings and the run summary."""

from pipelines.defs.operations.definitions import RUN_SUMMARY, definitions_for

__all__ = ["RUN_SUMMARY", "definitions_for"]
