"""Ctrl-C typed at a real terminal, 20 times, into a multi-process `-o` run (issue 21).

The command runs on a pseudo-terminal as its controlling terminal, so that the byte 0x03 typed
on it makes the terminal driver send SIGINT to the whole foreground process group (parent and
workers), exactly as a user's Ctrl-C does. Each interrupt must end the run promptly with exit
130 and one line, leave `-o FILE` absent (or complete, when the run had finished), and
`--resume` must reach the same bytes as an uninterrupted run.
"""

from __future__ import annotations

import os
import pty
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_resume import command, corpus

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals only")

INTERRUPTS = 20
INTERRUPTED = b"Error: interrupted; the output file was left untouched (use --resume to continue)\r\n"
SETTINGS = ("-j", "2", "--timeout", "0")
"""Two workers; no time limit, whose skips would depend on the load of a shared test machine."""
EXIT_WITHIN = 3.0
"""Seconds from Ctrl-C to exit allowed on a loaded shared test machine (the aim is one)."""


class Terminal:
    """A command started as the session leader of a new pseudo-terminal, all output captured."""

    def __init__(self, argv: list[str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the terminal is its stdin, stdout and stderr
            try:
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        self.output = b""

    def read(self, seconds: float) -> bool:
        """Collect output for `seconds`; False once the terminal is closed on the child's side."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return True
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: every process holding the terminal has closed it
                return False
            if not chunk:
                return False
            self.output += chunk
        return True

    def ctrl_c(self) -> None:
        os.write(self.fd, b"\x03")

    def wait(self, seconds: float) -> int | None:
        """The exit code, or None when the command is still running after `seconds`.

        Output is read before the exit is reaped: Linux may drop what a pseudo-terminal holds
        once its session leader is gone.
        """
        deadline = time.monotonic() + seconds
        while True:
            open_ = self.read(0.02)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                if open_:
                    self.read(0.5)  # what is left, and a worker left behind would keep it open
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() > deadline:
                return None

    def kill(self) -> None:
        os.killpg(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.mark.slow
def test_twenty_ctrl_c_at_a_terminal_then_resume_gives_the_same_bytes(tmp_path: Path) -> None:
    articles = corpus(tmp_path / "articles.jsonl", 1200)
    reference = tmp_path / "reference.jsonl"
    subprocess.run(command(str(articles), *SETTINGS, "-o", str(reference)), check=True, capture_output=True)
    out = tmp_path / "events.jsonl"
    manifest = tmp_path / "events.jsonl.partial.done"  # a line per article written
    rng = random.Random(21)
    stops: list[float] = []
    finished = 0
    for attempt in range(INTERRUPTS):
        progress = "--progress" if attempt % 2 else "--no-progress"  # the bar a user sees, every other run
        before = manifest.stat().st_size if manifest.exists() else -1
        run = Terminal(command(str(articles), *SETTINGS, "-o", str(out), "--resume", progress))
        while (manifest.stat().st_size if manifest.exists() else -1) == before and run.wait(0.05) is None:
            pass  # until the workers have sent a result: interrupts during start-up are the CLI's
        run.read(rng.uniform(0.0, 1.5))
        run.ctrl_c()
        pressed = time.monotonic()
        code = run.wait(60)
        if code is None:
            run.kill()
            pytest.fail(f"interrupt {attempt + 1}: the run hung; its output: {run.output!r}")
        stops.append(time.monotonic() - pressed)
        assert b"Traceback" not in run.output, run.output.decode(errors="replace")
        if code == 0:  # the run ended before the interrupt: complete, and the next one starts over
            assert out.read_bytes() == reference.read_bytes()
            out.unlink()
            out.with_name("events.jsonl.done").unlink()
            finished += 1
            continue
        assert code == 130, run.output
        assert not out.exists()
        if progress == "--no-progress":
            assert run.output.endswith(INTERRUPTED) and run.output.count(b"\n") == 1, run.output
        else:  # the bar is erased; the message is the one line left
            assert run.output.count(INTERRUPTED) == 1, run.output
    done = subprocess.run(command(str(articles), *SETTINGS, "-o", str(out), "--resume"), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference.read_bytes()
    print(f"Ctrl-C to exit, seconds: max {max(stops):.2f}, median {sorted(stops)[len(stops) // 2]:.2f}; runs finished first: {finished}")
    assert max(stops) < EXIT_WITHIN, stops
    assert finished < INTERRUPTS // 2, "most runs must be interrupted mid-way for the test to mean anything"
