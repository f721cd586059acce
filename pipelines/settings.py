"""Configuration from the environment, read and validated in one place
(pydantic-settings). No project layer is imported here, and Dagster only to
check a cron expression other than the default (by the rule the schedule
applies, so a value passes here exactly when the schedule can run it).

Each field is the variable ``UNPOL_<FIELD>`` (``ENV_NAMES`` lists the exceptions);
the variables, their defaults and what they do are listed in docs/operations.md.

A value that does not parse or is out of range raises ``SettingsError``, whose
message names the variable and the value (the command line prints it as one
line, exit 2). Numbers must be finite; paths must not be empty (an empty value
would mean the current folder), and the warehouse must name a file, not a folder.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipelines.lib.paths import BUNDLED_INBOX, DEFAULT_WAREHOUSE, PROJECT_ROOT

__all__ = ["BUNDLED_INBOX", "DEFAULT_WAREHOUSE", "PROJECT_ROOT", "Settings", "SettingsError"]

ENV_PREFIX = "UNPOL_"
# Fields whose variable is not ENV_PREFIX + the field name.
ENV_NAMES = {"automation_running": "UNPOL_AUTOMATION"}
# Switches a command-line flag can only turn on.
FLAGS = {"allow_shrink"}
DEFAULT_CRON = "0 6 1 * *"
# Dagster adds the interval to the clock's date: a value past a year is a typo, not a plan.
MAX_SENSOR_INTERVAL_S = 366 * 86_400
# PostgreSQL's lock_timeout is an int of milliseconds.
MAX_PG_LOCK_TIMEOUT_S = (2**31 - 1) // 1000



class SettingsError(ValueError):
    """A setting that does not parse or is out of range; the message names it."""


class Settings(BaseModel):
    """The project's settings. Constructed directly (tests), it reads no
    environment; ``from_env`` reads ``UNPOL_*`` and applies overrides."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    inbox: Path = BUNDLED_INBOX
    warehouse: Path = DEFAULT_WAREHOUSE
    max_reject_share: float = Field(0.10, ge=0, le=1)
    lock_timeout_s: float = Field(60.0, ge=0)
    schedule_cron: str = DEFAULT_CRON
    schedule_fetch: bool = True
    sensor_interval_s: int = Field(60, ge=1, le=MAX_SENSOR_INTERVAL_S)
    automation_running: bool = False
    freshness_max_age_months: int = Field(3, ge=0, le=1200)
    max_country_drop_share: float = Field(0.25, ge=0, le=1)
    keep_releases: int = Field(24, ge=1)
    max_shrink_share: float = Field(0.10, ge=0, le=1)
    allow_shrink: bool = False
    pg_lock_timeout_s: float = Field(2.0, gt=0, le=MAX_PG_LOCK_TIMEOUT_S)
    pg_retry_s: float = Field(60.0, ge=0)
    fetch_cache: Path = PROJECT_ROOT / "var" / "cache" / "sources"
    fetch_base_url: str | None = Field(None, pattern=r"^https?://")
    fetch_timeout_s: float = Field(60.0, gt=0)

    @field_validator("inbox", "warehouse", mode="before")
    @classmethod
    def _path_given(cls, value):
        if isinstance(value, str) and not value.strip():
            raise ValueError("empty (it would mean the current folder): give a path or unset the variable")
        return value

    @field_validator("warehouse")
    @classmethod
    def _warehouse_is_a_file(cls, value: Path) -> Path:
        if value.is_dir():
            raise ValueError(f"is a folder: give the DuckDB file in it, e.g. {value / 'unpol.duckdb'}")
        return value

    @field_validator("schedule_cron")
    @classmethod
    def _cron_runs(cls, value: str) -> str:
        return check_cron(value)

    @classmethod
    def from_env(cls, option_names: dict[str, str] | None = None, **overrides) -> Settings:
        """Settings from the environment; ``overrides`` (command-line options)
        win where they are not None. ``option_names`` maps a field to the option
        that set it, so an error names what the user typed (``--max-reject-share``)."""
        try:
            values = _EnvSettings().model_dump()
        except ValidationError as exc:
            raise SettingsError(_describe(exc, from_env=True)) from None
        # None leaves the environment's value; so does False for a flag not
        # given on the command line (--allow-shrink only switches it on).
        values.update({k: v for k, v in overrides.items() if v is not None and not (k in FLAGS and v is False)})
        try:
            return cls(**values)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, from_env=False, option_names=option_names or {})) from None


class _EnvSettings(BaseSettings, Settings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    automation_running: bool = Field(False, validation_alias=ENV_NAMES["automation_running"])


def check_cron(expr: str) -> str:
    """``expr`` if the monthly schedule can run it: the check Dagster's
    ``ScheduleDefinition`` makes (five fields, or a macro such as
    ``@monthly``; no seconds field, no 30 February). The default is known
    good, which spares every command but a custom schedule Dagster's import."""
    if expr == DEFAULT_CRON:
        return expr
    import dagster as dg

    try:
        dg.ScheduleDefinition(name="unpol_cron_check", cron_schedule=expr, job_name="unpol_cron_check")
    except dg.DagsterInvalidDefinitionError:
        raise ValueError("not a cron expression the schedule can run: five fields, minute hour day-of-month "
                         "month day-of-week (UTC), e.g. '0 6 1 * *', or a macro such as @monthly") from None
    return expr


def env_name(field: str) -> str:
    return ENV_NAMES.get(field, ENV_PREFIX + field.upper())


def _describe(exc: ValidationError, from_env: bool, option_names: dict[str, str] | None = None) -> str:
    """One line per bad value: the variable (or option, or setting), the value, the reason."""
    parts = []
    for err in exc.errors():
        loc = str(err["loc"][0]) if err["loc"] else "?"
        field = next((f for f, v in ENV_NAMES.items() if v == loc), loc)
        msg = err["msg"].removeprefix("Value error, ")
        if from_env:
            parts.append(f"{env_name(field)}={err.get('input')!s}: {msg}")
        elif field in (option_names or {}):
            parts.append(f"{option_names[field]} {err.get('input')!s}: {msg}")
        else:
            parts.append(f"{field}={err.get('input')!s}: {msg}")
    return "bad setting " + "; ".join(parts)
