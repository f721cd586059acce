-- Every target_for_year benchmark's threshold is the sourced target of its metric in its deadline's year (marts.benchmark_targets): the TOML and the targets cannot drift apart.
-- asset: marts.benchmark_results
-- blocking: true
select b.benchmark_id, b.metric, b.threshold, year(b.deadline) as deadline_year, t.target_share
from staging.stg_benchmarks as b
left join marts.benchmark_targets as t
    on t.metric = b.metric and t.year = year(b.deadline) and t.status = 'sourced'
where b.threshold_kind = 'target_for_year'
    and (t.target_share is null or abs(t.target_share - b.threshold) > 1e-9)
