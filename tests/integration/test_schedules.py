"""Scheduled operation: the monthly schedule, the inbox sensor, a one-month
backfill that leaves other months alone, and the staffing warnings."""

import csv
import hashlib
import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from werkzeug import Response

from pipelines.cli import main as unpol
from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.defs.factories.sql import StepRun
from pipelines.defs.operations.monitoring import (
    CONTRIBUTING_COUNTRIES_STABLE,
    MISSION_STAFFING_FRESH,
    STAFFING_MONITORING_CHECKS,
    country_drops,
    stale_missions,
)
from pipelines.defs.operations.schedules import (
    FETCH_FAILED_TAG,
    FETCH_TAG,
    MONTHLY_SCHEDULE,
    ScheduledFetch,
    fetch_then_decide,
    month_just_closed,
)
from pipelines.defs.operations.sensors import INBOX_SENSOR, decide, run_key_for
from pipelines.defs.partitions import RANGE_END_TAG, RANGE_START_TAG
from pipelines.defs.resources import MonitoringResource, WarehouseResource
from pipelines.lib.sources import PROVENANCE_DIR, load_registry
from pipelines.settings import Settings
from tests.conftest import BUNDLED_INBOX, SHARED_REAL
from tests.sources_server import route

HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")


def staffing_csv(*dates: str) -> str:
    return HEADER + "".join(f"{i},BGD,,Bangladesh,MINUSMA,Individual Police,3,{20 + i},{d}\n"
                            for i, d in enumerate(dates, 1))


# --- schedule -------------------------------------------------------------------

@pytest.mark.parametrize(("tick", "month"), [
    (datetime(2026, 5, 1, 6, tzinfo=UTC), "2026-04-01"),
    (datetime(2026, 1, 1, 6, tzinfo=UTC), "2025-12-01"),
    (datetime(2026, 3, 31, 23, tzinfo=UTC), "2026-02-01"),
])
def test_month_just_closed(tick, month):
    assert month_just_closed(tick) == month


def test_schedule_runs_the_whole_graph_for_the_month_just_closed(tmp_path, monkeypatch):
    """Without the fetch (UNPOL_SCHEDULE_FETCH=off, or the bundled inbox): a
    run of the month just closed at every tick."""
    monkeypatch.setenv("UNPOL_SCHEDULE_CRON", "15 3 2 * *")
    monkeypatch.setenv("UNPOL_SCHEDULE_FETCH", "off")
    defs = build_definitions(Settings.from_env(inbox=tmp_path, warehouse=tmp_path / "wh.duckdb"))
    schedule = defs.resolve_schedule_def(MONTHLY_SCHEDULE)
    assert schedule.cron_schedule == "15 3 2 * *"
    assert schedule.job_name == MAIN_JOB
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    ctx = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 5, 2, 3, 15, tzinfo=UTC),
                                    repository_def=defs.get_repository_def())
    data = schedule.evaluate_tick(ctx)
    [request] = data.run_requests
    assert request.partition_key == "2026-04-01"
    # The job is the whole graph (every asset, publishing included).
    job = defs.resolve_job_def(MAIN_JOB)
    assert dg.AssetKey("published_warehouse") in job.asset_layer.executable_asset_keys


# --- the schedule's fetch of the live sources (a local server, no internet) -------

LIVE_COPIES = {  # each live source served from a real or bundled file of its kind
    "un_pko_missions/DPPADPOSS-PKO_latest.csv": SHARED_REAL / "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv",
    "un_fatalities/DPPADPOSS-FATALITIES_latest.csv": SHARED_REAL / "un_fatalities/DPPADPOSS-FATALITIES_psdata_2025-04.csv",
    "un_fatalities/odp_noticas_latest.csv": SHARED_REAL / "un_fatalities/odp_noticas_hdx_2021.csv",
    "un_staffing/DPO-UCHISTORICAL_latest.csv": BUNDLED_INBOX / "staffing_police_2013-09_2014-08.csv",
    "un_staffing/odp_contributionsbygender_latest.csv": BUNDLED_INBOX / "staffing_police_odp_lowercase_sample.csv",
}
LIVE = [s for s in load_registry() if s.live]
MISSIONS = next(s for s in LIVE if s.path.startswith("un_pko_missions/"))


def _serve_live(httpserver, html_for=None) -> None:
    httpserver.clear()
    for s in LIVE:
        if s is html_for:
            httpserver.expect_request(route(s)).respond_with_data(
                "<!DOCTYPE html><html><body>Service unavailable</body></html>", content_type="text/html")
        else:
            httpserver.expect_request(route(s)).respond_with_data(LIVE_COPIES[s.path].read_bytes(),
                                                                  content_type="text/csv")


