"""The benchmark: the pipeline against its floor, at the generator's medium and large scales.

    .venv/bin/python benchmarks/run.py                  # medium and large, results into benchmarks/results/
    .venv/bin/python benchmarks/run.py --scales medium  # one scale (the results files are rewritten)

For each scale it generates a world (seed 11; not timed), holds back the last month's metric-values file,
warms the operating system's file cache, then times, each as its own process:
  (d) floor    benchmarks/floor.py: one DuckDB SQL script (make_floor.py) doing the same ingest, door checks,
               dedup, identity and marts, statistics included, in one process;
  (a) full     `cme-pipeline run` from an empty CME_HOME;
  (b) month    `cme-pipeline run` after the held-back month's file is dropped into the inbox;
  (c) nothing  `cme-pipeline run` again, with nothing new.
Wall time is measured around the process; peak memory is the largest resident set of the process or any
process it waited for (dbt's included), from wait4(2). Each run's own log (step timings) is kept in the work
folder. Results: benchmarks/results/results.json and benchmarks/results/RESULTS.md, with the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
GIB = 1024**3
TARGETS = {
    "large_full_over_floor": 2.5,
    "large_month_over_full": 0.25,
    "large_nothing_over_full": 0.10,
    "peak_rss_gib": 3.0,
    "medium_full_seconds": 15.0,
}


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def measure(command: list[str], env: dict[str, str], log: Path, home: Path | None = None) -> dict:
    """Wall seconds and peak resident memory (the process or any child it waited for), the exit code, the
    run's own step timings and, for a pipeline run, dbt's."""
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {"seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024),
              "exit": process.returncode, "steps": _step_seconds(log)}
    if home and (home / "dbt" / "dbt.log").exists():
        result["dbt"] = _dbt_profile(home / "dbt" / "dbt.log")
    return result


def _dbt_profile(dbt_output: Path) -> list[dict]:
    """Each dbt command of the run, from what dbt printed (CME_HOME/dbt/dbt.log, one run's): the time its
    nodes ran, the time in models and in tests, and the slowest models."""
    commands: list[dict] = []
    for line in dbt_output.read_text(errors="replace").splitlines():
        if line.startswith("Running with dbt"):
            commands.append({"models": {}, "tests_seconds": 0.0, "tests": 0})
        node = re.match(r"\d+ of \d+ (OK created|PASS|WARN|FAIL|ERROR) (.*?) [. ]*\[\w+ in ([0-9.]+)s\]", line)
        finished = re.match(r"Finished running .* \(([0-9.]+)s\)", line)
        if node and commands:
            if node.group(1) == "OK created":
                commands[-1]["models"][node.group(2).split(" ")[-1]] = float(node.group(3))
            else:
                commands[-1]["tests_seconds"] += float(node.group(3))
                commands[-1]["tests"] += 1
        elif finished and commands:
            commands[-1]["nodes_seconds"] = float(finished.group(1))
    for command in commands:
        models = command.pop("models")
        command.update(models=len(models), models_seconds=round(sum(models.values()), 2),
                       tests_seconds=round(command["tests_seconds"], 2),
                       slowest_models=dict(sorted(models.items(), key=lambda kv: -kv[1])[:5]))
    return commands


def _step_seconds(log: Path) -> dict[str, float]:
    """The pipeline's own per-step timings from its progress lines ('✓ raw__roster (20,000 rows, 0.6s)')."""
    steps = {}
    for line in log.read_text(errors="replace").splitlines():
        section = re.match(r"floor section ([a-z_0-9]+): ([0-9.]+)s", line)
        if section:
            steps[section.group(1)] = float(section.group(2))
        timed = re.search(r"✓ (\S+) \(.*?([0-9.]+)s\)\s*$", line)
        if timed:
            steps[timed.group(1)] = float(timed.group(2))
    return steps


def _world(work: Path, scale: str, seed: int) -> Path:
    world = work / f"world_{scale}_{seed}"
    if not (world / "planted.json").exists():
        shutil.rmtree(world, ignore_errors=True)
        subprocess.run([_bin("cme-pipeline"), "generate", "--out", str(world), "--scale", scale, "--seed", str(seed)],
                       check=True, stdout=subprocess.DEVNULL)
    return world


def _inbox_without_last_month(world: Path, inbox: Path) -> Path:
    """A hard-linked copy of the world, less its last month's metric-values file (returned, for (b))."""
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.copytree(world, inbox, copy_function=os.link)
    months = sorted(p for p in (inbox / "metric_values").glob("metric_values_*.csv") if p.stem.count("_") == 2)
    held = world / "metric_values" / months[-1].name
    months[-1].unlink()
    return held


def _warm(folder: Path) -> int:
    size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += len(path.read_bytes())
    return size


def bench_scale(work: Path, scale: str, seed: int) -> dict:
    world = _world(work, scale, seed)
    inbox = work / f"inbox_{scale}"
    held = _inbox_without_last_month(world, inbox)
    floor_sql = HERE / "floor" / "floor.sql"  # rewritten from each world's headers: one script for all
    subprocess.run([sys.executable, str(HERE / "make_floor.py"), "--inbox", str(inbox), "--out", str(floor_sql)],
                   check=True, stdout=subprocess.DEVNULL)
    input_bytes = _warm(inbox)
    home = work / f"home_{scale}"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "CME_INBOX": str(inbox), "CME_HOME": str(home),
           "CME_PSEUDONYM_KEY": "benchmark-key-not-a-secret", "CME_AUTOMATION": "0"}
    run = [_bin("cme-pipeline"), "run"]
    result = {"input_mib": round(input_bytes / 2**20, 1)}
    print(f"[{scale}] floor ...", flush=True)
    result["floor"] = measure([sys.executable, str(HERE / "floor.py"), str(floor_sql), str(inbox),
                               str(work / f"floor_{scale}")], env, work / f"{scale}_floor.log")
    print(f"[{scale}] full run from an empty home ...", flush=True)
    result["full"] = measure(run, env, work / f"{scale}_full.log", home)
    os.link(held, inbox / "metric_values" / held.name)
    print(f"[{scale}] one-month update ({held.name}) ...", flush=True)
    result["month"] = measure(run, env, work / f"{scale}_month.log", home)
    print(f"[{scale}] nothing new ...", flush=True)
    result["nothing_new"] = measure(run, env, work / f"{scale}_nothing_new.log", home)
    with __import__("duckdb").connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        result["metric_rows"], result["attendance_rows"] = con.execute(
            "select (select count(*) from raw.metric_values), (select count(*) from raw.attendance)"
        ).fetchone()
    failed = {k: v["exit"] for k, v in result.items() if isinstance(v, dict) and v.get("exit")}
    if failed:
        raise SystemExit(f"[{scale}] runs failed (exit codes {failed}); logs in {work}")
    full = result["full"]["seconds"]
    result["ratios"] = {
        "full_over_floor": round(full / result["floor"]["seconds"], 2),
        "month_over_full": round(result["month"]["seconds"] / full, 3),
        "nothing_over_full": round(result["nothing_new"]["seconds"] / full, 3),
    }
    return result


