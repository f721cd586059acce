"""The scorecard report: rendered by the main job from the bundled data, its
structure and numbers checked against the warehouse, gaps for missing months,
and (marked `service`) opened in headless Chromium."""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pipelines.defs.release.report import police_scorecard
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.report.charts import chart_deployment, chart_female_share, chart_period_figures
from pipelines.lib.report.drawing import complete_months
from pipelines.lib.report.output import report_path
from tests import browser

# --- a small HTML tree, enough to find sections, tables and charts -----------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None = None):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], []

    def iter(self, tag: str | None = None, **attrs):
        for child in self.children:
            if (tag is None or child.tag == tag) and all(child.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()):
                yield child
            yield from child.iter(tag, **attrs)

    def find(self, tag: str | None = None, **attrs) -> Node | None:
        return next(self.iter(tag, **attrs), None)

    def all_text(self) -> str:
        return " ".join([*self.text, *(c.all_text() for c in self.children)]).strip()


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.text.append(" ".join(data.split()))


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


# --- fixtures -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_file(bundled_warehouse) -> Path:
    path = report_path(bundled_warehouse)
    assert path.exists(), f"the main job did not write the report at {path}"
    return path


@pytest.fixture(scope="module")
def page(report_file) -> Node:
    return parse(report_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def html(report_file) -> str:
    return report_file.read_text(encoding="utf-8")


# --- structure and numbers -------------------------------------------------------

def test_report_is_written_beside_the_published_warehouse(bundled_warehouse, report_file):
    assert report_file == bundled_warehouse.parent / "reports" / "police_scorecard.html"
    assert not [p for p in report_file.parent.iterdir() if p.name.endswith(".tmp")], "temporary file left behind"


def test_one_section_per_mission_with_charts(page, bundled_warehouse, query):
    missions = {m for (m,) in query(bundled_warehouse, """
        select mission from marts.mission_police_scorecard
        union select mission from marts.benchmark_status where mission <> 'ALL'""")}
    with_data = {m for (m,) in query(bundled_warehouse,
                                     "select distinct mission from marts.mission_police_scorecard where has_deployment_data")}
    sections = {s.attrs["data-mission"]: s for s in page.iter("section", class_="mission")}
    assert set(sections) == missions
    assert with_data == {"MINUSMA", "MINUSTAH", "UNAMID"}
    for mission in with_data:
        charts = [svg for svg in sections[mission].iter("svg") if "chart" in svg.attrs.get("class", "")]
        ids = {svg.attrs["id"] for svg in charts}
        assert {f"chart-{mission}-deployment", f"chart-{mission}-female-share"} <= ids, mission
        assert all(svg.find("path") is not None for svg in charts)
    # The overview and the contributors ranking have their charts and tables too.
    assert page.find("svg", id="chart-overview") is not None
    assert page.find("svg", id="chart-contributors") is not None
    overview_rows = {tr.attrs["data-mission"] for tr in page.find("table", class_="overview").iter("tr") if "data-mission" in tr.attrs}
    assert overview_rows == missions


def test_a_ceiling_alone_is_not_titled_police_deployed(html):
    # MINUJUSTH (2017-2019) has its IPO ceiling (S/RES/2350) and no deployment figure in the
    # bundled data: its chart draws the ceiling only, and says so; MINUSMA's draws both.
    def section(mission: str) -> str:
        return html.split(f'<section class="mission" id="mission-{mission}"', 1)[1].split("</section>", 1)[0]

    minujusth = section("MINUJUSTH")
    assert "<h3>Authorized police ceiling</h3>" in minujusth
    assert "<b>Authorized police ceiling by month.</b>" in minujusth
    assert "<h3>Police deployed" not in minujusth and "olice deployed by month" not in minujusth
    assert 'aria-label="MINUJUSTH: authorized police ceiling by month"' in minujusth
    minusma = section("MINUSMA")
    assert "<h3>Police deployed against the authorized ceiling</h3>" in minusma
    assert "<b>Police deployed by month, against the authorized ceiling.</b>" in minusma


def test_system_chart_shows_women_against_every_police_target(page, bundled_warehouse, query):
    section = page.find("section", id="gender-parity")
    svg = section.find("svg", id="chart-gender-parity")
    assert svg is not None
    gids = {g.attrs.get("id") for g in svg.iter("g")}
    assert {"ALL-share-female_share_ipo", "ALL-share-female_share_fpu"} <= gids
    # One drawn mark per sourced police target, and the derived FPU line marked as such.
    sourced = query(bundled_warehouse, """select category, year from marts.benchmark_targets
                                          where status = 'sourced' and metric is not null""")
    assert {f"target-{c}-{y}" for c, y in sourced} <= gids
    assert "derived-FPU" in gids
    caption = section.find("figcaption").all_text()
    assert "marts.benchmark_targets" in caption and "Uniformed Gender Parity Strategy" in caption
    rows = {(tr.attrs["data-category"], int(tr.attrs["data-year"]))
            for tr in section.find("table", class_="targets").iter("tr") if "data-category" in tr.attrs}
    assert rows == set(query(bundled_warehouse, """select category, year from marts.benchmark_targets
                                                   where metric like 'female_share_%'"""))


def test_missions_side_by_side_on_the_latest_month(page, bundled_warehouse, query):
    section = page.find("section", id="missions-latest")
    assert section.find("svg", id="chart-missions-latest-police") is not None
    latest = query(bundled_warehouse, """
        select mission, police_total from marts.mission_police_scorecard
        where police_total is not null
          and month = (select max(month) from marts.mission_police_scorecard where police_total is not null)""")
    rows = {tr.attrs["data-mission"]: tr.all_text() for tr in section.find("table", class_="missions-latest").iter("tr")
            if "data-mission" in tr.attrs}
    assert set(rows) == {m for m, _ in latest}
    for mission, total in latest:
        assert f"{total:,}" in rows[mission]
    for caption in section.iter("figcaption"):
        assert "Source:" in caption.all_text()


def _close(cell: str, value) -> bool:
    if value is None:
        return cell == ""
    return math.isclose(float(cell), float(value), rel_tol=1e-12)


def test_benchmark_tables_equal_the_warehouse(page, bundled_warehouse, query):
    rows = query(bundled_warehouse,
                 "select benchmark_id, mission, measured_value, target_value, status from marts.benchmark_status")
    assert rows
    for benchmark_id, mission, measured, target, status in rows:
        tr = page.find("tr", data_benchmark=benchmark_id, data_mission=mission)
        assert tr is not None, (benchmark_id, mission)
        cells = {td.attrs["data-col"]: td for td in tr.iter("td") if "data-col" in td.attrs}
        assert _close(cells["measured_value"].attrs["data-value"], measured), (benchmark_id, mission)
        assert _close(cells["target_value"].attrs["data-value"], target), (benchmark_id, mission)
        assert cells["status"].attrs["data-value"] == status
        # Colour and words: the badge says the result in text.
        label = cells["status"].all_text()
        assert status[0].upper() + status[1:] in label


def test_the_figures_shown_match_the_warehouse(page, bundled_warehouse, query):
    # UNAMID's cited 20 per cent and MINUSTAH's 2,377 police in August 2014.
    (deployed,) = query(bundled_warehouse, """select police_deployed from marts.mission_police_scorecard
                                               where mission = 'MINUSTAH' and month = date '2014-08-01'""")[0]
    row = page.find("table", class_="overview").find("tr", data_mission="MINUSTAH")
    assert f"{deployed:,}" in row.all_text()
    unamid = page.find("section", id="mission-UNAMID").all_text()
    assert "20.0% cited for November 2017" in unamid and "SC/13056" in unamid
    minusma = page.find("section", id="mission-MINUSMA")
    assert minusma.find("table", class_="figures training") is not None
    assert "24,000" in minusma.all_text() and "387" in minusma.all_text()


def test_every_figure_states_source_and_as_of(page, bundled_warehouse, query):
    figures = list(page.iter("figure"))
    assert len(figures) >= 8
    for fig in figures:
        caption = fig.find("figcaption").all_text()
        assert "Source:" in caption and re.search(r"As of \d{1,2} \w+ \d{4}", caption), caption
    last = dict(query(bundled_warehouse, """select mission, max(month) from marts.mission_police_scorecard
                                            where has_deployment_data group by mission"""))
    for mission, month in last.items():
        text = page.find("section", id=f"mission-{mission}").all_text()
        assert f"As of {_month_end(month).day} {month:%B %Y}" in text, mission
    for table in page.iter("table"):
        if "benchmark-sources" in table.attrs.get("class", ""):
            continue
        note = table.parent.children[table.parent.children.index(table) + 1]
        assert note.tag == "p" and "Source:" in note.all_text(), table.attrs


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def test_values_from_the_warehouse_are_escaped(bundled_copy):
    # A mission name and a country name with markup in them, as a damaged or
    # hostile source file could bring: shown as text in tables and chart labels.
    import duckdb

    from pipelines.lib.report.page import render_report
    from pipelines.lib.warehouse import read_only

    hostile = '<script>alert("x")</script> & Co'
    con = duckdb.connect(str(bundled_copy))
    try:
        con.execute("update marts.dim_mission set mission_name = $1 where mission = 'MINUSTAH'", [hostile])
        con.execute("update marts.dim_country set country_name = $1 where country_iso3 in "
                    "(select contributing_country_iso3 from marts.fct_police_deployment)", [hostile])
    finally:
        con.close()
    con = read_only(bundled_copy)
    try:
        page = render_report(con).html
    finally:
        con.close()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in page  # the overview table and the section
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; Co</text>' in page  # a chart's tick label (matplotlib)


def test_page_is_self_contained(html):
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"url\((?!#)", html) and "@import" not in html  # url(#id): a clip path in the page
    assert html.count("<style>") == 1


