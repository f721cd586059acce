"""The production instance (deploy/dagster.postgres.yaml) records and reads
back a run in a real PostgreSQL server, in a throwaway database."""

import shutil
import uuid
from urllib.parse import urlparse

import dagster as dg
import pytest

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.postgres


@pytest.fixture
def throwaway_db(pg_admin_dsn):
    psycopg2 = pytest.importorskip("psycopg2", reason="install the postgres extra: pip install -e '.[postgres]'")
    name = f"unpol_dagster_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(pg_admin_dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'create database "{name}"')  # generated identifier, not user input
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute(f'drop database if exists "{name}" with (force)')
        admin.close()


@dg.asset
def ping() -> None:
    """A one-step asset: enough to write a run and its events."""


def test_postgres_instance_records_and_reads_back_a_run(tmp_path, pg_admin_dsn, throwaway_db, monkeypatch):
    url = urlparse(pg_admin_dsn)
    monkeypatch.setenv("DAGSTER_PG_HOST", url.hostname or "127.0.0.1")
    monkeypatch.setenv("DAGSTER_PG_PORT", str(url.port or 5432))
    monkeypatch.setenv("DAGSTER_PG_USER", url.username or "postgres")
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", url.password or "")
    monkeypatch.setenv("DAGSTER_PG_DB", throwaway_db)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.postgres.yaml", home / "dagster.yaml")
    monkeypatch.chdir(home)  # the yaml's relative log and artifact folders land here

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = dg.materialize([ping], instance=instance)
        assert result.success
        # A second instance from the same yaml reads it back from PostgreSQL.
        again = dg.DagsterInstance.from_config(str(home))
        try:
            run = again.get_run_by_id(result.run_id)
            assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
            materialization = again.get_latest_materialization_event(dg.AssetKey("ping"))
            assert materialization is not None and materialization.run_id == result.run_id
        finally:
            again.dispose()
    finally:
        instance.dispose()
