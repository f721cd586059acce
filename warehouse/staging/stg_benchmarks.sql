-- Benchmark definitions from warehouse/benchmarks.toml; one row per benchmark.
-- group: benchmarks
select * from raw.benchmark_definitions
