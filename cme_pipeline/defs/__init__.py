"""Dagster definitions, one module per layer: ingest, dbt, audit and publish, with the dbt project and the
resources they share (project.py, resources.py). definitions.py puts them together.

Modules that define assets or checks do not use `from __future__ import annotations`: Dagster reads the
`context` and resource parameters' annotations at definition time and needs them as real types.
"""
