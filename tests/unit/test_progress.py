"""Progress inside a long step: the ingest says, file by file, how far it is,
and `unpol run --steps` prints it (issue 15)."""

from __future__ import annotations

import logging

import duckdb
import polars as pl

from pipelines.cli.progress import Progress
from pipelines.lib.files import sha256_of
from pipelines.lib.ingest.run import ingest_into
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.progress import step_progress


def test_the_ingest_reports_each_file_with_the_rows_read_so_far(tmp_path):
    from pipelines.defs.staffing import parser
    from pipelines.lib.formats import detect
    from pipelines.lib.reference import known_missions

    header = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
              "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")
    files = []
    for i, n in enumerate((3, 2)):
        path = tmp_path / f"s{i}.csv"
        path.write_text(header + "".join(
            f"{i}{k},BEN,204,Benin,UNMIL,Individual Police,{k},5,31/01/2014\n" for k in range(n)))
        files.append(InboxFile(path.name, path, detect(path).format, sha256_of(path)))
    said: list[str] = []
    con = duckdb.connect()
    con.execute("create schema raw; create schema audit")
    ingest_into(con, parser.spec(known_missions()), files, "t", "s", on_progress=said.append)
    assert said == ["staffing: 1/2 files, 3 rows read (s0.csv)", "staffing: 2/2 files, 5 rows read (s1.csv)"]


def test_steps_mode_prints_the_progress_lines_and_ignores_other_logs(capsys):
    progress = Progress({}, fancy=False, each_step=True)
    progress.listen()
    try:
        step_progress("staffing: 1/2 files, 3 rows read (s0.csv)")
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "an ordinary log line", None, None)
        record.dagster_meta = {"orig_message": "an ordinary log line"}
        progress.emit(record)
    finally:
        progress.finish()
    step_progress("after the run: not shown")
    out = capsys.readouterr().out
    assert "staffing: 1/2 files, 3 rows read (s0.csv)" in out and "ordinary" not in out
    assert pl.Series([out]).str.count_matches("\n")[0] == 1
