"""Typed exceptions. The library raises these; only the CLI turns them into exit codes and lines."""

from __future__ import annotations

from pathlib import Path


class SahelExtractError(Exception):
    """Base class of every error the library raises on purpose."""


class DataFileError(SahelExtractError):
    """A gazetteer, actor or lexicon file is malformed: names the file, the line and the field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.reason = reason
        where = self.path
        if line is not None:
            where += f":{line}"
        if field:
            where += f": field '{field}'"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, int | None, str | None, str]]:
        return (type(self), (self.path, self.line, self.field, self.reason))  # crosses process boundaries


class InputError(SahelExtractError):
    """One input (file, JSONL line, stdin) could not be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.source, self.reason))


class EventFileError(SahelExtractError):
    """An event or gold file given to diff / evaluate / summary is not what it should be."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, int | None, str]]:
        return (type(self), (self.path, self.line, self.reason))


class OutputError(SahelExtractError):
    """An output file cannot be written: a missing folder, a folder in its place, a full disk."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.path, self.reason))


class MissingExtraError(SahelExtractError):
    """A feature needs an optional dependency that is not installed: says which extra brings it."""

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature = feature
        self.package = package
        self.extra = extra
        super().__init__(f'{feature} needs {package}: pip install "sahel-extract[{extra}]"')

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        return (type(self), (self.feature, self.package, self.extra))
