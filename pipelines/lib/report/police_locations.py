"""The report's section on where UN police are deployed: for each mission
whose deployment maps show UN police (Geo-PKO v2.3), its places on a plain
coordinate plot and the number of places with UN police by year, read from
``marts.fct_police_location_year``.

A plain longitude/latitude plot, without country boundaries: the one package
found that draws boundaries offline, basemap 2.0.0 with basemap-data, pins
matplotlib < 3.11 and numpy < 2.4 (this project runs 3.11 and 2.4), and
cartopy fetches its Natural Earth data from the network on first use."""

from __future__ import annotations

import polars as pl
from markupsafe import Markup

from pipelines.lib.report.drawing import (
    BLUE,
    GREY,
    VERMILION,
    Chart,
    keep_figure,
    make_chart,
    reused_figure,
    styled,
)

CITATION = ("Geo-PKO v2.3, Uppsala University (Cil, Fjelde, Hultman and Nilsson 2020, \"Mapping blue helmets\", "
            "Journal of Peace Research 57(2), doi:10.1177/0022343319871978)")


def load_locations(con) -> pl.DataFrame:
    """Every place of every mission whose maps ever show UN police."""
    return con.sql("""
        with police_missions as (
            select mission from marts.fct_police_location_year group by mission having bool_or(unpol_present)
        )
        select mission, year, location, latitude, longitude, unpol_present, hq_level
        from marts.fct_police_location_year
        where mission in (select mission from police_missions)
        order by mission, year, location""").pl()


@styled
def chart_police_locations(mission: str, places: pl.DataFrame) -> Chart | None:
    """Left: the mission's places (longitude, latitude), those where UN police
    are shown in any year in blue, in the latest year with police in vermilion.
    Right: places with UN police by year."""
    police = places.filter(pl.col("unpol_present"))
    if police.is_empty():
        return None
    from matplotlib.figure import Figure

    if kept := reused_figure("police-locations", 7.6, 3.0):
        fig, (ax_map, ax_years) = kept
    else:
        fig = Figure(figsize=(7.6, 3.0))
        ax_map, ax_years = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        keep_figure("police-locations", fig, (ax_map, ax_years))
    last_year = police["year"].max()
    others = places.unique(["location", "latitude", "longitude"], maintain_order=True).filter(
        ~pl.col("location").is_in(police["location"].implode()))
    ever = police.unique(["location"], keep="last", maintain_order=True)
    latest = police.filter(pl.col("year") == last_year)
    handles = []
    if others.height:
        handles.append(ax_map.scatter(others["longitude"].to_list(), others["latitude"].to_list(), s=9, color=GREY,
                                      alpha=0.6, label="Other places of the mission (no UN police shown)"))
    handles.append(ax_map.scatter(ever["longitude"].to_list(), ever["latitude"].to_list(), s=18, color=BLUE,
                                  label="UN police shown in some year"))
    handles.append(ax_map.scatter(latest["longitude"].to_list(), latest["latitude"].to_list(), s=30, color=VERMILION,
                                  marker="D", label=f"UN police shown in {last_year}"))
    for artist, gid in zip(handles[-2:], ("ever", "latest")):
        artist.set_gid(f"{mission}-locations-{gid}")
    ax_map.set_xlabel("Longitude (°E)", fontsize=8.5)
    ax_map.set_ylabel("Latitude (°N)", fontsize=8.5)
    ax_map.set_aspect("equal", adjustable="datalim")
    ax_map.grid(axis="both", color="#eeeeee")
    ax_map.tick_params(labelsize=7.5)
    counts = police.group_by("year").len().sort("year")
    years = list(range(places["year"].min(), places["year"].max() + 1))
    by_year = dict(counts.iter_rows())
    bars = ax_years.bar(years, [by_year.get(y, 0) for y in years], color=BLUE, width=0.8,
                        label="Places with UN police, by year")
    for year, patch in zip(years, bars.patches):
        patch.set_gid(f"{mission}-locations-{year}")
    ax_years.set_ylabel("Places with UN police", fontsize=8.5)
    ax_years.tick_params(labelsize=7.5)
    from pipelines.lib.report.drawing import mpl_module

    ticker = mpl_module().ticker
    ax_years.xaxis.set_major_locator(ticker.MaxNLocator(nbins=6, integer=True))
    ax_years.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, integer=True))
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.16, wspace=0.3)
    labels = [h.get_label() for h in handles] + [bars.get_label()]
    return make_chart(fig, ax_map, f"chart-{mission}-police-locations",
                      f"{mission}: places with UN police (coordinates) and their number by year",
                      legend_artists=(handles + [bars], labels))


