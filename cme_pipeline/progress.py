"""Run progress for the command line: one line per step, then, if the run failed, why and what it cost.

Dagster's console logger prints every engine event, and when a step fails it adds one "Dependencies
... Not executing" line for every step downstream, before anything says what went wrong. An analyst
running `cme-pipeline run` wants one line per step as it finishes, and at the end, first what failed
and why, then once what that meant (`RunProgress.failure_report`).
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field

import dagster as dg

ABANDONED_PREFIX = "Dependencies for step "


@dataclass
class _Step:
    started: float
    assets: list[tuple[str, int | None]] = field(default_factory=list)
    checks_passed: int = 0
    checks_failed: int = 0


@dataclass
class RunProgress:
    """What the run did, step by step, gathered from Dagster's log records."""

    stream: object = None
    # The run's asset checks ("asset:check" -> what it checks): a failed check is reported with its description,
    # and a step that only runs a check is counted, not listed, when it did not run.
    check_descriptions: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    steps: dict[str, _Step] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (step, why)
    failed_checks: list[tuple[str, str]] = field(default_factory=list)  # (asset:check, why)
    not_run: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", file=self.stream or sys.stderr, flush=True)

    def step_line(self, key: str, ok: bool) -> str:
        step = self.steps.get(key) or _Step(time.monotonic())
        parts = []
        if len(step.assets) == 1 and step.assets[0][1] is not None:
            parts.append(f"{step.assets[0][1]:,} rows")
        elif len(step.assets) > 1:
            distinct = len({name for name, _ in step.assets})
            parts.append(f"{distinct} assets" if distinct > 1 else f"{len(step.assets)} months")
        if step.checks_passed or step.checks_failed:
            checks = step.checks_passed + step.checks_failed
            parts.append(f"{checks} check{'s' if checks != 1 else ''}"
                         + (f", {step.checks_failed} failed" if step.checks_failed else " passed"))
        parts.append(f"{time.monotonic() - step.started:.1f}s")
        return f"{'✓' if ok else '✗'} {key} ({', '.join(parts)})"

    def record(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        message = str(meta.get("orig_message", record.getMessage()))
        if event is None:
            if message.startswith(ABANDONED_PREFIX):
                self.not_run.append(message[len(ABANDONED_PREFIX):].split(" ", 1)[0])
            elif record.levelno >= logging.WARNING:
                self.say(f"warning: {message}")
            return
        kind, key = event.event_type_value, event.step_key or ""
        if kind == "STEP_START":
            self.steps[key] = _Step(time.monotonic())
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            rows = materialization.metadata.get("dagster/row_count")
            self.steps.setdefault(key, _Step(time.monotonic())).assets.append(
                (materialization.asset_key.to_user_string(), rows.value if rows is not None else None)
            )
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            step = self.steps.setdefault(key, _Step(time.monotonic()))
            if evaluation.passed:
                step.checks_passed += 1
            else:
                step.checks_failed += 1
                name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                self.failed_checks.append((name, evaluation.description or self.check_descriptions.get(name, "")))
        elif kind == "STEP_SUCCESS":
            self.say(self.step_line(key, ok=True))
        elif kind == "STEP_FAILURE":
            self.say(self.step_line(key, ok=False))
            failed = self.steps[key].checks_failed if key in self.steps else 0
            # A step stopped by its own failed checks (dbt build) is explained by them, listed below.
            why = f"{failed} failed check{'s' if failed != 1 else ''}" if failed else None
            self.failures.append((key, why or failure_message(event.event_specific_data)))

    def failure_report(self, build_not_started: bool = False) -> list[str]:
        """First what failed and why, then the consequences, each said once. `build_not_started`: the
        turn stopped after its ingest run, so the build run (models, checks, publication) never started."""
        lines = ["The run failed:"]
        lines += [f"  {step}: {why}" for step, why in self.failures]
        if self.failed_checks:
            lines.append("  failed checks:")
            lines += [f"    {name}" + (f" - {why}" if why else "") for name, why in self.failed_checks]
        build = "the build (every model, its checks and the publication)"
        if self.not_run:
            names = {name.split(":")[-1] for name in self.check_descriptions}
            checks = [step for step in self.not_run if any(step.endswith(name) for name in names)]
            named = [step for step in self.not_run if step not in checks]
            listed = ", ".join(named) + (f" and {len(checks)} check steps" if checks else "")
            also = f", nor did {build}" if build_not_started else ""
            lines.append(f"Because of it, {len(self.not_run)} later steps did not run: {listed}{also}.")
        elif build_not_started:
            lines.append(f"Because of it, {build} did not run.")
        return lines


def failure_message(failure) -> str:
    """A raised `dagster.Failure` carries the message meant for people; anything else, its error line."""
    if failure.user_failure_data is not None and failure.user_failure_data.description:
        return failure.user_failure_data.description
    if failure.error is None:
        return "failed"
    return f"{failure.error.cls_name}: {failure.error.message.strip().splitlines()[0]}"


class _ProgressHandler(logging.Handler):
    def __init__(self, progress: RunProgress) -> None:
        super().__init__(level=logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        self.progress.record(record)


def progress_logger_for(progress: RunProgress) -> dg.LoggerDefinition:
    """A Dagster logger feeding `progress`: the command line reads the same object after the run."""

    @dg.logger(description="One line per step; the failure, its cause and its consequences at the end.")
    def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.getLogger("cme_pipeline.progress")
        logger.handlers = [_ProgressHandler(progress)]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.disabled = False  # a logging.config.dictConfig elsewhere in the process may have disabled it
        return logger

    return progress_logger
