"""Per-article limits that hold on every engine: a guard in front of the tokenizer, and a time limit.

Both run inside `Extractor`, so the local run, its worker processes, Dask workers and Spark tasks
all get them from the same code.

Why the guard. spaCy's tokenizer strips prefixes and suffixes one at a time, and each step
searches the whole rest of the chunk (a run of characters without whitespace): a chunk of n
affix characters (`$$$…`, `&&&…`, `'''…`, `((((…`, `x's's's…`) costs O(n²). 20,000 `$` took
83 s, the 200,000-character article limit would take hours, and the time limit cannot stop it,
because the tokenizer is C code that never returns to the interpreter. News text has no such
chunks (the longest in the shared corpora are URLs of about 130 characters), so long chunks are
tokenized in short pieces and the cost becomes linear, while real text is tokenized exactly as
before.
"""

from __future__ import annotations

import _signal  # getsignal without the enum conversion of `signal.getsignal` (3 us a call)
import contextlib
import ctypes
import re
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported where it is used, so that the CLI can read the defaults cheaply
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

DEFAULT_MAX_CHARS = 200_000
"""Longer articles are truncated (with a warning): four times the longest news article seen."""

DEFAULT_TIMEOUT = 30.0
"""Seconds per article. News takes tens of milliseconds and the largest article allowed about one
second; a limit on by default keeps one hostile input from holding a batch for hours."""

MAX_TIMEOUT = 1_000_000.0
"""The largest limit a timer can be set to everywhere (`inf` overflows `setitimer`)."""

MAX_WHOLE_CHUNK = 32
"""Chunks up to this many characters go to the tokenizer as they are (all but a handful of words)."""

MAX_WORD_CHUNK = 64
"""A longer chunk up to this length is tokenized whole when it has few affixes at its ends…"""

MAX_URL_CHUNK = 2048
"""…and so is a URL up to this length (as browsers cap them)."""

MAX_AFFIXES = 8
"""'Few affixes': the tokenizer would strip no more than this many from the chunk's ends."""

PIECE_CHARS = 32
"""Other long chunks are tokenized in pieces of at most this many characters."""

_AFFIX_WINDOW = 16
"""Prefix and suffix rules look at a few characters; searching more of a chunk is the quadratic part."""

_LONG_CHUNK = re.compile(rf"\S{{{MAX_WHOLE_CHUNK + 1},}}")
_SPACES = re.compile(r"\s+")
_CUT_AFTER = re.compile(r"\W")


class ArticleTimeoutError(Exception):
    """Raised inside an article's processing when it exceeds the per-article time limit."""


# ---------------------------------------------------------------------------------------------
# The tokenizer guard


def make_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, in linear time whatever the text; `doc.text == text` always.

    Text without a chunk over `MAX_WHOLE_CHUNK` characters (all real news) goes to the tokenizer
    in one call, unchanged. Otherwise the text is cut into segments, each long chunk into pieces
    (see `chunk_pieces`), and the segments' docs are joined: tokens never cross a cut, and
    every offset stays the same.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer) or _LONG_CHUNK.search(text) is None:
        return nlp.make_doc(text)
    return Doc.from_docs([nlp.make_doc(segment) for segment in segments(text, tokenizer)], ensure_whitespace=False)


def segments(text: str, tokenizer: Tokenizer) -> Iterator[str]:
    """The text between long chunks as it is, and each long chunk in pieces.

    Whitespace after a chunk stays with its last piece, so that it becomes that token's trailing
    space, as in one-call tokenization, rather than a leading space token of the next segment.
    """
    at = 0
    for match in _LONG_CHUNK.finditer(text):
        if match.start() > at:
            yield text[at : match.start()]
        pieces = chunk_pieces(match.group(), tokenizer)
        spaces = _SPACES.match(text, match.end())
        space_end = match.end() if spaces is None else spaces.end()
        pieces[-1] += text[match.end() : space_end]
        yield from pieces
        at = space_end
    if at < len(text):
        yield text[at:]


def chunk_pieces(chunk: str, tokenizer: Tokenizer) -> list[str]:
    """A long chunk whole when the tokenizer handles it quickly (see `is_whole`), else short pieces.

    Pieces are cut after punctuation where the last half of a piece has some, so that words of
    real text run together without spaces ("word,word,word…") mostly stay whole.
    """
    if is_whole(chunk, tokenizer):
        return [chunk]
    pieces = []
    at = 0
    while len(chunk) - at > PIECE_CHARS:
        half = at + PIECE_CHARS // 2
        window = chunk[half : at + PIECE_CHARS]
        cuts = [match.end() for match in _CUT_AFTER.finditer(window)]
        cut = half + cuts[-1] if cuts else at + PIECE_CHARS
        pieces.append(chunk[at:cut])
        at = cut
    pieces.append(chunk[at:])
    return pieces


