"""A pool of worker processes that Ctrl-C stops at once, with results in input order.

`multiprocessing.Pool` hung on about one interrupt in seven: its `__exit__` terminates the
workers and then joins its result-handler thread, which could be blocked for ever reading a
message a killed worker never finished. It also needs every worker to have set SIGINT aside
before the interrupt comes, or each prints a traceback. This pool has no thread in the parent:
the parent talks to each worker over its own pipe and waits on all of them with
`multiprocessing.connection.wait`, so stopping is killing processes, which cannot block.

- Workers are started with SIGINT blocked (the mask is inherited across `fork` and `exec`)
  and ignore it before unblocking it, so a Ctrl-C, which the terminal sends to the whole
  process group, reaches only the parent; no window exists in which a worker could take it,
  and none in which the parent could lose it.
- Items go out in chunks, at most two per worker: the next is ready when it finishes one, and
  results waiting for an earlier chunk stay few, so memory is flat however long the input.
- A worker that dies (killed by the OOM killer, a crash in C) costs only the item it was on,
  whose result is `lost(item, reason)`; a new worker takes its place and its other items.
- When the consumer stops (the end, an exception, an interrupt, `close()` of the generator) the
  workers still running are terminated, then killed if they have not exited within a second.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

STOP_GRACE = 1.0
"""Seconds a terminated worker gets to exit before it is killed."""

CHUNKS_PER_WORKER = 2
"""Chunks sent ahead to each worker: one it works on, one it takes as soon as it is done."""


@dataclass
class _Chunk(Generic[T]):
    """Items sent to a worker under one number, and how many of their results came back."""

    number: int
    items: list[T]
    answered: int = 0


@dataclass
class _Worker(Generic[T]):
    """One process, the parent's ends of its two pipes, and the chunks it holds, oldest first."""

    process: BaseProcess
    tasks: Connection
    results: Connection
    chunks: list[_Chunk[T]] = field(default_factory=list)

    def give(self, chunk: _Chunk[T]) -> None:
        self.chunks.append(chunk)
        with contextlib.suppress(OSError):  # a dead worker: its result pipe says so when read
            self.tasks.send((chunk.number, chunk.items))


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    lost: Callable[[T, str], R],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    context: BaseContext | None = None,
    chunksize: int = 16,
) -> Iterator[R]:
    """`func(item)` for every item, computed in `jobs` worker processes, yielded in input order.

    `func` and `initializer` must be importable module-level functions when the context spawns.
    The input is read lazily, a few chunks ahead of the results. A worker that dies costs the
    item it was working on, whose result is `lost(item, reason)`; its other items go to the
    worker started in its place.
    """
    ctx = context or multiprocessing.get_context()
    chunks = _chunks(items, chunksize)
    workers: list[_Worker[T]] = []
    sizes: dict[int, int] = {}
    collected: dict[int, list[R]] = {}
    next_out = 0
    exhausted = False
    wakeup = _Wakeup()
    try:
        for _ in range(max(1, jobs)):
            with _sigint_held():  # a Ctrl-C meanwhile is raised once the worker is in the list
                workers.append(_start(ctx, func, initializer, initargs))
        while True:
            for worker in workers:
                while not exhausted and len(worker.chunks) < CHUNKS_PER_WORKER:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    sizes[chunk.number] = len(chunk.items)
                    collected[chunk.number] = []
                    worker.give(chunk)
            while next_out in sizes and len(collected[next_out]) == sizes[next_out]:
                del sizes[next_out]
                yield from collected.pop(next_out)
                next_out += 1
            busy = [w for w in workers if w.chunks]
            if not busy:
                return
            waitables: list[Connection | int] = [*(w.results for w in busy), *wakeup.fds]
            for conn in wait(waitables):
                if conn in wakeup.fds:
                    wakeup.drain()  # a signal came: Python runs its handler in this thread now
                    continue
                index = next(i for i, w in enumerate(workers) if w.results is conn)
                worker = workers[index]
                try:
                    number, result = worker.results.recv()
                except (EOFError, OSError):  # the process died
                    with _sigint_held():
                        workers[index] = _replace(worker, ctx, func, initializer, initargs, lost, collected)
                    continue
                head = worker.chunks[0]
                collected[number].append(result)
                head.answered += 1
                if head.answered == len(head.items):
                    worker.chunks.pop(0)
    finally:
        wakeup.close()
        _stop(workers)


class _Wakeup:
    """A pipe the signal module writes to when any signal arrives, waited on with the workers.

    A Ctrl-C delivered to another thread of this process (a progress bar's refresh thread, or
    any thread while this one blocks SIGINT to start a worker) sets Python's flag but does not
    interrupt this thread's wait: without this it would sleep on until a worker answered.
    """

    def __init__(self) -> None:
        self.fds: list[int] = []
        self._previous = -1
        if threading.current_thread() is not threading.main_thread():
            return
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        self._previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        self.fds = [read]
        self._write = write

    def drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self.fds[0], 512):
                pass

    def close(self) -> None:
        if self.fds:
            signal.set_wakeup_fd(self._previous)
            os.close(self.fds[0])
            os.close(self._write)
            self.fds = []


