"""Read the plain data files of `gazetteer/` into validated records.

A broken data file must fail at load with its file, line and field (SPEC §5), whatever is wrong
with it: bytes that are not UTF-8, YAML nested past reason, a key given twice, a date that does
not exist, a number too long to convert. Every such failure is a `DataFileError`; nothing else
escapes. TSV rows keep their line numbers, and YAML values keep the node they came from, so
that a pydantic error on `actors[12].valid_from` names the line of that value.
"""

from __future__ import annotations

import importlib.resources
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, StringConstraints, ValidationError

from sahel_extract import cache
from sahel_extract.errors import DataFileError

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""A rule's or a slot's id in a data file: what the code names it by."""


class IdEntry(BaseModel):
    """An entry of a list of rules or slots, named by its `id` (`id_entries` checks the ids)."""

    id: Ident


E = TypeVar("E", bound=IdEntry)

HEADER_KEYS = frozenset({"source", "licence"})
"""Top-level keys every YAML data file may carry besides its records (README: source and licence)."""

MAX_YAML_DEPTH = 32
"""The data files nest four levels; deeper means a broken or hostile file, and PyYAML's composer
recurses once per level (10,000 levels end in RecursionError)."""

MAX_YAML_NODES = 2_000_000
"""Aliases can make a small file expand into billions of values ("billion laughs")."""


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


NEVER = "(?!)"
"""The pattern of a rule a language's file leaves out: it matches nothing."""


def check_compiles(source: str) -> None:
    """Raise `re.error` if a rule's `source` does not compile (case-insensitively, as the caseless
    rules are). A source that compiled in an earlier run is not compiled again: `CaselessPattern`
    builds its forms lazily, and compiling every rule at start-up would cost a fifth of a second."""
    folder, key = cache.fingerprint("rule-compiles", __file__), cache.digest("compiles", source)
    if cache.load(folder, key) is True:
        return
    re.compile(source, re.IGNORECASE)
    cache.store(folder, key, True)


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# ---------------------------------------------------------------------------------------------
# Text


