"""The worker pool (`sahel_extract.workers`): order, lost workers, stopping, big messages."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from sahel_extract.workers import ordered_map


def square(n: int) -> int:
    return n * n


def die_on_13(n: int) -> int:
    if n == 13:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def slow_square(n: int) -> int:
    time.sleep(0.01 * (n % 3))  # later items overtake earlier ones in the other worker
    return n * n


def echo(text: str) -> str:
    return text.upper()


def sleep_forever(n: int) -> int:
    time.sleep(3600)
    return n


def lost(item: int | str, reason: str) -> str:
    return f"lost {item}: {reason}"


@pytest.mark.parametrize(
    ("func", "n", "jobs", "chunksize"),
    [
        (square, 0, 2, 16),  # nothing in, nothing out, workers still stopped
        (square, 1, 2, 16),
        (square, 100, 2, 16),
        (slow_square, 60, 2, 1),  # results come back out of order and are put back in it
        (slow_square, 60, 3, 4),
        (square, 37, 1, 5),  # a last chunk shorter than the others
    ],
)
def test_results_come_in_input_order(func: object, n: int, jobs: int, chunksize: int) -> None:
    got = list(ordered_map(func, range(n), jobs=jobs, lost=lost, chunksize=chunksize))  # type: ignore[arg-type]
    assert got == [i * i for i in range(n)]


@pytest.mark.parametrize(("jobs", "chunksize"), [(1, 1), (2, 1), (2, 4), (2, 16), (3, 40)])
def test_a_dead_worker_costs_only_the_item_it_was_on(jobs: int, chunksize: int) -> None:
    got = list(ordered_map(die_on_13, range(40), jobs=jobs, lost=lost, chunksize=chunksize))
    assert got == [("lost 13: worker process killed by SIGKILL" if i == 13 else i * i) for i in range(40)]


def test_every_item_killing_its_worker_still_ends() -> None:
    got = list(ordered_map(die_on_13, [13] * 5 + [2], jobs=2, lost=lost, chunksize=2))
    assert got == ["lost 13: worker process killed by SIGKILL"] * 5 + [4]


def test_messages_larger_than_a_pipe_buffer_do_not_deadlock() -> None:
    texts = [c * 300_000 for c in "abcdefgh"]  # 300 kB each way, far over a pipe's 64 kB
    got = list(ordered_map(echo, texts, jobs=2, lost=lost, chunksize=2))
    assert got == [t.upper() for t in texts]


def test_closing_the_generator_stops_every_worker_at_once() -> None:
    before = set(multiprocessing.active_children())
    results = ordered_map(sleep_forever, range(10), jobs=2, lost=lost, chunksize=1)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        # the consumer is interrupted while the workers are busy
        for _ in _interrupted_after(results, 0.5):
            pass
    elapsed = time.monotonic() - started
    assert elapsed < 0.5 + 1.5
    assert set(multiprocessing.active_children()) <= before


def _interrupted_after(results: object, seconds: float) -> object:
    """Raise KeyboardInterrupt inside `next(results)` after `seconds`, as Ctrl-C does."""
    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield from results  # type: ignore[misc]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_workers_ignore_sigint() -> None:
    # in a fresh interpreter, as the CLI runs: the test process's own SIGINT state depends on the
    # tests that ran before it (Dask, the pty tests, asyncio loops)
    script = (
        "import signal, sys; sys.path.insert(0, 'tests')\n"
        "from test_workers import lost, sigint_disposition\n"
        "from sahel_extract.workers import ordered_map\n"
        "print(list(ordered_map(sigint_disposition, range(4), jobs=2, lost=lost, chunksize=1)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip() == str([int(signal.SIG_IGN)] * 4), done.stderr


def sigint_disposition(_n: int) -> int:
    return int(signal.getsignal(signal.SIGINT))  # type: ignore[arg-type]
