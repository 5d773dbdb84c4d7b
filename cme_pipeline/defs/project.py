"""The one dbt project: where it is, which profile and target it runs against, how it is prepared.

Everything that runs dbt - the dbt assets, the data dictionary, the tests' own dbt calls - gets its
`DbtProject` and `DbtCliResource` from here, so a hospital's own warehouse slots in by settings alone
(`CME_DBT_PROJECT_DIR`, `CME_DBT_PROFILES_DIR`, `CME_DBT_TARGET`).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import shutil
import sys
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from dagster_dbt import DbtCliResource, DbtProject
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer
from filelock import FileLock
from packaging import version

from cme_pipeline.settings import Settings

# Every writer of the warehouse file runs in this pool: DuckDB allows one writing process per file.
WAREHOUSE_POOL = "cme_warehouse"
DBT_SOURCES = ("dbt_project.yml", "models", "macros", "tests", "seeds")
PROFILE_NAME = "cme_pipeline"
DEFAULT_TARGET = "duckdb"
PARTIAL_PARSE = "partial_parse.msgpack"


def dbt_executable() -> str:
    """The `dbt` of this Python environment, so a venv works without being activated."""
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("dbt") or "dbt"


class FreshManifestPreparer(DagsterDbtProjectPreparer):
    """dagster-dbt's preparer (dbt parse), run only when the manifest is missing or older than a dbt
    source file: parsing costs seconds, and most runs change no dbt file."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path

    def is_stale(self, project: DbtProject) -> bool:
        if not project.manifest_path.exists():
            return True
        built = project.manifest_path.stat().st_mtime
        roots = [Path(project.project_dir) / name for name in DBT_SOURCES]
        files = (p for root in roots for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        return any(path.stat().st_mtime > built for path in files)

    def prepare_if_stale(self, project: DbtProject) -> None:
        """Parse under a lock beside the manifest: the UI, a command-line run or a second test worker starting
        at once would otherwise write the same target files together."""
        if not self.is_stale(project):
            return
        target = Path(project.project_dir) / project.target_path
        target.mkdir(parents=True, exist_ok=True)
        with FileLock(target / ".prepare.lock"):
            if self.is_stale(project):  # another process may have parsed while this one waited
                self.prepare(project)

    def _prepare_manifest(self, project: DbtProject) -> None:
        # As dagster-dbt's, with this environment's dbt, so an unactivated venv works.
        dbt_resource(project, self.log_path).cli(["parse", "--quiet"], target_path=project.target_path).wait()
        self._invalidate_seeds_in_partial_parse(project)


def _write_default_profile(settings: Settings) -> Path:
    """A DuckDB profile for the pipeline's own warehouse, under CME_HOME; rewritten only when it changes,
    so dbt's partial parsing survives from run to run."""
    folder = settings.dbt_artifacts
    folder.mkdir(parents=True, exist_ok=True)
    profile = {
        PROFILE_NAME: {
            "target": DEFAULT_TARGET,
            "outputs": {
                # dbt-duckdb shares one connection across threads; more threads risk transaction conflicts.
                DEFAULT_TARGET: {"type": "duckdb", "path": str(settings.warehouse), "threads": 1},
            },
        }
    }
    text = json.dumps(profile, indent=2) + "\n"  # YAML is a superset of JSON
    path = folder / "profiles.yml"
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return folder


def seed_partial_parse(project: DbtProject, settings: Settings) -> None:
    """Give a new home dbt's partial-parse state from the project's, keyed to this home's profile.

    dbt keys its partial-parse state by the profile's connection values, the warehouse path among them, so
    the state dagster-dbt copies from the project is refused in every new home ("profile has changed") and
    dbt re-parses everything (~6 s). The state is the same parse; only the key differs, computed here as
    dbt computes it. Only for the pipeline's own DuckDB profile; if anything differs, dbt re-parses as before.
    """
    destination = settings.dbt_artifacts / "target" / PARTIAL_PARSE
    source = Path(project.project_dir) / project.target_path / PARTIAL_PARSE
    if settings.dbt_profiles_dir or destination.exists() or not source.exists():
        return
    import pprint

    import msgpack
    from dbt.adapters.duckdb.credentials import DuckDBCredentials
    from dbt.contracts.files import FileHash

    state = msgpack.unpackb(source.read_bytes(), raw=False, strict_map_key=False)
    credentials = DuckDBCredentials.from_dict({"path": str(settings.warehouse)})
    key = FileHash.from_contents(pprint.pformat(sorted(credentials.connection_info())))
    state["state_check"]["profile_hash"] = {"name": key.name, "checksum": key.checksum}
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".partial")
    partial.write_bytes(msgpack.packb(state))
    partial.replace(destination)


def dbt_project(settings: Settings) -> DbtProject:
    """The project, with its profiles and target chosen by settings; prepared when stale."""
    profiles_dir = settings.dbt_profiles_dir or _write_default_profile(settings)
    project = DbtProject(
        project_dir=settings.dbt_project_dir,
        profiles_dir=profiles_dir,
        target=settings.dbt_target or (None if settings.dbt_profiles_dir else DEFAULT_TARGET),
    )
    FreshManifestPreparer(settings.dbt_artifacts / "logs").prepare_if_stale(project)
    return project


class EnvironmentDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource, told the dbt version by this environment's package metadata when it runs
    this environment's dbt: dagster-dbt otherwise asks `dbt --version`, a 3.5 s process, in every run."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if self.dbt_executable == dbt_executable():
            try:
                return version.parse(importlib.metadata.version("dbt-core"))
            except importlib.metadata.PackageNotFoundError:
                pass
        return super()._cli_version


def dbt_resource(project: DbtProject, log_path: Path | None = None) -> DbtCliResource:
    """dbt as Dagster runs it; `log_path` keeps dbt's own log files under CME_HOME, out of the project."""
    return EnvironmentDbtCliResource(
        project_dir=project,
        dbt_executable=dbt_executable(),
        global_config_flags=["--log-path", str(log_path)] if log_path else [],
    )


class _Tee:
    """A stream writing to the log file and, with `--verbose`, to the terminal too."""

    def __init__(self, *streams: IO[str]) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


@contextlib.contextmanager
def dbt_output(settings: Settings, mode: str = "a") -> Iterator[None]:
    """Send what dbt prints to `CME_HOME/dbt/dbt.log` (and the terminal when asked), not the run's output.
    Appended: a run invokes dbt more than once; the command line starts each run with an empty log."""
    settings.dbt_artifacts.mkdir(parents=True, exist_ok=True)
    with settings.dbt_log.open(mode) as log:
        stream = _Tee(log, sys.stderr) if settings.show_dbt_log else log
        with contextlib.redirect_stdout(stream):
            yield


def load_manifest(project: DbtProject) -> dict[str, Any]:
    return json.loads(project.manifest_path.read_text())


def published_models(manifest: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The marts BI tools may read: dbt models with `meta: {publish: true}`, in name order."""
    nodes = [
        node for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and (node.get("meta") or node["config"].get("meta", {})).get("publish")
    ]
    return sorted(nodes, key=lambda node: node["name"])


def model_node(manifest: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A model's manifest node by its name, whatever the project is called."""
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] == name:
            return node
    raise KeyError(f"no dbt model named {name} in {manifest['metadata'].get('project_name', 'the project')}")
