"""Configuration from the environment, read in one place.

| variable | default | meaning |
| --- | --- | --- |
| UNPOL_INBOX | data/inbox (bundled data) | folder whose files a run ingests |
| UNPOL_WAREHOUSE | var/warehouse/unpol.duckdb | the published warehouse file |
| UNPOL_MAX_REJECT_SHARE | 0.10 | a file with more rejected rows than this share blocks publishing |
| UNPOL_LOCK_TIMEOUT_S | 60 | how long a second run waits for the writer lock before it is refused |
| UNPOL_SCHEDULE_CRON | `0 6 1 * *` | when the monthly schedule runs the month just closed (UTC) |
| UNPOL_SENSOR_INTERVAL_S | 60 | least time between two looks of the inbox sensor |
| UNPOL_AUTOMATION | off | `on`: the schedule and the inbox sensor start running with the daemon |
| UNPOL_FRESHNESS_MAX_AGE_MONTHS | 3 | warn when a running mission's latest month is older |
| UNPOL_MAX_COUNTRY_DROP_SHARE | 0.25 | warn when a mission's contributing countries fall by more, month on month |
| UNPOL_KEEP_RELEASES | 24 | releases kept for `unpol query --release/--as-of`; older ones are pruned after a publish |
| UNPOL_MAX_SHRINK_SHARE | 0.10 | a fact table losing more than this share of its rows (months the run does not replace) blocks publishing |
| UNPOL_ALLOW_SHRINK | off | `on`: publish even so, and an empty inbox too (`unpol run --allow-shrink` for one run) |
| UNPOL_PG_LOCK_TIMEOUT_S | 2 | `publish-postgres`: longest wait for a lock per swap attempt (readers queue behind it at most this long) |
| UNPOL_PG_RETRY_S | 60 | `publish-postgres`: how long to keep retrying the swap, with backoff, before failing cleanly |
| UNPOL_FAULT_INJECT | unset | tests only: `<point>[@<barrier file>]` makes the run stop at that point (see `fault_point`) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.paths import BUNDLED_INBOX, DEFAULT_WAREHOUSE, PROJECT_ROOT

__all__ = ["BUNDLED_INBOX", "DEFAULT_WAREHOUSE", "PROJECT_ROOT", "Settings"]


@dataclass(frozen=True)
class Settings:
    inbox: Path = BUNDLED_INBOX
    warehouse: Path = DEFAULT_WAREHOUSE
    max_reject_share: float = 0.10
    lock_timeout_s: float = 60.0
    schedule_cron: str = "0 6 1 * *"
    sensor_interval_s: int = 60
    automation_running: bool = False
    freshness_max_age_months: int = 3
    max_country_drop_share: float = 0.25
    keep_releases: int = 24
    max_shrink_share: float = 0.10
    allow_shrink: bool = False
    pg_lock_timeout_s: float = 2.0
    pg_retry_s: float = 60.0

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = os.environ
        values = {
            "inbox": Path(env.get("UNPOL_INBOX", BUNDLED_INBOX)),
            "warehouse": Path(env.get("UNPOL_WAREHOUSE", DEFAULT_WAREHOUSE)),
            "max_reject_share": float(env.get("UNPOL_MAX_REJECT_SHARE", 0.10)),
            "lock_timeout_s": float(env.get("UNPOL_LOCK_TIMEOUT_S", 60)),
            "schedule_cron": env.get("UNPOL_SCHEDULE_CRON", "0 6 1 * *"),
            "sensor_interval_s": int(env.get("UNPOL_SENSOR_INTERVAL_S", 60)),
            "automation_running": env.get("UNPOL_AUTOMATION", "off").lower() in ("on", "1", "true", "yes"),
            "freshness_max_age_months": int(env.get("UNPOL_FRESHNESS_MAX_AGE_MONTHS", 3)),
            "max_country_drop_share": float(env.get("UNPOL_MAX_COUNTRY_DROP_SHARE", 0.25)),
            "keep_releases": int(env.get("UNPOL_KEEP_RELEASES", 24)),
            "max_shrink_share": float(env.get("UNPOL_MAX_SHRINK_SHARE", 0.10)),
            "allow_shrink": env.get("UNPOL_ALLOW_SHRINK", "off").lower() in ("on", "1", "true", "yes"),
            "pg_lock_timeout_s": float(env.get("UNPOL_PG_LOCK_TIMEOUT_S", 2)),
            "pg_retry_s": float(env.get("UNPOL_PG_RETRY_S", 60)),
        }
        # None and False leave the environment's value (a flag not given on the command line).
        values.update({k: v for k, v in overrides.items() if v is not None and v is not False})
        return cls(**values)
