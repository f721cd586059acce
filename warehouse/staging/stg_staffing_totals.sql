-- Published staffing totals (IPI 'all' rows): one per month x mission (or ALL) x country (or ALL) x personnel type; for reconciliation only.
-- group: staffing
select month, mission, country_iso3, personnel_type, female, male, total, source_file, source_row
from raw.staffing_contributions
where row_kind = 'total'
