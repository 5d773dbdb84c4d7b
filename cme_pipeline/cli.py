"""The `cme-pipeline` command: generate a synthetic world, run the pipeline, or both (demo).

Heavy imports (Dagster, dbt) happen inside the commands that need them, so `generate`
and `--help` start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import time
from pathlib import Path

from cme_pipeline.contract import FEEDS
from cme_pipeline.service import plan, run_turn
from cme_pipeline.serving import PARQUET_LINK, SERVING_FILE
from cme_pipeline.settings import DEMO_PSEUDONYM_KEY, Settings, apply_library_environment, child_environment
from cme_pipeline.warehouse_lock import WarehouseBusy, WarehouseLock

EXIT_FAILED = 1  # nothing was published
EXIT_BAD_INPUT = 2  # the run did not start: settings or inbox
EXIT_PUBLISHED_WITH_REFUSED_FILES = 3  # published, but some inbox files could not be read
EXIT_WAREHOUSE_BUSY = 4  # another run holds the warehouse


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def generate(out: Path, scale: str, seed: int, end_month: str, show_progress: bool = True) -> dict:
    """Write a synthetic world; the demo keeps to the first and last line, `generate` shows each feed."""
    from cme_pipeline.synthetic import generate_world

    started = time.monotonic()
    _say(f"Generating a {scale} synthetic health system (seed {seed}) into {out}")
    planted = generate_world(
        out,
        scale=scale,
        seed=seed,
        end_month=end_month,
        progress=(lambda message: _say(f"[{time.monotonic() - started:6.1f}s]   {message}")) if show_progress
        else (lambda message: None),
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


def run_pipeline(settings: Settings, command: str = "run", months: list[str] | None = None) -> int:
    """One turn of the service for the inbox into CME_HOME (service.py); returns the process exit code."""
    if not settings.pseudonym_key:
        _say("cme-pipeline run: set CME_PSEUDONYM_KEY (a secret of your own) before running on real data; "
             "it keys the hash that stands in for a person wherever one is needed. `cme-pipeline demo` uses a "
             "fixed demo key.")
        return EXIT_BAD_INPUT
    problem = _inbox_problem(settings)
    if problem:
        _say(f"cme-pipeline run: {problem}")
        return EXIT_BAD_INPUT
    lock = WarehouseLock(settings.warehouse, wait_seconds=5)
    try:
        lock.acquire("(planning)", f"cme-pipeline {command}")
    except WarehouseBusy as busy:
        _say(f"cme-pipeline run: {busy}")
        return EXIT_WAREHOUSE_BUSY
    try:
        return _one_turn(settings, command, months)
    finally:
        lock.release()


def _one_turn(settings: Settings, command: str, months: list[str] | None) -> int:
    found = plan(settings)
    if found is not None and found.nothing_new and not months:
        return _nothing_new(settings)
    apply_library_environment()
    _say(f"Running the pipeline: inbox {settings.inbox} -> warehouse {settings.warehouse}")
    _say(f"dbt's own log: {settings.dbt_log}" + ("" if settings.show_dbt_log else " (--verbose shows it here)"))
    settings.dbt_artifacts.mkdir(parents=True, exist_ok=True)
    settings.dbt_log.write_text("")

    import dagster as dg

    from cme_pipeline.definitions import build_definitions
    from cme_pipeline.instance import fail_abandoned_runs, open_instance, run_tags
    from cme_pipeline.progress import RunProgress, progress_logger_for

    pipeline = build_definitions(settings)
    graph = pipeline.resolve_asset_graph()
    progress = RunProgress(check_descriptions={
        f"{key.asset_key.to_user_string()}:{key.name}": graph.get_check_spec(key).description or ""
        for key in graph.asset_check_keys
    })
    definitions = dg.Definitions.merge(pipeline, dg.Definitions(loggers={"progress": progress_logger_for(progress)}))
    with open_instance(settings) as instance:
        for run_id in fail_abandoned_runs(instance):
            _say(f"Run {run_id[:8]} ended without finishing (its process is gone); marked failed in the instance.")
        result = run_turn(
            definitions,
            settings,
            instance,
            months=months or (),
            tags=run_tags(command),
            run_config={"loggers": {"progress": {}}},
        )
    if result.success:
        serving = settings.published / SERVING_FILE
        _say("")
        _say(f"Done. Published for BI tools: {serving}")
        _say(f"  and one Parquet file per mart in {settings.published / PARQUET_LINK}")
        for line in _headline(serving):
            _say(f"  {line}")
        _say(f"Checks: {settings.validation / 'index.html'}")
        if settings.build_report:
            _say(f"Quality Council report: {settings.report / 'report.html'} (and report.pdf); PARS upload: "
                 f"{settings.report / f'pars_activities_{settings.report_year}.xlsx'}")
        _say(f"Query: {sys.executable} -c \"import duckdb; "
             f"duckdb.connect('{serving}', read_only=True).sql('from qi_impact').show()\"")
        runs = ", ".join(run.run_id[:8] for run in result.runs)
        _say(f"These runs, their checks and logs: `cme-pipeline ui` (runs {runs})")
        return _report_refused(settings, serving)
    _say("")
    for line in progress.failure_report(build_not_started=len(result.runs) == 1):
        _say(line)
    published = any(
        event.event_type_value == "STEP_SUCCESS" and event.step_key == "published__serving_store"
        for event in result.all_events
    )
    if published:
        _say(f"The checked marts were published to {settings.published}; a step after publishing failed.")
    else:
        _say(f"Nothing was published; the last good publication in {settings.published} is unchanged.")
    return EXIT_FAILED


def _nothing_new(settings: Settings) -> int:
    serving = settings.published / SERVING_FILE
    _say("Nothing new: every file in the inbox has been taken in, rebuilt and published "
         f"({serving}). `--months YYYY-MM..YYYY-MM` rebuilds months on purpose.")
    return _report_refused(settings, serving)


def _report_refused(settings: Settings, serving: Path) -> int:
    refused = _refused_files(serving) if serving.exists() else []
    if not refused:
        return 0
    _say("")
    _say(f"Published with refused files: {len(refused)} file(s) could not be read and loaded nothing:")
    for feed, file_name, problem in refused:
        _say(f"  {feed}/{file_name}: {problem}")
    if settings.strict:
        _say("CME_STRICT=1: a file is refused, so this counts as a failure. Fix or remove each file and run again.")
        return EXIT_FAILED
    _say("The rest of the inbox was published. Fix or remove each file and run again; "
         "CME_STRICT=1 publishes nothing while a file is refused.")
    return EXIT_PUBLISHED_WITH_REFUSED_FILES


def _refused_files(serving: Path) -> list[tuple[str, str, str]]:
    """The inbox files the published data_quality names as refused (unreadable, loaded nothing)."""
    import duckdb

    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute(
            "select feed, file_name, file_problem from data_quality where status = 'failed' order by feed, file_name"
        ).fetchall()


def ui(settings: Settings, port: int) -> int:
    """`dagster dev` on this warehouse's instance: the command line's runs show in it."""
    import subprocess

    from cme_pipeline.instance import ensure_instance_config

    ensure_instance_config(settings.instance_home)
    _say(f"Dagster UI on http://127.0.0.1:{port} (instance {settings.instance_home}); Ctrl-C stops it.")
    command = [sys.executable, "-m", "dagster", "dev", "-m", "cme_pipeline.definitions", "-p", str(port)]
    try:
        return subprocess.call(command, env=child_environment(settings))
    except KeyboardInterrupt:
        return 0


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

    run = commands.add_parser("run", help="materialize everything for CME_INBOX into CME_HOME (default data/)")
    demo = commands.add_parser("demo", help="generate the small world into the inbox, then run")
    demo.add_argument("--seed", type=int, default=7)
    for command in (run, demo):
        command.add_argument("--verbose", action="store_true", help="show dbt's own log as it runs")
    run.add_argument(
        "--months", metavar="YYYY-MM..YYYY-MM", help="also rebuild these months of metric values (one, or a range)"
    )
    ui_command = commands.add_parser("ui", help="the Dagster UI (and daemon) on this warehouse's instance")
    ui_command.add_argument("--port", type=int, default=3000)

    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.out, args.scale, args.seed, args.end_month)
        return 0
    settings = Settings.from_env()
    if args.command == "ui":
        return ui(settings, args.port)
    settings = dataclasses.replace(settings, show_dbt_log=args.verbose)
    months = None
    if getattr(args, "months", None):
        from cme_pipeline.defs.months import months_in_range

        try:
            months = months_in_range(args.months)
        except ValueError as error:
            _say(f"cme-pipeline run: {error}")
            return EXIT_BAD_INPUT
    if args.command == "demo":
        settings = dataclasses.replace(settings, pseudonym_key=settings.pseudonym_key or DEMO_PSEUDONYM_KEY)
        _clear_feed_folders(settings.inbox)
        generate(settings.inbox, "small", args.seed, "2026-06", show_progress=False)
    return run_pipeline(settings, args.command, months)


if __name__ == "__main__":
    sys.exit(main())
