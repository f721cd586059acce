-- Target-for-the-year benchmarks agree with marts.benchmark_targets: each one's threshold is the sourced target of its metric in its deadline's year (the TOML and the targets cannot drift apart), and each scored period is compared with its own year's target (the sourced cell, else the derived one, marked so) or, in a year without one, with none.
-- asset: marts.benchmark_results
-- blocking: true
with year_targets as (
    select metric, year, target_share, status
    from marts.benchmark_targets
    qualify row_number() over (partition by metric, year order by status = 'sourced' desc) = 1
),
threshold_drift as (
    select b.benchmark_id, cast(null as varchar) as mission, b.deadline as period,
        'threshold is not the sourced target of the deadline year' as problem
    from staging.stg_benchmarks as b
    left join marts.benchmark_targets as t
        on t.metric = b.metric and t.year = year(b.deadline) and t.status = 'sourced'
    where b.threshold_kind = 'target_for_year'
        and (t.target_share is null or abs(t.target_share - b.threshold) > 1e-9)
),
wrong_year as (
    select r.benchmark_id, r.mission, r.period,
        'scored against another target than its year''s' as problem
    from marts.benchmark_results as r
    left join year_targets as t on t.metric = r.metric and t.year = year(r.period)
    where r.threshold_kind = 'target_for_year'
        and r.value_source <> 'none'
        and (r.target_year is distinct from year(r.period)
            or r.target_status is distinct from t.status
            or (r.target_value is null) <> (t.target_share is null)
            or abs(r.target_value - t.target_share) > 1e-9
            or (t.target_share is null and r.status <> 'no target for the year'))
)
select * from threshold_drift
union all
select * from wrong_year
