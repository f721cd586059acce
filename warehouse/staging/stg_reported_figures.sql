-- Figures cited in UN documents, typed; one row per figure.
-- group: reported_figures
select
    figure_id,
    mission,
    indicator,
    category,
    metric,
    value,
    unit,
    coalesce(qualifier, 'exact') as qualifier,
    period_start,
    period_end,
    document,
    locator,
    description,
    coalesce(is_illustrative, false) as is_illustrative,
    source_file,
    source_row
from raw.reported_figures
