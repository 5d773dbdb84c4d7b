"""Compact run progress for the command line.

Dagster's console logger prints every engine event; an analyst running `cme-pipeline run`
wants one line per step and per asset, with how long it took and what it wrote.
"""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION"}


class ProgressHandler(logging.Handler):
    def __init__(self, stream=None) -> None:
        super().__init__(level=logging.DEBUG)
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.failed_checks: list[str] = []

    def _say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", file=self.stream, flush=True)

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            if record.levelno >= logging.WARNING:
                self._say(f"warning: {meta.get('orig_message', record.getMessage())}")
            return
        kind = event.event_type_value
        if kind not in SHOWN_EVENTS:
            return
        step = event.step_key or ""
        if kind == "STEP_START":
            self._say(f"… {step}")
        elif kind == "STEP_SUCCESS":
            self._say(f"✓ {step}")
        elif kind == "STEP_FAILURE":
            self._say(f"✗ {step}")
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            rows = materialization.metadata.get("dagster/row_count")
            suffix = f" ({rows.value:,} rows)" if rows is not None else ""
            self._say(f"  wrote {materialization.asset_key.to_user_string()}{suffix}")
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                self.failed_checks.append(name)
                self._say(f"  check failed: {name}")


@dg.logger(description="One line per step, asset and failed check, for the command line.")
def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("cme_pipeline.progress")
    logger.handlers = [ProgressHandler()]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger
