"""Crash-safe output with `--resume`.

`-o out.jsonl` is written as `out.jsonl.partial`, with a manifest `out.jsonl.partial.done` that
records each finished article's key (doc_id + sha1 of its text) and the byte length of the partial
file after its events, once those bytes are durable (in batches, every `COMMIT_SECONDS`, and
when the run ends or stops); its first line records the settings
that shape the events (`--lang`, `--min-confidence`, …), so that `--resume` with other settings
is refused instead of silently mixing two kinds of output. Only a finished run renames the partial
file onto `out.jsonl` (and its manifest onto `out.jsonl.done`), so an interrupted run leaves
`out.jsonl` untouched. `--resume` continues a partial file from its last complete article (or
extends a finished `out.jsonl` with the articles its manifest lacks).

The partial files are opened without following symbolic links: a link planted under their name
must not lead the run to overwrite its target. Every failure to write (a full disk, a missing
folder) is an `OutputError` naming the file.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sahel_extract.errors import OutputError
from sahel_extract.models import Article

T = TypeVar("T")

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_EXISTING_FILE = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
SETTINGS_PREFIX = "#settings "
"""The manifest's first line: `#settings {"--lang": "auto", …}` (no tab, so never read as a key)."""
COMMIT_SECONDS = 0.5
"""How often the manifest catches up with the output. Each catch-up first makes the output durable
(fsync), a disk flush that cost a third of a millisecond per article on an SSD when it ran after
every article (more than extracting an ACLED note takes); an article finished since the last
catch-up is extracted again by a `--resume` after a crash, and never lost or doubled."""


def article_key(article: Article, doc_id: str) -> str:
    return f"{doc_id}:{hashlib.sha1(article.text.encode('utf-8')).hexdigest()}"


