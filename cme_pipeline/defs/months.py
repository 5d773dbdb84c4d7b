"""Month partitions of the metric-value chain, and the months a run rebuilds.

The month-partitioned dbt models (tag `month_partitioned`: the metric values by month) are a Dagster
asset partitioned by month, so the UI shows which months are loaded, current, stale or failed, and a
backfill over a range of months runs as one run. Which months a run rebuilds is told to dbt as the var
`months`: the run's `cme/months` tag when the command line or the sensor names the months the ingest
ledger says a delivery touched (a set, not always a range), else the run's partition window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import dagster as dg

from cme_pipeline.settings import Settings

# The dbt tag of the month-partitioned models, and the run tag naming the months a run rebuilds.
MONTH_PARTITIONED_TAG = "month_partitioned"
MONTHS_TAG = "cme/months"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
PARTITION_TAG = "dagster/partition"
MONTH_FORMAT = "%Y-%m"


def month_partitions(settings: Settings) -> dg.MonthlyPartitionsDefinition:
    """Every month from CME_FIRST_MONTH through the current one (a month's QI data may arrive in it)."""
    return dg.MonthlyPartitionsDefinition(start_date=settings.first_month, fmt=MONTH_FORMAT, end_offset=1)


def months_in_range(text: str) -> list[str]:
    """'2025-01..2025-06' (or one month, '2025-03') as the list of months it spans."""
    start_text, _, end_text = text.partition("..")
    try:
        start, end = (datetime.strptime(part.strip(), MONTH_FORMAT) for part in (start_text, end_text or start_text))
    except ValueError:
        raise ValueError(f"--months {text}: expected YYYY-MM or YYYY-MM..YYYY-MM") from None
    if end < start:
        raise ValueError(f"--months {text}: the range ends before it starts")
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


def month_run_tags(months: Sequence[str], partitions: dg.MonthlyPartitionsDefinition) -> dict[str, str]:
    """Tags of a run rebuilding `months`: the partition window that spans them (clamped to the partitions)
    for Dagster, and the months themselves for dbt."""
    keys = partitions.get_partition_keys()
    inside = [month for month in months if keys[0] <= month <= keys[-1]] or [keys[-1]]
    return {RANGE_START_TAG: min(inside), RANGE_END_TAG: max(inside), MONTHS_TAG: ",".join(sorted(months))}


def months_of_run(tags: Mapping[str, str], partitions: dg.MonthlyPartitionsDefinition) -> list[str]:
    """The months a run rebuilds: its `cme/months` tag, else its partition window, else none."""
    if tags.get(MONTHS_TAG):
        return [month for month in tags[MONTHS_TAG].split(",") if month]
    if tags.get(RANGE_START_TAG) and tags.get(RANGE_END_TAG):
        window = dg.PartitionKeyRange(tags[RANGE_START_TAG], tags[RANGE_END_TAG])
        return list(partitions.get_partition_keys_in_range(window))
    if tags.get(PARTITION_TAG):
        return [tags[PARTITION_TAG]]
    return []
