-- Figures cited in UN documents, typed; one row per figure.
-- group: reported_figures
select
    * exclude (source_file, source_row, is_illustrative)
        replace (coalesce(qualifier, 'exact') as qualifier),
    coalesce(is_illustrative, false) as is_illustrative,
    source_file,
    source_row
from raw.reported_figures
