"""Read published CSV and Excel files as text, without losing or inventing rows.

Every cell is a string: typing happens later, where a failed cast becomes a
rejected row with its rule. CSV is read by polars, in blocks of whole records
for large files (memory bounded by the block). Text that is not UTF-8 is decoded
in Python first (cp1252, UTF-16); lines with more fields than the header are
listed by Python's ``csv`` and rejected each with its row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

ROW = "__row__"  # 1-based data record number in the file (header excluded); renamed source_row by ingest

# A header line longer than this is not a header we know: refuse early instead of
# scanning a 10 MB single-line file for a newline.
MAX_HEADER_BYTES = 64 * 1024
CANDIDATE_DELIMITERS = (",", ";", "\t", "|")


class InputFileError(Exception):
    """A whole file cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str, rule: str = "file_readable"):
        self.reason, self.rule = reason, rule
        super().__init__(f"{path}: {reason}")


@dataclass
class RaggedRecord:
    row: int
    n_fields: int
    text: str


@dataclass
class TextTable:
    header: list[str]
    frame: pl.DataFrame  # all Utf8 columns named as in the header, plus ROW
    ragged: list[RaggedRecord] = field(default_factory=list)
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)


def _decode(raw: bytes, encoding: str, path: Path, notes: list[str]) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise InputFileError(path, f"not valid {encoding}: {exc}", "encoding_is_supported") from exc
        # Spreadsheets saved on Windows write cp1252; every byte decodes in it
        # except five, so a failure there means the file is not text at all.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc2:
            raise InputFileError(path, "not UTF-8, UTF-16 or cp1252 text", "encoding_is_supported") from exc2
        notes.append(f"decoded as cp1252 (not valid UTF-8 at byte {exc.start})")
        return text


