"""The SQL models are Jinja templates: macros are shared by name, only checked
identifiers and plain words are pasted into SQL, and the step orders models
by what they read."""

import dagster as dg
import pytest

from pipelines.defs.factories.sql import Model, dependency_order
from pipelines.lib.sql_text import render


def test_a_macro_renders_the_shape_it_names():
    sql = render("{{ police_count('ipo_deployed') }}")
    assert "ipo_deployed as value" in sql and "from marts.police_mission_month" in sql


def test_only_identifiers_and_plain_words_reach_the_sql():
    with pytest.raises(ValueError):
        render("{{ police_count(\"x; drop table marts.dim_mission\") }}")
    with pytest.raises(ValueError):
        render("{{ ceiling_fill_rows('ipo_deployed', 'authorized_ipo', \"IPOs' || version() || '\", 'a ceiling') }}")


def test_an_analyst_view_selects_exactly_its_described_columns():
    sql = render("{{ described_columns_of('marts.dim_month', columns, bigint=('year',)) }}",
                 columns=["month", "year"])
    select = sql.split("select\n")[1].split("from marts.dim_month")[0]
    assert [c.strip().rstrip(",") for c in select.splitlines()] == ["month", "cast(year as bigint) as year"]


def _model(name: str, *deps: str) -> Model:
    return Model(dg.AssetKey(["marts", name]), tuple(dg.AssetKey(["marts", d]) for d in deps), "g", "", frozenset(),
                 lambda con, run: {})


def test_models_are_built_after_what_they_read():
    order = [m.key.path[-1] for m in dependency_order([_model("a", "c"), _model("b"), _model("c", "b")])]
    assert order == ["b", "c", "a"]
    with pytest.raises(ValueError, match="depends on itself"):
        dependency_order([_model("a", "b"), _model("b", "a")])
