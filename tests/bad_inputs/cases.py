"""The bad-input corpus: malformed files, each with its expected outcome.

Files are generated (small, deterministic) rather than checked in, so the
corpus shows exactly what is wrong with each. Every case uses its own month,
so no two files share a key and each outcome depends on that file alone.

An outcome is either
- ``Loaded(rows, rejects)``: the file is read; ``rows`` good source rows load
  (into ``raw.staffing_contributions``) and ``rejects`` lists the quarantined
  rows as (row, column, rule) in ``audit.rejects``; or
- ``Refused(rule, text)``: the whole file is refused with a message naming the
  file and containing ``text`` (``audit.inbox_files`` or ``audit.rejects``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ["Contribution_ID", "ISOCode3", "M49_Code", "Contributing_Country", "Mission_Acronym",
          "Personnel_Type", "Female_Personnel", "Male_Personnel", "Last_Reporting_Date"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
IPI_KINDS = ("Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops", "Total")
IPI_HEADER = ["Date", "Contributor", "Contributor_ISO-3", "Mission"] + [
    f"{k}_{s}" for k in IPI_KINDS for s in ("Male", "Female", "Total")]


@dataclass(frozen=True)
class Loaded:
    rows: int
    rejects: tuple[tuple[int | None, str | None, str], ...] = ()


@dataclass(frozen=True)
class Refused:
    rule: str
    text: str


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # name in the inbox
    make: Callable[[int], bytes | None]  # case number -> content (None: the case builds it itself)
    expect: Loaded | Refused
    note: str = ""
    setup: Callable[[Path, Path], None] | None = field(default=None, compare=False)


def date(i: int, style: str = "dmy") -> str:
    """A date in the case's own month (2005-01 onwards), in a published style."""
    y, m = 2005 + i // 12, i % 12 + 1
    return {"dmy": f"15-{MONTHS[m - 1]}-{y % 100:02d}", "iso": f"{y}-{m:02d}-15",
            "slash": f"15/{m:02d}/{y}", "us": f"{m:02d}/28/{y}", "dmY": f"15-{MONTHS[m - 1]}-{y}"}[style]


def row(i: int, n: int, country="Bangladesh", iso="BGD", mission="MINUSTAH", ptype="Individual Police",
        female="3", male="20", when: str | None = None) -> list[str]:
    return [f"C{i:02d}-{n}", iso, "", country, mission, ptype, female, male, when or date(i)]


def good_rows(i: int, k: int = 2) -> list[list[str]]:
    countries = [("Senegal", "SEN"), ("Togo", "TGO"), ("Niger", "NER"), ("Benin", "BEN")]
    return [row(i, n + 1, country=c, iso=iso) for n, (c, iso) in enumerate(countries[:k])]


def csv_text(rows: list[list[str]], sep=",", eol="\n", header=HEADER) -> str:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=eol)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def with_bad(i: int, bad: list[str], at: int = 2) -> bytes:
    """Two good rows with one bad row between them (the bad one is row ``at``)."""
    rows = good_rows(i)
    rows.insert(at - 1, bad)
    return csv_text(rows).encode()


def ipi_row(i: int, country, iso, ipo: tuple[str, str, str]) -> list[str]:
    cells = [date(i, "iso"), country, iso, "MINUSTAH"]
    for kind in IPI_KINDS:
        cells += list(ipo) if kind in ("Individual_Police", "Total") else ["NA", "NA", "NA"]
    return cells


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, cells in enumerate(rows):
            ws.write_row(r, 0, cells)
    wb.close()
    return buf.getvalue()


CEILINGS = ["mission", "personnel_scope", "authorized_strength", "effective_from", "set_by", "citation"]


def _encrypted_ole(i: int) -> bytes:
    """What Excel writes for a password-protected workbook: an OLE2 compound file
    (magic D0 CF 11 E0) holding EncryptionInfo and EncryptedPackage streams, not
    a zip. The real encryption needs msoffcrypto-tool; the reader fails on the
    container before any decryption, so the signature and a directory suffice."""
    head = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    body = "EncryptionInfo EncryptedPackage".encode("utf-16-le")
    return head + b"\x00" * (512 - len(head)) + body + b"\x00" * 1024


def _symlink_out(inbox: Path, outside: Path) -> None:
    target = outside / "secret.csv"
    target.write_text(csv_text(good_rows(0)))
    (inbox / "case_symlink_out.csv").symlink_to(target)


