"""Resources shared by the layers, configured from environment variables (see settings.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from cme_pipeline.settings import Settings

# Every writer of the warehouse file runs in this pool: DuckDB allows one writing process per file.
WAREHOUSE_POOL = "cme_warehouse"


class InboxResource(dg.ConfigurableResource):
    """The inbox folder (one sub-folder per feed) and the analyst's own source mappings."""

    path: str
    mappings_path: str

    def feed_folder(self, feed: str) -> Path:
        return Path(self.path) / feed

    def source_mappings(self):
        """Shipped mappings first, then the analyst's; read at each run so a new YAML needs no restart."""
        from cme_pipeline.ingest.mappings import SHIPPED_MAPPINGS, load_mappings

        return load_mappings(SHIPPED_MAPPINGS, Path(self.mappings_path))


class ServingStoreResource(dg.ConfigurableResource):
    """Where checked marts are published for BI tools, and where their validation results go."""

    path: str
    validation_path: str
    # Share of attendance rows that must resolve to a roster clinician before anything is published.
    min_resolved_share: float = 0.95


def dbt_executable() -> str:
    """The `dbt` of this Python environment, so a venv works without being activated."""
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("dbt") or "dbt"


def build_resources(settings: Settings) -> dict[str, object]:
    from dagster_dbt import DbtCliResource

    from cme_pipeline.defs.dbt import dbt_project

    settings.export()
    settings.home.mkdir(parents=True, exist_ok=True)
    return {
        "duckdb": DuckDBResource(database=str(settings.warehouse)),
        "inbox": InboxResource(path=str(settings.inbox), mappings_path=str(settings.mappings)),
        "dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=dbt_executable()),
        "serving": ServingStoreResource(
            path=str(settings.published),
            validation_path=str(settings.validation),
            min_resolved_share=float(os.environ.get("CME_MIN_RESOLVED_SHARE", "0.95")),
        ),
    }
