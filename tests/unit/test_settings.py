"""Every setting is checked once, before any command works: a bad ``UNPOL_*``
value of any kind (unparsable, out of range, not finite, an empty path, a
folder for the warehouse, a cron expression the schedule cannot run) is
refused with the variable's name, one line, exit 2, at every command; so are
the command line's numbers (a port, a row count)."""

from __future__ import annotations

import re

import pytest

from pipelines.cli.main import _parser, main
from pipelines.settings import DEFAULT_CRON, Settings, SettingsError, check_cron

BAD_VALUES = [
    ("UNPOL_SCHEDULE_CRON", "every tuesday"),  # not cron
    ("UNPOL_SCHEDULE_CRON", "0 0 6 1 * *"),  # a seconds field: Dagster runs five
    ("UNPOL_SCHEDULE_CRON", "0 6 30 2 *"),  # 30 February never comes
    ("UNPOL_SCHEDULE_CRON", "60 6 1 * *"),  # minute out of range
    ("UNPOL_MAX_REJECT_SHARE", "ten"),
    ("UNPOL_MAX_REJECT_SHARE", "1.5"),
    ("UNPOL_MAX_SHRINK_SHARE", "nan"),
    ("UNPOL_LOCK_TIMEOUT_S", "inf"),
    ("UNPOL_LOCK_TIMEOUT_S", "-1"),
    ("UNPOL_SENSOR_INTERVAL_S", "0"),
    ("UNPOL_SENSOR_INTERVAL_S", "100000000000000000000"),
    ("UNPOL_AUTOMATION", "maybe"),
    ("UNPOL_FRESHNESS_MAX_AGE_MONTHS", "99999999999"),
    ("UNPOL_MAX_COUNTRY_DROP_SHARE", "-0.1"),
    ("UNPOL_KEEP_RELEASES", "0"),
    ("UNPOL_ALLOW_SHRINK", "perhaps"),
    ("UNPOL_PG_LOCK_TIMEOUT_S", "0"),
    ("UNPOL_PG_LOCK_TIMEOUT_S", "1e10"),  # beyond PostgreSQL's lock_timeout
    ("UNPOL_PG_RETRY_S", "inf"),
    ("UNPOL_INBOX", ""),  # would be the current folder
    ("UNPOL_WAREHOUSE", " "),
    ("UNPOL_FETCH_BASE_URL", "ftp://mirror"),  # requests reads http(s) only
    ("UNPOL_FETCH_TIMEOUT_S", "0"),
]


@pytest.mark.parametrize(("variable", "value"), BAD_VALUES)
def test_a_bad_value_is_refused_with_its_name(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match="^" + re.escape(f"bad setting {variable}={value}: ")):
        Settings.from_env()


def test_a_folder_is_not_a_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("UNPOL_WAREHOUSE", str(tmp_path))
    with pytest.raises(SettingsError, match=re.escape(f"UNPOL_WAREHOUSE={tmp_path}: is a folder: give the DuckDB file")):
        Settings.from_env()


@pytest.mark.parametrize("expr", [DEFAULT_CRON, "@monthly", "0 6 1 * *", "*/15 * * * 1-5", "0 6 L * *"])
def test_cron_expressions_the_schedule_runs_pass(monkeypatch, expr):
    monkeypatch.setenv("UNPOL_SCHEDULE_CRON", expr)
    assert Settings.from_env().schedule_cron == expr == check_cron(expr)


def test_the_default_cron_is_one_dagster_runs():
    # check_cron skips Dagster for the default; this is why it may.
    import dagster as dg

    dg.ScheduleDefinition(name="default", cron_schedule=DEFAULT_CRON, job_name="j")


# --- every command -------------------------------------------------------------

COMMANDS = {
    "run": ["run", "--plain"],
    "query": ["query", "select 1"],
    "serve": ["serve"],
    "tables": ["tables"],
    "dictionary": ["dictionary", "--check"],
    "export": ["export"],
    "publish-postgres": ["publish-postgres"],
    "releases": ["releases"],
    "fetch": ["fetch", "--offline"],
}


def test_every_command_is_listed_here():
    from tests.unit.test_cli_parser import _subparsers

    assert set(_subparsers(_parser()).choices) == set(COMMANDS)


@pytest.fixture
def no_command_runs(monkeypatch):
    """Every command's body replaced by a marker: the settings must stop the
    command before any of it runs (a body reached is a test failure, not a
    server started or a warehouse built)."""
    from pipelines.cli import analyst, fetch, query, releases, run, serve

    reached = []
    for module, name in [(run, "cmd_run"), (serve, "cmd_serve"), (query, "cmd_query"), (analyst, "cmd_tables"),
                         (analyst, "cmd_dictionary"), (analyst, "cmd_export"), (analyst, "cmd_publish_postgres"),
                         (releases, "cmd_releases"), (fetch, "cmd_fetch")]:
        monkeypatch.setattr(module, name, lambda args, name=name: reached.append(name) or 0)
    return reached


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(("variable", "value"), BAD_VALUES)
def test_every_command_refuses_a_bad_setting_in_one_line(monkeypatch, capsys, no_command_runs, command, variable, value):
    monkeypatch.setenv(variable, value)
    assert main(COMMANDS[command]) == 2
    err = capsys.readouterr().err
    assert no_command_runs == []
    assert err.startswith(f"unpol: bad setting {variable}={value}: ") and err.count("\n") == 1, err


@pytest.mark.parametrize(("argv", "text"), [
    (["serve", "--port", "70000"], "argument --port: 70000 is out of range (1 .. 65535)"),
    (["serve", "--port", "0"], "argument --port: 0 is out of range (1 .. 65535)"),
    (["serve", "--port", "http"], "argument --port: 'http' is not a whole number"),
    (["query", "select 1", "--max-rows", "-1"], "argument --max-rows: -1 is below 0"),
    (["query", "select 1", "--max-rows", "lots"], "argument --max-rows: 'lots' is not a whole number"),
])
def test_bad_numbers_on_the_command_line_are_usage_errors(capsys, no_command_runs, argv, text):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and text in capsys.readouterr().err and no_command_runs == []



def test_every_setting_is_documented_in_operations_md():
    """pipelines/settings.py points to docs/operations.md for the variables: each must be there."""
    from pipelines.lib.paths import PROJECT_ROOT
    from pipelines.settings import env_name

    text = (PROJECT_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert [env_name(f) for f in Settings.model_fields if env_name(f) not in text] == []
