"""Indicators: one SQL file each in ``warehouse/indicators/``, named by its id,
its header declaring title, unit, direction, subject, grain and source (the
recipe, with an example, is ``docs/indicators.md``). Parsed here (plain
Python): ``marts.dim_indicator`` is built from the headers
(``pipelines/defs/performance/indicators.py``), ``marts.fct_indicator_value``
stacks the SELECTs (``warehouse/marts/fct_indicator_value.sql``), so a new
file is a new indicator everywhere that reads them. Like a model, the file is a
Jinja template with the macros of ``warehouse/macros/``, and its dependencies
are the tables it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.sql_text import read_sql, references
from pipelines.lib.warehouse import WAREHOUSE_SQL

INDICATORS = WAREHOUSE_SQL / "indicators"
GROUP = "performance"

UNITS = ("share", "persons", "count", "locations")
DIRECTIONS = ("higher", "lower", "neither")
SUBJECTS = ("mission", "contributor", "system")
GRAINS = ("month", "year")
REQUIRED = ("title", "unit", "direction", "subject", "grain", "source")

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
        """Its row of ``marts.dim_indicator`` (``DIM_COLUMNS``)."""
        return {c: getattr(self, c, None) for c, _ in DIM_COLUMNS} | {"sql_file": str(self.path.relative_to(root.parent))}


def parse_indicator(path: Path) -> Indicator:
    """Read one indicator file; a missing or unknown declaration fails with the file's name."""
    if not _ID.match(path.stem):
        raise ValueError(f"{path}: an indicator id is lowercase snake_case")
    text, definition, meta = read_sql(path)
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(missing)}")
    for key, allowed in (("unit", UNITS), ("direction", DIRECTIONS), ("subject", SUBJECTS), ("grain", GRAINS)):
        if meta[key] not in allowed:
            raise ValueError(f"{path}: {key} {meta[key]!r} is not one of {', '.join(allowed)}")
    deps = tuple(sorted(references(text)))
    return Indicator(
        indicator_id=path.stem, title=meta["title"], unit=meta["unit"], direction=meta["direction"],
        subject=meta["subject"], grain=meta["grain"], definition=definition,
        source=meta["source"], path=path, body=text, deps=deps,
    )


def discover_indicators(root: Path = INDICATORS) -> list[Indicator]:
    return [parse_indicator(p) for p in sorted(root.glob("*.sql"))]