def read_lines(path: Path) -> list[str]:
    """The file's lines, decoded as UTF-8 (a leading BOM is allowed and dropped).

    Decoding line by line lets an undecodable byte be reported with its line and column.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, None, None, (exc.strerror or str(exc)).lower()) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = []
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            byte = raw[exc.start]
            raise DataFileError(
                path, lineno, None, f"not valid UTF-8 (byte 0x{byte:02x} at column {exc.start + 1}); save the file as UTF-8"
            ) from None
    return lines


# ---------------------------------------------------------------------------------------------
# TSV


def _tsv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    header_line = 0
    for lineno, raw in enumerate(read_lines(path), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header, header_line = [c.strip() for c in cells], lineno
            check_header(path, lineno, header)
            continue
        if len(cells) > len(header):
            raise DataFileError(path, lineno, None, f"{len(cells)} cells but the header (line {header_line}) has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield lineno, dict(zip(header, (c.strip() for c in cells), strict=True))
    if header is None:
        raise DataFileError(path, None, None, "no header line")


def check_header(path: Path, lineno: int, header: list[str]) -> None:
    seen: set[str] = set()
    for column in header:
        if not column:
            raise DataFileError(path, lineno, None, "empty column name in the header")
        if column in seen:
            raise DataFileError(path, lineno, column, "column given twice in the header")
        seen.add(column)


@dataclass(frozen=True, slots=True)
class Row(Generic[T]):
    """A validated record and the line it came from, for errors found after validation."""

    line: int
    record: T


def read_tsv_rows(path: Path, model: type[M]) -> list[Row[M]]:
    """Validate every row of a TSV file against `model`; empty cells count as missing."""
    rows: list[Row[M]] = []
    for lineno, row in _tsv_rows(path):
        values = {k: v for k, v in row.items() if v != ""}
        rows.append(Row(lineno, validate(model, values, path, lineno)))
    return rows


def read_tsv(path: Path, model: type[M]) -> list[M]:
    """`read_tsv_rows` without the line numbers."""
    return [row.record for row in read_tsv_rows(path, model)]


def validate(model: type[M], values: Any, path: Path, line: int | None, node: yaml.Node | None = None) -> M:
    """`model.model_validate(values)`, its first error as a `DataFileError` naming the field.

    With the YAML `node` the values came from, the line is that of the value in error.
    """
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or None
        found = None if node is None else node_at(node, loc)
        where = line if found is None else found.start_mark.line + 1
        raise DataFileError(path, where, field, first["msg"]) from None


# ---------------------------------------------------------------------------------------------
# YAML


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 5x faster


class _DataLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML that leaves dates as text: pydantic parses them, so that `2017-02-31` is a field
    error with its line instead of a ValueError from deep inside PyYAML."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlFile:
    """A loaded YAML data file: its values and the node tree they came from (for line numbers)."""

    path: Path
    data: Any
    node: yaml.Node | None

    def lines_of(self, key: str) -> dict[int, int]:
        return item_lines(self.node, key)

    def items(self, key: str) -> list[tuple[Any, yaml.Node | None]]:
        """The items of the top-level list `key`, each with its node."""
        data = self.data.get(key) if isinstance(self.data, dict) else None
        if not isinstance(data, list):
            raise DataFileError(self.path, 1, key, f"expected a top-level '{key}:' list")
        value = mapping_value(self.node, key)
        nodes: Sequence[yaml.Node | None] = value.value if isinstance(value, yaml.SequenceNode) else []
        return [(item, nodes[i] if i < len(nodes) else None) for i, item in enumerate(data)]


def load_yaml(path: Path) -> YamlFile:
    """Load a YAML data file, refusing what could crash or mislead the loader (see module doc).

    The depth is checked before composing: libyaml's composer recurses in C, where a file
    nested 100,000 deep would overflow the stack instead of raising.
    """
    text = "\n".join(read_lines(path))
    check_yaml_depth(path, text)
    loader = _DataLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_duplicate_keys(path, node)
        data = construct(loader, node, path, Budget())
    except yaml.YAMLError as exc:
        raise DataFileError(path, yaml_line(exc), None, f"invalid YAML: {yaml_problem(exc)}") from None
    finally:
        loader.dispose()
    return YamlFile(path, data, node)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Load a YAML file, keeping its node tree so that errors can name a line."""
    loaded = load_yaml(path)
    return loaded.data, loaded.node


def yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's reason without its multi-line excerpt of the file."""
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        return f"{context}, {problem}" if context else str(problem)
    return str(exc).strip().splitlines()[0]