L = Loaded
CASES: list[Case] = [
    Case("empty_file", "empty.csv", lambda i: b"", Refused("file_not_empty", "file is empty")),
    Case("header_only", "header_only.csv", lambda i: csv_text([]).encode(),
         Refused("file_has_rows", "a header (un_odp_staffing_long) and no data rows"),
         "issue 13: a file with nothing to load is refused, so it cannot empty a table"),
    Case("truncated_last_line", "truncated.csv",
         lambda i: (csv_text(good_rows(i)) + ",".join(row(i, 9, country="Benin", iso="BEN")[:6]) + ",1").encode(),
         L(2, ((3, "Last_Reporting_Date", "date_is_valid"),)), "file cut mid-record, no final newline"),
    Case("semicolon_delimiter", "semicolon.csv", lambda i: csv_text(good_rows(i), sep=";").encode(), L(2)),
    Case("tab_delimiter", "tabs.tsv", lambda i: csv_text(good_rows(i), sep="\t").encode(), L(2)),
    Case("rows_with_other_delimiter", "mixed_delimiter.csv",
         lambda i: (csv_text(good_rows(i)) + ";".join(row(i, 9, country="Benin", iso="BEN")) + "\n").encode(),
         L(2, ((3, "Contributing_Country", "country_maps_to_iso3"), (3, "Female_Personnel", "count_present"),
               (3, "Last_Reporting_Date", "date_is_valid"), (3, "Mission_Acronym", "mission_present"),
               (3, "Personnel_Type", "personnel_type_is_known"))),
         "header and two rows with commas, one with semicolons: that row is one cell, every rule it breaks is listed"),
    Case("utf16_bom", "utf16.csv", lambda i: csv_text(good_rows(i) + [row(i, 3, "Côte d'Ivoire", "CIV")]).encode("utf-16"), L(3)),
    Case("latin1", "latin1.csv", lambda i: csv_text(good_rows(i) + [row(i, 3, "Côte d'Ivoire", "CIV")]).encode("cp1252"), L(3)),
    Case("utf8_bom", "bom.csv", lambda i: csv_text(good_rows(i)).encode("utf-8-sig"), L(2)),
    Case("crlf", "crlf.csv", lambda i: csv_text(good_rows(i), eol="\r\n").encode(), L(2)),
    Case("missing_column", "missing_column.csv",
         lambda i: csv_text([r[:7] + r[8:] for r in good_rows(i)], header=HEADER[:7] + HEADER[8:]).encode(),
         Refused("format_recognised", "missing: Male_Personnel")),
    Case("extra_column", "extra_column.csv",
         lambda i: csv_text([r + ["x"] for r in good_rows(i)], header=HEADER + ["Remarks"]).encode(), L(2)),
    Case("columns_reordered", "reordered.csv",
         lambda i: csv_text([r[::-1] for r in good_rows(i)], header=HEADER[::-1]).encode(), L(2)),
    Case("thousands_separator", "thousands.csv",
         lambda i: csv_text(good_rows(i) + [row(i, 3, "India", "IND", female="1,204", male="12 345")]).encode(), L(3)),
    Case("negative_count", "negative.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", female="-3")),
         L(2, ((2, "Female_Personnel", "female_is_whole_number"),))),
    Case("text_in_count", "text_count.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", male="twelve")),
         L(2, ((2, "Male_Personnel", "male_is_whole_number"),))),
    Case("decimal_count", "decimal_count.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", male="2.5")),
         L(2, ((2, "Male_Personnel", "male_is_whole_number"),))),
    Case("female_plus_male_not_total", "ipi_sum.csv",
         lambda i: csv_text([ipi_row(i, "Senegal", "SEN", ("10", "2", "12")), ipi_row(i, "Benin", "BEN", ("10", "2", "13")),
                             ipi_row(i, "Togo", "TGO", ("5", "1", "6"))], header=IPI_HEADER).encode(),
         L(2, ((2, "Individual_Police_Total", "female_plus_male_equals_total"),)),
         "IPI wide file: 10 + 2 published as 13 (the Total_* columns are not loaded)"),
    Case("date_iso", "date_iso.csv", lambda i: csv_text([row(i, 1, when=date(i, "iso"))]).encode(), L(1)),
    Case("date_dd_mon_yy", "date_dmy.csv", lambda i: csv_text([row(i, 1, when=date(i, "dmy"))]).encode(), L(1)),
    Case("date_dd_mm_yyyy", "date_slash.csv", lambda i: csv_text([row(i, 1, when=date(i, "slash"))]).encode(), L(1)),
    Case("date_month_first", "date_us.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", when=date(i, "us"))),
         L(2, ((2, "Last_Reporting_Date", "date_is_valid"),)), "02/28/2005 is ambiguous: month-first is refused"),
    Case("impossible_date", "date_impossible.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", when="31-Feb-05")),
         L(2, ((2, "Last_Reporting_Date", "date_is_valid"),))),
    Case("month_in_future", "future.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", when="15-Jan-2199")),
         L(2, ((2, "Last_Reporting_Date", "month_not_in_future"),))),
    Case("unknown_mission", "unknown_mission.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", mission="UNATLANTIS")),
         L(2, ((2, "Mission_Acronym", "mission_is_known"),))),
    Case("unknown_country", "unknown_country.csv", lambda i: with_bad(i, row(i, 9, "Atlantis", "")),
         L(2, ((2, "Contributing_Country", "country_maps_to_iso3"),))),
    Case("unknown_personnel_type", "unknown_type.csv", lambda i: with_bad(i, row(i, 9, "Benin", "BEN", ptype="Astronauts")),
         L(2, ((2, "Personnel_Type", "personnel_type_is_known"),))),
    Case("duplicate_key_conflicting", "conflict.csv",
         lambda i: csv_text(good_rows(i) + [row(i, 8, "Benin", "BEN", male="5"), row(i, 9, "Benin", "BEN", male="6")]).encode(),
         L(2, ((3, "Contributing_Country", "key_is_unique"), (4, "Contributing_Country", "key_is_unique"))),
         "same month x mission x country x type twice with other counts: neither is guessed"),
    Case("exact_duplicate_row", "exact_duplicate.csv",
         lambda i: csv_text(good_rows(i) + [good_rows(i)[0]]).encode(), L(2), "the repeat is counted as duplicate"),
    Case("ragged_row", "ragged.csv",
         lambda i: with_bad(i, row(i, 9, "Benin", "BEN") + ["extra", "cells"]),
         L(2, ((2, None, "field_count_matches_header"),))),
    Case("blank_lines", "blank_lines.csv",
         lambda i: csv_text(good_rows(i)).replace("\n", "\n\n", 2).encode() + b"\n\n", L(2)),
    Case("quoted_newline_in_cell", "quoted_newline.csv",
         lambda i: csv_text(good_rows(i) + [row(i, 3, "Benin\nBenin", "BEN")]).encode(),
         L(3), "the quoted line break stays inside the cell (no bogus extra row); the published code BEN decides"),
    Case("formula_cell", "formula.csv",
         lambda i: with_bad(i, row(i, 9, "=cmd|' /C calc'!A0", "")),
         L(2, ((2, "Contributing_Country", "country_maps_to_iso3"),)),
         "kept verbatim in audit.rejects; neutralised when written to CSV (exports.write_csv)"),
    # Issue 13: a valid ISO code is checked against the name beside it.
    Case("formula_name_with_valid_code", "formula_sen.csv",
         lambda i: with_bad(i, row(i, 9, '=HYPERLINK("http://x","Senegal")', "SEN")),
         L(2, ((2, "Contributing_Country", "country_code_matches_name"),)), "was loaded as Senegal"),
    Case("huge_name_with_valid_code", "huge_name_sen.csv",
         lambda i: with_bad(i, row(i, 9, "Senegal" * 700_000, "SEN")),
         L(2, ((2, "Contributing_Country", "country_code_matches_name"),)), "5 million characters, was loaded as Senegal"),
    Case("code_of_another_country", "mali_sen.csv", lambda i: with_bad(i, row(i, 9, "Mali", "SEN")),
         L(2, ((2, "Contributing_Country", "country_code_matches_name"),))),
    Case("ten_mb_single_line", "one_line.csv", lambda i: b"x," * (5 * 2**20),
         Refused("header_line_found", "no line break in the first 65536 bytes")),
    Case("ten_mb_cell", "huge_cell.csv", lambda i: with_bad(i, row(i, 9, "B" * (10 * 2**20), "")),
         L(2, ((2, "Contributing_Country", "country_maps_to_iso3"),)), "one 10 MB cell in an otherwise good file"),
    Case("binary_file", "binary.csv", lambda i: bytes(range(256)) * 64,
         Refused("encoding_is_supported", "not UTF-8, UTF-16 or cp1252 text")),
    Case("unrecognised_header", "unknown_format.csv", lambda i: b"what,is,this\n1,2,3\n",
         Refused("format_recognised", "header matches no known format")),
    Case("excel_several_sheets_unknown", "sheets.xlsx",
         lambda i: xlsx({"Sheet1": [["a", "b"], [1, 2]], "notes": [["hello"]]}),
         Refused("format_recognised", "name no known format")),
    Case("excel_several_sheets_one_known", "ceilings_plus_notes.xlsx",
         lambda i: xlsx({"notes": [["read me"]], "ceilings": [CEILINGS, ["MINUSTAH", "police_total", 2601, "2005-01-01", "S/RES/1608 (2005)", "S/RES/1608 (2005) para 1"]]}),
         L(0), "the 'ceilings' sheet loads (into raw.ceilings, not staffing)"),
    Case("excel_password_protected", "locked.xlsx", _encrypted_ole,
         Refused("excel_readable", "not a readable Excel workbook")),
    Case("excel_not_a_workbook", "fake.xlsx", lambda i: csv_text(good_rows(i)).encode(),
         Refused("excel_readable", "not a readable Excel workbook")),
    Case("symlink_out_of_inbox", "case_symlink_out.csv", lambda i: None,
         Refused("path_inside_inbox", "outside the inbox"), setup=_symlink_out),
]