def police_locations(con) -> dict:
    """The section's context: one block per mission with a chart and a table
    of places with UN police by year, or ``available: False``."""
    places = load_locations(con)
    if places.is_empty():
        return {"available": False}
    blocks = []
    for (mission,), frame in places.partition_by("mission", as_dict=True, maintain_order=True).items():
        chart = chart_police_locations(mission, frame)
        if chart is not None:
            chart.svg = Markup(chart.svg)
            for item in chart.legend:
                item["swatch"] = Markup(item["swatch"])
        police = frame.filter(pl.col("unpol_present"))
        per_year = (frame.group_by("year").agg(
            pl.col("unpol_present").sum().alias("with_police"), pl.len().alias("places"),
            pl.col("location").filter(pl.col("unpol_present")).sort().str.join(", ").alias("names"))
            .filter(pl.col("with_police") > 0).sort("year"))
        blocks.append({
            "mission": mission, "chart": chart, "first_year": police["year"].min(), "last_year": police["year"].max(),
            "places_ever": police["location"].n_unique(),
            "years": [{"year": r["year"], "with_police": r["with_police"], "places": r["places"], "names": r["names"]}
                      for r in per_year.iter_rows(named=True)],
        })
    return {"available": True, "missions": blocks, "first_year": places["year"].min(),
            "last_year": places["year"].max(), "citation": CITATION}


TEMPLATE = r"""<section id="police-locations">
<h2>Where UN police are deployed</h2>
{% if loc.available %}
<p class="lede">{{ loc.missions|length }} missions' deployment maps show UN police at named places, {{ loc.first_year }} to
{{ loc.last_year }}. A place is counted once a year however many of the year's maps show it (rule
one_place_per_mission_year_location_name in marts.fct_police_location_year); a presence flag, not a head-count.</p>
{% for b in loc.missions %}
<h3 id="locations-{{ b.mission }}">{{ b.mission }}: {{ b.places_ever }} places with UN police, {{ b.first_year }}–{{ b.last_year }}</h3>
{% if b.chart %}
<figure>
  {{ legend(b.chart) }}
  {{ b.chart.svg }}
  <figcaption><b>{{ b.mission }}: places where the deployment maps show UN police, and how many each year.</b>
    A plain longitude/latitude plot, without boundaries (no maintained package draws them offline with this project's
    matplotlib). Source: marts.fct_police_location_year, from {{ loc.citation }}. As of {{ b.last_year }}.</figcaption>
</figure>
{% endif %}
<table class="police-locations" data-mission="{{ b.mission }}">
  <thead><tr><th>Year</th><th class="num">Places with UN police</th><th class="num">All places</th><th>Places with UN police</th></tr></thead>
  <tbody>{% for r in b.years %}<tr><td>{{ r.year }}</td><td class="num">{{ r.with_police }}</td><td class="num">{{ r.places }}</td>
    <td class="source">{{ r.names }}</td></tr>{% endfor %}</tbody>
</table>
{% endfor %}
<p class="source">Source: marts.fct_police_location_year, from {{ loc.citation }}. As of {{ loc.last_year }}.</p>
{% else %}<p class="note">No deployment locations in the warehouse (the Geo-PKO file was not in the inbox).</p>{% endif %}
</section>
"""
