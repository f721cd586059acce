"""Published file formats, recognised by their header, never by file name.

Each source declares its formats in its own folder
(``pipelines/defs/<source>/formats.toml``); this module gathers them. Each
format names its domain and the columns it must have. A file is matched to
the most specific format whose required columns are all present; a file that
matches none is refused with a message listing every format it was compared to
and, for each, the columns that were missing or not expected.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.paths import DEFS
from pipelines.lib.readers import InputFileError, excel_header, excel_sheet_names, read_header

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
DATA_SUFFIXES = TEXT_SUFFIXES | EXCEL_SUFFIXES


@dataclass(frozen=True)
class Format:
    name: str
    domain: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    sheet: str | None = None  # Excel formats: the sheet that holds the table
    description: str = ""


def _gathered() -> tuple[Format, ...]:
    """Every source's formats, each declared in its folder's ``formats.toml``
    (``pipelines/defs/<source>/``), a table per format. The domain is the
    folder's name unless the table gives one (``not_ingested``: recognised in
    the inbox and listed, never loaded)."""
    out = []
    for path in sorted(DEFS.glob("*/formats.toml")):
        for name, t in tomllib.loads(path.read_text(encoding="utf-8")).items():
            try:
                required, optional = t.pop("required"), t.pop("optional", [])
                if not all(isinstance(cols, list) and all(isinstance(c, str) for c in cols)
                           for cols in (required, optional)):  # "Date" would be the columns D, a, t, e
                    raise TypeError("required and optional are lists of column names")
                out.append(Format(name, t.pop("domain", path.parent.name), tuple(required), tuple(optional), **t))
            except (KeyError, TypeError) as exc:  # no required columns, not a list, or a key Format does not have
                raise ValueError(f"{path}: format {name!r}: {exc!r}") from None
    return tuple(out)


FORMATS = _gathered()
FORMATS_BY_NAME = {f.name: f for f in FORMATS}


@dataclass(frozen=True)
class Detection:
    format: Format | None
    encoding: str
    delimiter: str
    sheet: str | None
    error: str | None = None
    rule: str | None = None
    extra_columns: tuple[str, ...] = ()


def detect(path: Path) -> Detection:
    """Recognise a file's format from its header (or its workbook's sheets): the
    most specific format whose required columns are all there, with the columns
    it does not expect; or an error comparing the header with every candidate."""
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            sheets = excel_sheet_names(path)
            excel_formats = [f for f in FORMATS if f.sheet]
            candidates = [f for f in excel_formats if f.sheet in sheets] or (excel_formats if len(sheets) == 1 else [])
            if not candidates:
                return Detection(None, "xlsx", "", None,
                                 f"{path}: workbook sheets {sheets} name no known format; expected a sheet named one of "
                                 f"{[f.sheet for f in excel_formats]}", "format_recognised")
            sheet = candidates[0].sheet if candidates[0].sheet in sheets else sheets[0]
            encoding, delimiter, header = "xlsx", "", excel_header(path, sheet)
        else:
            sheet, candidates = None, FORMATS
            encoding, delimiter, header = read_header(path)
    except InputFileError as exc:
        return Detection(None, "", "", None, str(exc), exc.rule)
    cells = set(header)

    def missing(fmt: Format) -> list[str]:
        return [c for c in fmt.required if c not in cells]

    def unexpected(fmt: Format) -> list[str]:
        return sorted(c for c in cells if c and c not in {*fmt.required, *fmt.optional})

    matches = [fmt for fmt in candidates if not missing(fmt)]
    if matches:
        best = max(matches, key=lambda fmt: len(fmt.required))
        return Detection(best, encoding, delimiter, sheet, extra_columns=tuple(unexpected(best)))
    report = [f"{fmt.name} (missing: {', '.join(missing(fmt))}; not expected: "
              f"{', '.join(unexpected(fmt)[:8]) or 'none'}{' ...' if len(unexpected(fmt)) > 8 else ''})"
              for fmt in candidates]
    shown = ", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
    return Detection(None, encoding, delimiter, sheet, f"{path}: header matches no known format. Header: "
                     f"[{shown}]. Compared with: " + "; ".join(report), "format_recognised")
