"""Progress of ``unpol run`` from Dagster's step events: a bar on a terminal,
plain lines with each step's duration under cron or CI."""

from __future__ import annotations

import logging


class Progress(logging.Handler):
    def __init__(self, total: int, fancy: bool):
        super().__init__()
        self.total, self.done, self.fancy = total, 0, fancy
        self.started: dict[str, float] = {}  # step key -> start time, for each step's duration
        self.bar = None
        if fancy:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self.task = self.bar.add_task("starting", total=total)
            self.bar.start()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is None:
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self.started[step] = record.created
            if self.fancy:
                self._show(f"{step} ...")
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self.done += 1
            status = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}[kind]
            took = f" {record.created - self.started[step]:.1f} s" if step in self.started else ""
            self._show(f"{step} {status}{took}", advance=True)
        elif kind == "ASSET_MATERIALIZATION" and not self.fancy:
            md = event.event_specific_data.materialization.metadata
            rows = md.get("dagster/row_count")
            if rows is not None:
                print(f"    {event.asset_key.to_user_string()}: {rows.value:,} rows", flush=True)
        elif kind == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if not ev.passed:
                self._show(f"check {ev.check_name} on {ev.asset_key.to_user_string()} FAILED")

    def _show(self, text: str, advance: bool = False) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=text[:70], advance=1 if advance else 0)
        else:
            print(f"[{self.done:>3}/{self.total}] {text}", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        super().close()
