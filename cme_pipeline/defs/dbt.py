"""dbt layer: the dbt project's models as Dagster assets, its tests as asset checks.

The manifest is parsed once and only re-parsed when a dbt file changed since (dbt parse costs
~13 s), and only when definitions are built, never when the package is imported.
"""


from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from cme_pipeline.defs.resources import WAREHOUSE_POOL, dbt_executable
from cme_pipeline.settings import Settings

DBT_SOURCE_GLOBS = ("dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "tests/**/*", "seeds/**/*")
LAYERS = ("staging", "intermediate", "marts")


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=Settings.from_env().dbt_project_dir)


def manifest_is_stale(project: DbtProject) -> bool:
    if not project.manifest_path.exists():
        return True
    built = project.manifest_path.stat().st_mtime
    return any(
        path.stat().st_mtime > built
        for pattern in DBT_SOURCE_GLOBS
        for path in Path(project.project_dir).glob(pattern)
        if path.is_file()
    )


def ensure_manifest(project: DbtProject | None = None) -> Path:
    """Parse the dbt project when its manifest is missing or older than a dbt file."""
    project = project or dbt_project()
    if manifest_is_stale(project):
        DbtCliResource(project_dir=project, dbt_executable=dbt_executable()).cli(
            ["parse", "--quiet"], target_path=project.target_path, manifest={}
        ).wait()
    return project.manifest_path


class LayeredTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer: models by their folder (staging/intermediate/marts), seeds as reference."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props.get("resource_type") == "seed":
            return spec.replace_attributes(group_name="reference")
        layer = next((part for part in props.get("fqn", []) if part in LAYERS), None)
        if props.get("resource_type") == "model" and layer:
            return spec.replace_attributes(group_name=layer)
        return spec


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=LayeredTranslator(),
        pool=WAREHOUSE_POOL,
    )
    def cme_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """Builds (runs and tests) the selected dbt models; failing error-severity tests stop downstream models."""
        target = Settings.from_env().dbt_artifacts / "target"
        yield from dbt.cli(["build"], context=context, target_path=target).stream()

    return cme_dbt_models