def verdicts(results: dict) -> list[tuple[str, str, str, bool]]:
    """(target, limit, measured, met) for every target the issue sets."""
    rows = []
    large, medium = results.get("large"), results.get("medium")
    if large:
        r = large["ratios"]
        rows.append(("large: full run / floor", f"≤ {TARGETS['large_full_over_floor']}×",
                     f"{r['full_over_floor']}×", r["full_over_floor"] <= TARGETS["large_full_over_floor"]))
        rows.append(("large: month update / full run", f"≤ {TARGETS['large_month_over_full']:.0%}",
                     f"{r['month_over_full']:.1%}", r["month_over_full"] <= TARGETS["large_month_over_full"]))
        rows.append(("large: nothing new / full run", f"≤ {TARGETS['large_nothing_over_full']:.0%}",
                     f"{r['nothing_over_full']:.1%}", r["nothing_over_full"] <= TARGETS["large_nothing_over_full"]))
    for scale, data in results.items():
        peak = max(data[run]["peak_rss_mib"] for run in ("full", "month", "nothing_new")) / 1024
        rows.append((f"{scale}: peak memory of any process", f"≤ {TARGETS['peak_rss_gib']} GiB", f"{peak:.2f} GiB",
                     peak <= TARGETS["peak_rss_gib"]))
    if medium:
        seconds = medium["full"]["seconds"]
        rows.append(("medium: full run from an empty home", f"≤ {TARGETS['medium_full_seconds']:g} s",
                     f"{seconds:.1f} s", seconds <= TARGETS["medium_full_seconds"]))
    if large and medium:
        data = large["input_mib"] / medium["input_mib"]
        time_growth = large["full"]["seconds"] / medium["full"]["seconds"]
        rows.append(("medium → large: time grows no faster than data", f"≤ {data:.1f}× (input MiB)",
                     f"{time_growth:.1f}×", time_growth <= data))
    return rows


