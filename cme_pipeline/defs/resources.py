"""Resources shared by the layers, built from the settings (settings.py) and the one dbt project (project.py)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtProject
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from cme_pipeline.defs.project import dbt_resource
from cme_pipeline.settings import Settings
from cme_pipeline.warehouse_lock import WarehouseBusy, WarehouseLock, held_by_this_process

# Every asset and check that reads or writes the warehouse takes this resource, so each run holds the lock.
WAREHOUSE_LOCK = "warehouse_lock"


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


def started_by(tags: dict[str, str]) -> str:
    """Who started a run, in words, from Dagster's run tags and the command line's own tag."""
    if "cme/started_by" in tags:
        return tags["cme/started_by"]
    if "dagster/sensor_name" in tags:
        return f"sensor {tags['dagster/sensor_name']}"
    if "dagster/schedule_name" in tags:
        return f"schedule {tags['dagster/schedule_name']}"
    if "dagster/backfill" in tags:
        return f"backfill {tags['dagster/backfill']}"
    return "the Dagster UI"


class WarehouseLockResource(dg.ConfigurableResource):
    """Holds the warehouse for the whole run (warehouse_lock.py): a second run is refused, naming this one."""

    warehouse: str
    _lock: WarehouseLock | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        held = held_by_this_process(Path(self.warehouse))
        if held is not None:  # this run is part of a turn that already holds the warehouse
            held.note_run(context.run_id or "(no run id)")
            return
        # A sensor reads the ledger under the lock for a moment; a run waits that moment out.
        lock = WarehouseLock(Path(self.warehouse), wait_seconds=30)
        tags = dict(context.dagster_run.tags) if context.dagster_run else {}
        try:
            lock.acquire(context.run_id or "(no run id)", started_by(tags))
        except WarehouseBusy as busy:
            raise dg.Failure(description=f"This run did not start: {busy}", allow_retries=False) from None
        self._lock = lock

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.release()


def build_resources(settings: Settings, project: DbtProject) -> dict[str, object]:
    settings.home.mkdir(parents=True, exist_ok=True)
    return {
        "duckdb": DuckDBResource(database=str(settings.warehouse)),
        WAREHOUSE_LOCK: WarehouseLockResource(warehouse=str(settings.warehouse)),
        "inbox": InboxResource(path=str(settings.inbox), mappings_path=str(settings.mappings)),
        "dbt": dbt_resource(project, settings.dbt_artifacts / "logs"),
        "serving": ServingStoreResource(
            path=str(settings.published),
            validation_path=str(settings.validation),
            min_resolved_share=settings.min_resolved_share,
        ),
    }
