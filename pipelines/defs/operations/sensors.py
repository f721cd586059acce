"""The inbox sensor: a new or changed file (by content hash) starts one run for
the staffing months it carries; a file already seen never starts another.

The cursor is the set of content hashes already requested (JSON). When it is
empty (a new Dagster instance), it starts from the hashes the published
warehouse records in ``audit.processed_files``, so moving the instance does
not reprocess the inbox. Which run a file went into is recorded by that run in
``audit.processed_files`` (file, hash, run).
"""


import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import range_tags, staffing_monthly_partition
from pipelines.defs.staffing.window import months_in_file
from pipelines.lib.files import sha256_of
from pipelines.lib.formats import detect
from pipelines.lib.inbox import list_inbox
from pipelines.lib.warehouse import read_only, table_exists

INBOX_SENSOR = "inbox_sensor"
FILES_TAG = "unpol/new_files"
RUN_KEY_TAG = "dagster/run_key"  # the tag Dagster stores a run key in


@dataclass
class InboxDecision:
    """What one look at the inbox found: the new files and the run they need."""

    new: list[tuple[str, str]] = field(default_factory=list)  # (relpath, sha256)
    months: list[str] = field(default_factory=list)  # partition keys; empty = full run
    reasons: list[str] = field(default_factory=list)


def load_cursor(cursor: str | None, published: Path) -> set[str]:
    if cursor:
        return set(json.loads(cursor))
    if not published.exists():
        return set()
    con = read_only(published)
    try:
        if not table_exists(con, "audit", "processed_files"):
            return set()
        return {r[0] for r in con.execute("select distinct sha256 from audit.processed_files").fetchall()}
    finally:
        con.close()


def decide(inbox: Path, seen: set[str]) -> InboxDecision:
    """Compare the inbox with the hashes already seen and choose the run: the
    months of new staffing files, or a full run when a new file belongs to an
    unpartitioned domain (ceilings, training, ...) or is not recognised (the run
    then shows why it refuses it)."""
    out = InboxDecision()
    months: set[str] = set()
    full = False
    new_hashes: set[str] = set()
    for item in list_inbox(inbox):
        if item.status != "candidate":
            continue  # ignored suffixes and unsafe entries: the inbox scan reports them
        try:
            sha = sha256_of(item.path)
        except OSError as exc:  # no run for it: without a hash every tick would start one; a run refuses it
            out.reasons.append(f"{item.relpath}: cannot be read ({exc.strerror or exc}), no run started for it")
            continue
        if sha in seen or sha in new_hashes:
            continue  # the same content under any name runs once
        new_hashes.add(sha)
        out.new.append((item.relpath, sha))
        d = detect(item.path)
        if d.format is None or d.format.domain != "staffing":
            full = True
            out.reasons.append(f"{item.relpath}: {d.format.domain if d.format else 'unrecognised'}, full run")
            continue
        found = months_in_file(item.path, d.format, d.sheet)
        inside = {m for m in found if staffing_monthly_partition.has_partition_key(m)}
        if not inside or inside != found:
            # No month, or a month outside the partition set (future, pre-1990):
            # only a full run takes it in.
            full = True
            out.reasons.append(f"{item.relpath}: months outside the partitions, full run")
        months |= inside
        out.reasons.append(f"{item.relpath}: {len(found)} months")
    out.months = [] if full else sorted(months)
    return out


def run_key_for(decision: InboxDecision) -> str:
    """The run key of the new content: the same files give the same key, from
    the sensor or from the monthly schedule's fetch."""
    return hashlib.sha256("\n".join(sorted(s for _, s in decision.new)).encode()).hexdigest()[:32]


def already_requested(instance: dg.DagsterInstance | None, key: str) -> bool:
    """Whether a run for this content is queued, running or done, whoever asked
    for it (Dagster refuses a repeated run key only within one sensor or
    schedule: the schedule's fetch and the sensor see the same new files). A
    run that failed or was cancelled does not count: the content is still new."""
    if instance is None:
        return False
    runs = instance.get_runs(dg.RunsFilter(tags={RUN_KEY_TAG: key}), limit=20)
    return any(r.status not in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED) for r in runs)


def context_instance(context) -> dg.DagsterInstance | None:
    """The tick's instance; none where a test built the context without one."""
    try:
        return context.instance
    except dg.DagsterInvariantViolationError:
        return None


def short_tag(text: str) -> str:
    return text if len(text) <= 1000 else text[:997] + "..."


def run_request_for(decision: InboxDecision, extra_tags: dict[str, str] | None = None) -> dg.RunRequest:
    """One run for everything new: a single month, a range of months (one run,
    single-run backfill policy), or a full run."""
    # The run key names the content, so Dagster itself refuses a second run for it.
    key = run_key_for(decision)
    tags = {FILES_TAG: short_tag(", ".join(rel for rel, _ in decision.new)), **(extra_tags or {})}
    months = decision.months
    if len(months) == 1:
        return dg.RunRequest(run_key=key, partition_key=months[0], tags=tags)
    if months:
        return dg.RunRequest(run_key=key, tags={**tags, **range_tags(months[0], months[-1])})
    return dg.RunRequest(run_key=key, tags=tags)


def evaluate(context: dg.SensorEvaluationContext, inbox: Path, published: Path) -> dg.SensorResult | dg.SkipReason:
    seen = load_cursor(context.cursor, published)
    decision = decide(inbox, seen)
    if not decision.new:
        return dg.SkipReason("; ".join([f"no new or changed file in {inbox}", *decision.reasons]))
    for reason in decision.reasons:
        context.log.info(reason)
    cursor = json.dumps(sorted(seen | {sha for _, sha in decision.new}))
    if already_requested(context_instance(context), run_key_for(decision)):  # the monthly schedule fetched them
        return dg.SensorResult(run_requests=[], cursor=cursor,
                               skip_reason=f"a run for the new files in {inbox} was already requested")
    return dg.SensorResult(run_requests=[run_request_for(decision)], cursor=cursor)


def build_inbox_sensor(inbox: Path, published: Path, job_name: str, interval_s: int,
                       running: bool) -> dg.SensorDefinition:
    @dg.sensor(
        name=INBOX_SENSOR,
        job_name=job_name,
        minimum_interval_seconds=interval_s,
        default_status=dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED,
        description=f"Starts a run when a new or changed file (by content hash) lands in {inbox}: "
        "for the staffing months it carries, or a full run for other domains.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext):
        return evaluate(context, inbox, published)

    return inbox_sensor
