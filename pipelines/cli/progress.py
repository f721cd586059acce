"""Progress of ``unpol run`` from Dagster's events, by domain (the Dagster
group: staffing, training, analytics, ...), not by internal step name.

On a terminal: a bar naming the domain and table being built. Plain (cron, CI,
``--plain``): one line per domain when its last step ends, with its tables'
rows and time (``--steps``: also each step with its duration, for profiling). Checks that fail are
printed as they happen, as ``warning`` (WARN severity, the run goes on) or
``check failed`` (ERROR, the run will not publish)."""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter, defaultdict

from pipelines.cli.outcome import is_check_failure
from pipelines.lib.progress import LOGGER as STEP_PROGRESS


def step_domains(defs, job) -> dict[str, tuple[str, str]]:
    """Step key -> (domain, what it builds) for every step of ``job``: the asset
    group and its tables (``raw.staffing_contributions``); a check's step takes
    its asset's domain and is labelled ``checking <table>``."""
    by_op: dict[str, tuple[str, str]] = {}
    for ad in defs.resolve_asset_graph().assets_defs:
        if ad.is_executable and ad.keys:
            groups = {ad.group_names_by_key.get(k) for k in ad.keys} - {None}
            keys = sorted(k.to_user_string().replace("/", ".") for k in ad.keys)
            label = keys[0] if len(keys) == 1 else f"{len(keys)} tables"
            # A step building tables of several groups (the SQL step) is its own domain.
            domain = ad.node_def.name if len(groups) > 1 else (groups.pop() if groups else "other")
            by_op[ad.node_def.name] = (domain, label)
    out = {}
    for node in job.graph.node_defs:
        name = node.name
        if name in by_op:
            out[name] = by_op[name]
            continue
        owner = max((op for op in by_op if name.startswith(op + "_")), key=len, default=None)
        out[name] = (by_op[owner][0], f"checking {by_op[owner][1]}") if owner else ("other", name)
    return out


class Progress(logging.Handler):
    def __init__(self, steps: dict[str, tuple[str, str]], fancy: bool, each_step: bool = False):
        super().__init__()
        self.steps, self.each_step = steps, each_step
        self.total, self.done, self.fancy = len(steps), 0, fancy
        self.left = Counter(domain for domain, _ in steps.values())  # steps not yet ended, per domain
        self.rows: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.seconds: dict[str, float] = defaultdict(float)
        self.started: dict[str, float] = {}  # step key -> start time
        self.bar = None
        if fancy:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            # A persistent Dagster instance captures the run's stdout (a tee, not
            # a terminal), so rich would stop drawing: the bar writes to its own
            # copy of the terminal's file descriptor.
            self.tty = open(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")  # noqa: SIM115
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(file=self.tty))
            self.task = self.bar.add_task("starting", total=self.total)
            self.bar.start()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is None:
            # Progress inside a long step (file by file, table by table): the
            # records of pipelines/lib/progress.py's logger; other logs are not shown.
            if record.name == STEP_PROGRESS.name:
                if self.fancy:
                    self._bar(record.getMessage())
                elif self.each_step:
                    self._line(f"    {record.getMessage()}")
            return
        kind = event.event_type_value
        step = event.step_key or ""
        domain, label = self.steps.get(step, ("other", step))
        if kind == "STEP_START":
            self.started[step] = record.created
            self._bar(f"{domain}: {label}")
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self.done += 1
            took = record.created - self.started[step] if step in self.started else 0.0
            self.seconds[domain] += took
            if self.each_step:
                status = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "failed", "STEP_SKIPPED": "skipped"}[kind]
                self._line(f"  {domain}: {label} {status} {took:.1f} s")
            self.left[domain] -= 1
            if kind == "STEP_FAILURE" and not is_check_failure(event.event_specific_data.error):
                self._line(f"{domain}: step {step} failed")
            if self.left[domain] == 0 and not self.fancy:  # the domain's line: its tables, rows and time
                tables = self.rows.get(domain, [])
                total = sum(n for _, n in tables)
                self._line(f"{domain:<20} {len(tables):>2} {'table ' if len(tables) == 1 else 'tables'} "
                           f"{total:>12,} {'row ' if total == 1 else 'rows'} {self.seconds[domain]:>6.1f} s")
            if self.bar is not None:
                self.bar.update(self.task, advance=1)
        elif kind == "ASSET_MATERIALIZATION":
            rows = event.event_specific_data.materialization.metadata.get("dagster/row_count")
            if rows is not None:
                self.rows[domain].append((event.asset_key.to_user_string().replace("/", "."), rows.value))
        elif kind == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if not ev.passed:
                label = "warning" if ev.severity.value == "WARN" else "check failed"
                self._line(f"{label}: {ev.check_name} on {ev.asset_key.to_user_string()}")

    def listen(self) -> None:
        """Show the progress lines of the steps run in this process."""
        STEP_PROGRESS.setLevel(logging.INFO)
        STEP_PROGRESS.propagate = False
        STEP_PROGRESS.addHandler(self)

    def _bar(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=text[:70])

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.console.print(text)
        else:
            print(f"[{self.done:>3}/{self.total}] {text}", flush=True)

    def finish(self) -> None:
        """Stop the bar (``unpol run`` calls it when the run ends; Dagster may
        ``close()`` its loggers' handlers while the run goes on)."""
        STEP_PROGRESS.removeHandler(self)
        if self.bar is not None:
            self.bar.stop()
            self.tty.close()
            self.bar = None