def os_reason(exc: OSError) -> str:
    """The OS's words ('no space left on device'), in the lower case of the other reasons."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link (not followed)"
    return (exc.strerror or str(exc)).lower()


class OutputStream(io.TextIOWrapper):
    """A UTF-8 text file whose write failures are `OutputError`s naming it, not bare `OSError`s.

    A full disk shows up in whichever write or flush meets it; the caller sees one typed error
    with the file's name and the OS's reason, which the CLI prints as one line.
    """

    def __init__(self, fd: int, path: Path | str, newline: str = "\n") -> None:
        super().__init__(io.BufferedWriter(io.FileIO(fd, "w")), encoding="utf-8", newline=newline)
        self.path = str(path)
        self.offset = os.lseek(fd, 0, os.SEEK_CUR)
        """The file's length once everything written so far reaches it: `tell()` without its
        flush, which cost more than writing the article's events (counted, as no newline is
        translated: `newline` is "\n" or "")."""

    def write(self, text: str) -> int:
        try:
            written = super().write(text)
        except OSError as exc:
            raise OutputError(self.path, os_reason(exc)) from exc
        self.offset += len(text) if text.isascii() else len(text.encode("utf-8"))
        return written

    def seek(self, cookie: int, whence: int = os.SEEK_SET) -> int:
        self.offset = super().seek(cookie, whence)
        return self.offset

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise OutputError(self.path, os_reason(exc)) from exc

    def sync(self) -> None:
        """Flush, then make the bytes durable: the manifest must never get ahead of the data."""
        self.flush()
        try:
            os.fsync(self.fileno())
        except OSError as exc:
            raise OutputError(self.path, os_reason(exc)) from exc


def check_target(target: Path) -> None:
    """Refuse, before any work, an output that could only fail at the end (SPEC §5: fail early)."""
    if target.is_dir():
        raise OutputError(str(target), "is a folder (give a file name)")
    if not target.parent.is_dir():
        raise OutputError(str(target), f"folder {target.parent} does not exist")


def create_new(path: Path, mode: int = 0o666) -> int:
    """A new, empty file at `path` (descriptor), whatever was there: a file, or a link, is removed.

    Removing a symbolic link removes the link, never its target; `O_EXCL | O_NOFOLLOW` then
    refuses anything planted at the name in between.
    """
    try:
        if path.is_symlink() or path.exists():
            path.unlink()
        return os.open(path, _NEW_FILE, mode)
    except OSError as exc:
        raise OutputError(str(path), os_reason(exc)) from exc


def copy_to_new(source: Path, destination: Path) -> int:
    """A copy of a finished file to continue from, written into a new file (see `create_new`)."""
    fd = create_new(destination)
    try:
        with source.open("rb") as handle, os.fdopen(os.dup(fd), "wb") as out:
            shutil.copyfileobj(handle, out)
    except OSError as exc:
        os.close(fd)
        raise OutputError(str(destination), os_reason(exc)) from exc
    return fd


def open_existing(path: Path) -> int:
    """An existing regular file, read-write, refusing a symbolic link."""
    try:
        return os.open(path, _EXISTING_FILE)
    except OSError as exc:
        raise OutputError(str(path), os_reason(exc)) from exc


@dataclass
class ResumableOutput:
    """The partial file, its manifest, and the keys of the articles already written.

    `written` counts each key as often as the manifest lists it: an input may hold the same
    article twice, and each copy's events are written, so a resumed run skips as many copies
    as were written, no more.
    """

    target: Path
    settings: dict[str, str] = field(default_factory=dict)
    written: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    _recorded: dict[str, str] | None = None
    _out: OutputStream | None = None
    _manifest: OutputStream | None = None
    _unrecorded: list[str] = field(default_factory=list)
    _due: float = 0.0

    @property
    def partial(self) -> Path:
        return self.target.with_name(self.target.name + ".partial")

    @property
    def partial_manifest(self) -> Path:
        return self.target.with_name(self.target.name + ".partial.done")

    @property
    def manifest(self) -> Path:
        return self.target.with_name(self.target.name + ".done")

    def open(self, resume: bool) -> OutputStream:
        check_target(self.target)
        if resume and self.partial.exists() and self.partial_manifest.exists():
            length = self._read_manifest(self.partial_manifest)
            self._check_settings()
            out_fd = open_existing(self.partial)
            self._manifest = OutputStream(open_existing(self.partial_manifest), self.partial_manifest)
            os.ftruncate(out_fd, length)  # drop the events of an article cut off mid-write
        elif resume and self.target.exists() and self.manifest.exists():
            self._read_manifest(self.manifest)
            self._check_settings()
            out_fd = copy_to_new(self.target, self.partial)
            self._manifest = OutputStream(copy_to_new(self.manifest, self.partial_manifest), self.partial_manifest)
        elif resume and self.target.exists():
            raise OutputError(str(self.target), f"cannot resume, no manifest {self.manifest.name} beside it")
        else:
            out_fd = create_new(self.partial)
            self._manifest = OutputStream(create_new(self.partial_manifest), self.partial_manifest)
            self._manifest.write(SETTINGS_PREFIX + json.dumps(self.settings, sort_keys=True) + "\n")
        os.lseek(out_fd, 0, os.SEEK_END)
        self._manifest.seek(0, os.SEEK_END)
        self._out = OutputStream(out_fd, self.partial)
        return self._out

    def _read_manifest(self, path: Path) -> int:
        """Count the manifest's keys; the partial file's length after its last complete article."""
        length = 0
        try:
            with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as handle:
                lines = handle.read().decode("utf-8", "replace").splitlines()
        except OSError as exc:
            raise OutputError(str(path), os_reason(exc)) from exc
        for line in lines:
            if line.startswith(SETTINGS_PREFIX) and self._recorded is None:
                self._recorded = _settings_of(line[len(SETTINGS_PREFIX):])
                continue
            parts = line.rsplit("\t", 1)
            if len(parts) == 2 and parts[1].isdigit():
                self.written[parts[0]] += 1
                length = int(parts[1])
        return length

    def _check_settings(self) -> None:
        """Refuse to continue output written with other settings (a manifest without any is older: trusted)."""
        if self._recorded is None:
            return
        changed = [
            f"{name} {self._recorded.get(name, '(unset)')} (now {self.settings.get(name, '(unset)')})"
            for name in sorted(set(self._recorded) | set(self.settings))
            if self._recorded.get(name) != self.settings.get(name)
        ]
        if changed:
            raise OutputError(
                str(self.target),
                f"cannot resume: written with {', '.join(changed)}; "
                "resume with those settings, or run without --resume to start over",
            )

    def pending(self, items: Iterable[T], key_of: Callable[[T], str | None]) -> Iterator[T]:
        """`items` without the articles already written, judged by the manifest as it was at `open`.

        Articles are read ahead of the ones being written (a pool of workers has dozens in
        flight), so what this run writes must never count: that would drop an article that
        merely repeats an earlier one of the same input.
        """
        if not self.written:  # a fresh run: nothing to skip, no key to compute
            yield from items
            return
        left = self.written.copy()
        for item in items:
            key = key_of(item)
            if key is not None and left[key] > 0:
                left[key] -= 1
                self.skipped += 1
                continue
            yield item

    def mark_done(self, key: str) -> None:
        """Record one finished article, its events written; the manifest gets it at the next catch-up."""
        assert self._out is not None
        self._unrecorded.append(f"{key}\t{self._out.offset}\n")
        if time.monotonic() >= self._due:
            self._record()

    def _record(self) -> None:
        """The manifest catches up: the output is made durable first, so it never gets ahead of the data."""
        assert self._out is not None and self._manifest is not None
        self._due = time.monotonic() + COMMIT_SECONDS
        if not self._unrecorded:
            return
        self._out.sync()
        self._manifest.write("".join(self._unrecorded))
        self._manifest.flush()
        self._unrecorded.clear()

    def finish(self) -> None:
        assert self._out is not None and self._manifest is not None
        self._record()
        self._out.sync()
        self._out.close()
        self._manifest.close()
        try:
            os.replace(self.partial, self.target)
            os.replace(self.partial_manifest, self.manifest)
        except OSError as exc:
            raise OutputError(str(self.target), os_reason(exc)) from exc

    def abandon(self) -> None:
        """Leave the partial file and manifest for a later `--resume`; the target is untouched.

        The articles finished since the last catch-up are recorded first, when the output can still
        be made durable (not when writing it is what failed)."""
        if self._out is not None and self._manifest is not None and not self._out.closed and not self._manifest.closed:
            try:
                self._record()
            except (OutputError, ValueError):
                pass  # the error that made us abandon is the one to report
        for handle in (self._out, self._manifest):
            if handle is not None and not handle.closed:
                try:
                    handle.close()
                except OutputError:
                    pass  # the error that made us abandon is the one to report


def _settings_of(text: str) -> dict[str, str]:
    """The recorded settings; an unreadable line counts as none recorded (`{}`), which then differs."""
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(key): str(value) for key, value in found.items()}
