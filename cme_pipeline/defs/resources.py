"""Resources shared by the layers, built from the settings (settings.py) and the one dbt project (project.py)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtProject
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.project import dbt_resource
from cme_pipeline.settings import Settings


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


def build_resources(settings: Settings, project: DbtProject) -> dict[str, object]:
    settings.home.mkdir(parents=True, exist_ok=True)
    return {
        "duckdb": DuckDBResource(database=str(settings.warehouse)),
        "inbox": InboxResource(path=str(settings.inbox), mappings_path=str(settings.mappings)),
        "dbt": dbt_resource(project, settings.dbt_artifacts / "logs"),
        "serving": ServingStoreResource(
            path=str(settings.published),
            validation_path=str(settings.validation),
            min_resolved_share=settings.min_resolved_share,
        ),
    }
