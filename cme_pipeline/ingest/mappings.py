"""Source mappings: one YAML file per export shape, mapping its columns and codes onto the contract.

A CME system's export (EthosCE, CloudCME, ...) names its columns its own way and spells codes its own
way (`M.D.`, `Physician` + a degree, `Yes`). A mapping says, for each contract column, which export
column(s) hold it, how to translate its values, and in which date format it comes, so onboarding a
new export shape is a YAML file, not a code change. Mappings are read from the shipped folder
(`cme_pipeline/mappings/`) and the analyst's own (`CME_MAPPINGS`, default `$CME_HOME/mappings`).

YAML shape:

    name: EthosCE completions export
    feed: attendance
    files: ["ethosce_*"]        # file-name patterns in the feed folder; omit to apply to the whole folder
    sheet: Completions          # Excel only: which sheet (default: the first)
    columns:
      learner_id: External User ID               # plain: the export column
      session_date:
        source: Completion Date
        date_format: "%m/%d/%Y"                  # strptime format, converted to YYYY-MM-DD
      profession:
        source: [Profession, Degree]             # several columns, joined as "Physician / M.D."
        values:                                  # first match wins; case ignored; * matches anything
          "Physician / M.D.": MD
          "Nurse Practitioner / *": NP
    extra_columns: [Course Title]               # known export columns the contract does not need

The output of a mapping is text in the contract's shape; the door checks (validation.py) then judge
it exactly as they judge a file delivered in the contract's own shape.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cme_pipeline.contract import FEEDS
from cme_pipeline.ingest.readers import FileRejected, positional
from cme_pipeline.sql import quote_literal

SHIPPED_MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
JOINER = " / "


class MappingError(Exception):
    """A mapping file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class ColumnRule:
    sources: tuple[str, ...]
    values: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None


@dataclass(frozen=True)
class Mapping:
    name: str
    feed: str
    columns: dict[str, ColumnRule]
    files: tuple[str, ...] = ()
    sheet: str | None = None
    origin: str = "contract"
    # Export columns the contract does not need: kept in raw._extra without a schema-drift warning.
    extra_columns: tuple[str, ...] = ()

    def applies_to(self, feed: str, file_name: str) -> bool:
        return feed == self.feed and (
            not self.files or any(fnmatch.fnmatch(file_name.lower(), p.lower()) for p in self.files)
        )


def _rule(spec: object, where: str) -> ColumnRule:
    if isinstance(spec, str):
        return ColumnRule(sources=(spec,))
    if not isinstance(spec, dict) or "source" not in spec:
        raise MappingError(f"{where}: give the export column name, or a mapping with 'source'")
    sources = spec["source"]
    sources = (sources,) if isinstance(sources, str) else tuple(str(s) for s in sources)
    values = spec.get("values") or {}
    if not isinstance(values, dict):
        raise MappingError(f"{where}: 'values' must map export values to contract values")
    unknown = set(spec) - {"source", "values", "date_format"}
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return ColumnRule(
        sources=sources,
        values=tuple((str(k), str(v)) for k, v in values.items()),
        date_format=spec.get("date_format"),
    )


def load_mapping(path: Path) -> Mapping:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise MappingError(f"mapping {path.name}: not valid YAML ({error})") from error
    if not isinstance(document, dict):
        raise MappingError(f"mapping {path.name}: expected keys name, feed, columns")
    feed = document.get("feed")
    if feed not in FEEDS:
        raise MappingError(f"mapping {path.name}: feed '{feed}' is not one of {', '.join(FEEDS)}")
    columns = document.get("columns") or {}
    unknown = sorted(set(columns) - set(FEEDS[feed].column_names))
    if unknown:
        raise MappingError(f"mapping {path.name}: {', '.join(unknown)} not in the {feed} contract")
    files = document.get("files") or ()
    unknown_keys = sorted(set(document) - {"name", "feed", "files", "sheet", "columns", "extra_columns"})
    if unknown_keys:
        raise MappingError(f"mapping {path.name}: unknown key(s) {', '.join(unknown_keys)}")
    return Mapping(
        name=str(document.get("name") or path.stem),
        feed=feed,
        columns={name: _rule(spec, f"mapping {path.name}, column {name}") for name, spec in columns.items()},
        files=(files,) if isinstance(files, str) else tuple(files),
        sheet=document.get("sheet"),
        origin=path.name,
        extra_columns=tuple(document.get("extra_columns") or ()),
    )


