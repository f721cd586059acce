"""The benchmark generator's data says it is synthetic, row by row, and passes the project's own checks."""

import polars as pl

from bench.generate import LABEL, staffing


def test_synthetic_staffing_is_labelled_unique_and_valid(tmp_path):
    from pipelines.defs.staffing import parser
    from pipelines.lib.formats import detect
    from pipelines.lib.ingest.spec import InboxFile
    from pipelines.lib.reference import known_missions
    from tests.conftest import ingest

    frame = staffing(3_000, months=12)
    assert frame.height == 3_000
    assert (frame["Source_Dataset"] == LABEL).all() and frame["Contribution_ID"].str.starts_with("SYN-").all()
    assert frame.select("Last_Reporting_Date", "Mission_Acronym", "ISOCode3", "Personnel_Type").is_unique().all()
    path = tmp_path / "s.csv"
    frame.write_csv(path)
    res = ingest(parser.spec(known_missions()), [InboxFile(path.name, path, detect(path).format, "x")], "t")
    assert res.rejects.is_empty() and res.records.height == 3_000
    assert (res.records["citation"] == LABEL).all()  # the label reaches the warehouse
    assert staffing(50, months=5, seed=1).equals(staffing(50, months=5, seed=1))
    assert not staffing(50, months=5, seed=1).equals(staffing(50, months=5, seed=2))
    assert pl.Series(res.records["total"]).sum() == int((frame["Female_Personnel"] + frame["Male_Personnel"]).sum())
