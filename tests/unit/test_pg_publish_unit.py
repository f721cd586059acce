"""Layer 1 for the PostgreSQL publish, no server needed: type mapping and
connection strings kept out of messages."""

import duckdb
import pytest

from pipelines.cli import main
from pipelines.lib.pg_publish import pg_type, redact


@pytest.mark.parametrize(
    ("duck", "pg"),
    [("VARCHAR", "text"), ("BIGINT", "bigint"), ("DOUBLE", "double precision"), ("DATE", "date"),
     ("TIMESTAMP WITH TIME ZONE", "timestamptz"), ("DECIMAL(18,3)", "numeric(18,3)"), ("HUGEINT", "numeric(38,0)")],
)
def test_pg_type(duck, pg):
    assert pg_type(duck) == pg


def test_unknown_type_is_refused_not_guessed():
    with pytest.raises(ValueError, match="STRUCT"):
        pg_type("STRUCT(a INTEGER)")


@pytest.mark.parametrize(
    "dsn",
    ["host=db password=hunter2 hunter2", "postgresql://bi:hunter2@db:5432/unpol", "password = 'hunter2' host=db"],
)
def test_postgres_errors_never_show_the_password(dsn):
    assert "hunter2" not in redact(f'missing "=" after "hunter2" in {dsn}', dsn)


def test_publish_postgres_reports_a_malformed_dsn_without_its_password(monkeypatch, capsys, tmp_path):
    wh = tmp_path / "wh.duckdb"
    duckdb.connect(str(wh)).close()
    monkeypatch.setenv("UNPOL_PG_DSN", "host=127.0.0.1 password=hunter2 hunter2")
    assert main(["publish-postgres", "--warehouse", str(wh)]) == 1
    err = capsys.readouterr().err
    assert "publish failed, nothing swapped" in err and "hunter2" not in err