def _publish(warehouse, inbox) -> None:
    """What a published run leaves for the next tick: the inbox's content in
    audit.processed_files (no whole warehouse is built)."""
    con = duckdb.connect(str(warehouse))
    con.execute("create schema if not exists audit")
    con.execute("create or replace table audit.processed_files (relpath varchar, sha256 varchar)")
    con.executemany("insert into audit.processed_files values (?, ?)", [
        (p.relative_to(inbox).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in inbox.rglob("*") if p.is_file() and PROVENANCE_DIR not in p.relative_to(inbox).parts])
    con.close()


def _inbox_state(inbox) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(inbox).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in inbox.rglob("*") if p.is_file() and PROVENANCE_DIR not in p.relative_to(inbox).parts}


def test_schedule_fetches_the_live_sources_then_runs_only_for_new_bytes(tmp_path, httpserver, shared_real):
    inbox, wh = tmp_path / "inbox", tmp_path / "wh.duckdb"
    inbox.mkdir()
    defs = build_definitions(Settings(inbox=inbox, warehouse=wh, fetch_cache=tmp_path / "cache",
                                      fetch_base_url=httpserver.url_for("/"), fetch_timeout_s=5))
    schedule = defs.resolve_schedule_def(MONTHLY_SCHEDULE)
    assert "Fetches the publishers' current files" in schedule.description

    def tick():
        ctx = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 5, 1, 6, tzinfo=UTC))
        return schedule.evaluate_tick(ctx)

    # First tick: every live source placed, checked, with its record; one run for them.
    _serve_live(httpserver)
    first = tick()
    [request] = first.run_requests
    assert request.tags[FETCH_TAG] == "fetched 5 live sources: 5 placed, 0 unchanged, 0 failed"
    assert FETCH_FAILED_TAG not in request.tags
    # The missions list and fatalities are unpartitioned: a full run.
    assert request.partition_key is None and RANGE_START_TAG not in request.tags
    placed = _inbox_state(inbox)
    assert sorted(placed) == sorted(LIVE_COPIES)
    assert all(placed[k][1] == LIVE_COPIES[k].read_bytes() for k in placed)
    assert sorted(p.name for p in (inbox / PROVENANCE_DIR).rglob("*.json")) == sorted(
        f"{Path(k).name}.json" for k in LIVE_COPIES)

    # The run has not published yet and the missions source now serves an HTML
    # page: the page never reaches the inbox, the tick names it in one line,
    # and the run still takes what the inbox has.
    _serve_live(httpserver, html_for=MISSIONS)
    faulty = tick()
    [request] = faulty.run_requests
    assert request.tags[FETCH_TAG] == "fetched 5 live sources: 0 placed, 4 unchanged, 1 failed"
    [line] = request.tags[FETCH_FAILED_TAG].splitlines()
    assert line.startswith(f"{MISSIONS.path} ({MISSIONS.dataset}, {MISSIONS.url}): FAILED: an HTML page")
    assert _inbox_state(inbox) == placed

    # Published; the publishers' bytes unchanged: no file touched, no run.
    _publish(wh, inbox)
    _serve_live(httpserver)
    served = len(httpserver.log)
    unchanged = tick()
    assert unchanged.run_requests == []
    assert unchanged.skip_message.startswith("fetched 5 live sources: 0 placed, 5 unchanged, 0 failed; "
                                             "no new or changed file")
    assert len(httpserver.log) == served + 5  # each live source was asked again
    assert _inbox_state(inbox) == placed

    # A fault with nothing new: no run, the failed source and its cause in one line of the tick.
    _serve_live(httpserver, html_for=MISSIONS)
    skipped = tick()
    assert skipped.run_requests == []
    summary, line = skipped.skip_message.splitlines()
    assert summary.startswith("fetched 5 live sources: 0 placed, 4 unchanged, 1 failed; no new or changed file")
    assert line.startswith(f"{MISSIONS.path} (") and "FAILED: an HTML page" in line
    assert _inbox_state(inbox) == placed

    # New bytes from one publisher: that file replaced, one run.
    _serve_live(httpserver)
    body = LIVE_COPIES[MISSIONS.path].read_bytes().replace(b"2024-02-19", b"2024-03-19")
    assert body != LIVE_COPIES[MISSIONS.path].read_bytes()
    httpserver.clear()
    for s in LIVE:
        httpserver.expect_request(route(s)).respond_with_data(
            body if s is MISSIONS else LIVE_COPIES[s.path].read_bytes(), content_type="text/csv")
    [request] = tick().run_requests
    assert request.tags[FETCH_TAG] == "fetched 5 live sources: 1 placed, 4 unchanged, 0 failed"
    assert request.tags["unpol/new_files"] == MISSIONS.path
    assert (inbox / MISSIONS.path).read_bytes() == body