def normalize_header_cell(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().strip('"').strip()


def read_header(path: Path) -> tuple[str, str, list[str]]:
    """Return (encoding, delimiter, header cells) from the first line of a text file."""
    with open(path, "rb") as fh:
        head = fh.read(MAX_HEADER_BYTES)
    if not head.strip():
        raise InputFileError(path, "file is empty", "file_not_empty")
    # From the byte-order mark; UTF-8 otherwise (checked on decode).
    encoding = ("utf-8-sig" if head.startswith(b"\xef\xbb\xbf")
                else "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8")
    # Cut at a whole UTF-16 unit, or at the last newline so a multi-byte character is never split.
    cut = len(head) - len(head) % 2 if encoding == "utf-16" else head.rfind(b"\n")
    notes: list[str] = []
    text = _decode(head if cut < 0 else head[:cut], encoding, path, notes)
    encoding = "cp1252" if notes else encoding  # only a UTF-8 decode falls back to cp1252
    line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if "\n" not in text and "\r" not in text and len(head) >= MAX_HEADER_BYTES:
        raise InputFileError(
            path, f"no line break in the first {MAX_HEADER_BYTES} bytes: not a table", "header_line_found"
        )
    delimiter = max(CANDIDATE_DELIMITERS, key=line.count)  # the first (",") when none is there
    cells = next(csv.reader([line], delimiter=delimiter))
    return encoding, delimiter, [normalize_header_cell(c) for c in cells]


def text_tables(path: Path, block_bytes: int | None = None) -> Iterator[TextTable]:
    """A delimited text file as all-string tables with a source row number:
    whole, or in blocks of about ``block_bytes``. A file polars refuses
    part-way is read again carefully, and only the records after those
    already given are yielded."""
    encoding, delimiter, header = read_header(path)
    notes: list[str] = []
    given = 0  # records given so far
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            for block in _blocks(path, block_bytes):
                frame = _polars_read(block, delimiter, header, False, given)
                given += frame.height
                yield _finish(header, frame, notes)
            return
        except pl.exceptions.PolarsError as exc:
            if "utf" not in str(exc).lower() and "more fields" not in str(exc):
                raise InputFileError(path, f"unreadable as CSV: {exc}", "csv_parses") from exc
            if given:
                reason = str(exc).splitlines()[0]
                notes.append(f"read again after row {given} with the careful reader ({reason})"[:300])
    frame, ragged = _careful_read(path, encoding, delimiter, header, notes)
    yield _finish(header, frame.filter(pl.col(ROW) > given), notes, [r for r in ragged if r.row > given])


def _blocks(path: Path, size: int | None) -> Iterator[bytes]:
    """The file as pieces of about ``size`` bytes (None: whole), each its header
    line and whole records: a read to the end of its last line, and more lines
    while a quoted field is open (an odd number of quote characters: doubled
    quotes inside a field keep the count even). Plain reads: a memory map counts
    in the process's memory; polars' streaming reader reads hundreds of MiB
    ahead (BENCHMARKS.md)."""
    with open(path, "rb") as fh:
        head, given = fh.readline().removeprefix(b"\xef\xbb\xbf"), False
        while (block := fh.read(size or -1) + fh.readline()) or not given:
            quotes, more = block.count(b'"'), []
            while quotes % 2 and (line := fh.readline()):
                more.append(line)
                quotes += line.count(b'"')
            yield b"".join([head, block, *more])
            given = True


def _careful_read(path, encoding, delimiter, header, notes) -> tuple[pl.DataFrame, list[RaggedRecord]]:
    """The whole file, decoded in Python, read by polars; lines longer than the
    header are found by Python's ``csv`` and returned apart, never loaded cut short."""
    text = _decode(path.read_bytes(), "utf-8" if encoding == "utf-8-sig" else encoding, path, notes)
    text = text.lstrip("\ufeff")
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ragged = [RaggedRecord(i, len(rec), delimiter.join(rec)[:200])
              for i, rec in enumerate(records) if i and len(rec) > len(header)]
    try:
        frame = _polars_read(text.encode(), delimiter, header, True)
    except pl.exceptions.PolarsError as exc:
        raise InputFileError(path, f"unreadable as CSV: {exc}", "csv_parses") from exc
    return frame.filter(~pl.col(ROW).is_in([r.row for r in ragged])), ragged


def _polars_read(data: bytes, delimiter: str, header: list[str], truncate: bool, given: int = 0) -> pl.DataFrame:
    return pl.read_csv(data, separator=delimiter, infer_schema=False, new_columns=_unique_names(header),
                       row_index_name=ROW, row_index_offset=given + 1, raise_if_empty=False,
                       truncate_ragged_lines=truncate)


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = name or f"column_{i + 1}"
        seen[name] = n = seen.get(name, -1) + 1
        out.append(f"{name}__{n}" if n else name)
    return out


def _finish(header, frame, notes, ragged=None) -> TextTable:
    data_cols = [c for c in frame.columns if c != ROW]
    blank = pl.all_horizontal(pl.col(data_cols).is_null()) if data_cols else pl.lit(False)
    n_blank = frame.select(blank.sum()).item()
    return TextTable(header, frame.filter(~blank) if n_blank else frame, ragged or [], n_blank, notes)


def read_excel_table(path: Path, sheet: str) -> TextTable:
    """Read one sheet of a workbook (detection chose it) as text; a
    password-protected or corrupt workbook is refused with the reader's reason."""
    names = excel_sheet_names(path)
    if sheet not in names:  # the workbook changed since detection
        raise InputFileError(path, f"no sheet named {sheet!r} (sheets: {names})", "excel_sheet_found")
    frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    frame = frame.select(pl.all().cast(pl.Utf8))
    header = [normalize_header_cell(c) for c in frame.columns]
    frame.columns = _unique_names(header)
    frame = frame.with_row_index(ROW, offset=1)
    return _finish(header, frame, [f"sheet {sheet!r}"])


def excel_sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return fastexcel.read_excel(str(path)).sheet_names
    except Exception as exc:  # fastexcel raises its own error types per failure kind
        raise InputFileError(path, f"not a readable Excel workbook ({exc.__class__.__name__}: {exc})", "excel_readable") from exc


def excel_header(path: Path, sheet: str) -> list[str]:
    """The header of one sheet, from its first row only: format detection runs
    on every inbox file at every run, the whole sheet is read once, by the ingest."""
    frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0, read_options={"n_rows": 1})
    return [normalize_header_cell(c) for c in frame.columns]
