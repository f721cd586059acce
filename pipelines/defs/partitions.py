"""The month partition, the clock of the whole house, and the one helper that
says which months a run covers.

The partition key is the month's first day (``2014-08-01``), the same key the
warehouse uses for ``month``. The set starts in November 1990, the first month
of the UN's monthly contribution reports (IPI's mission totals in
``../shared/data/real/ipi_mission_totals_monthly`` start there); the
gender-split files only start in November 2009, but a set that started then
would leave the earlier months of the long UN series without a partition to
load them into. The last partition is the last complete month.

Only the raw staffing table is partitioned; every other step of a run for
some months reads the run's months with ``run_window``, which asks Dagster's
public context (``has_partition_key``, ``partition_key_range``: properties of
the run, so they answer in unpartitioned steps too).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import dagster as dg

staffing_monthly_partition = dg.MonthlyPartitionsDefinition(start_date="1990-11-01", timezone="UTC")

# Run tags Dagster reads as "one run over these partitions" (a single-run
# backfill sets them; so can a sensor's RunRequest or execute_in_process).
# Dagster documents the tag names but exports no constant for them.
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

Context = dg.AssetExecutionContext | dg.AssetCheckExecutionContext | dg.OpExecutionContext


def run_window(source: Context | Mapping[str, str]) -> tuple[date, date] | None:
    """The months ``[first, after_last)`` a run covers, or None for a full
    (unpartitioned) run such as ``unpol run``. ``source``: a step's context,
    or the tags of a run or run request."""
    keys = run_key_range(source)
    if keys is None:
        return None
    return date.fromisoformat(keys.start), next_month(date.fromisoformat(keys.end))


def run_key_range(source: Context | Mapping[str, str]) -> dg.PartitionKeyRange | None:
    """The first and last month key a run covers; None for a full run."""
    if isinstance(source, Mapping):
        start = source.get(RANGE_START_TAG) or source.get(PARTITION_TAG)
        end = source.get(RANGE_END_TAG) or source.get(PARTITION_TAG)
        return dg.PartitionKeyRange(start, end) if start and end else None
    if not (source.has_partition_key or source.has_partition_key_range):
        return None
    return source.partition_key_range


def run_months(source: Context | Mapping[str, str]) -> list[str] | None:
    """Every month key a run replaces; None for a full run."""
    keys = run_key_range(source)
    return None if keys is None else window_keys(keys.start, keys.end)


def window_keys(start: str, end: str) -> list[str]:
    """Every partition key from ``start`` to ``end`` inclusive."""
    return staffing_monthly_partition.get_partition_keys_in_range(dg.PartitionKeyRange(start, end))


def range_tags(start: str, end: str) -> dict[str, str]:
    """Run tags asking for one run over a range of months (the raw staffing asset
    has a single-run backfill policy, so a range is one run and one publish)."""
    return {RANGE_START_TAG: start, RANGE_END_TAG: end}


def month_key(text: str) -> str:
    """``2014-03`` or ``2014-03-01`` -> the partition key ``2014-03-01``; refuses
    months outside the partition set."""
    d = date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)
    key = d.isoformat()
    if not staffing_monthly_partition.has_partition_key(key):
        raise ValueError(f"{text}: not a staffing month partition (1990-11 .. last complete month)")
    return key


def next_month(d: date) -> date:
    """The first day of the month after ``d``'s."""
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)