def _replace(
    dead: _Worker[T],
    ctx: BaseContext,
    func: Callable[[T], R],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    lost: Callable[[T, str], R],
    collected: dict[int, list[R]],
) -> _Worker[T]:
    """A new worker for a dead one: the item it was on is lost, the items after it are handed on.

    Results come back one item at a time and in order, so the dead worker was on the first item
    of its oldest chunk that has no result.
    """
    reason = _death(dead.process)
    _stop([dead])
    head = dead.chunks[0]
    culprit = head.items[head.answered]
    collected[head.number].append(lost(culprit, reason))
    rest = [_Chunk(head.number, head.items[head.answered + 1 :])] + [_Chunk(c.number, c.items) for c in dead.chunks[1:]]
    worker = _start(ctx, func, initializer, initargs)
    for chunk in rest:
        if chunk.items:
            worker.give(chunk)
    return worker


class InterruptBetweenItems(Iterator[T]):
    """`items`, with a Ctrl-C that comes while the consumer works raised when it asks for more.

    The consumer of results serialises and writes events, and draws a progress bar: an
    interrupt raised inside pydantic's serializer comes out as a `PydanticSerializationError`
    (a traceback and exit 1, not 130), one inside Rich's live display can swallow every later
    message, one inside a write could tear a line. From its creation until the items are
    exhausted or it is closed, SIGINT in the consumer only takes note, and the note is raised
    at the next `next()`; producing an item stays interruptible anywhere. A second Ctrl-C
    raises at once (a consumer stuck in a write). Only in the main thread, and only over
    Python's own SIGINT handler.
    """

    def __init__(self, items: Iterator[T]) -> None:
        self._items = items
        self._pending = False
        self._producing = False
        self._installed = (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        )
        if self._installed:
            signal.signal(signal.SIGINT, self._on_sigint)

    def __next__(self) -> T:
        if self._pending:
            self.close()
            raise KeyboardInterrupt
        self._producing = True
        try:
            return next(self._items)
        except BaseException:  # the end, an interrupt, a failure: the handler goes back
            self.close()
            raise
        finally:
            self._producing = False

    def _on_sigint(self, signum: int, frame: object) -> None:
        if self._producing or self._pending:
            raise KeyboardInterrupt
        self._pending = True

    def close(self) -> None:
        """Put Python's handler back and stop the items (the workers, when a pool makes them)."""
        if self._installed and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self._installed = False
        close = getattr(self._items, "close", None)
        if close is not None:
            close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter exit the modules may be gone
            self.close()


def _chunks(items: Iterable[T], size: int) -> Iterator[_Chunk[T]]:
    iterator = iter(items)
    number = 0
    while members := list(islice(iterator, size)):
        yield _Chunk(number, members)
        number += 1


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT blocked in this thread meanwhile: a Ctrl-C waits, and a process started inherits
    the block, so it can set SIGINT aside before it could take one (see `_serve`)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no SIGINT to the group
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start(
    ctx: BaseContext, func: Callable[[T], R], initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> _Worker[T]:
    """A worker process that never sees SIGINT. Start it under `_sigint_held`.

    Tasks and results go through two one-way pipes, and the worker reads tasks in a thread of
    its own: a parent blocked sending a large chunk and a worker blocked sending its results
    would otherwise wait for each other for ever.
    """
    task_out, task_in = ctx.Pipe(duplex=False)
    result_out, result_in = ctx.Pipe(duplex=False)
    process = ctx.Process(  # type: ignore[attr-defined]
        target=_serve, args=(task_out, result_in, func, initializer, initargs), daemon=True
    )
    process.start()
    task_out.close()
    result_in.close()
    return _Worker(process, task_in, result_out)


def _serve(
    tasks: Connection,
    results: Connection,
    func: Callable[[Any], Any],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    """The worker's loop: a chunk in, its results out, until the task pipe closes.

    The work runs in the main thread, where the per-article time limit can use SIGALRM. SIGINT
    came blocked from the parent: set to be ignored before it is unblocked, a Ctrl-C that came
    meanwhile is dropped, and none can ever reach the worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    inbox: queue.SimpleQueue[tuple[int, list[Any]] | None] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(tasks, inbox), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)
    while (task := inbox.get()) is not None:
        number, chunk = task
        for item in chunk:  # one message per item: a crash then costs only the item it happens on
            try:
                results.send((number, func(item)))
            except OSError:  # the parent is gone
                return


def _receive(tasks: Connection, inbox: queue.SimpleQueue[tuple[int, list[Any]] | None]) -> None:
    while True:
        try:
            inbox.put(tasks.recv())
        except (EOFError, OSError):  # the parent is done or gone
            inbox.put(None)
            return


def _death(process: BaseProcess) -> str:
    """Why a worker's pipe closed, for the error line of each article it held."""
    process.join(STOP_GRACE)
    code = process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"worker process killed by {signal.Signals(-code).name}"
    return f"worker process exited (code {code})"


def _stop(workers: Iterable[_Worker[Any]]) -> None:
    """Terminate and reap the workers; kill those still there after `STOP_GRACE` seconds."""
    workers = list(workers)
    for worker in workers:
        worker.tasks.close()
        worker.results.close()
        if worker.process.is_alive():
            worker.process.terminate()
    for worker in workers:
        worker.process.join(STOP_GRACE)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