@pytest.mark.parametrize("fault", ["404", "timeout", "registry"])
def test_a_fault_in_the_schedules_fetch_leaves_the_inbox_and_names_the_source(tmp_path, httpserver, fault):
    """The tick's fetch function on a registry of one live source: each fault
    leaves the inbox as it was (here: one file a person dropped, already
    published) and is one line of the tick."""
    inbox, wh = tmp_path / "inbox", tmp_path / "wh.duckdb"
    inbox.mkdir()
    shutil.copy(BUNDLED_INBOX / "reported_figures.csv", inbox)
    _publish(wh, inbox)
    before = _inbox_state(inbox)
    registry = tmp_path / "sources.toml"
    registry.write_text(
        '[datasets.m]\ntitle = "t"\nlive = true\ndomain = "missions"\npublisher = "p"\nlicence = "l"\n'
        'citation = "c"\nlanding_page = "https://example.org"\n'
        'files = [{ path = "un_pko_missions/latest.csv", url = "https://data.example.org/pko.csv" }]\n'
        if fault != "registry" else '[datasets.m]\ntitle = "t"\n')
    if fault == "404":
        httpserver.expect_request("/data.example.org/pko.csv").respond_with_data("Not Found", status=404)
    elif fault == "timeout":
        httpserver.expect_request("/data.example.org/pko.csv").respond_with_handler(
            lambda request: (time.sleep(1.5), Response(b"late", content_type="text/csv"))[1])
    fetch = ScheduledFetch(inbox=inbox, published=wh, cache=tmp_path / "cache", base_url=httpserver.url_for("/"),
                           timeout_s=0.5, retries=0, registry=registry)
    result = fetch_then_decide(fetch, None)
    assert isinstance(result, dg.SkipReason)
    summary, line = result.skip_message.splitlines()
    assert "no new or changed file" in summary
    cause = {"404": "HTTP 404", "timeout": "timed out", "registry": "lacks"}[fault]
    assert "FAILED: " in line and cause in line
    assert line.startswith("registry: " if fault == "registry" else "un_pko_missions/latest.csv (m, https://")
    assert _inbox_state(inbox) == before
    assert not (inbox / PROVENANCE_DIR).exists()


# --- sensor ---------------------------------------------------------------------

def _tick(defs, cursor=None):
    sensor = defs.resolve_sensor_def(INBOX_SENSOR)
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs, sensor_name=INBOX_SENSOR)
        return sensor.evaluate_tick(ctx)


def test_sensor_new_file_runs_its_month_once(tmp_path, inbox):
    defs = build_definitions(Settings(inbox=inbox, warehouse=tmp_path / "wh.duckdb"))
    first = _tick(defs)
    assert not first.run_requests and first.skip_message

    (inbox / "march.csv").write_text(staffing_csv("31-Mar-14", "31-Mar-14"))
    data = _tick(defs, first.cursor)
    [request] = data.run_requests
    assert request.partition_key == "2014-03-01"
    assert request.tags["unpol/new_files"] == "march.csv"

    # Second tick: nothing new. The same content under another name: nothing.
    again = _tick(defs, data.cursor)
    assert again.run_requests == [] and again.skip_message
    shutil.copy(inbox / "march.csv", inbox / "march_copy.csv")
    assert _tick(defs, data.cursor).run_requests == []

    # A changed file (new content hash) runs again, for its own months.
    (inbox / "march.csv").write_text(staffing_csv("31-Mar-14", "30-Apr-14"))
    changed = _tick(defs, data.cursor)
    [request] = changed.run_requests
    assert request.partition_key is None
    assert (request.tags[RANGE_START_TAG], request.tags[RANGE_END_TAG]) == (
        "2014-03-01", "2014-04-01")
    assert request.run_key != data.run_requests[0].run_key


@pytest.mark.parametrize(("status", "runs"), [(dg.DagsterRunStatus.STARTED, 0), (dg.DagsterRunStatus.SUCCESS, 0),
                                              (dg.DagsterRunStatus.FAILURE, 1)])
