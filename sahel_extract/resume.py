"""Crash-safe output with `--resume`.

`-o out.jsonl` is written as `out.jsonl.partial`, with a manifest `out.jsonl.partial.done` that
records, after each article's events are flushed, the article's key (doc_id + sha1 of its text)
and the byte length of the partial file at that point. Only a finished run renames the partial
file onto `out.jsonl` (and its manifest onto `out.jsonl.done`), so an interrupted run leaves
`out.jsonl` untouched. `--resume` continues a partial file from its last complete article (or
extends a finished `out.jsonl` with the articles its manifest lacks).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sahel_extract.errors import SahelExtractError
from sahel_extract.models import Article


def article_key(article: Article, doc_id: str) -> str:
    return f"{doc_id}:{hashlib.sha1(article.text.encode('utf-8')).hexdigest()}"


@dataclass
class ResumableOutput:
    """The partial file, its manifest, and the keys of the articles already in it."""

    target: Path
    done: set[str] = field(default_factory=set)
    _out: TextIO | None = None
    _manifest: TextIO | None = None

    @property
    def partial(self) -> Path:
        return self.target.with_name(self.target.name + ".partial")

    @property
    def partial_manifest(self) -> Path:
        return self.target.with_name(self.target.name + ".partial.done")

    @property
    def manifest(self) -> Path:
        return self.target.with_name(self.target.name + ".done")

    def open(self, resume: bool) -> TextIO:
        if resume and self.partial.exists() and self.partial_manifest.exists():
            length = self._read_manifest(self.partial_manifest)
            with self.partial.open("r+b") as handle:
                handle.truncate(length)  # drop the events of an article cut off mid-write
        elif resume and self.target.exists() and self.manifest.exists():
            self._read_manifest(self.manifest)
            shutil.copyfile(self.target, self.partial)
            shutil.copyfile(self.manifest, self.partial_manifest)
        elif resume and self.target.exists():
            raise SahelExtractError(f"{self.target}: cannot resume, no manifest {self.manifest.name} beside it")
        else:
            self.partial.write_bytes(b"")
            self.partial_manifest.write_bytes(b"")
        self._out = self.partial.open("a", encoding="utf-8", newline="\n")
        self._manifest = self.partial_manifest.open("a", encoding="utf-8", newline="\n")
        return self._out

    def _read_manifest(self, path: Path) -> int:
        length = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.rsplit("\t", 1)
            if len(parts) == 2 and parts[1].isdigit():
                self.done.add(parts[0])
                length = int(parts[1])
        return length

    def mark_done(self, key: str) -> None:
        """Record one finished article once its events are on disk."""
        assert self._out is not None and self._manifest is not None
        self._out.flush()
        os.fsync(self._out.fileno())
        self._manifest.write(f"{key}\t{self._out.tell()}\n")
        self._manifest.flush()
        self.done.add(key)

    def finish(self) -> None:
        assert self._out is not None and self._manifest is not None
        self._out.close()
        self._manifest.close()
        os.replace(self.partial, self.target)
        os.replace(self.partial_manifest, self.manifest)

    def abandon(self) -> None:
        """Leave the partial file and manifest for a later `--resume`; the target is untouched."""
        for handle in (self._out, self._manifest):
            if handle is not None and not handle.closed:
                handle.close()
