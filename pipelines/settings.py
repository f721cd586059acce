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
| UNPOL_FAULT_INJECT | unset | tests only: `<point>[@<barrier file>]` makes the run stop at that point (see `fault_point`) |
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.defs.common.resources import InboxResource, WarehouseResource
from pipelines.defs.operations.resources import MonitoringResource

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_INBOX = PROJECT_ROOT / "data" / "inbox"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "var" / "warehouse" / "unpol.duckdb"


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
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def resources(self) -> dict:
        return {
            "inbox": InboxResource(path=str(Path(self.inbox).resolve())),
            "warehouse": WarehouseResource(
                path=str(Path(self.warehouse).resolve()),
                max_reject_share=self.max_reject_share,
                lock_timeout_s=self.lock_timeout_s,
            ),
            "monitoring": MonitoringResource(
                max_age_months=self.freshness_max_age_months,
                max_country_drop_share=self.max_country_drop_share,
            ),
        }


FAULT_ENV = "UNPOL_FAULT_INJECT"


def fault_point(name: str) -> None:
    """A place where the crash-safety tests (tests/test_faults.py) SIGKILL a run.

    With ``UNPOL_FAULT_INJECT=<name>@<barrier file>`` a run reaching the point
    ``name`` writes its pid to the barrier file and sleeps, so the test kills it
    exactly there. Points: ``write:<schema>.<table>`` (inside the transaction
    replacing or appending to that table), ``check:<domain>`` (inside a
    reject-share check), ``publish_copy`` (the new file copied beside the
    published one, not yet renamed). Unset, this is one dictionary lookup.
    """
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    point, _, barrier = spec.partition("@")
    if point != name:
        return
    if barrier:
        Path(barrier).write_text(str(os.getpid()))
    time.sleep(600)
    raise RuntimeError(f"fault injected at {name} and not killed within 600 s")