def test_sensor_leaves_files_the_schedule_already_asked_a_run_for(tmp_path, inbox, status, runs):
    """The schedule's fetch and the sensor see the same new files: whichever
    asks second asks for nothing while the first run is queued, running or
    done (a failed run leaves the content new)."""
    defs = build_definitions(Settings(inbox=inbox, warehouse=tmp_path / "wh.duckdb"))
    (inbox / "march.csv").write_text(staffing_csv("31-Mar-14"))
    key = run_key_for(decide(inbox, set()))
    sensor = defs.resolve_sensor_def(INBOX_SENSOR)
    with dg.instance_for_test() as instance:
        instance.add_run(dg.DagsterRun(job_name=MAIN_JOB, run_id=f"r-{status.value}", status=status,
                                       tags={"dagster/run_key": key, "dagster/schedule_name": MONTHLY_SCHEDULE}))
        ctx = dg.build_sensor_context(instance=instance, definitions=defs, sensor_name=INBOX_SENSOR)
        data = sensor.evaluate_tick(ctx)
    assert len(data.run_requests) == runs
    assert data.cursor  # the hashes are seen either way
    if not runs:
        assert "already requested" in data.skip_message


def test_sensor_file_spanning_months_is_one_run_over_the_range(tmp_path, inbox):
    defs = build_definitions(Settings(inbox=inbox, warehouse=tmp_path / "wh.duckdb"))
    (inbox / "q1.csv").write_text(staffing_csv("31-Jan-14", "28-Feb-14", "31-Mar-14"))
    [request] = _tick(defs).run_requests
    assert request.tags[RANGE_START_TAG] == "2014-01-01"
    assert request.tags[RANGE_END_TAG] == "2014-03-01"


def test_sensor_unpartitioned_domain_file_asks_for_a_full_run(tmp_path, inbox):
    defs = build_definitions(Settings(inbox=inbox, warehouse=tmp_path / "wh.duckdb"))
    shutil.copy(Settings().inbox / "reported_figures.csv", inbox)
    (inbox / "README.md").write_text("not a data file: ignored")
    [request] = _tick(defs).run_requests
    assert request.partition_key is None and RANGE_START_TAG not in request.tags
    assert request.tags["unpol/new_files"] == "reported_figures.csv"


# --- one-month backfill -----------------------------------------------------------

STAFFING_FILE = "staffing_police_2013-09_2014-08.csv"


def _add_male(inbox, reporting_date: str, extra: int) -> None:
    """Add ``extra`` male officers to the first row of ``reporting_date``."""
    path = inbox / STAFFING_FILE
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["Last_Reporting_Date"] == reporting_date)
    row["Male_Personnel"] = str(int(row["Male_Personnel"]) + extra)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _by_month(query, wh, table):
    rows = query(wh, f"select * exclude (source_row) from {table} order by all")  # table names are constants
    cols = [r[0] for r in query(wh, f"select column_name from (describe {table})")]
    cols.remove("source_row")
    month = cols.index("month")
    out = {}
    for r in rows:
        out.setdefault(r[month], []).append(r)
    return out


@pytest.mark.slow
def test_one_month_backfill_replaces_that_month_only(bundled_copy, bundled_inbox, query, capsys):
    wh = bundled_copy
    before = {t: _by_month(query, wh, t) for t in ("raw.staffing_contributions", "marts.fct_police_deployment")}
    march_total = query(wh, "select sum(total) from marts.fct_police_deployment where month = date '2014-03-01'")

    # Both March and May change in the inbox; only March is reprocessed.
    _add_male(bundled_inbox, "31-Mar-14", 1000)
    _add_male(bundled_inbox, "31-May-14", 1000)
    defs = build_definitions(Settings(inbox=bundled_inbox, warehouse=wh))
    result = defs.resolve_job_def(MAIN_JOB).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), partition_key="2014-03-01", raise_on_error=False)
    assert result.success

    after = {t: _by_month(query, wh, t) for t in before}
    march = date(2014, 3, 1)
    for table in before:
        assert set(after[table]) == set(before[table])
        for month in before[table]:
            if month != march:
                assert after[table][month] == before[table][month], (table, month)
        assert after[table][march] != before[table][march]
    assert query(wh, "select sum(total) from marts.fct_police_deployment where month = date '2014-03-01'") == [
        (march_total[0][0] + 1000,)]

    summary = query(wh, "select mode, partitions, partitions_touched, files_processed, files_new, rows_rejected "
                        "from audit.run_summary where run_id = ?", [result.run_id])
    assert summary == [("partitions", "2014-03-01 .. 2014-03-01", 1, 4, 1, 0)]
    new = query(wh, "select relpath from audit.processed_files where run_id = ? and first_seen", [result.run_id])
    assert new == [(STAFFING_FILE,)]
    # The scratch table of the window never reaches the published file.
    assert query(wh, "select count(*) from duckdb_tables() where table_name like '%_window'") == [(0,)]

    # The command line: a range of months, May included this time.
    code = unpol(["run", "--inbox", str(bundled_inbox), "--warehouse", str(wh), "--months", "2014-04..2014-05",
                  "--plain"])
    assert code == 0
    assert "replaced staffing months 2014-04 .. 2014-05 (2 months); other months unchanged" in capsys.readouterr().out
    may = query(wh, "select sum(total) from marts.fct_police_deployment where month = date '2014-05-01'")
    may_before = sum(r[-3] for r in before["marts.fct_police_deployment"][date(2014, 5, 1)])
    assert may == [(may_before + 1000,)]
    assert query(wh, "select mode, partitions from audit.run_summary order by summarized_at desc limit 1") == [
        ("partitions", "2014-04-01 .. 2014-05-01")]