def load_mappings(*folders: Path) -> list[Mapping]:
    found: list[Mapping] = []
    for folder in folders:
        if folder.is_dir():
            found += [load_mapping(path) for path in sorted(folder.glob("*.y*ml"))]
    return found


def mapping_for(mappings: list[Mapping], feed: str, file_name: str) -> Mapping | None:
    """The mapping naming this file by pattern, else one for the whole feed folder, else none."""
    candidates = [m for m in mappings if m.applies_to(feed, file_name)]
    by_pattern = [m for m in candidates if m.files]
    chosen = by_pattern or candidates
    return chosen[0] if chosen else None


def contract_mapping(feed: str, header: list[str]) -> Mapping:
    """A file in the contract's own shape: columns by contract name, ignoring case and spaces."""
    by_name = {name.strip().lower(): name for name in header}
    return Mapping(
        name="contract",
        feed=feed,
        columns={
            column: ColumnRule(sources=(by_name[column],)) for column in FEEDS[feed].column_names if column in by_name
        },
    )


@dataclass
class MappedSelect:
    """SQL over `_incoming` giving contract columns as text, and which export columns it used."""

    expressions: dict[str, str]
    used_sources: set[str] = field(default_factory=set)


def mapped_select(mapping: Mapping, header: list[str], label: str) -> MappedSelect:
    position = {name: i for i, name in enumerate(header)}
    position_lower = {name.lower(): i for i, name in enumerate(header)}
    missing = [
        f"'{source}' (for {column})"
        for column, rule in mapping.columns.items()
        for source in rule.sources
        if source not in position and source.lower() not in position_lower
    ]
    if missing:
        raise FileRejected(
            f"{label}: missing column(s) {', '.join(missing)} named by mapping {mapping.origin}"
            f" (header has: {', '.join(header)})"
        )
    required = [c for c in FEEDS[mapping.feed].required_columns if c not in mapping.columns]
    if required:
        via = "" if mapping.origin == "contract" else f" (mapping {mapping.origin} does not map them)"
        raise FileRejected(
            f"{label}: missing required column(s) {', '.join(required)}{via} (header has: {', '.join(header)})"
        )
    selected = MappedSelect(expressions={})
    for column, rule in mapping.columns.items():
        parts = []
        for source in rule.sources:
            index = position.get(source, position_lower.get(source.lower()))
            selected.used_sources.add(header[index])
            parts.append(f"nullif(trim({positional(index)}), '')")
        if len(parts) == 1:
            expression = parts[0]
        else:
            # Joined even when a part is empty ("Physician / "), so patterns like "Physician / *" still match.
            joined = f" || {quote_literal(JOINER)} || ".join(f"coalesce({part}, '')" for part in parts)
            expression = f"nullif({joined}, {quote_literal(JOINER)})"
        if rule.values:
            cases = []
            for pattern, value in rule.values:
                if "*" in pattern:
                    like = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("*", "%")
                    test = f"lower({expression}) like lower({quote_literal(like)}) escape '\\'"
                else:
                    test = f"lower({expression}) = lower({quote_literal(pattern)})"
                cases.append(f"when {test} then {quote_literal(value)}")
            expression = f"case {' '.join(cases)} else {expression} end"
        if rule.date_format:
            expression = (
                f"coalesce(strftime(try_strptime({expression}, {quote_literal(rule.date_format)}), '%Y-%m-%d'),"
                f" {expression})"
            )
        selected.expressions[column] = expression
    return selected
