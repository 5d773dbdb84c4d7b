"""The `cme-pipeline` command: generate a synthetic world, run the pipeline, or both (demo).

Heavy imports (Dagster, dbt) happen inside the commands that need them, so `generate`
and `--help` start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from cme_pipeline.contract import FEEDS
from cme_pipeline.settings import DEMO_PSEUDONYM_KEY, Settings

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def generate(out: Path, scale: str, seed: int, end_month: str) -> dict:
    from cme_pipeline.synthetic import generate_world

    started = time.monotonic()
    _say(f"Generating a {scale} synthetic health system (seed {seed}) into {out}")
    planted = generate_world(
        out,
        scale=scale,
        seed=seed,
        end_month=end_month,
        progress=lambda message: _say(f"[{time.monotonic() - started:6.1f}s]   {message}"),
    )
    _say(f"Wrote {out} and {out / 'planted.json'} in {time.monotonic() - started:.1f}s")
    return planted


def _inbox_problem(settings: Settings) -> str | None:
    if not settings.inbox.is_dir():
        return f"inbox {settings.inbox} does not exist (set CME_INBOX, or run `cme-pipeline demo`)"
    present = [name for name in FEEDS if (settings.inbox / name).is_dir()]
    if not present:
        return (
            f"inbox {settings.inbox} has none of the feed folders {', '.join(FEEDS)} "
            "(set CME_INBOX, or run `cme-pipeline demo`)"
        )
    return None


def run_pipeline(settings: Settings) -> int:
    """Materialize every asset for the inbox into CME_HOME; returns the process exit code."""
    if not os.environ.get("CME_PSEUDONYM_KEY"):
        _say("cme-pipeline run: set CME_PSEUDONYM_KEY (a secret of your own) before running on real data; "
             "it keys the hash that stands in for a person wherever one is needed. `cme-pipeline demo` uses a "
             "fixed demo key.")
        return EXIT_BAD_INPUT
    problem = _inbox_problem(settings)
    if problem:
        _say(f"cme-pipeline run: {problem}")
        return EXIT_BAD_INPUT
    settings.export()
    _say(f"Running the pipeline: inbox {settings.inbox} -> warehouse {settings.warehouse}")
    _say("Loading definitions (parses the dbt project when it changed)...")

    import dagster as dg

    from cme_pipeline.definitions import ALL_ASSETS_JOB, defs
    from cme_pipeline.progress import progress_logger

    definitions = dg.Definitions.merge(defs(), dg.Definitions(loggers={"progress": progress_logger}))
    job = definitions.resolve_job_def(ALL_ASSETS_JOB)
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    with instance:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config={"loggers": {"progress": {}}}
        )
    if result.success:
        serving = settings.published / "cme_marts.duckdb"
        _say("")
        _say(f"Done. Published for BI tools: {serving}")
        _say(f"  and one Parquet file per mart in {settings.published / 'parquet'}")
        for line in _headline(serving):
            _say(f"  {line}")
        _say(f"Checks: {settings.validation / 'index.html'}")
        _say(f"Query: {sys.executable} -c \"import duckdb; "
             f"duckdb.connect('{serving}', read_only=True).sql('from qi_impact').show()\"")
        return 0
    _say("")
    _say("The run failed:")
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            _say(f"  {event.step_key}: {_failure_message(event.event_specific_data)}")
    failed_checks = [evaluation for evaluation in result.get_asset_check_evaluations() if not evaluation.passed]
    if failed_checks:
        _say("  failed checks: " + ", ".join(
            f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}" for evaluation in failed_checks
        ))
        for evaluation in failed_checks:
            if evaluation.description:
                _say(f"    {evaluation.check_name}: {evaluation.description}")
    published = any(
        event.event_type_value == "STEP_SUCCESS" and event.step_key == "published__serving_store"
        for event in result.all_events
    )
    if published:
        _say(f"The checked marts were published to {settings.published}; a step after publishing failed.")
    else:
        _say(f"Nothing was published; the last good publication in {settings.published} is unchanged.")
    return EXIT_FAILED


def _headline(serving: Path) -> list[str]:
    """What a strategist would ask first: how many needs were addressed, and how many improved."""
    import duckdb

    with duckdb.connect(str(serving), read_only=True) as con:
        statuses = con.execute(
            "select status, count(*) from need_coverage group by status order by count(*) desc, status"
        ).fetchall()
        [(activities, attendances)] = con.execute(
            "select count(*), sum(attendances) from activity_outcomes"
        ).fetchall()
        tables = [name for (name,) in con.execute("show tables").fetchall()]
    needs = sum(n for _, n in statuses)
    return [
        f"need_coverage      {needs} needs - " + "; ".join(f"{status}: {n}" for status, n in statuses),
        f"activity_outcomes  {activities} activities, {attendances or 0:,} attendances",
        "tables             " + ", ".join(tables),
    ]


def _failure_message(failure) -> str:
    """A raised `dagster.Failure` carries the message meant for people; anything else, its error line."""
    if failure.user_failure_data is not None and failure.user_failure_data.description:
        return failure.user_failure_data.description
    if failure.error is None:
        return "failed"
    return f"{failure.error.cls_name}: {failure.error.message.strip().splitlines()[0]}"


def _clear_feed_folders(inbox: Path) -> None:
    """The demo rewrites the inbox's feed folders, so files of an earlier world cannot linger."""
    for feed in FEEDS:
        shutil.rmtree(inbox / feed, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cme-pipeline",
        description="Link CME attendance and needs to QI metrics: ingest, model, check.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="write a synthetic health system's inbox")
    gen.add_argument("--out", type=Path, required=True, help="inbox folder to write (feed sub-folders)")
    gen.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--end-month", default="2026-06", help="last month of data, YYYY-MM")

    commands.add_parser("run", help="materialize everything for CME_INBOX into CME_HOME (default data/)")

    demo = commands.add_parser("demo", help="generate the small world into the inbox, then run")
    demo.add_argument("--seed", type=int, default=7)

    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.out, args.scale, args.seed, args.end_month)
        return 0
    settings = Settings.from_env()
    if args.command == "demo":
        os.environ.setdefault("CME_PSEUDONYM_KEY", DEMO_PSEUDONYM_KEY)
        _clear_feed_folders(settings.inbox)
        generate(settings.inbox, "small", args.seed, "2026-06")
    return run_pipeline(settings)


if __name__ == "__main__":
    sys.exit(main())
