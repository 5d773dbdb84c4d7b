"""The door checks: every delivered row judged against the contract, in one SQL pass in DuckDB.

Each row gets at most one `_problem` (the first failing check, in column order: a person fixes one
thing at a time) as a struct of column, rule and reason. `rule` is the kind of problem without the
value ("npi fails the check digit"), safe to count and publish; `reason` names the value so the
analyst can find and fix it ("npi 1234567890 fails the check digit"), and stays in the restricted
quarantine. Values that pass are loaded in canonical form: codes in the contract's spelling, dates
as YYYY-MM-DD, whole numbers without a decimal point.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_pipeline.contract import Column, Feed
from cme_pipeline.ingest.work_tables import CHECKED, DUPLICATES, INCOMING
from cme_pipeline.sql import quote_identifier as _quoted
from cme_pipeline.sql import quote_literal as _literal


def npi_is_valid_sql(value: str) -> str:
    """Luhn over the first nine digits plus 24 (the 80840 prefix), as in docs/domain.md; DuckDB SQL."""
    terms = []
    for position in range(1, 10):
        digit = f"cast(substr({value}, {position}, 1) as integer)"
        terms.append(
            f"(case when 2 * {digit} > 9 then 2 * {digit} - 9 else 2 * {digit} end)" if position % 2 == 1 else digit
        )
    checksum = f"(10 - (24 + {' + '.join(terms)}) % 10) % 10"
    return (
        f"(case when regexp_full_match({value}, '[12][0-9]{{9}}') "
        f"then {checksum} = cast(substr({value}, 10, 1) as integer) else false end)"
    )


def _canonical_code(value: str, allowed: tuple[str, ...]) -> str:
    whens = " ".join(f"when {_literal(code.lower())} then {_literal(code)}" for code in allowed)
    return f"(case lower(trim({value})) {whens} end)"


@dataclass(frozen=True)
class Check:
    """A SQL condition true when the value is bad, with the rule and a reason expression."""

    bad: str
    rule: str
    reason: str


def _says(name: str, value: str, text: str) -> str:
    """SQL for a reason naming the column and its value: "pre_score 150 is out of range ..."."""
    return f"{_literal(name + ' ')} || {value} || {_literal(text)}"


def _number_bounds(column: Column, number: str, value: str) -> list[Check]:
    checks = []
    name = column.name
    if column.minimum is not None:
        op, words = (">", "above") if column.minimum_exclusive else (">=", "at least")
        checks.append(
            Check(
                f"not ({number} {op} {column.minimum})",
                f"{name} out of range",
                _says(name, value, f" is out of range (must be {words} {column.minimum:g})"),
            )
        )
    if column.maximum is not None:
        checks.append(
            Check(
                f"{number} > {column.maximum}",
                f"{name} out of range",
                _says(name, value, f" is out of range (must be at most {column.maximum:g})"),
            )
        )
    return checks


def column_checks(column: Column) -> tuple[str, list[Check], Check | None]:
    """(canonical value expression, checks that quarantine, check that only sets the value aside)."""
    value = _quoted(column.name)
    name = column.name
    checks: list[Check] = []
    if column.required:
        checks.append(Check(f"{value} is null", f"{name} missing", _literal(f"{name} is empty (required)")))
    canonical = value
    if column.type == "date":
        iso = f"regexp_full_match({value}, '\\d{{4}}-\\d{{2}}-\\d{{2}}( 00:00:00)?')"
        parsed = f"(case when {iso} then try_cast(left({value}, 10) as date) end)"
        canonical = f"strftime({parsed}, '%Y-%m-%d')"
        checks.append(
            Check(
                f"{parsed} is null",
                f"{name} not a date",
                _says(name, value, " is not a real date (expected YYYY-MM-DD)"),
            )
        )
        checks.append(
            Check(f"{parsed} > current_date", f"{name} in the future", _says(name, value, " is in the future"))
        )
    elif column.type == "month":
        checks.append(
            Check(
                f"not regexp_full_match({value}, '\\d{{4}}-(0[1-9]|1[0-2])')",
                f"{name} not a month",
                _says(name, value, " is not a month (expected YYYY-MM)"),
            )
        )
    elif column.type in ("number", "integer"):
        number = f"try_cast({value} as double)"
        checks.append(
            Check(
                f"{number} is null or not isfinite({number})",
                f"{name} not a number",
                _says(name, value, " is not a number"),
            )
        )
        if column.type == "integer":
            canonical = f"cast(cast({number} as bigint) as varchar)"
            checks.append(
                Check(
                    f"{number} <> round({number})",
                    f"{name} not a whole number",
                    _says(name, value, " is not a whole number"),
                )
            )
        checks += _number_bounds(column, number, value)
    if column.allowed and column.type == "list":
        items = f"list_filter(string_split({value}, '|'), lambda item: trim(item) <> '')"
        item_canonical = _canonical_code("item", column.allowed)
        canonical = f"array_to_string(list_transform({items}, lambda item: {item_canonical}), '|')"
        checks.append(
            Check(
                f"not list_bool_and(list_transform({items}, lambda item: {item_canonical} is not null))",
                f"{name} unknown code",
                _says(name, value, f" has a code that is not one of {'|'.join(column.allowed)}"),
            )
        )
    elif column.allowed:
        canonical = _canonical_code(value, column.allowed)
        checks.append(
            Check(
                f"{canonical} is null",
                f"{name} unknown code",
                _says(name, value, f" is not one of {', '.join(column.allowed)}"),
            )
        )
    set_aside = None
    if column.npi:
        npi_check = Check(
            f"not {npi_is_valid_sql(value)}",
            f"{name} fails the check digit",
            _says(name, value, " fails the check digit"),
        )
        if column.set_aside:
            set_aside = Check(
                npi_check.bad,
                npi_check.rule,
                npi_check.reason + " || " + _literal(": set aside, identity falls back to email and name"),
            )
        else:
            checks.append(npi_check)
    return canonical, checks, set_aside


def _struct(column: str, check: Check) -> str:
    return f"struct_pack(column_name := {_literal(column)}, rule := {_literal(check.rule)}, reason := {check.reason})"


def checked_select(feed: Feed, mapped: dict[str, str], extra: str, cross_feed: list[tuple[str, Check]]) -> str:
    """SQL creating the checked table from the incoming one: canonical contract columns, `_problem`, `_warning`."""
    mapped_columns = ", ".join(
        f"{mapped.get(c.name, 'cast(null as varchar)')} as {_quoted(c.name)}" for c in feed.columns
    )
    canonical_columns, problems, warnings = [], [], []
    for column in feed.columns:
        canonical, checks, set_aside = column_checks(column)
        canonical_columns.append(
            f"case when {canonical} is not null then {canonical} else {_quoted(column.name)} end"
            f" as {_quoted(column.name)}"
        )
        value = _quoted(column.name)
        for check in checks:
            guard = "" if check.rule.endswith("missing") else f"{value} is not null and "
            problems.append(f"when {guard}({check.bad}) then {_struct(column.name, check)}")
        if set_aside:
            warnings.append(f"when {value} is not null and ({set_aside.bad}) then {_struct(column.name, set_aside)}")
    for column, check in cross_feed:
        problems.append(f"when ({check.bad}) then {_struct(column, check)}")
    problem = f"case {' '.join(problems)} end" if problems else "null"
    warning = f"case {' '.join(warnings)} end" if warnings else "null"
    return f"""
        create or replace temp table {CHECKED} as
        with mapped as (
            select {mapped_columns}, {extra} as _extra, _file, _source_line
            from {INCOMING}
        )
        select {", ".join(canonical_columns)}, _extra, _file, _source_line,
               {problem} as _problem,
               {warning} as _warning
        from mapped
    """


def duplicates_sql(feed: Feed) -> str:
    """SQL creating the duplicates table (file, line, problem) for rows that passed the row checks but repeat
    a key within their file.

    An exact copy of an earlier row is a duplicate of it (the first loads); rows sharing a key with
    different values cannot be told apart, so every one of them is held back. Keys are grouped first, so
    the rows' content is compared only where a key repeats.
    """
    key = ", ".join(_quoted(k) for k in feed.key)
    content = "concat_ws(chr(31), " + ", ".join(f"coalesce({_quoted(c)}, chr(0))" for c in feed.column_names) + ")"
    key_text = " || ', ' || ".join(f"coalesce({_quoted(k)}, '')" for k in feed.key)
    key_names = ", ".join(feed.key)
    return f"""
        create or replace temp table {DUPLICATES} as
        with repeated as (
            select _file, {key} from {CHECKED} where _problem is null
            group by _file, {key} having count(*) > 1
        ),
        copies as (
            select _file, {key}, _source_line, md5({content}) as _content
            from {CHECKED} semi join repeated using (_file, {key})
            where _problem is null
        ),
        keys as (
            select _file, {key}, count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, {key}
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := {_literal(key_names)}, rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := {_literal(key_names)},
                                    rule := 'key repeated with different values',
                                    reason := '{key_names} (' || {key_text} || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, {key})
        where keys.versions > 1 or copies._source_line > keys.first_line
    """
