-- Personnel per contributing country for analysts: one row per contributing country x month x category (troops, police = IPO + FPU, experts), every mission of the DPKO reports together (special political missions such as UNAMA included), as IPI published it per country from the UN DPKO monthly reports, 1990-11 .. 2014-03 in the real data.
-- group: analytics
-- materialize: view
-- columns: marts.fct_contributor_strength
{{ described_columns_of('marts.fct_contributor_strength', columns) }}