def check_yaml_depth(path: Path, text: str) -> None:
    """Refuse nesting past `MAX_YAML_DEPTH`, found with the parser's events, which do not recurse."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_DataLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise DataFileError(path, line, None, f"nested more than {MAX_YAML_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in yaml_problem(exc):  # libyaml's own limit, far above ours
            raise DataFileError(path, yaml_line(exc), None, f"nested more than {MAX_YAML_DEPTH} levels deep") from None
        raise DataFileError(path, yaml_line(exc), None, f"invalid YAML: {yaml_problem(exc)}") from None


def check_duplicate_keys(path: Path, root: yaml.Node) -> None:
    """PyYAML keeps the last of two equal keys without a word; a data file must not say a thing twice."""
    stack = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in first:
                        raise DataFileError(path, line, key.value, f"key given twice (first on line {first[key.value]})")
                    first[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


@dataclass
class Budget:
    """What `construct` has built so far, and the collections it is inside (for recursive aliases)."""

    values: int = 0
    inside: set[int] = field(default_factory=set)


def construct(loader: _DataLoader, node: yaml.Node | None, path: Path, budget: Budget) -> Any:
    """Python values of a node tree, scalar by scalar, so that a bad scalar names its line.

    Aliases repeat nodes: a few lines can stand for billions of values, or for a value that
    contains itself. Both are refused with the line where it happens.
    """
    if node is None:
        return None
    line = node.start_mark.line + 1
    budget.values += 1
    if budget.values > MAX_YAML_NODES:
        raise DataFileError(path, line, None, f"more than {MAX_YAML_NODES:,} values (aliases?)")
    if isinstance(node, yaml.ScalarNode):
        return construct_scalar(loader, node, path)
    if id(node) in budget.inside:
        raise DataFileError(path, line, None, "a value that contains itself (recursive alias)")
    budget.inside.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [construct(loader, item, path, budget) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            built = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise DataFileError(path, key.start_mark.line + 1, None, "a key must be a plain value")
                built[construct_scalar(loader, key, path)] = construct(loader, value, path, budget)
            return built
        return loader.construct_object(node, deep=True)
    finally:
        budget.inside.discard(id(node))


def construct_scalar(loader: _DataLoader, node: yaml.ScalarNode, path: Path) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:  # a 5,000-digit integer, say
        raise DataFileError(path, node.start_mark.line + 1, None, f"invalid value: {value_problem(exc)}") from None


def value_problem(exc: Exception) -> str:
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"a number with more than {sys.get_int_max_str_digits()} digits"
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found: yaml.Node = value
                return found
    return None


def node_at(node: yaml.Node, loc: tuple[int | str, ...]) -> yaml.Node | None:
    """The node at a pydantic error location (`('aliases', 'en', 3)`), or the deepest one found.

    A location ending in a key gives that key's node: the line of `valid_from:` for a bad date,
    and of the key itself for one that should not be there.
    """
    found = node
    for depth, part in enumerate(loc, start=1):
        if isinstance(found, yaml.MappingNode):
            pair = next(((k, v) for k, v in found.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if pair is None:
                return found
            found = pair[0] if depth == len(loc) else pair[1]
        elif isinstance(found, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(found.value):
            found = found.value[part]
        else:
            return found
    return found


def item_lines(node: yaml.Node | None, key: str) -> dict[int, int]:
    """Line number of each item of the top-level list `key`, so an error in `actors[12]` names it."""
    value = mapping_value(node, key)
    if not isinstance(value, yaml.SequenceNode):
        return {}
    return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}


def check_top_level(loaded: YamlFile, allowed: frozenset[str]) -> None:
    """A misspelt top-level key ("civillians:") would be data silently ignored."""
    if not isinstance(loaded.node, yaml.MappingNode):
        raise DataFileError(loaded.path, 1, None, "expected 'key: value' lines at the top level")
    for key, _value in loaded.node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise DataFileError(loaded.path, key.start_mark.line + 1, name, f"unknown key (expected one of: {known})")


def id_entries(
    loaded: YamlFile, key: str, path: Path, model: type[E], known: Collection[str], *, noun: str = "id"
) -> Iterator[tuple[E, yaml.Node | None, int | None]]:
    """The entries of the list `key`, each validated as `model`, with its node and line, in the file's
    order; an id given twice, or not one of `known` (an "unknown `noun`"), fails at its entry's line."""
    first: dict[str, int] = {}
    for item, node in loaded.items(key):
        line = None if node is None else node.start_mark.line + 1
        entry = validate(model, item, path, line, node)
        if entry.id in first:
            raise DataFileError(path, line, "id", f"id {entry.id} given twice (first on line {first[entry.id]})")
        if entry.id not in known:
            raise DataFileError(path, line, "id", f"unknown {noun} {entry.id} (expected one of: {', '.join(sorted(known))})")
        first[entry.id] = line or 0
        yield entry, node, line


def yaml_list(path: Path, key: str, model: type[M]) -> list[M]:
    """Validate the list under `key` of a YAML data file, one record per item."""
    return [row.record for row in yaml_rows(path, key, model)]


def yaml_rows(path: Path, key: str, model: type[M]) -> list[Row[M]]:
    """`yaml_list` with each record's line, for checks across records (duplicates)."""
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {key})
    rows = []
    for item, node in loaded.items(key):
        line = None if node is None else node.start_mark.line + 1
        rows.append(Row(line or 0, validate(model, item, path, line, node)))
    return rows
