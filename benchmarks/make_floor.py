"""Write the floor: one DuckDB SQL script doing the pipeline's work with no framework around it.

The script (benchmarks/floor/floor.sql) reads every feed's CSV files in one pass per feed, applies the
same door checks (the contract's check expressions), holds back in-file duplicates and keys repeated with
different values, writes the raw tables, quarantine and ingest log the models read, loads the seeds, and
then builds every dbt model - staging, identity, statistics, marts - from dbt's own compiled SQL, in
dependency order. Left out, as the issue says: dbt tests, Great Expectations, the data dictionary, and
the pipeline's file-by-file bookkeeping (checksums, re-delivery, withdrawal), and source mappings: a feed
whose files come in an export's own shape (the point-of-care logs) is left empty, so the floor does less
than the pipeline.

    python benchmarks/make_floor.py --inbox INBOX --out benchmarks/floor/floor.sql
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from cme_pipeline.contract import FEEDS, Feed  # noqa: E402
from cme_pipeline.defs.project import dbt_executable  # noqa: E402
from cme_pipeline.ingest.loader import _cross_feed_checks  # noqa: E402
from cme_pipeline.ingest.validation import checked_select, duplicates_sql  # noqa: E402
from cme_pipeline.sql import quote_identifier, quote_literal  # noqa: E402

INBOX = "{inbox}"  # replaced by floor.py at run time


def _cross_feed(feed: Feed) -> list:
    """The loader's checks against another feed (a proportion's numerator within its denominator)."""
    with duckdb.connect() as con:
        con.execute("create schema raw; create table raw.metric_catalog (metric_id varchar)")
        return _cross_feed_checks(con, feed)


def _header(inbox: Path, feed: Feed) -> list[str]:
    first = sorted((inbox / feed.name).glob("*.csv"))[0]
    with first.open(encoding="utf-8-sig", newline="") as handle:
        return [name.strip() for name in next(csv.reader(handle))]


def _feed_sql(inbox: Path, feed: Feed) -> str:
    """Read, check, deduplicate and load one feed: the loader's work, for all of its files at once."""
    header = {name.lower(): name for name in _header(inbox, feed)}
    if any(c.lower() not in header for c in feed.required_columns):
        # Export-shaped files (the point-of-care logs) need a source mapping, which this floor does not
        # apply: the feed is left empty, so the floor does less than the pipeline (a conservative floor).
        columns = ", ".join(f"cast(null as varchar) as {quote_identifier(c)}" for c in feed.column_names)
        return f"""
-- {feed.name}
create table raw.{feed.name} as
select {columns}, cast(null as json) as _extra, '' as _source_file, cast(0 as bigint) as _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
where false;
"""
    present = [c for c in feed.column_names if c.lower() in header]
    types = "{" + ", ".join(f"{quote_literal(header[c.lower()])}: 'VARCHAR'" for c in present) + "}"
    mapped = {c: f"nullif(trim({quote_identifier(header[c.lower()])}), '')" for c in present}
    # The contract's checks and in-file duplicate rules, word for word, as the loader runs them.
    checked = checked_select(feed, mapped, "cast(null as json)", _cross_feed(feed))
    duplicates = duplicates_sql(feed)
    columns = ", ".join(quote_identifier(c) for c in feed.column_names)
    name = quote_literal(feed.name)
    return f"""
-- {feed.name}
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{INBOX}/{feed.name}/*.csv', header = true, auto_detect = false, columns = {types},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
{checked.strip()};
{duplicates.strip()};
create table raw.{feed.name} as
select {columns}, _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select {name}, regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select {name}, regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;
"""


LEDGER = """
create schema raw;
create sequence raw._ingest_log_seq;
create table raw._ingest_log (
    log_seq bigint primary key default nextval('raw._ingest_log_seq'), feed varchar, file_name varchar,
    sha256 varchar, delivered_at timestamp, ingested_at timestamp, status varchar, rows_read bigint,
    rows_loaded bigint, rows_quarantined bigint, rows_with_warnings bigint default 0, mapping varchar,
    message varchar);
create table raw._quarantine (feed varchar, source_file varchar, source_line bigint, column_name varchar,
    rule varchar, reason varchar, raw_record json, file_sha256 varchar, ingested_at timestamp);
create table raw._ingest_warnings (feed varchar, source_file varchar, source_line bigint, column_name varchar,
    rule varchar, reason varchar, ingested_at timestamp);
create table raw._pending_months (period varchar primary key, noted_at timestamp);
"""


def _compiled_manifest(work: Path) -> dict:
    """dbt compile against an empty warehouse, so every incremental model compiles as its full build."""
    profile = {"cme_pipeline": {"target": "floor", "outputs": {
        "floor": {"type": "duckdb", "path": str(work / "warehouse.duckdb"), "threads": 1}}}}
    (work / "profiles.yml").write_text(json.dumps(profile))
    subprocess.run(
        [dbt_executable(), "compile", "--quiet", "--project-dir", str(REPO / "dbt_project"),
         "--profiles-dir", str(work), "--target-path", str(work / "target"), "--log-path", str(work)],
        check=True,
    )
    return json.loads((work / "target" / "manifest.json").read_text())


def _models_sql(manifest: dict) -> str:
    nodes = {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed")}
    done: set[str] = set()
    order: list[str] = []

    def visit(uid: str) -> None:
        if uid in done or uid not in nodes:
            return
        done.add(uid)
        for parent in nodes[uid]["depends_on"].get("nodes", []):
            visit(parent)
        order.append(uid)

    for uid in sorted(nodes):
        visit(uid)
    schemas = sorted({f'"{n["database"]}"."{n["schema"]}"' for n in nodes.values()})
    out = [f"create schema if not exists {s};" for s in schemas if not s.endswith('"raw"')]
    for uid in order:
        node = nodes[uid]
        relation = node["relation_name"]
        if node["resource_type"] == "seed":
            path = REPO / "dbt_project" / node["original_file_path"]
            out.append(f"create table {relation} as select * from read_csv({quote_literal(str(path))}, header = true);")
            continue
        materialized = node["config"]["materialized"]
        if materialized == "ephemeral":
            continue
        kind = "view" if materialized == "view" else "table"
        out.append(f"-- {node['name']}\ncreate {kind} {relation} as\n{node['compiled_code'].strip()}\n;")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inbox", type=Path, required=True, help="an inbox of the world the floor will read")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        manifest = _compiled_manifest(Path(scratch))
    order = ["metric_catalog", *(name for name in FEEDS if name != "metric_catalog")]
    script = [f"-- The floor: written by benchmarks/make_floor.py from the contract and dbt's compiled SQL.\n{LEDGER}"]
    script += [_feed_sql(args.inbox, FEEDS[name]) for name in order]
    script.append(_models_sql(manifest))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(script) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
