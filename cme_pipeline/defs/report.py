"""Report layer: the Quality Council report (HTML, PDF) and the PARS upload file, after each publication.

They read only the serving store, so they show what passed every check, and nothing from the restricted
schema can reach them. A failure here leaves the publication as it is: BI tools already read it.
"""

import dagster as dg

from cme_pipeline.defs.publish import SERVING_STORE_KEY
from cme_pipeline.serving import SERVING_FILE
from cme_pipeline.settings import Settings

REPORT_KEY = dg.AssetKey(["published", "quality_council_report"])


def build_report_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=REPORT_KEY,
        group_name="publish",
        deps=[SERVING_STORE_KEY],
        kinds={"html", "pdf", "excel"},
        description=(
            "The Quality Council report from the published marts: CME_HOME/published/report/report.html (one "
            "self-contained page, filters by service line and committee), report.pdf (the same, for a committee "
            "packet) and pars_activities_<year>.xlsx/.txt (the PARS activity upload for the reporting year, "
            "CME_REPORTING_YEAR, by default the last complete calendar year). CME_BUILD_REPORT=0 skips it."
        ),
    )
    def quality_council_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        if not settings.build_report:
            context.log.info("CME_BUILD_REPORT=0: report not rebuilt")
            return dg.MaterializeResult(metadata={"skipped": True})
        from cme_pipeline.report.page import write_report
        from cme_pipeline.report.pars_upload import write_pars_upload
        from cme_pipeline.report.published import read_published

        published = read_published(settings.published / SERVING_FILE, settings.dbt_project_dir)
        year = settings.report_year
        report = write_report(published, settings.report, year, settings.home / "cache")
        upload = write_pars_upload(published["pars_activity_report"], year, settings.report)
        return dg.MaterializeResult(
            metadata={
                "html": dg.MetadataValue.path(str(report.html)),
                "pdf": dg.MetadataValue.path(str(report.pdf)),
                "pars_upload": dg.MetadataValue.path(str(upload.xlsx)),
                "reporting_year": year,
                "needs": report.needs,
                "activities": report.activities,
                "charts": report.charts,
                "pars_activities": upload.activities,
            }
        )

    return [quality_council_report]
