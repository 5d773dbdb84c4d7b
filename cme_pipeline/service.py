"""One turn of the monthly service: take in the inbox, then rebuild what it changed, audit and publish.

A turn is two Dagster runs in the warehouse's instance. `ingest_inbox` takes in every feed's new, changed
and withdrawn files, and the ingest ledger notes the months of metric values they touch (every month, for
a roster or catalog change). `build_and_publish` then rebuilds exactly those months of the month-grained
models (a set, not always a range), every other model in full, audits and publishes. The command line, the
tests and the sensor all decide the same way (`plan`), from the inbox and the ledger alone, so a turn with
nothing new is decided before Dagster is imported and runs nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from cme_pipeline.contract import FEEDS
from cme_pipeline.ingest.ledger import delivered_state, pending_months
from cme_pipeline.ingest.loader import delivered_files, sha256_of
from cme_pipeline.ingest.publications import code_fingerprint, unpublished_changes
from cme_pipeline.settings import Settings
from cme_pipeline.warehouse_lock import WarehouseBusy, WarehouseLock, held_by_this_process

if TYPE_CHECKING:
    import dagster as dg

# The turn's two jobs (definitions.py defines them under these names).
INGEST_JOB = "ingest_inbox"
BUILD_JOB = "build_and_publish"


@dataclass(frozen=True)
class Plan:
    """What the inbox and the ledger say a turn has to do."""

    inbox_changes: list[str]  # files new, changed (by sha256) or withdrawn since the ledger last saw them
    inbox_state: str  # a key for the inbox as it is now
    pending_months: list[str]  # months taken in but not yet rebuilt
    unpublished: bool  # the ledger has entries newer than the last publication

    @property
    def nothing_new(self) -> bool:
        return not (self.inbox_changes or self.pending_months or self.unpublished)


def plan(settings: Settings, reader: str = "cme-pipeline run") -> Plan | None:
    """Compare the inbox with the ledger, by checksum; None while a run holds the warehouse."""
    import hashlib
    import json

    delivered = {
        (feed, path.name): sha256_of(path) for feed in FEEDS for path in delivered_files(settings.inbox / feed)
    }
    known: dict[tuple[str, str], str] = {}
    pending: list[str] = []
    unpublished = True
    if settings.warehouse.exists():
        try:
            with contextlib.ExitStack() as stack:
                if held_by_this_process(settings.warehouse) is None:
                    stack.enter_context(WarehouseLock(settings.warehouse)).acquire("(reading the ledger)", reader)
                with duckdb.connect(str(settings.warehouse), read_only=True) as con:
                    code = code_fingerprint(settings.dbt_project_dir)
                    known, pending = delivered_state(con), pending_months(con)
                    unpublished = unpublished_changes(con, code)
        except WarehouseBusy:
            return None
    feeds_delivered = {feed for feed, _ in delivered}  # a feed with no files keeps what it had
    changes = sorted(f"{feed}/{name}" for (feed, name), sha in delivered.items() if known.get((feed, name)) != sha)
    withdrawn = [(feed, name) for feed, name in known if feed in feeds_delivered and (feed, name) not in delivered]
    changes += sorted(f"{feed}/{name} (withdrawn)" for feed, name in withdrawn)
    state = hashlib.sha256(json.dumps(sorted(f"{f}/{n}:{s}" for (f, n), s in delivered.items())).encode())
    return Plan(changes, state.hexdigest(), pending, unpublished)


@dataclass
class TurnResult:
    """The runs of one turn, read as one: success only when every run succeeded."""

    runs: list[Any] = field(default_factory=list)  # ExecuteInProcessResult, in order

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(run.success for run in self.runs)

    @property
    def run_id(self) -> str:
        return self.runs[-1].run_id

    @property
    def all_events(self) -> list[Any]:
        return [event for run in self.runs for event in run.all_events]

    def get_asset_check_evaluations(self) -> list[Any]:
        return [evaluation for run in self.runs for evaluation in run.get_asset_check_evaluations()]

    def asset_materializations_for_node(self, node_name: str) -> list[Any]:
        return [m for run in self.runs for m in run.asset_materializations_for_node(node_name)]


def build_run_request(
    graph: Any, settings: Settings, months: Sequence[str]
) -> tuple[dict[str, str], list[dg.AssetKey] | None]:
    """Tags and asset selection of a `build_and_publish` run for `months`: with no months, the
    month-partitioned models are left out (the run has no partition)."""
    from cme_pipeline.defs.months import month_partitions, month_run_tags

    if months:
        return month_run_tags(months, month_partitions(settings)), None
    return {}, [key for key in graph.get_all_asset_keys() if graph.get(key).partitions_def is None
                and graph.get(key).is_materializable and key.path[0] != "raw"]


def run_turn(
    definitions: dg.Definitions,
    settings: Settings,
    instance: dg.DagsterInstance,
    months: Sequence[str] = (),
    tags: dict[str, str] | None = None,
    run_config: dict | None = None,
) -> TurnResult:
    """Ingest, then build the months the ledger (and `months`, when asked) name; stops after a failed ingest.
    The turn holds the warehouse from its ingest through its publication."""
    with contextlib.ExitStack() as stack:
        if held_by_this_process(settings.warehouse) is None:  # the command line takes it before it plans
            lock = stack.enter_context(WarehouseLock(settings.warehouse, wait_seconds=30))
            lock.acquire("(starting)", (tags or {}).get("cme/started_by", "a turn of the service"))
        return _run_turn(definitions, settings, instance, months, tags, run_config)


def _run_turn(definitions, settings, instance, months, tags, run_config) -> TurnResult:
    turn = TurnResult()
    options = {"instance": instance, "raise_on_error": False, "run_config": run_config or {}}
    turn.runs.append(definitions.resolve_job_def(INGEST_JOB).execute_in_process(tags=tags or {}, **options))
    if not turn.success:
        return turn
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rebuild = sorted(set(pending_months(con)) | set(months))
    month_tags, selection = build_run_request(definitions.resolve_asset_graph(), settings, rebuild)
    turn.runs.append(
        definitions.resolve_job_def(BUILD_JOB).execute_in_process(
            tags={**(tags or {}), **month_tags}, asset_selection=selection, **options
        )
    )
    return turn
