"""Read the plain data files of `gazetteer/` into validated records.

A broken row must fail at load with its file, line and field (SPEC §5), so the TSV reader
tracks line numbers and turns pydantic's first error into a `DataFileError`.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sahel_extract.errors import DataFileError

M = TypeVar("M", bound=BaseModel)


def default_data_dir() -> Path:
    """The gazetteer folder shipped in the wheel, or the checkout's one when run from source.

    The wheel force-includes `gazetteer/` as `sahel_extract/gazetteer`; an editable or
    source-tree run has it beside the package instead.
    """
    packaged = Path(str(importlib.resources.files("sahel_extract"))) / "gazetteer"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "gazetteer"


def data_file(data_dir: Path, name: str) -> Path:
    """`name` in a gazetteer folder, or the installed one when the folder has none.

    A folder such as `gazetteer build` writes holds only place tables; its actor table and
    trigger lexicons are then the installed ones, so that an upgrade reaches it. A folder with a
    `triggers/` directory of its own uses its own lexicons only.
    """
    own = data_dir / name
    if own.exists() or (data_dir / name.split("/")[0]).is_dir():
        return own
    return default_data_dir() / name


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _tsv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, exc.strerror or str(exc)) from exc
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if len(cells) > len(header):
                raise DataFileError(
                    path, lineno, None, f"{len(cells)} cells but the header has {len(header)}"
                )
            cells += [""] * (len(header) - len(cells))
            yield lineno, dict(zip(header, (c.strip() for c in cells), strict=True))
    if header is None:
        raise DataFileError(path, None, None, "no header line")


def read_tsv(path: Path, model: type[M]) -> list[M]:
    """Validate every row of a TSV file against `model`; empty cells count as missing."""
    records: list[M] = []
    for lineno, row in _tsv_rows(path):
        values = {k: v for k, v in row.items() if v != ""}
        records.append(validate(model, values, path, lineno))
    return records


def validate(model: type[M], values: dict[str, Any], path: Path, line: int | None) -> M:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise DataFileError(path, line, field, first["msg"]) from None


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Load a YAML file, keeping its node tree so that errors can name a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, exc.strerror or str(exc)) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(path, line, None, f"invalid YAML: {exc}") from None
    return data, node


def item_lines(node: yaml.Node | None, key: str) -> dict[int, int]:
    """Line number of each item of the top-level list `key`, so an error in `actors[12]` names it."""
    lines: dict[int, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key and isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    lines[i] = item.start_mark.line + 1
    return lines


def yaml_list(path: Path, key: str, model: type[M]) -> list[M]:
    """Validate the list under `key` of a YAML data file, one record per item."""
    data, node = read_yaml(path)
    lines = item_lines(node, key)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise DataFileError(path, 1, key, f"expected a top-level '{key}:' list")
    return [validate(model, item, path, lines.get(i)) for i, item in enumerate(data[key])]
