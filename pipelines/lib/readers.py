"""Read published CSV and Excel files as text, without losing or inventing rows.

Every cell is read as a string; typing happens later, where a failed cast becomes
a rejected row with its rule (a cast at read time would turn a text cell in a
count column into a silent null).

CSV files go through polars' reader (fast path). A file with more fields on a
line than in its header makes polars fail; such a file is re-read with Python's
``csv`` module so the ragged records can be reported one by one instead of being
truncated. Records with fewer fields than the header come back with nulls in the
missing cells, which the domain's required-field rules then reject.
"""

from __future__ import annotations

import csv
import io
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
        self.path = str(path)
        self.reason = reason
        self.rule = rule
        super().__init__(f"{self.path}: {reason}")


@dataclass
class RaggedRecord:
    row: int
    n_fields: int
    text: str


@dataclass
class TextTable:
    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    frame: pl.DataFrame  # all Utf8 columns named as in the header, plus ROW
    ragged: list[RaggedRecord] = field(default_factory=list)
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)


def detect_encoding(head: bytes) -> str:
    """Encoding from the byte-order mark; UTF-8 otherwise (checked on decode)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8"


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
    encoding = detect_encoding(head)
    notes: list[str] = []
    if encoding == "utf-16":
        text = _decode(head[: len(head) - len(head) % 2], encoding, path, notes)
    else:
        # Cut at the last newline so a multi-byte character is never split.
        cut = head.rfind(b"\n")
        text = _decode(head if cut < 0 else head[:cut], encoding, path, notes)
        if notes:
            encoding = "cp1252"
    line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if "\n" not in text and "\r" not in text and len(head) >= MAX_HEADER_BYTES:
        raise InputFileError(
            path, f"no line break in the first {MAX_HEADER_BYTES} bytes: not a table", "header_line_found"
        )
    delimiter = max(CANDIDATE_DELIMITERS, key=line.count)
    if line.count(delimiter) == 0:
        delimiter = ","
    cells = next(csv.reader([line], delimiter=delimiter))
    return encoding, delimiter, [normalize_header_cell(c) for c in cells]


def read_text_table(path: Path, delimiter: str | None = None) -> TextTable:
    """Read a delimited text file into an all-string frame with a source row number."""
    encoding, sniffed, header = read_header(path)
    delimiter = delimiter or sniffed
    notes: list[str] = []
    if encoding == "utf-8-sig" or encoding == "utf-8":
        source: Path | io.BytesIO = path
        try:
            # Validate UTF-8 cheaply via polars' strict reader below; on failure
            # fall back to a decoded copy.
            frame = _polars_read(source, delimiter, header)
        except pl.exceptions.ComputeError as exc:
            if "invalid utf-8" in str(exc).lower() or "utf8" in str(exc).lower():
                text = _decode(path.read_bytes(), "utf-8", path, notes)
                encoding = "cp1252"
                return _read_decoded(path, text, encoding, delimiter, header, notes)
            if "more fields" in str(exc) or "found more" in str(exc):
                text = path.read_bytes().decode(encoding)
                return _python_read(path, text, encoding, delimiter, header, notes)
            raise InputFileError(path, f"unreadable as CSV: {exc}", "csv_parses") from exc
        return _finish(path, encoding, delimiter, header, frame, notes)
    text = _decode(path.read_bytes(), encoding, path, notes)
    return _read_decoded(path, text, encoding, delimiter, header, notes)


def stream_text_table(path: Path, delimiter: str, header: list[str], encoding: str, chunk_bytes: int):
    """Yield a large UTF-8 file as TextTables of about ``chunk_bytes`` of text,
    with absolute row numbers. The file is read block by block with plain reads
    (not memory-mapped: a mapped 800 MB file counts in the process's memory as
    it is read) and cut at the last line end outside a quoted field, so memory
    stays bounded by the block whatever the file size. Raises polars errors
    for what only the careful reader handles (ragged lines, invalid UTF-8,
    quotes that never close); the caller then re-reads the file."""
    names = _unique_names(header)
    next_row, head = 1, None
    with open(path, "rb") as fh:
        while True:
            start, size = fh.tell(), chunk_bytes
            while True:
                data = fh.read(size)
                at_end = len(data) < size
                cut = len(data) - 1 if at_end else _record_end(data)
                if at_end or cut >= 0:
                    break
                if size > max(8 * chunk_bytes, 1 << 20):
                    raise pl.exceptions.ComputeError(
                        f"no record boundary in {size} bytes (a quoted field never closes?)")
                fh.seek(start)
                size *= 2
            # Continue after the cut (the rest of the block is read again: at
            # most one record, instead of copying it into the next block).
            fh.seek(start + cut + 1)
            piece = memoryview(data)[: cut + 1]
            if head is None:
                # Every later block is read under the file's own header line, so
                # the field count is the header's whatever the block's first line.
                end = _record_end(data, first=True)
                head = bytes(piece if end < 0 else piece[: end + 1]).removeprefix(b"\xef\xbb\xbf")
                text = bytes(piece)
            elif piece:
                text = b"".join((head, piece))
            else:
                return
            del data, piece
            frame = pl.read_csv(
                text, separator=delimiter, has_header=True, new_columns=names, infer_schema=False,
                row_index_name=ROW, row_index_offset=next_row, raise_if_empty=False,
            )
            del text
            if frame.columns != [ROW, *names]:
                raise pl.exceptions.ComputeError(f"header read as {frame.columns[1:]}, expected {names}")
            next_row += frame.height
            yield _finish(path, encoding, delimiter, header, frame, [])
            if at_end:
                return


def _record_end(buf: bytes, first: bool = False) -> int:
    """Index of the last (or ``first``) line end in ``buf`` outside a quoted
    field (an even number of quote characters before it; doubled quotes inside
    a field keep the count even), or -1."""
    if first:
        pos = 0
        while (nl := buf.find(b"\n", pos)) >= 0:
            if buf.count(b'"', 0, nl) % 2 == 0:
                return nl
            pos = nl + 1
        return -1
    quotes_before = buf.count(b'"')
    pos = len(buf)
    while (nl := buf.rfind(b"\n", 0, pos)) >= 0:
        quotes_before -= buf.count(b'"', nl, pos)
        if quotes_before % 2 == 0:
            return nl
        pos = nl
    return -1


def _read_decoded(path, text, encoding, delimiter, header, notes) -> TextTable:
    data = text.lstrip("\ufeff").encode("utf-8")
    try:
        frame = _polars_read(io.BytesIO(data), delimiter, header)
    except pl.exceptions.ComputeError:
        return _python_read(path, text, encoding, delimiter, header, notes)
    return _finish(path, encoding, delimiter, header, frame, notes)


def _polars_read(source, delimiter: str, header: list[str]) -> pl.DataFrame:
    frame = pl.read_csv(
        source,
        separator=delimiter,
        infer_schema=False,
        has_header=True,
        new_columns=_unique_names(header),
        row_index_name=ROW,
        row_index_offset=1,
        raise_if_empty=False,
    )
    return frame


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = name or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}__{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _python_read(path, text, encoding, delimiter, header, notes) -> TextTable:
    """Slow path: keep the well-formed records, report the ragged ones."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    next(reader, None)
    names = _unique_names(header)
    cols: list[list[str | None]] = [[] for _ in names]
    rows: list[int] = []
    ragged: list[RaggedRecord] = []
    for i, rec in enumerate(reader, start=1):
        if len(rec) > len(names):
            ragged.append(RaggedRecord(i, len(rec), delimiter.join(rec)[:200]))
            continue
        rows.append(i)
        for j in range(len(names)):
            cols[j].append(rec[j] if j < len(rec) and rec[j] != "" else None)
    frame = pl.DataFrame(
        {ROW: pl.Series(rows, dtype=pl.UInt32), **{n: pl.Series(c, dtype=pl.Utf8) for n, c in zip(names, cols)}}
    )
    return _finish(path, encoding, delimiter, header, frame, notes, ragged)


