"""Where the project's own files are: a leaf module every layer may import."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_INBOX = PROJECT_ROOT / "data" / "inbox"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "var" / "warehouse" / "unpol.duckdb"
DEFS = PROJECT_ROOT / "pipelines" / "defs"  # each source's folder in it: its formats.toml, parser and assets