def is_whole(chunk: str, tokenizer: Tokenizer) -> bool:
    """A word-length chunk or a URL, from whose ends the tokenizer would strip few affixes.

    Each affix costs one search of the rest of the chunk, so a few of them cost little. A URL cut
    into pieces would turn its path ("8-soldiers-died") into words the casualty rules read.
    """
    if len(chunk) > MAX_URL_CHUNK or affixes_at_ends(chunk, tokenizer, MAX_AFFIXES + 1) > MAX_AFFIXES:
        return False
    if len(chunk) <= MAX_WORD_CHUNK:
        return True
    found = None if tokenizer.url_match is None else tokenizer.url_match(chunk)
    return found is not None and found.end() == len(chunk)


def affixes_at_ends(chunk: str, tokenizer: Tokenizer, limit: int) -> int:
    """How many prefixes and suffixes the tokenizer's rules strip from the chunk, counted up to `limit`.

    The searches run on a window at each end, as the rules need, not on the whole rest of the
    chunk as the tokenizer's own do (which is what makes those quadratic).
    """
    start, end, count = 0, len(chunk), 0
    while count < limit and start < end:
        prefix = tokenizer.prefix_search(chunk[start : min(end, start + _AFFIX_WINDOW)]) if tokenizer.prefix_search else None
        if prefix is not None and prefix.end() > 0:
            start += prefix.end()
            count += 1
            continue
        window_start = max(start, end - _AFFIX_WINDOW)
        suffix = tokenizer.suffix_search(chunk[window_start:end]) if tokenizer.suffix_search else None
        if suffix is None or suffix.end() == suffix.start():
            break
        end = window_start + suffix.start()
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# The time limit


def time_limit(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Raise `ArticleTimeoutError` in this thread once `seconds` have passed (0: no limit).

    In the main thread a SIGALRM timer raises it; elsewhere (Dask runs tasks in worker threads,
    where Python delivers no signal) a timer thread raises it with `PyThreadState_SetAsyncExc`.
    Either way it arrives between two bytecodes: pure-Python stages stop at once, one long C
    call finishes first. That is why the tokenizer guard above matters: with it, no C call of
    the pipeline grows faster than its input.
    """
    if seconds <= 0:
        return contextlib.nullcontext()
    if threading.current_thread() is threading.main_thread() and _signal.getsignal(signal.SIGALRM) is _raise_timeout:
        return _Timer(seconds)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _alarm(seconds)
    return _thread_alarm(seconds)


class _Timer:
    """The timer alone, for a run whose handler is in place (`kept_alarm_handler`): every article
    of a local run takes this way, and a class's `__enter__`/`__exit__` cost half of what a
    generator-based context manager's machinery does around the two `setitimer` calls."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc_info: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _raise_timeout(signum: int, frame: object) -> None:
    raise ArticleTimeoutError()


@contextlib.contextmanager
def kept_alarm_handler() -> Iterator[None]:
    """Install `time_limit`'s SIGALRM handler once for a run of many articles, not once each.

    Swapping the handler in and out around every article cost more than a short note's reading;
    while the handler is in place, each article only sets and clears the timer. Outside the main
    thread, or when the handler is already in place, it does nothing.
    """
    previous = install_alarm_handler()
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)


def install_alarm_handler() -> Any:
    """Install `time_limit`'s SIGALRM handler and give the one it replaced; None (nothing done)
    outside the main thread, without a timer, or when it is in place already. A worker process,
    which only runs articles, keeps it for its life."""
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
        or _signal.getsignal(signal.SIGALRM) is _raise_timeout
    ):
        return None
    return signal.signal(signal.SIGALRM, _raise_timeout)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    thread_id = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"finished": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["finished"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.py_object(ArticleTimeoutError))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    swallowed = False
    try:
        yield
    finally:
        with lock:
            state["finished"] = True
            timer.cancel()
            if state["fired"]:  # not raised yet, or raised where it was swallowed: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, None)
                swallowed = True
    if swallowed:
        # the block ended normally although the limit passed: the exception landed in code that
        # swallows exceptions (a garbage-collector callback of Dask's worker); the limit still holds
        raise ArticleTimeoutError


def _drop_swallowed_timeouts(unraisable: Any) -> None:
    """An ArticleTimeoutError swallowed by a callback is re-raised by `_thread_alarm`: no stderr noise."""
    if not isinstance(unraisable.exc_value, ArticleTimeoutError):
        _PREVIOUS_HOOK(unraisable)


_PREVIOUS_HOOK = sys.unraisablehook
sys.unraisablehook = _drop_swallowed_timeouts