def _finish(path, encoding, delimiter, header, frame, notes, ragged=None) -> TextTable:
    data_cols = [c for c in frame.columns if c != ROW]
    blank = frame.select(pl.all_horizontal(pl.col(data_cols).is_null()).alias("b"))["b"] if data_cols else None
    n_blank = int(blank.sum()) if blank is not None else 0
    if n_blank:
        frame = frame.filter(~blank)
    return TextTable(
        path=path,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        frame=frame,
        ragged=ragged or [],
        blank_rows=n_blank,
        notes=notes,
    )


def read_excel_table(path: Path, sheet: str | None = None) -> TextTable:
    """Read one sheet of a workbook as text. A workbook with several sheets must
    name the sheet (a format knows its sheet name); a password-protected or
    corrupt workbook is refused with the reader's reason."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:  # fastexcel raises its own error types per failure kind
        raise InputFileError(path, f"not a readable Excel workbook ({exc.__class__.__name__}: {exc})", "excel_readable") from exc
    names = reader.sheet_names
    if sheet is None:
        if len(names) != 1:
            raise InputFileError(
                path, f"workbook has {len(names)} sheets {names}; expected one, or a sheet named for the format", "excel_sheet_found"
            )
        sheet = names[0]
    if sheet not in names:
        raise InputFileError(path, f"no sheet named {sheet!r} (sheets: {names})", "excel_sheet_found")
    frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    frame = frame.select(pl.all().cast(pl.Utf8))
    header = [normalize_header_cell(c) for c in frame.columns]
    frame.columns = _unique_names(header)
    frame = frame.with_row_index(ROW, offset=1)
    return _finish(path, "xlsx", "", header, frame, [f"sheet {sheet!r}"])


def excel_sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return fastexcel.read_excel(str(path)).sheet_names
    except Exception as exc:
        raise InputFileError(path, f"not a readable Excel workbook ({exc.__class__.__name__}: {exc})", "excel_readable") from exc


def excel_header(path: Path, sheet: str) -> list[str]:
    frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0, read_options={"n_rows": 1})
    return [normalize_header_cell(c) for c in frame.columns]
