-- UN police deployed: one row per month x mission x contributing country x police personnel type (IPO, FPU, SPT), with sex split and source row.
-- group: staffing
-- incremental: month
select * exclude (is_police)
from marts.fct_uniformed_deployment
where is_police
