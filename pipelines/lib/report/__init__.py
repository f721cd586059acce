"""The police scorecard report: one self-contained HTML file for readers who do
not write SQL (heads of police components, Council members' experts).

Charts are drawn with matplotlib into inline SVG (text kept as text), so the
file needs no network, no JavaScript and no image files beside it. Every chart
and table states its source and as-of date.

    queries.py     every figure the report reads from the marts
    formatting.py  dates, values and citations as text
    drawing.py     matplotlib style, inline SVG, legends, the month calendar, shared layouts
    charts.py      one function per chart
    sections.py    the system-wide sections' context
    page.py        the overview and mission sections, the rendered page (render_report)
    template.py    the Jinja2 page and its styles
    output.py      where the file goes and the atomic write (write_report, report_path)
"""
