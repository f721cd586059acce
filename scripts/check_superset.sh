#!/usr/bin/env bash
# Runs the Superset recipes of docs/bi.md for real, in a virtual environment of
# its own (Superset pins SQLAlchemy < 2, the project uses 2.x: never install it
# into the project's .venv):
#   1. the DuckDB file through Superset's own `duckdb` extra (duckdb-engine):
#      `superset test-db` on the read-only URI, then a dataset on
#      analytics.mission_police_scorecard whose every column has its description;
#   2. with UNPOL_PG_DSN set (after `unpol publish-postgres`), the same through
#      PostgreSQL (the `postgres` extra, psycopg2).
# On success it writes the versions it passed on to scripts/check_superset.passed.
#
#   scripts/check_superset.sh [WAREHOUSE]     (default var/warehouse/unpol.duckdb: run `unpol run` first)
#
# Environment: SUPERSET_VENV (default /tmp/unpol-superset-venv; reused when it
# exists), SUPERSET_VERSION (default 6.1.0), UNPOL_PG_DSN (optional).
# It installs about 300 MB and takes several minutes the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The path as given, made absolute but never resolved: the documented path is a
# link through `current`, and a resolved one pins Superset to a release that is
# pruned later (docs/bi.md).
WAREHOUSE=${1:-var/warehouse/unpol.duckdb}
[[ $WAREHOUSE = /* ]] || WAREHOUSE="$PWD/$WAREHOUSE"
VENV=${SUPERSET_VENV:-/tmp/unpol-superset-venv}
VERSION=${SUPERSET_VERSION:-6.1.0}
# Superset 6.1.0 as published does not start with what pip resolves today:
# its `test-db` imports rich and cachetools without declaring them, and Flask-Caching 2.5 passes
# an option (ignore_delete_many_errors) its metastore cache does not accept.
FIXES="rich cachetools flask-caching==2.3.1"
[ -f "$WAREHOUSE" ] || { echo "check_superset: no warehouse at $WAREHOUSE (run .venv/bin/unpol run)" >&2; exit 1; }

if [ ! -x "$VENV/bin/superset" ]; then
    echo "check_superset: installing apache-superset[duckdb,postgres]==$VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "apache-superset[duckdb,postgres]==$VERSION" $FIXES
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/superset_config.py" <<EOF
SECRET_KEY = "$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
SQLALCHEMY_DATABASE_URI = "sqlite:///$WORK/superset.db"
EOF
export SUPERSET_CONFIG_PATH="$WORK/superset_config.py" SUPERSET_HOME="$WORK" FLASK_APP=superset

DUCKDB_URI="duckdb:///$WAREHOUSE?access_mode=read_only"
"$VENV/bin/superset" db upgrade >"$WORK/upgrade.log" 2>&1 || { tail -20 "$WORK/upgrade.log" >&2; exit 1; }
# --connect-args: no prompt for engine arguments.
"$VENV/bin/superset" test-db --connect-args '{}' "$DUCKDB_URI" >"$WORK/test-db.log" 2>&1 \
    || { cat "$WORK/test-db.log" >&2; exit 1; }
grep -q "Connected successfully" "$WORK/test-db.log" || { cat "$WORK/test-db.log" >&2; exit 1; }
echo "superset test-db: connected to $DUCKDB_URI"

# A dataset per URI, as "+ Dataset" in the UI makes it: its columns and their
# descriptions come from the database's COMMENTs.
"$VENV/bin/python" - "$DUCKDB_URI" "${UNPOL_PG_DSN:-}" <<'EOF'
import sys

from superset.app import create_app

app = create_app()
with app.app_context():
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db
    from superset.models.core import Database

    for name, uri in (("unpol duckdb", sys.argv[1]), ("unpol postgres", sys.argv[2])):
        if not uri:
            print(f"{name}: skipped (UNPOL_PG_DSN not set)")
            continue
        if uri.startswith("postgresql://"):
            uri = "postgresql+psycopg2://" + uri[len("postgresql://"):]
        database = Database(database_name=name, sqlalchemy_uri=uri)
        db.session.add(database)
        db.session.commit()
        table = SqlaTable(table_name="mission_police_scorecard", schema="analytics", database=database)
        db.session.add(table)
        table.fetch_metadata()
        db.session.commit()
        described = [c for c in table.columns if c.description]
        print(f"{name}: dataset analytics.mission_police_scorecard, {len(table.columns)} columns, "
              f"{len(described)} with descriptions")
        assert table.columns and len(described) == len(table.columns), [c.column_name for c in table.columns if not c.description]
        rows = database.get_df("select count(*) as n from analytics.mission_police_scorecard", schema="analytics")
        print(f"{name}: query through Superset: {int(rows['n'][0])} rows")
        db.session.delete(table)  # dataset names are unique in Superset's metadata
        db.session.commit()
EOF

versions=$("$VENV/bin/python" -c '
from importlib.metadata import version as v
print(", ".join(f"{p} {v(p)}" for p in ("apache-superset", "duckdb-engine", "duckdb", "SQLAlchemy", "psycopg2-binary")))')
pg=$([ -n "${UNPOL_PG_DSN:-}" ] && echo "DuckDB file and PostgreSQL" || echo "DuckDB file only")
echo "$(date -u +%Y-%m-%d) passed ($pg): $versions" | tee scripts/check_superset.passed
