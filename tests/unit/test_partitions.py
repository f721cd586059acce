"""The month partition's window helper: the months a run covers, from a step's
context or a run's tags, the same answer either way."""

from datetime import date

import dagster as dg
import pytest

from pipelines.defs.partitions import month_key, range_tags, run_months, run_window

MARCH = (date(2014, 3, 1), date(2014, 4, 1))
Q1 = (date(2014, 1, 1), date(2014, 4, 1))


@pytest.mark.parametrize(("source", "window"), [
    ({}, None),
    ({"unpol/new_files": "a.csv"}, None),
    ({"dagster/partition": "2014-03-01"}, MARCH),
    (range_tags("2014-01-01", "2014-03-01"), Q1),
])
def test_run_window_from_tags(source, window):
    assert run_window(source) == window


@pytest.mark.parametrize(("kwargs", "window"), [
    ({}, None),
    ({"partition_key": "2014-03-01"}, MARCH),
    ({"partition_key_range": dg.PartitionKeyRange("2014-01-01", "2014-03-01")}, Q1),
])
def test_run_window_from_a_context(kwargs, window):
    assert run_window(dg.build_asset_context(**kwargs)) == window


def test_run_months_lists_every_month_of_a_range():
    assert run_months(range_tags("2013-11-01", "2014-02-01")) == [
        "2013-11-01", "2013-12-01", "2014-01-01", "2014-02-01"]
    assert run_months({}) is None


@pytest.mark.parametrize("text", ["2014-03", "2014-03-01", "2014-03-17"])
def test_month_key(text):
    assert month_key(text) == "2014-03-01"


def test_month_key_refuses_a_month_before_the_partitions():
    with pytest.raises(ValueError, match="1990-10: not a staffing month partition"):
        month_key("1990-10")
