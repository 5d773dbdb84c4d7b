"""Ingest layer: one asset per inbox feed, loading its files into the warehouse's raw schema."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from cme_pipeline.contract import FEEDS, Feed
from cme_pipeline.defs.resources import WAREHOUSE_POOL, InboxResource
from cme_pipeline.raw_loader import FeedResult, load_feed


def _files_table(result: FeedResult) -> str:
    lines = ["| file | status | rows read | rows loaded | rows quarantined |", "|---|---|---|---|---|"]
    lines += [
        f"| {f.file_name} | {f.status} | {f.rows_read} | {f.rows_loaded} | {f.rows_quarantined} |"
        for f in result.files
    ]
    return "\n".join(lines)


def build_ingest_asset(feed: Feed) -> dg.AssetsDefinition:
    @dg.asset(
        key=["raw", feed.name],
        group_name="ingest",
        kinds={"duckdb", "csv"},
        pool=WAREHOUSE_POOL,
        description=(
            f"Loads the `{feed.name}/` inbox folder into `raw.{feed.name}`: every new or changed file, "
            f"as text, tagged with file and line. Key: {', '.join(feed.key)}."
        ),
    )
    def ingest_feed(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, inbox: InboxResource
    ) -> dg.MaterializeResult:
        folder = inbox.feed_folder(feed.name)
        with duckdb.get_connection() as con:
            result = load_feed(con, feed, folder)
        loaded = [f for f in result.files if f.status == "loaded"]
        unchanged = [f for f in result.files if f.status == "unchanged"]
        for file in result.files:
            if file.extra_columns:
                context.log.warning(
                    f"{feed.name}/{file.file_name}: columns not in the contract kept in raw._extra: "
                    f"{', '.join(file.extra_columns)}"
                )
        metadata = {
            "dagster/row_count": dg.MetadataValue.int(result.table_rows),
            "inbox_folder": dg.MetadataValue.path(str(folder)),
            "files_loaded": len(loaded),
            "files_unchanged": len(unchanged),
            "files_failed": len(result.failures),
            "rows_loaded_this_run": sum(f.rows_loaded for f in loaded),
            "files": dg.MetadataValue.md(_files_table(result)),
        }
        if result.failures:
            raise dg.Failure(
                description="\n".join(f.message for f in result.failures),
                metadata=metadata,
                allow_retries=False,
            )
        if not result.files:
            context.log.warning(f"No files in {folder}: raw.{feed.name} keeps what it had.")
        return dg.MaterializeResult(metadata=metadata)

    return ingest_feed


def build_ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(feed) for feed in FEEDS.values()]
