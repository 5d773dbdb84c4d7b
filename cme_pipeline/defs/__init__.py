"""Dagster definitions, one module per layer: ingest, dbt (and publish, when it comes)."""