# --- gaps, never interpolation -----------------------------------------------------

def _series_path(svg: str, gid: str) -> str:
    group = re.search(rf'<g id="{re.escape(gid)}">(.*?)</g>', svg, re.S)
    assert group, f"no series {gid} in the chart"
    return re.search(r'<path d="([^"]+)"', group.group(1)).group(1)


def _frame(months: list[date]) -> pl.DataFrame:
    n = len(months)
    return pl.DataFrame({
        "mission": ["TEST"] * n, "month": months,
        "ipo_deployed": [100 + i for i in range(n)], "fpu_deployed": [200] * n,
        "police_deployed": [300 + i for i in range(n)],
        "authorized_police": [400] * n, "authorized_ipo": [None] * n, "authorized_fpu": [None] * n,
        "female_share_ipo": [0.1 + i / 100 for i in range(n)], "female_share_fpu": [0.05] * n,
        "female_share_police": [0.08] * n, "has_deployment_data": [True] * n,
    }, schema_overrides={"authorized_ipo": pl.Int64, "authorized_fpu": pl.Int64})


def test_complete_months_leaves_missing_months_empty():
    frame = _frame([date(2014, 1, 1), date(2014, 2, 1), date(2014, 4, 1)])
    full = complete_months(frame)
    assert full["month"].to_list() == [date(2014, m, 1) for m in (1, 2, 3, 4)]
    assert full.filter(pl.col("month") == date(2014, 3, 1))["police_deployed"].to_list() == [None]


