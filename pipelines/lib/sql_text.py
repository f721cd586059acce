"""The text of ``warehouse/*.sql``: Jinja rendering with the macros of
``warehouse/macros/``, the ``-- key: value`` header, and the tables a SELECT
names (plain Python, shared by the models and the indicators)."""

import re
from functools import cache

import jinja2

from pipelines.lib.warehouse import WAREHOUSE_SQL, ident

_REF = re.compile(r"\b(raw|staging|marts|audit|analytics)\.([a-z_][a-z0-9_]*)\b")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.+?)\s*$")


def words(text: str) -> str:
    """Text a macro writes into a SQL string literal: letters, digits and spaces only."""
    if not re.fullmatch(r"[A-Za-z0-9 ]*", text):
        raise ValueError(f"not plain words: {text!r}")
    return text


@cache
def environment() -> jinja2.Environment:
    """Jinja with every macro of ``warehouse/macros/`` as a global. Undefined
    names fail the render; ``ident`` checks an identifier pasted into SQL."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WAREHOUSE_SQL)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["ident"] = ident
    env.filters["words"] = words
    for path in sorted((WAREHOUSE_SQL / "macros").glob("*.sql")):
        module = env.get_template(f"macros/{path.name}").module
        env.globals.update({n: getattr(module, n) for n in dir(module) if not n.startswith("_")})
    return env


def render(text: str, **context) -> str:
    return environment().from_string(text).render(**context)


def read_sql(path, **context) -> tuple[str, str, dict[str, str]]:
    """A file rendered: (its text, its first line as the description, its header)."""
    text = render(path.read_text(encoding="utf-8"), **context)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("--"):
        raise ValueError(f"{path}: must open with a one-line '--' comment saying what it is")
    return text, lines[0].lstrip("-").strip(), header(lines)[0]


def strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def header(lines: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The ``-- key: value`` lines after the first, and the ``column`` ones apart."""
    meta, columns = {}, []
    for line in lines[1:]:
        m = _HEADER.match(line)
        if not m:
            break
        if m.group(1) == "column":
            column, _, described = m.group(2).partition(":")
            columns.append((ident(column.strip()), described.strip()))
        else:
            meta[m.group(1)] = m.group(2)
    return meta, columns


def references(sql: str) -> set[tuple[str, str]]:
    return set(_REF.findall(strip_comments(sql)))
