"""Quoting for the SQL the package writes itself: one helper for literals, one for identifiers."""

from __future__ import annotations

from pathlib import Path


def quote_literal(value: str | Path) -> str:
    """A SQL string literal: 'O''Brien' for O'Brien, a path with a quote in it included."""
    return "'" + str(value).replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    """A SQL identifier, double-quoted: any header a delivery carries becomes a safe column name."""
    return '"' + name.replace('"', '""') + '"'
