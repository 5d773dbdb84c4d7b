"""cme-pipeline: links continuing medical education to quality-improvement data.

Importing the package is cheap on purpose: Dagster, dbt and Great Expectations load only
where they are used, so the generator and the command line start fast.
"""

__version__ = "0.1.0"
