-- Figures cited in UN documents: one row per figure with its citation (document and paragraph or speaker).
-- group: reported_figures
select
    * exclude (description, is_illustrative, source_file, source_row),
    document || ', ' || locator as citation,
    description,
    is_illustrative,
    source_file,
    source_row
from staging.stg_reported_figures
