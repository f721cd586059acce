"""Layer 1: reading files as text and recognising formats by header."""

import polars as pl
import pytest

from pipelines.lib.formats import detect
from pipelines.lib.inbox import UnsafePath, list_inbox, safe_join
from pipelines.lib.readers import text_tables

LONG_HEADER = (
    "Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
    "Female_Personnel,Male_Personnel,Last_Reporting_Date"
)


def test_detects_by_header_not_name(tmp_path):
    p = tmp_path / "fatalities.csv"  # misleading name
    p.write_text(LONG_HEADER + "\n1,BGD,50,Bangladesh,MINUSMA,Individual Police,1,2,30-Nov-20\n")
    assert detect(p).format.name == "un_odp_staffing_long"


def test_unrecognised_header_names_formats_and_missing_columns(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Mission,Month,Police\nMINUSMA,2014-01,3\n")
    d = detect(p)
    assert d.format is None
    assert str(p) in d.error and "un_odp_staffing_long (missing: Contribution_ID" in d.error
    assert "ipi_mission_totals (missing:" in d.error


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_reads_bom_utf16_and_latin1(tmp_path, encoding):
    p = tmp_path / "f.csv"
    p.write_bytes((LONG_HEADER + "\r\n1,CIV,384,Côte d'Ivoire,MINUSMA,Individual Police,1,2,30-Nov-20\r\n").encode(encoding))
    t = next(text_tables(p))
    assert t.header[0] == "Contribution_ID"
    assert t.frame["Contributing_Country"].to_list() == ["Côte d'Ivoire"]


def test_semicolon_delimiter_and_blank_lines(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text(LONG_HEADER.replace(",", ";") + "\n\n1;BGD;50;Bangladesh;MINUSMA;Individual Police;1;2;30-Nov-20\n\n")
    t = next(text_tables(p))
    assert t.frame.columns[1] == "Contribution_ID" and t.frame.height == 1 and t.blank_rows == 2
    assert t.frame["__row__"].to_list() == [2]


def test_ragged_rows_are_reported_not_truncated(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("a,b\n1,2\n3,4,5\n6,7\n")
    t = next(text_tables(p))
    assert t.frame["a"].to_list() == ["1", "6"]
    assert [(r.row, r.n_fields) for r in t.ragged] == [(2, 3)]


def test_inbox_paths_cannot_escape(tmp_path):
    root = tmp_path / "inbox"
    root.mkdir()
    (tmp_path / "secret.csv").write_text("a\n1\n")
    (root / "link.csv").symlink_to(tmp_path / "secret.csv")
    with pytest.raises(UnsafePath):
        safe_join(root, "../secret.csv")
    listed = {i.relpath: i for i in list_inbox(root)}
    assert listed["link.csv"].status == "refused" and "outside the inbox" in listed["link.csv"].reason


@pytest.mark.parametrize("block_bytes", [1, 7, 40, 1 << 20])
def test_blocks_cut_only_between_records(tmp_path, block_bytes):
    """Quoted line breaks, doubled quotes, a BOM, CRLF and blank lines: read in
    blocks of any size, the file gives the same records and row numbers as
    the one-piece reader."""
    from pipelines.lib.readers import text_tables

    path = tmp_path / "s.csv"
    path.write_bytes(
        "\ufeffa,b,c\r\n"
        '1,"two\r\nlines",x\r\n'
        '2,"say ""hi""\nthere",y\r\n'
        "\r\n"
        ",,\r\n"
        '3,"",z\r\n'
        '4,"a, b","c\n\nd"\r\n'
        "5,plain,last".encode()
    )
    whole = next(text_tables(path))
    parts = list(text_tables(path, block_bytes))
    streamed = pl.concat([p.frame for p in parts])
    assert streamed.equals(whole.frame)
    assert sum(p.blank_rows for p in parts) == whole.blank_rows == 2  # the empty line and ",,"
    assert whole.frame["b"].to_list() == ["two\r\nlines", 'say "hi"\nthere', "", "a, b", "plain"]
    if block_bytes == 1:
        assert len(parts) > 3


@pytest.mark.parametrize("bad_line", [b"1,2,3\n", b"1,\xe9\n"], ids=["ragged", "cp1252"])
def test_a_file_refused_part_way_is_read_again_from_where_it_stopped(tmp_path, bad_line):
    """A long line or a byte that is not UTF-8 near the end of a large file: the
    batches already given stay, the rest comes from the careful reader, and
    every record is given once with its own row number."""
    from pipelines.lib.readers import text_tables

    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"".join(b"%d,x\n" % i for i in range(1, 300_001)) + bad_line + b"7,y\n")
    parts = list(text_tables(path, 100_000))
    rows = pl.concat([t.frame for t in parts])["__row__"]
    ragged = [r.row for t in parts for r in t.ragged]
    assert len(parts) > 2 and "read again after row" in parts[-1].notes[0]
    assert sorted([*rows, *ragged]) == list(range(1, 300_003))
    assert ragged == ([300_001] if bad_line.count(b",") == 2 else [])
