"""An on-disk cache of what start-up builds from fixed inputs: compiled rules and phrase tables.

Building the pipeline tokenised some 18,000 gazetteer and actor phrases, and the first article
parsed, factored and compiled every case-insensitive rule it needed: together most of the time
a one-sentence run took. Both results depend only on their inputs (the phrases, the rule's text)
and on the code and versions that built them, so they are kept in a user cache folder and read
back by the next run.

- Entries are `marshal` data (lists, tuples, dicts, strings, numbers): loading one never runs
  code, unlike a pickle.
- Every entry lives in a folder named by a fingerprint of what built it: this package's version,
  the source of the modules that compute it, Python's version (compiled regex code is specific
  to it) and spaCy's. A change to any of them reads from a new folder; an entry's own key
  is a hash of its inputs, so an edited data file gets new entries too.
- Writes go to a temporary file renamed into place: concurrent runs (worker processes, two
  terminals) never see half an entry. An entry that cannot be read or written is built as if
  the cache were empty, and the run goes on: the cache can only make a run faster.

`SAHEL_EXTRACT_CACHE=0` turns it off; `SAHEL_EXTRACT_CACHE=DIR` puts it in DIR instead of the
user cache folder (`$XDG_CACHE_HOME/sahel-extract`, `~/.cache/sahel-extract`,
`~/Library/Caches/sahel-extract` on macOS, `%LOCALAPPDATA%\\sahel-extract\\Cache` on Windows).
Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sahel_extract import __version__

ENV = "SAHEL_EXTRACT_CACHE"
OFF = frozenset({"0", "off", "false", "no"})


def cache_dir() -> Path | None:
    """Where entries go, or None when `SAHEL_EXTRACT_CACHE` turns the cache off."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in OFF:
        return None
    if setting and setting != "1":
        return Path(setting).expanduser()
    return _user_cache_dir("sahel-extract")


def _user_cache_dir(app: str) -> Path:
    """The platform's per-user cache folder for `app`, as platformdirs' `user_cache_dir` gives it."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / app / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / app
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / app  # a relative one is invalid (XDG)


def digest(*parts: str | bytes) -> str:
    """A short hash of `parts`, each delimited so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def fingerprint(kind: str, *modules: str, versions: tuple[str, ...] = ()) -> str:
    """The folder name for entries of `kind` built by the code of `modules` (file paths).

    The modules' source is hashed, not only the package version: an editable install keeps its
    version number while its code changes. `versions` are those of other libraries the entries
    depend on (spaCy's tokenizer for phrase tables); Python's is always included.
    """
    parts: list[str | bytes] = [kind, __version__, sys.version, *versions]
    for module in modules:
        try:
            parts.append(Path(module).read_bytes())
        except OSError:
            parts.append(module)  # no source (a frozen build): the version stands for it
    return f"{kind}-{digest(*parts)}"


def load(folder: str, key: str) -> Any:
    """The entry stored under `key` in `folder` (a `fingerprint`), or None if absent or unreadable."""
    root = cache_dir()
    if root is None:
        return None
    try:
        data = (root / folder / f"{key}.marshal").read_bytes()
        return marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def store(folder: str, key: str, value: Any) -> None:
    """Write an entry (marshal-able data only), atomically; a failure to write is ignored."""
    root = cache_dir()
    if root is None:
        return
    target = root / folder
    try:
        data = marshal.dumps(value)
        if not target.is_dir():
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.mkdir(exist_ok=True, mode=0o700)
            _prune(root, folder)
        handle, temporary = tempfile.mkstemp(dir=target, prefix=f".{key}.", suffix=".tmp")
    except (OSError, ValueError):  # read-only home, no space, or a value marshal cannot write
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target / f"{key}.marshal")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


STALE_DAYS = 30
"""A folder of entries of the same kind but another version or code, untouched this long, goes."""


def _prune(root: Path, folder: str) -> None:
    """Remove stale folders of `folder`'s kind, when a new one is started (an upgrade, an edit).

    A folder's time is that of its last new entry: another installed version that only reads
    its folder may lose it, and then builds it again, once.
    """
    kind = folder.rsplit("-", 1)[0]
    cutoff = time.time() - STALE_DAYS * 86_400
    for other in root.glob(f"{kind}-*"):
        with contextlib.suppress(OSError):
            if other.name != folder and other.is_dir() and other.stat().st_mtime < cutoff:
                shutil.rmtree(other, ignore_errors=True)
