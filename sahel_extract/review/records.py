"""Line-numbered reading of the JSON Lines files the review tools compare.

Event files and gold files are edited by hand and concatenated by shell scripts, so a bad line
is expected input, not a bug: every problem becomes an `EventFileError` naming the file and the
line, which the CLI prints as one `Error: …` line instead of a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from sahel_extract.errors import EventFileError

PathLike = str | os.PathLike[str]


class RecordError(ValueError):
    """A field of one record is malformed; the reader adds the path and the line number."""


def iter_objects(path: PathLike) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, JSON object) for every non-blank line, streaming; '-' reads stdin."""
    name = os.fspath(path)
    if name == "-":
        yield from _parse_lines(name, sys.stdin.buffer)
        return
    try:
        with open(name, "rb") as handle:
            yield from _parse_lines(name, handle)
    except OSError as exc:
        raise EventFileError(name, None, exc.strerror or str(exc)) from exc


def _parse_lines(name: str, lines: Iterable[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse bytes, not text: one decode per line, and bad UTF-8 is reported with its line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except UnicodeDecodeError as exc:
            raise EventFileError(name, number, "not valid UTF-8") from exc
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise EventFileError(name, number, reason) from exc
        if not isinstance(obj, dict):
            raise EventFileError(name, number, "expected a JSON object")
        yield number, obj


def get_str(obj: dict[str, Any], key: str) -> str | None:
    """A string field (None when absent or null); anything else is a RecordError."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise RecordError(f"'{key}' must be a string, not {type(value).__name__}")


def require_str(obj: dict[str, Any], key: str) -> str:
    """A string field that must be present and non-null."""
    value = get_str(obj, key)
    if value is None:
        raise RecordError(f"missing '{key}'")
    return value


def get_number(obj: dict[str, Any], key: str) -> int | float | None:
    """A JSON number (None when absent or null); booleans are rejected though Python allows them."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"'{key}' must be a number, not {type(value).__name__}")
    return value


def get_object(obj: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"'{key}' must be an object, not {type(value).__name__}")
    return value


def get_objects(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A list of objects (empty when absent or null)."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"'{key}' must be a list of objects")
    return value


def get_strings(obj: dict[str, Any], key: str) -> list[str]:
    """A list of strings (empty when absent or null)."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"'{key}' must be a list of strings")
    return value
