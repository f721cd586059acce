"""The scorecard page: one Jinja2 template, styles inlined, no scripts.

Kept in a module (not a .html file) so it ships with the package without
package-data configuration. Autoescaping is on: every value from the warehouse
is escaped; only the charts' SVG, made by ``drawing.py`` from numbers and
escaped labels, is marked safe there.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from pipelines.lib.report.formatting import fmt_month

CSS = """
:root { --ink: #1d1d1d; --muted: #555; --rule: #d9d9d9; --accent: #0b4f8a; --band: #f4f6f8; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
       font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main, header.top > div { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
header.top { background: var(--accent); color: #fff; padding: 22px 0 18px; }
header.top h1 { margin: 0 0 4px; font-size: 1.9rem; font-weight: 600; }
header.top p { margin: 2px 0; color: #e8eef5; }
h2 { font-size: 1.5rem; margin: 2.2rem 0 0.4rem; padding-top: 0.6rem; border-top: 3px solid var(--accent); }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.3rem; }
p.lede { color: var(--muted); margin-top: 0.2rem; }
nav.missions { background: var(--band); padding: 10px 14px; border-radius: 6px; margin: 16px 0; }
nav.missions a { margin-right: 14px; white-space: nowrap; }
a { color: var(--accent); }
.guide { border-left: 4px solid var(--accent); background: var(--band); padding: 8px 14px; margin: 16px 0; }
.guide ul { margin: 4px 0; padding-left: 20px; }
figure { margin: 1rem 0 1.4rem; }
figure svg.chart { width: 100%; height: auto; max-width: 960px; display: block; }
ul.legend { list-style: none; margin: 0 0 2px; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 18px; font-size: 0.9rem; }
ul.legend li { display: inline-flex; align-items: center; gap: 6px; }
svg.swatch { flex: none; }
figcaption { font-size: 0.86rem; color: var(--muted); margin-top: 4px; }
figcaption b { color: var(--ink); }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; font-size: 0.9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--band); font-weight: 600; }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.source, td.source * { overflow-wrap: anywhere; }
table.overview td:last-child .status { margin: 1px 0; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; white-space: nowrap; }
.status.met { background: #dcf1e2; color: #135c2b; border: 1px solid #8cc79e; }
.status.not-met { background: #fbe3de; color: #8f1f0a; border: 1px solid #e59a8a; }
.status.no-data { background: #ececec; color: #444; border: 1px solid #c4c4c4; }
.source { font-size: 0.84rem; color: var(--muted); }
.note { font-size: 0.86rem; color: var(--muted); }
section.mission { margin-bottom: 2rem; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); margin-top: 3rem; padding: 12px 0 30px; }
@media print { header.top { background: #fff; color: #000; } header.top p { color: #333; } nav.missions { display: none; }
               section.mission { break-before: page; } }
"""

TEMPLATE = r"""{% macro table(class, heads, attrs={}) %}<table class="{{ class }}"{{ attrs|xmlattr }}>
  <thead><tr>{% for h in heads %}<th{% if h[0] == "#" %} class="num"{% endif %}>{{ h.removeprefix("#") }}</th>{% endfor %}</tr></thead>
  <tbody>{{ caller() }}</tbody>
</table>{% endmacro %}
{% macro figure(chart, legend=True) %}<figure>
  {% if legend and chart.legend %}<ul class="legend">{% for item in chart.legend %}<li>{{ item.swatch }} {{ item.label }}</li>{% endfor %}</ul>{% endif %}
  {{ chart.svg }}
  <figcaption>{{ caller() }}</figcaption>
</figure>
{% endmacro %}
{% macro benchmarks(rows, table_id, as_of) %}{% call table("benchmarks", ["Benchmark", "Period scored", "#Measured", "#Target", "Result", "Measured from"], {"id": table_id}) %}
  {% for b in rows %}
  <tr data-benchmark="{{ b.benchmark_id }}" data-mission="{{ b.mission }}">
    <td>{{ b.benchmark_title }}<br><span class="note">{{ b.deadline_text }}</span></td>
    <td>{{ b.period_text }}</td>
    <td class="num" data-col="measured_value" data-value="{{ b.raw_measured }}">{{ b.measured_text }}</td>
    <td class="num" data-col="target_value" data-value="{{ b.raw_target }}">{{ b.target_text }}</td>
    <td data-col="status" data-value="{{ b.status }}"><span class="status {{ b.status_css }}">{{ b.status_label }}</span>{% if b.later_text %}<br><span class="note" data-col="later">{{ b.later_text }}</span>{% endif %}</td>
    <td class="source">{{ b.value_from }}</td>
  </tr>
  {% endfor %}
  {% endcall %}
<p class="source">Source: marts.benchmark_status (a benchmark with a deadline on the latest figure at or before it, a later
figure beside it, never as met; otherwise the latest scored period, against the target of its year where the target is yearly;
staffing detail preferred over a cited figure in the same month), as of {{ as_of }}. Targets: {% for b in rows|unique(attribute="benchmark_id") %}{{ b.benchmark_id }}: {{ b.benchmark_source }}{{ "; " if not loop.last else "." }}{% endfor %}</p>{% endmacro %}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="unpol-warehouse report">
<title>UN police scorecard, data as of {{ as_of }}</title>
<style>{{ css }}</style>
</head>
<body>
<header class="top"><div>
  <h1>UN police scorecard</h1>
  <p>Police deployed against authorized ceilings and the gender targets, mission by mission.</p>
  <p>Monthly data as of <b>{{ as_of }}</b> · built {{ built_at }}{% if warehouse_label %} from {{ warehouse_label }}{% endif %}</p>
</div></header>
<main>
<div class="guide">
  <b>How to read this report</b>
  <ul>
    <li>Figures are as of the last day of each month, as the UN reports them.</li>
    <li>A break in a line means that month is missing from the data; nothing is filled in or estimated.</li>
    <li>Benchmark results are marked <span class="status met">✓ Met</span>, <span class="status not-met">✗ Not met</span>
        or <span class="status no-data">– No data</span>; each target's source is given under its table.</li>
    <li>Every chart and table says where its numbers come from and the date they refer to.</li>
  </ul>
</div>
<nav class="missions" aria-label="Missions"><b>Go to:</b>
  <a href="#overview">Overview</a>
  <a href="#gender-parity">Women against the targets</a>
  <a href="#missions-latest">Missions side by side</a>
  {% for s in sections %}<a href="#mission-{{ s.mission }}">{{ s.mission }}</a> {% endfor %}
  <a href="#contributors">Contributing countries</a>
  <a href="#sources">Sources</a>
</nav>

<section id="overview">
<h2>Overview of all missions</h2>
<p class="lede">Each mission at the latest month for which it has monthly deployment data.</p>
{% if overview_chart %}
{% call figure(overview_chart) %}<b>Police deployed{% if overview_chart.draws("Authorized") %} and the authorized police ceiling{% endif %}, latest month per mission.</b>
    Police deployed are individual police officers and formed police units together;{% if overview_chart.draws("Authorized") %} no mark is drawn where no
    ceiling is recorded.{% else %} no ceiling is recorded for these missions and months, so none is drawn.{% endif %}
    Source: marts.mission_police_scorecard (sum of contributing-country rows in marts.fct_police_deployment;
    ceilings from the Security Council resolutions in marts.fct_authorized_strength). As of {{ as_of }}, or the earlier month shown beside a mission whose data end sooner.{% endcall %}
{% endif %}
{% call table("overview", ["Mission", "Latest month", "#Police deployed", "#Authorized ceiling", "#Ceiling filled", "#Women among IPOs", "#Women among FPUs", "Benchmarks"]) %}
  {% for r in overview_rows %}
  <tr data-mission="{{ r.mission }}">
    <td><a href="#mission-{{ r.mission }}"><b>{{ r.mission }}</b></a><br><span class="note">{{ r.name }}{% if r.host %} ({{ r.host }}){% endif %}</span></td>
    <td>{{ r.latest }}</td><td class="num">{{ r.deployed }}</td><td class="num">{{ r.ceiling }}</td>
    <td class="num">{{ r.fill }}</td><td class="num">{{ r.share_ipo }}</td><td class="num">{{ r.share_fpu }}</td>
    <td>{% if r.met %}<span class="status met">✓ {{ r.met }} met</span> {% endif %}{% if r.not_met %}<span class="status not-met">✗ {{ r.not_met }} not met</span> {% endif %}{% if r.no_data %}<span class="status no-data">– {{ r.no_data }} no data</span>{% endif %}</td>
  </tr>
  {% endfor %}
  {% endcall %}
<p class="source">Source: marts.mission_police_scorecard and marts.benchmark_status (latest scored period per benchmark). As of {{ as_of }}.</p>
{% if system_benchmarks %}
<h3>All missions together</h3>
{{ benchmarks(system_benchmarks, "benchmarks-ALL", system_as_of) }}
{% endif %}
</section>

{% set g = gender_parity %}
<section id="gender-parity">
<h2>Women in UN police, all missions{% if g.chart and g.chart.draws("Target") %}, against the targets{% endif %}</h2>
{% if g.chart %}
{% call figure(g.chart) %}<b>Share of women among individual police officers (IPOs) and formed police units (FPUs), all missions
    together, by month{% if g.chart.draws("Target") %}, against every police target in force.</b> A target is drawn across the year it is set for;
    a dotted line between two targets is derived, not sourced: a year on it is scored against it, marked derived.{% else %}.</b> No police target is
    sourced, so none is drawn.{% endif %} A gap in a line is a month with no data.
    Source: marts.fct_indicator_value (indicators female_share_ipo and female_share_fpu, subject ALL: the IPI
    contributor rows reporting sex, summed over missions); targets: marts.benchmark_targets ({{ g.target_sources }}).
    As of {{ g.as_of }}.{% endcall %}
{% else %}<p class="note">No share of women for all missions in the warehouse.</p>{% endif %}
{% call table("targets", ["Category", "#Year", "#Share of women", "Status", "Source"]) %}{% for t in g.targets %}<tr data-category="{{ t.category }}" data-year="{{ t.year }}"><td>{{ t.category_label }}</td>
    <td class="num">{{ t.year }}</td><td class="num">{{ t.target_share|pct }}</td><td>{{ t.status }}</td><td>{{ t.citation }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: marts.benchmark_targets (sourced cells as the documents give them; the strategy's year-by-year
annex was not found, so other years have no target; derived rows are lines between two sourced cells).</p>
</section>
{% set m = missions_latest %}
<section id="missions-latest">
<h2>Missions side by side</h2>
{% if m.police_chart %}
{% call figure(m.police_chart) %}<b>Police in each mission in {{ m.month_text }}, the latest month with a police figure.</b> Blue: summed
    from the contributor rows; purple: IPI's published mission total where the contributor rows stop.{% if m.police_chart.draws("Authorized") %}
    Black mark: the authorized police ceiling in force that month, where one is recorded.{% endif %}
    Source: marts.mission_police_scorecard (police_total and police_deployed_source: marts.fct_police_deployment, IPI
    mission totals in marts.fct_mission_strength). As of {{ m.as_of }}.{% endcall %}
{% endif %}
{% if m.share_chart %}
{% call figure(m.share_chart) %}<b>Women among IPOs and FPUs in each mission in {{ m.share_month_text }}, the latest month with a sex
    split.</b>{% if m.share_targets %} Lines: the targets sourced for {{ m.share_year }} ({{ m.share_targets }}).{% else %}
    No police target is sourced for {{ m.share_year }}.{% endif %}
    Source: marts.mission_police_scorecard (women over personnel in the contributor rows reporting sex){% if m.share_targets %},
    marts.benchmark_targets{% endif %}. As of {{ m.share_as_of }}.{% endcall %}
{% endif %}
{% if m.rows %}
{% call table("missions-latest", ["Mission", "#Police, " ~ m.month_text, "From", "#Authorized ceiling", "#Women among IPOs, " ~ m.share_month_text, "#Women among FPUs, " ~ m.share_month_text]) %}{% for r in m.rows %}<tr data-mission="{{ r.mission }}"><td>{{ r.mission }}</td><td class="num">{{ r.police_total|num }}</td>
    <td>{{ m.source_label.get(r.police_deployed_source, r.police_deployed_source or "") }}</td><td class="num">{{ r.authorized_police|num }}</td><td class="num">{{ m.shares.get(r.mission, {}).get("female_share_ipo")|pct }}</td><td class="num">{{ m.shares.get(r.mission, {}).get("female_share_fpu")|pct }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: marts.mission_police_scorecard. As of {{ m.as_of }} (police) and {{ m.share_as_of }} (women).</p>
{% else %}<p class="note">No police figures in the warehouse.</p>{% endif %}
</section>

{% for s in sections %}
<section class="mission" id="mission-{{ s.mission }}" data-mission="{{ s.mission }}">
<h2>{{ s.mission }}{% if s.name %}: {{ s.name }}{% endif %}</h2>
<p class="lede">{% if s.kind %}{{ s.kind }} (analytics.missions.mission_kind). {% endif %}{% if s.host %}Host country: {{ s.host }}. {% endif %}{% if s.dates %}Mandate: {{ s.dates }}. {% endif %}
{% if s.months_with_data %}Monthly deployment data for {{ s.months_with_data }} of the {{ s.months_in_range }} months from {{ s.span }} ({{ s.first_data }} to {{ s.last_data }}).{% else %}No contributor-level deployment data in the warehouse for this mission.{% endif %}
{% if s.months_published %} IPI's published police total for {{ s.months_published }} months ({{ s.first_published }} to {{ s.last_published }}){% if s.months_with_data %}, shown beside the detail{% else %}: the mission's police figures below{% endif %}.{% endif %}</p>

{% set ceiling_drawn = s.deployment and s.deployment.draws("Authorized") %}
{% set police_drawn = s.deployment and s.deployment.draws_other_than("Authorized") %}
<h3>{% if police_drawn or not s.deployment %}Police deployed{% if ceiling_drawn %} against the authorized ceiling{% endif %}{% else %}Authorized police ceiling{% endif %}</h3>
{% if s.deployment %}
{% call figure(s.deployment) %}{% if not police_drawn %}<b>Authorized police ceiling by month.</b>
    The ceiling is the one in force on the last day of the month. No police deployed is recorded for
    these months, so none is drawn.{% elif ceiling_drawn %}<b>Police deployed by month, against the authorized ceiling.</b>
    The ceiling is the one in force on the last day of the month.{% else %}<b>Police deployed by month.</b> No authorized ceiling is recorded for
    this mission, so none is drawn.{% endif %} A gap in a line is a month with no data.
    Source: marts.mission_police_scorecard{% if s.deployment_sources %}, from {{ s.deployment_sources }}{% endif %}{% if s.published_sources %}; published totals: {{ s.published_sources }}{% endif %}{% if s.ceilings %}; ceilings set by {{ s.ceilings }}{% endif %}.
    As of {{ s.total_as_of or s.as_of or s.last_ceiling_month }}.{% endcall %}
{% else %}<p class="note">No deployment figures or ceilings for this mission.</p>{% endif %}

<h3>Women among UN police{% if s.share and s.share.draws("Target") %}, against the targets{% endif %}</h3>
{% if s.share %}
{% call figure(s.share) %}<b>Share of women among {{ s.share_subject }}, by month.</b>
    {% if s.targets %}Target line{{ "s" if s.targets|length > 1 }}:{% for t in s.targets %}{{ ";" if not loop.first }} <i>{{ t.benchmark_title }}</i>
    ({{ "%.0f"|format(t.target_value * 100) }} per cent{% if t.deadline %}, by {{ t.deadline.strftime("%d %B %Y") }}{% endif %}), set by {{ t.benchmark_source }}{% endfor %}.{% endif %}
    {% for c in s.cited %} Diamond: {{ c.value_text }} cited for {{ c.period_text }} in {{ c.value_citation }}.{% endfor %}
    A gap in a line is a month with no data.
    Source: marts.mission_police_scorecard (women over all personnel with a sex split); targets from marts.benchmark_results.
    As of {% if s.as_of %}{{ s.as_of }}{% if s.cited %} for the monthly figures; the cited figure as dated above{% endif %}{% else %}{{ s.cited[-1].date_text }}{% endif %}.{% endcall %}
{% else %}<p class="note">No sex-disaggregated police figures for this mission.</p>{% endif %}

{% for f in s.figures if f.rows %}
<h3>{{ f.heading }}</h3>
{% if f.chart %}{% call figure(f.chart) %}<b>{{ f.title }}</b> {{ f.note }}
  Source: {{ f.table }}. As of {{ f.as_of }}.{% endcall %}{% endif %}
{% call table("figures " ~ f.kind, ["Period", "What", "#" ~ f.unit, "Source"]) %}{% for r in f.rows %}<tr><td>{{ r.period }}</td><td>{{ r.what }}</td><td class="num">{{ r.value }}</td><td class="source">{{ r.source }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: {{ f.table }}{% if f.more %} ({{ f.more }} earlier rows not shown){% endif %}. As of {{ f.as_of }}.</p>
{% endfor %}

<h3>Benchmark results</h3>
{% if s.benchmarks %}{{ benchmarks(s.benchmarks, "benchmarks-" ~ s.mission, s.status_as_of) }}{% else %}<p class="note">No benchmark applies to this mission.</p>{% endif %}
</section>
{% endfor %}

<section id="contributors">
<h2>Contributing countries ranked by women police deployed</h2>
{% if contributors %}
<p class="lede">All missions together, {{ contributors_as_of }}: {{ contributors_total }} countries contributed police.</p>
{% if contributors_chart %}
{% call figure(contributors_chart, legend=False) %}<b>The 15 countries with the most women among the police they deployed.</b> Bar: women police (IPOs and FPUs)
    across all missions; in brackets, women as a share of that country's police with a sex split.
    Source: marts.fct_police_deployment with country names from marts.dim_country. As of {{ contributors_as_of }}.{% endcall %}
{% endif %}
{% call table("contributors", ["#Rank", "Country", "#Women police", "#All police", "#Share of women", "Missions"]) %}{% for r in contributors %}<tr><td class="num">{{ loop.index }}</td><td>{{ r.country }}</td><td class="num">{{ r.female|num("no data") }}</td>
    <td class="num">{{ r.total|num }}</td><td class="num">{{ (r.female / r.total_with_sex if r.female is not none and r.total_with_sex else none)|pct }}</td><td>{{ r.mission_list }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: marts.fct_police_deployment, marts.dim_country. As of {{ contributors_as_of }}{% if contributors_total > contributors|length %}; the top {{ contributors|length }} of {{ contributors_total }} shown{% endif %}.</p>
{% else %}<p class="note">No contributing-country figures in the warehouse.</p>{% endif %}
</section>

{% set c = contributors_1990 %}
<section id="contributors-since-1990">
<h2>Contributing countries since 1990: police and women police</h2>
{% if c.available %}
<p class="lede">{{ c.countries_ever }} countries contributed police to UN peacekeeping between {{ c.first_month }} and
{{ c.as_of }}; {{ c.countries }} did in the latest month. Ranked by police deployed, all missions together, each with its
trend since {{ c.first_month }}.</p>
{% if c.police_chart %}
{% call figure(c.police_chart) %}<b>The {{ c.top }} largest police contributors of the latest month, police deployed by month.</b>
    Each panel has its own scale; a month without figures is a gap. Source: {{ c.source }}. As of {{ c.as_of }}.{% endcall %}
{% endif %}
{% call table("contributors-police", ["#Rank", "Country", "#Police", "#A year earlier", "#Change", "Peak", "Police since", "Figure from"]) %}{% for r in c.police_rows %}<tr data-country="{{ r.country_iso3 }}"><td class="num">{{ r.police_rank }}</td><td>{{ r.country }}</td>
    <td class="num">{{ r.police_total|num }}</td><td class="num">{{ r.before|num }}</td><td class="num">{{ r.police_total|change(r.before) }}</td>
    <td>{{ r.peak|num }} ({{ r.peak_month|month }})</td><td>{{ r.since|month }}</td><td>{{ c.source_label[r.police_deployed_source] }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: {{ c.source }}. As of {{ c.as_of }}.</p>
{% if c.women_rows %}
<h3>Ranked by women police</h3>
{% if c.women_chart %}
{% call figure(c.women_chart) %}<b>The {{ c.top }} countries with the most women police in the latest month with a sex split, women police by month.</b>
    Sex-disaggregated figures start in November 2009. Source: marts.contributor_police_profile from the staffing detail
    (marts.fct_police_deployment). As of {{ c.women_as_of }}.{% endcall %}
{% endif %}
{% if c.share_chart %}
{% call figure(c.share_chart) %}<b>The same {{ c.top }} countries: the share of women among their police (IPOs and FPUs, rows reporting sex), by month{% if c.targets %}, against the target{{ "s" if c.targets|length > 1 }} for UN police.</b>{% else %}.</b> No target
    for UN police is sourced for these years, so none is drawn.{% endif %}
    {% for t in c.targets %}Target {{ "%.0f"|format(t.target_share * 100) }} per cent for {{ t.year }}, set by the {{ t.target_set }}: {{ t.citation }}. {% endfor %}
    Source: marts.contributor_police_profile (the staffing detail, marts.fct_police_deployment) and marts.benchmark_targets. As of {{ c.women_as_of }}.{% endcall %}
{% endif %}
{% call table("contributors-women", ["#Rank", "Country", "#Women police", "#All police", "#Share of women", "#A year earlier", "#Change in women", "IPO rating", "FPU rating"]) %}{% for r in c.women_rows %}<tr data-country="{{ r.country_iso3 }}"><td class="num">{{ r.female_police_rank }}</td><td>{{ r.country }}</td>
    <td class="num">{{ r.female_police|num }}</td><td class="num">{{ r.police_total|num }}</td><td class="num">{{ r.female_share_police|pct }}</td>
    <td class="num">{{ r.share_before|pct }}</td><td class="num">{{ r.female_police|change(r.before) }}</td><td>{{ r.ipo_rating or "not rated" }}</td>
    <td>{{ r.fpu_rating or "not rated" }}</td></tr>{% endfor %}{% endcall %}
<p class="source">Source: marts.contributor_police_profile and marts.contributor_gender_rating (DPO's rule: green meets the
year's Uniformed Gender Parity Strategy target, yellow at least 0.1 per cent women, red none; "not rated" where no target
for the year is sourced, so green and yellow cannot be told apart). As of {{ c.women_as_of }}.</p>
{% endif %}
{% else %}<p class="note">No per-country police series in the warehouse (IPI's per-country files were not in the inbox).</p>{% endif %}
</section>
{% set loc = locations %}
<section id="police-locations">
<h2>Where UN police are deployed</h2>
{% if loc.available %}
<p class="lede">{{ loc.missions|length }} missions' deployment maps show UN police at named places, {{ loc.first_year }} to
{{ loc.last_year }}. A place is counted once a year however many of the year's maps show it (rule
one_place_per_mission_year_location_name in marts.fct_police_location_year); a presence flag, not a head-count.</p>
{% for b in loc.missions %}
<h3 id="locations-{{ b.mission }}">{{ b.mission }}: {{ b.places_ever }} places with UN police, {{ b.first_year }}–{{ b.last_year }}</h3>
{% if b.chart %}
{% call figure(b.chart) %}<b>{{ b.mission }}: places where the deployment maps show UN police, and how many each year.</b>
    A plain longitude/latitude plot, without boundaries (no maintained package draws them offline with this project's
    matplotlib). Source: marts.fct_police_location_year, from {{ loc.citation }}. As of {{ b.last_year }}.{% endcall %}
{% endif %}
{% call table("police-locations", ["Year", "#Places with UN police", "#All places", "Places with UN police"], {"data-mission": b.mission}) %}{% for r in b.years %}<tr><td>{{ r.year }}</td><td class="num">{{ r.with_police }}</td><td class="num">{{ r.places }}</td>
    <td class="source">{{ r.names }}</td></tr>{% endfor %}{% endcall %}
{% endfor %}
<p class="source">Source: marts.fct_police_location_year, from {{ loc.citation }}. As of {{ loc.last_year }}.</p>
{% else %}<p class="note">No deployment locations in the warehouse (the Geo-PKO file was not in the inbox).</p>{% endif %}
</section>

<section id="sources">
<h2>Sources and definitions</h2>
{% call table("benchmark-sources", ["Benchmark", "Set by", "UN target?"]) %}{% for b in benchmark_sources %}<tr><td>{{ b.benchmark_title }}<br><span class="note">{{ b.benchmark_id }}</span></td>
    <td>{{ b.benchmark_source }}</td><td>{{ "yes" if b.is_un_target else "no, a project benchmark" }}</td></tr>{% endfor %}{% endcall %}
{% if source_files %}<h3 id="source-files">Input files</h3>
{# The URL as text, not a link: the page makes no request and holds no address to follow by accident. #}
{% call table("source-files", ["File", "Cited as", "Retrieved", "SHA-256"]) %}{% for f in source_files %}<tr><td class="source">{{ f.source_file }}<br><span class="note">{{ f.domain or "" }}</span></td>
    <td class="source">{% if f.fetched %}{{ f.citation }}{% if f.url %}. <span class="url">{{ f.url }}</span>{% endif %}<br><span class="note">{{ f.publisher }}; licence: {{ f.licence }}</span>{% else %}{{ f.source_file }} (put in the inbox by hand: no download record){% endif %}</td>
    <td>{{ f.retrieved_at.strftime("%d %B %Y") if f.fetched and f.retrieved_at else "" }}</td><td><code>{{ (f.file_sha256 or "")[:12] }}</code></td></tr>{% endfor %}{% endcall %}
<p class="source">Source: analytics.source_files (audit.inbox_files and audit.source_provenance: each file's entry in
data/sources.toml and the download record <code>unpol fetch</code> wrote): the inbox files this warehouse was built from;
benchmark targets are cited in the table above.</p>
{% endif %}
<p class="note">IPO: individual police officer. FPU: formed police unit. Police deployed = IPOs + FPUs.
Shares of women are computed over the personnel whose sex is reported. The warehouse tables named under each chart can be
queried with <code>unpol query</code>.</p>
</section>
</main>
<footer><div style="max-width:1080px;margin:0 auto;padding:0 24px">
UN police performance warehouse · report built {{ built_at }} · monthly data as of {{ as_of }}.
This file is self-contained: it needs no network connection and runs no scripts.
</div></footer>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
# How the tables write a value: a count with thousands separators, a share in
# per cent, the change between two counts; "—" for a missing value.
_ENV.filters.update(num=lambda v, missing="—": missing if v is None else f"{v:,}",
                    pct=lambda v: "—" if v is None else f"{v:.1%}", month=fmt_month,
                    change=lambda now, before: "—" if now is None or before is None
                    else "±0" if now == before else f"{now - before:+,}")
_TEMPLATE = _ENV.from_string(TEMPLATE)


def render_template(**context) -> str:
    return _TEMPLATE.render(css=Markup(CSS), **context)
