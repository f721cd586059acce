"""Indicators: one SQL file each in ``warehouse/indicators/``, declared in its
header, stacked into one long table (plain Python; the Dagster assets are in
``pipelines/defs/performance/indicators.py``).

Adding an indicator is adding one file (the recipe, with an example, is in
``docs/indicators.md``)::

    -- <definition: what is counted or divided, over what, in one line>
    -- title: <short title a reader sees>
    -- unit: share | persons | count | locations
    -- direction: higher | lower | neither   (which way is better; neither for context figures such as a ceiling)
    -- subject: mission | contributor | system
    -- grain: month | year
    -- source: <the dataset or document the values come from>
    select ... as subject_id, ... as period, ... (the columns of VALUE_COLUMNS)

The file's name is the indicator id. Its SELECT returns exactly
``VALUE_COLUMNS`` (one row per subject x period x value source); the stacking
adds ``indicator_id``. ``marts.dim_indicator`` is built from the headers,
``marts.fct_indicator_value`` from the SELECTs, and every table that reads
``marts.fct_indicator_value`` (scorecard, benchmarks) sees the new indicator
with no other change. Dependencies are read from the SQL, as for the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.sql_models import _HEADER, _REF, SqlModel, _strip_comments
from pipelines.lib.warehouse import WAREHOUSE_SQL

INDICATORS = WAREHOUSE_SQL / "indicators"
GROUP = "performance"

UNITS = ("share", "persons", "count", "locations")
DIRECTIONS = ("higher", "lower", "neither")
SUBJECTS = ("mission", "contributor", "system")
GRAINS = ("month", "year")
REQUIRED = ("title", "unit", "direction", "subject", "grain", "source")

# What each indicator's SELECT returns (by name), the type it is cast to, and what it means.
VALUE_TYPES = {"subject_id": "varchar", "period": "date", "value_source": "varchar", "value": "double",
               "numerator": "double", "denominator": "double", "citation": "varchar", "source_file": "varchar",
               "source_row": "bigint"}
VALUE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("subject_id", "Who the value is about: a mission acronym, an ISO 3166 alpha-3 country code, or ALL "
                   "(every mission, or every contributor, together)."),
    ("period", "First day of the month (grain month) or of the year (grain year) the value is for."),
    ("value_source", "Where the value comes from: staffing_detail (summed from the contributor x mission rows), "
                     "published_total (a total as its publisher gives it), reported_figure (a figure cited in "
                     "a UN document), or another source the indicator's file names."),
    ("value", "The value, in the indicator's unit (shares as fractions, 0.2 = 20 per cent)."),
    ("numerator", "For a share: the count divided (e.g. women IPOs); null otherwise."),
    ("denominator", "For a share: the count it is divided by (e.g. IPOs in rows reporting sex); null otherwise."),
    ("citation", "What to quote with the value: the document and paragraph, or the table and rows it was "
                 "computed from."),
    ("source_file", "Inbox file(s) the value was read or summed from ('; ' between several)."),
    ("source_row", "Row in source_file when the value comes from one row; null for sums over rows."),
)

DIM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator_id", "Stable snake_case id: the name of its file in warehouse/indicators/."),
    ("title", "Short title, as a reader sees it."),
    ("unit", "share (a fraction, 0.2 = 20 per cent), persons, count or locations."),
    ("direction", "Which way is better: higher, lower, or neither (a context figure such as a ceiling)."),
    ("subject", "What a value is about: mission, contributor (contributing country) or system."),
    ("grain", "month or year: the period of one value."),
    ("definition", "What is counted or divided, over what (the first line of its file)."),
    ("source", "The dataset or document the values come from."),
    ("sql_file", "The file that computes it, relative to the repository."),
)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    title: str
    unit: str
    direction: str
    subject: str
    grain: str
    definition: str
    source: str
    path: Path
    body: str
    deps: tuple[tuple[str, str], ...]

    def row(self, root: Path) -> dict:
        return {"indicator_id": self.indicator_id, "title": self.title, "unit": self.unit,
                "direction": self.direction, "subject": self.subject, "grain": self.grain,
                "definition": self.definition, "source": self.source,
                "sql_file": str(self.path.relative_to(root.parent))}


def parse_indicator(path: Path) -> Indicator:
    """Read one indicator file; a missing or unknown declaration fails with the file's name."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not _ID.match(path.stem):
        raise ValueError(f"{path}: an indicator id is lowercase snake_case")
    if not lines or not lines[0].startswith("--"):
        raise ValueError(f"{path}: must open with a one-line '--' comment defining the indicator")
    meta: dict[str, str] = {}
    for line in lines[1:]:
        m = _HEADER.match(line)
        if not m:
            break
        meta[m.group(1)] = m.group(2)
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(missing)}")
    for key, allowed in (("unit", UNITS), ("direction", DIRECTIONS), ("subject", SUBJECTS), ("grain", GRAINS)):
        if meta[key] not in allowed:
            raise ValueError(f"{path}: {key} {meta[key]!r} is not one of {', '.join(allowed)}")
    deps = tuple(sorted({(s, t) for s, t in _REF.findall(_strip_comments(text))}))
    return Indicator(
        indicator_id=path.stem, title=meta["title"], unit=meta["unit"], direction=meta["direction"],
        subject=meta["subject"], grain=meta["grain"], definition=lines[0].lstrip("-").strip(),
        source=meta["source"], path=path, body=text, deps=deps,
    )


def discover_indicators(root: Path = INDICATORS) -> list[Indicator]:
    return [parse_indicator(p) for p in sorted(root.glob("*.sql"))]


def value_model(indicators: list[Indicator], root: Path = INDICATORS) -> SqlModel:
    """``marts.fct_indicator_value`` as a SQL model: every indicator's SELECT,
    its columns taken by name (a file returning other columns fails the build),
    with the indicator id added. Ids are checked identifiers, so writing them
    into the SQL text cannot inject anything."""
    cols = ", ".join(f"cast({c} as {VALUE_TYPES[c]}) as {c}" for c, _ in VALUE_COLUMNS)
    parts = [
        f"select '{i.indicator_id}' as indicator_id, {cols}\nfrom (\n{i.body}\n) as {i.indicator_id}"
        for i in indicators
    ]
    body = "\nunion all\n".join(parts) if parts else (
        "select cast(null as varchar) as indicator_id, "
        + ", ".join(f"cast(null as {VALUE_TYPES[c]}) as {c}" for c, _ in VALUE_COLUMNS) + " where false")
    deps = tuple(sorted({d for i in indicators for d in i.deps} - {("marts", "fct_indicator_value")}))
    return SqlModel(
        schema="marts",
        name="fct_indicator_value",
        path=root,
        description="Indicator values, long: one row per indicator x subject (mission, country or ALL) x period "
                    "x value source, with numerator and denominator where the value is a share, citation and "
                    "source file and row. One SQL file per indicator in warehouse/indicators/ "
                    "(marts.dim_indicator describes each).",
        group=GROUP,
        materialize="table",
        body=f"select * from (\n{body}\n) as stacked\norder by indicator_id, subject_id, period, value_source\n",
        deps=deps,
        columns=(("indicator_id", "The indicator (marts.dim_indicator.indicator_id)."), *VALUE_COLUMNS),
    )
