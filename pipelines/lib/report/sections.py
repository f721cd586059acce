"""The page's system-wide sections, each a dict for its part of the template
from the frames of ``queries.load_data``:

    gender_parity            women among IPOs and FPUs, all missions, against every police target in force
    missions_latest          every mission on the latest month with a police figure, and with a sex split
    contributors_since_1990  countries ranked by police and by women police, each with its trend
    police_locations         for each mission whose Geo-PKO maps show UN police, its places and their number by year

Without the data a section needs, it says so (``available: False`` or an
empty chart) instead of leaving the page."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.lib.report.charts import (
    chart_country_trends,
    chart_gender_parity,
    chart_police_latest,
    chart_police_locations,
    chart_shares_latest,
)
from pipelines.lib.report.drawing import BLUE, PURPLE
from pipelines.lib.report.formatting import fmt_date, fmt_month, month_end

TOP = 10  # countries drawn in the trends; the tables list TABLE_ROWS
TABLE_ROWS = 20
CONTRIBUTORS_SOURCE = (
    "marts.contributor_police_profile: IPI's per-country totals (ipi_contributor_police_monthly/countries/, "
    "IPI Peacekeeping Database from the UN DPKO monthly reports) where the staffing detail does not reach, "
    "the staffing detail (marts.fct_police_deployment, IPI and UN data by mission, type and sex) where it does")
GEO_PKO = ("Geo-PKO v2.3, Uppsala University (Cil, Fjelde, Hultman and Nilsson 2020, \"Mapping blue helmets\", "
           "Journal of Peace Research 57(2), doi:10.1177/0022343319871978)")
SOURCE_LABEL = {"detail": "staffing detail", "published_total": "IPI published total"}


def _as_of(month: date | None, missing: str | None = "no data") -> str | None:
    return fmt_date(month_end(month)) if month else missing


def gender_parity(d: dict[str, pl.DataFrame]) -> dict:
    shares, targets = d["parity_shares"], d["parity_targets"]
    sourced = targets.filter(pl.col("status") == "sourced")
    return {
        "chart": chart_gender_parity(shares, targets),
        "as_of": _as_of(shares["month"].max()),
        "target_sources": "; ".join(sorted(set(sourced["citation"].to_list()))) or "none",
        "targets": targets.sort("category", "year").to_dicts(),
    }


def _latest(frame: pl.DataFrame, has: pl.Expr) -> pl.DataFrame:
    """The rows of ``frame`` that ``has`` a figure, on the latest month any has one."""
    rows = frame.filter(has)
    month = rows["month"].max()
    return rows.filter(pl.col("month") == month) if month is not None else rows.clear()


def missions_latest(d: dict[str, pl.DataFrame]) -> dict:
    """Each mission on the latest month of the scorecard with a police figure, and with a sex split."""
    latest = _latest(d["scorecard"], pl.col("police_total").is_not_null()).sort("police_total")
    shares = _latest(d["scorecard"], pl.col("female_share_ipo").is_not_null() | pl.col("female_share_fpu").is_not_null()
                     ).sort("mission", descending=True)
    month, share_month = latest["month"].max(), shares["month"].max()
    year_targets = d["parity_targets"].filter((pl.col("status") == "sourced")
                                              & (pl.col("year") == share_month.year if share_month else False))
    return {
        "police_chart": chart_police_latest(latest),
        "share_chart": chart_shares_latest(shares, year_targets),
        "rows": latest.sort("police_total", descending=True).to_dicts(), "source_label": SOURCE_LABEL,
        "shares": {r["mission"]: r for r in shares.iter_rows(named=True)},
        "month_text": fmt_month(month) or "no month",
        "as_of": _as_of(month),
        "share_month_text": fmt_month(share_month) or "no month",
        "share_as_of": _as_of(share_month),
        "share_year": share_month.year if share_month else None,
        "share_targets": "; ".join(f"{r['category_label']} {r['target_share']:.0%}: {r['citation']}"
                                   for r in year_targets.iter_rows(named=True)),
    }


def _ranked(profile: pl.DataFrame, latest: date, rank: str, col: str) -> pl.DataFrame:
    """The countries of the latest month by ``rank``, each with its figures a
    year earlier, its peak of ``col`` and the month it first had one."""
    year_before = pl.col("month") == date(latest.year - 1, latest.month, 1)
    since = pl.col(col) > 0 if col == "police_total" else pl.col(col).is_not_null()
    stats = profile.group_by("country_iso3").agg(
        before=pl.col(col).filter(year_before).first(),
        share_before=pl.col("female_share_police").filter(year_before).first(),
        peak=pl.col(col).max(),
        peak_month=pl.col("month").filter(pl.col(col) == pl.col(col).max()).min(),
        since=pl.col("month").filter(since).min())
    at_latest = profile.filter((pl.col("month") == latest) & pl.col(col).is_not_null())
    return at_latest.sort(rank, "country_iso3").head(TABLE_ROWS).join(stats, on="country_iso3", how="left", maintain_order="left")


def contributors_since_1990(d: dict[str, pl.DataFrame]) -> dict:
    profile = d["profile"]
    if profile.is_empty():
        return {"available": False}
    latest = profile["month"].max()
    detail = profile.filter(pl.col("female_police").is_not_null())
    women_latest = detail["month"].max()
    police_rows = _ranked(profile, latest, "police_rank", "police_total").to_dicts()
    women_rows = _ranked(profile, women_latest, "female_police_rank", "female_police").to_dicts() if women_latest else []
    police_top = [(r["country_iso3"], r["country"]) for r in police_rows[:TOP]]
    women_top = [(r["country_iso3"], r["country"]) for r in women_rows[:TOP]]
    police_targets = d["parity_targets"].filter((pl.col("status") == "sourced") & (pl.col("category") == "POL"))
    targets = [t for t in police_targets.sort("year").iter_rows(named=True)
               if women_rows and detail["month"].min().year <= t["year"] <= women_latest.year]
    return {
        "available": True,
        "first_month": fmt_month(profile["month"].min()),
        "as_of": _as_of(latest),
        "women_as_of": _as_of(women_latest, None),
        "countries": profile.filter(pl.col("month") == latest).height,
        "countries_ever": profile["country_iso3"].n_unique(),
        "police_rows": police_rows, "women_rows": women_rows,
        "police_chart": chart_country_trends(profile, police_top, "police_total", "chart-contributors-police",
                                             "Police deployed (IPOs + FPUs), all missions", BLUE),
        "women_chart": chart_country_trends(profile, women_top, "female_police", "chart-contributors-women",
                                            "Women police deployed, all missions", PURPLE,
                                            start=detail["month"].min()),
        "share_chart": chart_country_trends(
            profile, women_top, "female_share_police", "chart-contributors-women-share",
            "Share of women among the country's police", PURPLE, start=detail["month"].min(),
            targets=[(t["target_share"], f"Target {t['target_share']:.0%} for {t['year']}") for t in targets]),
        "targets": targets,
        "top": TOP, "source": CONTRIBUTORS_SOURCE,
        "source_label": {"detail": "staffing detail", "published_total": "IPI per-country total"},
    }


def police_locations(d: dict[str, pl.DataFrame]) -> dict:
    places = d["locations"]
    if places.is_empty():
        return {"available": False}
    blocks = []
    for (mission,), frame in places.partition_by("mission", as_dict=True, maintain_order=True).items():
        police = frame.filter(pl.col("unpol_present"))
        per_year = (frame.group_by("year").agg(
            pl.col("unpol_present").sum().alias("with_police"), pl.len().alias("places"),
            pl.col("location").filter(pl.col("unpol_present")).sort().str.join(", ").alias("names"))
            .filter(pl.col("with_police") > 0).sort("year"))
        blocks.append({"mission": mission, "chart": chart_police_locations(mission, frame),
                       "first_year": police["year"].min(), "last_year": police["year"].max(),
                       "places_ever": police["location"].n_unique(), "years": per_year.to_dicts()})
    return {"available": True, "missions": blocks, "first_year": places["year"].min(),
            "last_year": places["year"].max(), "citation": GEO_PKO}