@pytest.mark.parametrize("months, pieces", [
    ([date(2014, m, 1) for m in (1, 2, 3, 4, 5)], 1),
    ([date(2014, m, 1) for m in (1, 2, 4, 5)], 2),          # March missing: two pieces
    ([date(2014, m, 1) for m in (1, 2, 4, 5, 7, 8)], 3),    # March and June missing
])
def test_missing_month_breaks_the_line(months, pieces):
    frame = _frame(months)
    deployment = chart_deployment("TEST", frame)
    for col in ("police_deployed", "ipo_deployed", "fpu_deployed"):
        d = _series_path(deployment.svg, f"TEST-deployment-{col}")
        assert d.count("M") == pieces, (col, d)
    share = chart_female_share("TEST", frame, pl.DataFrame(schema={"target_value": pl.Float64, "benchmark_source": pl.Utf8}),
                               pl.DataFrame(schema={"period": pl.Date, "measured_value": pl.Float64}))
    assert _series_path(share.svg, "TEST-share-female_share_ipo").count("M") == pieces


def _yearly(kind: str, years: list[int]) -> pl.DataFrame:
    return pl.DataFrame({
        "mission": ["TEST"] * len(years),
        "period_start": [date(y, 3, 1) for y in years], "period_end": [date(y, 3, 31) for y in years],
        "what": ["fatalities" if kind == "incidents" else "police trained"] * len(years),
        "value": [5.0] * len(years), "source_kind": ["records"] * len(years), "source": ["test"] * len(years),
    })


