"""One instance per warehouse, shared by the command line and the UI, and one run at a time.

Real processes: a command-line run, a second one started while the first holds the warehouse, and the
Dagster UI (`cme-pipeline ui`, the webserver and daemon of `dagster dev`) asked over its GraphQL API.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import dagster as dg

from tests.test_cli import CLI, cli

RUNS_QUERY = """
{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }
"""
DAEMONS_QUERY = "{ instance { daemonHealth { allDaemonStatuses { daemonType required healthy } } } }"
ASSET_QUERY = """
{ assetOrError(assetKey: {path: ["marts", "qi_impact"]}) {
    ... on Asset { assetMaterializations(limit: 1) { runId } } } }
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["data"]


def test_a_second_run_is_refused_and_the_ui_shows_the_command_line_run(tmp_path):
    inbox = tmp_path / "inbox"
    assert cli("generate", "--out", str(inbox), "--seed", "5", home=tmp_path).returncode == 0
    env = {**os.environ, "CME_HOME": str(tmp_path), "CME_PSEUDONYM_KEY": "test-key"}
    for name in ("CME_INBOX", "DAGSTER_HOME"):
        env.pop(name, None)
    first = subprocess.Popen([*CLI, "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in first.stderr:  # the run holds the warehouse from its first step on
        lines.append(line)
        if "✓ raw__" in line:
            break
    second = cli("run", home=tmp_path)
    _, rest = first.communicate(timeout=600)
    assert first.returncode == 0, "".join(lines) + rest
    assert second.returncode == 4
    assert "Traceback" not in second.stderr
    assert "is in use by run " in second.stderr and "cme-pipeline run" in second.stderr, second.stderr

    # The instance lives under CME_HOME, configured for one run at a time; a turn is an ingest run and a build.
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
        runs = instance.get_runs()
        assert sorted(run.job_name for run in runs) == ["build_and_publish", "ingest_inbox"]
        assert {run.status for run in runs} == {dg.DagsterRunStatus.SUCCESS}
        assert {run.tags["cme/started_by"] for run in runs} == {"cme-pipeline run"}
    assert any(run.run_id in second.stderr for run in runs)  # the refusal named the run holding the warehouse
    [build] = [run for run in runs if run.job_name == "build_and_publish"]

    port = free_port()
    ui = subprocess.Popen(  # the sensor and schedule off: this test reads the UI, not the daemon's ticks
        [*CLI, "ui", "--port", str(port)], env={**env, "CME_AUTOMATION": "0"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                shown = graphql(port, RUNS_QUERY)["runsOrError"]["results"]
                break
            except OSError:
                assert ui.poll() is None and time.monotonic() < deadline, "the UI did not start"
                time.sleep(1)
        assert sorted((r["runId"], r["status"]) for r in shown) == sorted((run.run_id, "SUCCESS") for run in runs)
        materialized = graphql(port, ASSET_QUERY)["assetOrError"]["assetMaterializations"]
        assert [m["runId"] for m in materialized] == [build.run_id]
        # Ctrl-C once everything is up: a daemon still starting misses a signal sent before it exists.
        while not all(d["healthy"] for d in graphql(port, DAEMONS_QUERY)["instance"]["daemonHealth"]
                      ["allDaemonStatuses"] if d["required"]) and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        _stop(ui)
    assert Path(tmp_path / "dagster" / "dagster.yaml").exists()


def _stop(ui: subprocess.Popen) -> None:
    """Ctrl-C, as the README says to stop the UI; then SIGTERM and SIGKILL, so no process outlives the test.
    (On a loaded machine a freshly started `dagster dev` has been seen to miss the first signal.)"""
    for stop, grace in ((signal.SIGINT, 60), (signal.SIGTERM, 30), (signal.SIGKILL, 30)):
        try:
            os.killpg(ui.pid, stop)
        except ProcessLookupError:
            return
        try:
            ui.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
