"""Seeded generator of realistic SYNTHETIC inputs for benchmarks.

Every file it writes says it is synthetic in the data itself: the staffing
file's ``Source_Dataset`` column reads ``SYNTHETIC ...`` on every row and its
``Contribution_ID`` starts with ``SYN-``; fatality IDs start with ``SYN``;
training rows carry ``is_illustrative = true`` and a ``SYNTHETIC`` citation.
None of these numbers is a UN figure.

Shapes follow the real formats (UN open-data long staffing layout, the Data Hub
fatality layout, the training layout), with real mission acronyms (from
``warehouse/seeds/missions.csv``) and real ISO country codes and names (from
hdx-python-country) so the rows exercise the same mapping and checks as real
data. Sizes: any row count; presets ``1m`` and ``10m``.

    python bench/generate.py --rows 1m --out bench/data
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
PRESETS = {"1m": 1_000_000, "10m": 10_000_000}
PERSONNEL_TYPES = ["Individual Police", "Formed Police Units", "Experts on Mission", "Staff Officer", "Troops"]
LABEL = "SYNTHETIC"  # bench/generate.py; not UN data (kept short: it is on every row)


def _countries() -> tuple[list[str], list[str]]:
    from hdx.location.country import Country

    codes, names = [], []
    for iso3 in sorted(Country.countriesdata(use_live=False)["countries"]):
        name = Country.get_country_name_from_iso3(iso3, use_live=False)
        if name and len(iso3) == 3:
            codes.append(iso3)
            names.append(name)
    return codes, names


def _missions() -> list[str]:
    return pl.read_csv(ROOT / "warehouse" / "seeds" / "missions.csv", infer_schema=False)["mission"].to_list()


def month_ends(first: date, n: int) -> list[date]:
    out = []
    y, m = first.year, first.month
    for _ in range(n):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(date(ny, nm, 1).fromordinal(date(ny, nm, 1).toordinal() - 1))
        y, m = ny, nm
    return out


def staffing(rows: int, seed: int = 2382, months: int = 120, first: date = date(2010, 1, 1)) -> pl.DataFrame:
    """``rows`` staffing rows over ``months`` month-ends, unique per
    (month, mission, country, personnel type), in the UN long layout."""
    rng = np.random.default_rng(seed)
    codes, names = _countries()
    missions = _missions()
    per_month = -(-rows // months)
    combos = len(missions) * len(codes) * len(PERSONNEL_TYPES)
    if per_month > combos:
        raise ValueError(f"{rows} rows over {months} months exceeds {combos} distinct keys per month")
    # One fixed set of keys per month (the same contributors report every month).
    pick = np.sort(rng.choice(combos, size=per_month, replace=False))
    mi, rest = np.divmod(pick, len(codes) * len(PERSONNEL_TYPES))
    ci, ti = np.divmod(rest, len(PERSONNEL_TYPES))
    base = pl.DataFrame({"mi": mi, "ci": ci, "ti": ti}).with_columns(pl.col("*").cast(pl.UInt32))
    dates = [d.strftime("%d-%b-%y") for d in month_ends(first, months)]
    frame = base.join(pl.DataFrame({"d": dates, "k": range(months)}), how="cross").head(rows)
    n = frame.height
    size = np.where(frame["ti"].to_numpy() == 1, 140, 12)  # an FPU is ~140 officers
    total = rng.poisson(size)
    female = rng.binomial(total, 0.12)
    return pl.DataFrame({
        "Contribution_ID": pl.select(pl.concat_str(
            [pl.lit("SYN-"), pl.int_range(1, n + 1).cast(pl.String).str.zfill(9)])).to_series(),
        "ISOCode3": pl.Series(codes).gather(frame["ci"]),
        "M49_Code": pl.repeat(None, n, dtype=pl.Utf8, eager=True),
        "Contributing_Country": pl.Series(names).gather(frame["ci"]),
        "Mission_Acronym": pl.Series(missions).gather(frame["mi"]),
        "Personnel_Type": pl.Series(PERSONNEL_TYPES).gather(frame["ti"]),
        "Female_Personnel": female,
        "Male_Personnel": total - female,
        "Last_Reporting_Date": frame["d"],
        # The label travels into the warehouse as each row's citation.
        "Source_Dataset": pl.repeat(LABEL, n, eager=True),
    })


def fatalities(rows: int, seed: int = 2382) -> pl.DataFrame:
    rng = np.random.default_rng(seed + 1)
    codes, names = _countries()
    missions = _missions()
    days = rng.integers(date(1990, 1, 1).toordinal(), date(2024, 12, 31).toordinal(), rows)
    ci = rng.integers(0, len(codes), rows)
    return pl.DataFrame({
        "id": np.arange(1, rows + 1),
        "incident_date": [date.fromordinal(int(d)).isoformat() for d in days],
        "casualty_id": [f"SYN-{i:07d}" for i in range(rows)],
        "mission_acronym": pl.Series(missions).gather(rng.integers(0, len(missions), rows)),
        "type_of_casualty": "Fatality",
        "gender": rng.choice(["M", "F"], rows, p=[0.9, 0.1]),
        "casualty_nationality": pl.Series(names).gather(ci),
        "casualty_personnel_type": rng.choice(["Military", "Police", "Local ", "International Civilian"], rows),
        "type_of_incident": rng.choice(["Illness", "Accident", "Malicious Act"], rows),
        "m49_code": None,
        "isocode3": pl.Series(codes).gather(ci),
        "last_update": "2025-04-04",
    })


def training(rows: int, seed: int = 2382) -> pl.DataFrame:
    rng = np.random.default_rng(seed + 2)
    missions = _missions()
    starts = [month_ends(date(2015, 1, 1), 1 + int(k))[-1].replace(day=1) for k in rng.integers(0, 100, rows)]
    trainees = rng.integers(10, 500, rows)
    return pl.DataFrame({
        "mission": pl.Series(missions).gather(rng.integers(0, len(missions), rows)),
        "period_start": [s.isoformat() for s in starts],
        "period_end": [s.replace(day=28).isoformat() for s in starts],
        "topic": [f"synthetic course {i}" for i in range(rows)],
        "trainees": trainees,
        "trainees_female": rng.binomial(trainees, 0.2),
        "citation": LABEL,
        "is_illustrative": "true",
    })


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", default="1m", help="staffing rows: a number or a preset (1m, 10m)")
    p.add_argument("--months", type=int, default=120)
    p.add_argument("--seed", type=int, default=2382)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "data")
    p.add_argument("--fatalities", type=int, default=0)
    p.add_argument("--training", type=int, default=0)
    a = p.parse_args(argv)
    rows = PRESETS.get(a.rows) or int(a.rows)
    a.out.mkdir(parents=True, exist_ok=True)
    path = a.out / f"synthetic_staffing_{a.rows}.csv"
    staffing(rows, a.seed, a.months).write_csv(path)
    print(f"wrote {path} ({path.stat().st_size / 2**20:.0f} MiB, {rows:,} rows)")
    if a.fatalities:
        fatalities(a.fatalities, a.seed).write_csv(a.out / "synthetic_fatalities.csv")
    if a.training:
        training(a.training, a.seed).write_csv(a.out / "synthetic_training.csv")


if __name__ == "__main__":
    main()
