"""audit: the audit tables other steps append to, keyed with their contracts
(tables.py); the reconciliation views are SQL models (warehouse/audit/)."""

from pipelines.defs.audit.tables import MODELS, PROCESSED_FILES, processed_files_checks, report

__all__ = ["MODELS", "PROCESSED_FILES", "processed_files_checks", "report"]
