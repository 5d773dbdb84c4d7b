"""Ingest layer: one asset per inbox feed, loading its files into the warehouse's raw schema."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from cme_pipeline.contract import FEEDS, Feed
from cme_pipeline.defs.project import WAREHOUSE_POOL
from cme_pipeline.defs.resources import InboxResource, WarehouseLockResource
from cme_pipeline.ingest.loader import FeedResult, load_feed
from cme_pipeline.ingest.mappings import MappingError
from cme_pipeline.settings import Settings

# Checks at the door that read another feed: a proportion's numerator against its catalog entry.
INGEST_AFTER = {"metric_values": ["metric_catalog"]}


def _files_table(result: FeedResult) -> str:
    lines = [
        "| file | status | mapping | rows read | loaded | quarantined | warnings | top quarantine reasons |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {f.file_name} | {f.status} | {f.mapping} | {f.rows_read} | {f.rows_loaded} | {f.rows_quarantined} "
        f"| {f.rows_with_warnings} | {'; '.join(f'{rule} ({n})' for rule, n in f.top_reasons)} |"
        for f in result.files
    ]
    return "\n".join(lines)


def build_ingest_asset(feed: Feed, strict: bool) -> dg.AssetsDefinition:
    @dg.asset(
        key=["raw", feed.name],
        deps=[dg.AssetKey(["raw", upstream]) for upstream in INGEST_AFTER.get(feed.name, [])],
        group_name="ingest",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description=(
            f"Loads the `{feed.name}/` inbox folder (CSV, Excel, Parquet) into `raw.{feed.name}`: every new or "
            f"changed file, checked row by row at the door; rows that fail go to `raw._quarantine` with the "
            f"reason. A file that cannot be read is refused whole and named in data_quality"
            + (" and fails the run (CME_STRICT)." if strict else "; the rest loads and publishes.")
            + f" Key: {', '.join(feed.key)}."
        ),
    )
    def ingest_feed(
        context: dg.AssetExecutionContext,
        duckdb: DuckDBResource,
        inbox: InboxResource,
        warehouse_lock: WarehouseLockResource,
    ) -> dg.MaterializeResult:
        folder = inbox.feed_folder(feed.name)
        try:
            mappings = inbox.source_mappings()
        except MappingError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from None
        with duckdb.get_connection() as con:
            result = load_feed(con, feed, folder, mappings)
        loaded = [f for f in result.files if f.status == "loaded"]
        unchanged = [f for f in result.files if f.status == "unchanged"]
        drift = {f.file_name: f.extra_columns for f in loaded if f.extra_columns}
        for file_name, columns in drift.items():
            context.log.warning(
                f"{feed.name}/{file_name}: columns not in the contract kept in raw._extra: {', '.join(columns)}"
            )
        metadata = {
            "dagster/row_count": dg.MetadataValue.int(result.table_rows),
            "inbox_folder": dg.MetadataValue.path(str(folder)),
            "files_loaded": len(loaded),
            "files_unchanged": len(unchanged),
            "files_failed": len(result.failures),
            "rows_read_this_run": sum(f.rows_read for f in loaded),
            "rows_loaded_this_run": sum(f.rows_loaded for f in loaded),
            "rows_quarantined_this_run": sum(f.rows_quarantined for f in loaded),
            "rows_with_warnings_this_run": sum(f.rows_with_warnings for f in loaded),
            "schema_drift_warnings": dg.MetadataValue.json(drift),
            "files": dg.MetadataValue.md(_files_table(result)),
        }
        metadata["files_refused"] = dg.MetadataValue.json({f.file_name: f.message for f in result.failures})
        if result.failures and strict:
            raise dg.Failure(
                description="\n".join(f.message for f in result.failures),
                metadata=metadata,
                allow_retries=False,
            )
        for refused in result.failures:
            context.log.warning(f"Refused, nothing loaded from it: {refused.message}")
        if not result.files:
            context.log.warning(f"No files in {folder}: raw.{feed.name} keeps what it had.")
        return dg.MaterializeResult(metadata=metadata)

    return ingest_feed


def build_ingest_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(feed, settings.strict) for feed in FEEDS.values()]