def test_full_run_writes_a_run_summary(bundled_warehouse, query):
    [(mode, partitions, touched, files, new, read, rejected, failed, warned, names)] = query(
        bundled_warehouse,
        "select mode, partitions, partitions_touched, files_processed, files_new, rows_read, rows_rejected, "
        "checks_failed, checks_warned, checks_warned_names from audit.run_summary")
    assert (mode, partitions, files, new, rejected) == ("full", None, 4, 4, 0)
    assert touched == 13 and read == 1491
    # On the bundled data (2013-2014) the staffing warnings fire, and say so;
    # a warning is not a failure (the run published).
    assert failed == 0 and warned == len(names.split("; ")) >= 1
    assert "marts/mission_police_scorecard:mission_staffing_fresh" in names


# --- freshness and completeness --------------------------------------------------

def _monitoring_db(path):
    """A small warehouse: mission A stale and losing contributors, B fresh, C
    stale but closed."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.dim_mission (mission varchar, end_date date)")
    con.execute("insert into marts.dim_mission values ('A', null), ('B', null), ('C', date '2024-06-30')")
    con.execute("create table marts.fct_police_deployment (month date, mission varchar, "
                "contributing_country_iso3 varchar)")
    rows = []
    for i in range(10):
        rows.append(("2025-01-01", "A", f"C{i:02d}"))
        rows.append(("2025-10-01", "B", f"C{i:02d}"))
        rows.append(("2025-11-01", "B", f"C{i:02d}"))
    rows += [("2025-02-01", "A", f"C{i:02d}") for i in range(6)]  # 10 -> 6: 40 % fewer
    rows += [("2024-01-01", "C", "C00")]
    con.executemany("insert into marts.fct_police_deployment values (?::date, ?, ?)", rows)
    con.close()


def test_freshness_and_completeness_fire_on_stale_data(tmp_path):
    db = tmp_path / "monitoring.duckdb"
    _monitoring_db(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert stale_missions(con, date(2025, 12, 15), 3) == [("A", date(2025, 2, 1), 10, None)]
        assert stale_missions(con, date(2025, 12, 15), 12) == []
        assert country_drops(con, 0.25) == [("A", date(2025, 2, 1), 6, 10, 0.4)]
        assert country_drops(con, 0.5) == []
    finally:
        con.close()


def test_staffing_checks_warn_without_blocking(tmp_path):
    db = tmp_path / "monitoring.duckdb"
    _monitoring_db(db)
    checks = {c.name: c for c in STAFFING_MONITORING_CHECKS}
    assert not any(c.blocking for c in checks.values())  # the SQL step yields them as WARN

    def run(name: str, monitoring: MonitoringResource) -> tuple[bool, dict]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return checks[name].run(con, StepRun("r", None, WarehouseResource(path=str(db)), monitoring))
        finally:
            con.close()

    passed, metadata = run(MISSION_STAFFING_FRESH, MonitoringResource(as_of="2025-12-15"))
    assert not passed and metadata["stale_missions"] == 1
    assert run(MISSION_STAFFING_FRESH, MonitoringResource(as_of="2025-03-01"))[0]
    passed, metadata = run(CONTRIBUTING_COUNTRIES_STABLE, MonitoringResource())
    assert not passed and "drop_share=0.4" in metadata["sample"].value
