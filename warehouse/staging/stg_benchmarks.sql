-- Benchmark definitions from warehouse/benchmarks.toml; one row per benchmark.
-- group: performance
select * from raw.benchmark_definitions