def test_yearly_figures_leave_unknown_training_years_empty():
    # Training returns missing for 2012: a gap. Fatality records list every
    # death, so a year without one is a zero, drawn as such.
    training = chart_period_figures("TEST", "training", _yearly("training", [2010, 2011, 2013]), "People trained")
    incidents = chart_period_figures("TEST", "incidents", _yearly("incidents", [2010, 2011, 2013]), "Number")
    assert [i["label"] for i in training.legend] == ["police trained"]
    assert _series_path(training.svg, "TEST-training-police_trained").count("M") == 2
    assert _series_path(incidents.svg, "TEST-incidents-fatalities").count("M") == 1
    # Cited totals over several years are no series: no chart, the table shows them.
    cited = _yearly("incidents", [2010, 2011]).with_columns(source_kind=pl.lit("reported_figure"))
    assert chart_period_figures("TEST", "incidents", cited, "Number") is None


# --- the asset -----------------------------------------------------------------------

def test_asset_metadata_holds_path_and_preview(bundled_warehouse, tmp_path):
    wh = tmp_path / "unpol.duckdb"
    shutil.copyfile(bundled_warehouse, wh)
    (tmp_path / ".build").mkdir()
    shutil.copyfile(bundled_warehouse.parent / ".build" / bundled_warehouse.name, tmp_path / ".build" / wh.name)
    # The report is one part of the release step: called as that step calls it.
    context = SimpleNamespace(run=SimpleNamespace(run_id="report-test"), log=logging.getLogger("report-test"))
    md = police_scorecard(context, WarehouseResource(path=str(wh)))
    # Where readers find it once the run's release is current; staged until then
    # (this run publishes nothing, so its staged release is discarded).
    assert md["path"].value == str(tmp_path / "reports" / "police_scorecard.html")
    assert md["size_bytes"] > 0
    preview = md["preview"].value
    assert "| mission |" in preview and "MINUSTAH" in preview and "2,377" in preview
    assert md["missions"] >= 4 and md["charts"] >= 8


# --- in a browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    if browser.chromium_binary() is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.service
def test_report_opens_in_chromium_without_errors_or_requests(chromium, report_file):
    url = browser.file_url(report_file)
    with browser.Chromium() as chrome:
        page = chrome.open(url)
        assert page.console_errors == []
        assert page.requests == [url], "the report made requests besides loading itself"
        assert page.failed_requests == []
        assert page.evaluate("document.querySelectorAll('svg.chart').length") >= 8
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        # Nothing sticks out sideways on a laptop screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        assert page.evaluate("document.title").startswith("UN police scorecard")


@pytest.mark.service
def test_first_screen_is_not_blank(chromium, report_file, tmp_path):
    from PIL import Image

    png = tmp_path / "first_screen.png"
    done = browser.screenshot(browser.file_url(report_file), png, size=(1280, 900))
    assert png.exists(), done.stderr[-2000:]
    with Image.open(png) as im:
        assert im.size == (1280, 900)
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        assert len(colours) > 50, "screenshot has almost no colours: blank page?"
        # The most common colour (the white page) covers less than 90 per cent.
        assert max(n for n, _ in colours) < 0.9 * 1280 * 900
        # The title band is the report's dark blue, not white.
        assert rgb.getpixel((20, 20)) == (11, 79, 138)