def markdown(results: dict, meta: dict) -> str:
    lines = [f"# Benchmark: {meta['when']}", "",
             f"{meta['machine']}; seed {meta['seed']}; commit {meta['commit']}. "
             "Command: `.venv/bin/python benchmarks/run.py`.", "",
             "| scale | input | run | wall time | peak memory | ratio |", "|---|---|---|---|---|---|"]
    names = {"floor": "(d) floor: one DuckDB SQL script", "full": "(a) full run, empty home",
             "month": "(b) one-month update", "nothing_new": "(c) nothing new"}
    ratio = {"full": "full_over_floor", "month": "month_over_full", "nothing_new": "nothing_over_full"}
    for scale, data in results.items():
        size = f"{data['input_mib']} MiB, {data['metric_rows']:,} metric rows, {data['attendance_rows']:,} attendances"
        for run, label in names.items():
            r = data[run]
            value = f"{data['ratios'][ratio[run]]}" if run in ratio else ""
            lines.append(f"| {scale} | {size} | {label} | {r['seconds']:.1f} s | {r['peak_rss_mib']:,} MiB | {value} |")
            size = ""
    lines += ["", "| target | limit | measured | met? |", "|---|---|---|---|"]
    for target, limit, measured, met in verdicts(results):
        number = [float(re.search(r"[0-9.]+", text).group()) for text in (measured, limit)]
        verdict = "yes" if met else f"**missed**, {number[0] / number[1]:.1f}× the limit"
        lines.append(f"| {target} | {limit} | {measured} | {verdict} |")
    lines += ["", "## Where the time goes", "",
              "Steps of each run (the pipeline's own timings; for the floor, its script's sections), seconds:", ""]
    for scale, data in results.items():
        for run in ("floor", "full", "month"):
            steps = sorted(data[run]["steps"].items(), key=lambda kv: -kv[1])[:8]
            lines.append(f"- {scale}, {run}: " + ", ".join(f"{name} {seconds:g}" for name, seconds in steps))
    lines += ["", "dbt's own account of each dbt command of a run (what it printed): time running nodes, time in "
              "models, time in tests, and the slowest models, seconds. The rest of a dbt step is dbt starting "
              "(~4 s a command) and dagster-dbt turning its events into Dagster's:", ""]
    for scale, data in results.items():
        for run in ("full", "month"):
            for command in data[run].get("dbt", []):
                slowest = ", ".join(f"{name} {seconds:g}" for name, seconds in command["slowest_models"].items())
                lines.append(f"- {scale}, {run}: nodes {command.get('nodes_seconds')} s; "
                             f"{command['models']} models {command['models_seconds']} s; "
                             f"{command['tests']} tests {command['tests_seconds']} s"
                             + (f"; {slowest}" if slowest else ""))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the pipeline against its floor (see the module docstring).")
    parser.add_argument("--scales", nargs="+", default=["medium", "large"], choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cme-benchmark"), help="worlds, homes and logs")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {scale: bench_scale(args.work, scale, args.seed) for scale in args.scales}
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / GIB
    meta = {"when": datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC"), "seed": args.seed,
            "commit": commit.stdout.strip(),
            "machine": f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"}
    RESULTS.mkdir(exist_ok=True)
    verdict = [{"target": t, "limit": limit, "measured": m, "met": met} for t, limit, m, met in verdicts(results)]
    (RESULTS / "results.json").write_text(json.dumps({**meta, "results": results, "targets": verdict}, indent=2) + "\n")
    table = markdown(results, meta)
    (RESULTS / "RESULTS.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
