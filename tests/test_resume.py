"""Interruption safety and --resume, through the real command in a subprocess (Ctrl-C is SIGINT)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.models import Article
from sahel_extract.readers import iter_articles

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def corpus(path: Path, n: int) -> Path:
    texts = [a for a in iter_articles([str(FIXTURES)]) if isinstance(a, Article)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a = texts[i % len(texts)]
            out.write(json.dumps({"id": f"a{i:05d}", "text": a.text, "published": str(a.published) if a.published else None}) + "\n")
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "sahel_extract", "extract", *args]


def interrupt_after_first_events(args: list[str], partial: Path) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if partial.exists() and partial.stat().st_size > 0:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, errs = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, errs)


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("resume") / "articles.jsonl", 1500)


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("ref") / "ref.jsonl"
    subprocess.run(command(str(articles), "-o", str(out)), check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.slow  # whole-folder runs, interrupted and resumed
def test_interrupted_run_leaves_no_output_and_resume_completes_it(articles: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    done = interrupt_after_first_events([str(articles), "-o", str(out)], tmp_path / "events.jsonl.partial")
    assert done.returncode == 130, done.stderr
    assert not out.exists()
    assert b"interrupted" in done.stderr
    resumed = subprocess.run(command(str(articles), "-o", str(out), "--resume"), capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == reference
    assert not (tmp_path / "events.jsonl.partial").exists()


@pytest.mark.slow
def test_interrupted_rerun_leaves_the_previous_output_untouched(articles: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_bytes(reference)
    done = interrupt_after_first_events([str(articles), "-o", str(out)], tmp_path / "events.jsonl.partial")
    assert done.returncode == 130
    assert out.read_bytes() == reference


@pytest.mark.slow
def test_resume_of_a_finished_run_adds_only_new_articles(articles: Path, tmp_path: Path) -> None:
    first = corpus(tmp_path / "first.jsonl", 40)
    out = tmp_path / "events.jsonl"
    subprocess.run(command(str(first), "-o", str(out)), check=True, capture_output=True)
    before = out.read_bytes()
    more = corpus(tmp_path / "more.jsonl", 60)  # the same 40 articles and 20 new ones
    subprocess.run(command(str(more), "-o", str(out), "--resume"), check=True, capture_output=True)
    full = tmp_path / "full.jsonl"
    subprocess.run(command(str(more), "-o", str(full)), check=True, capture_output=True)
    assert out.read_bytes().startswith(before)

    def without_source(path: Path) -> list[dict[str, object]]:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{k: v for k, v in r.items() if k != "source"} for r in records]

    assert without_source(out) == without_source(full)  # the source names the input file, which differs


@pytest.mark.parametrize(
    "args",
    [
        ["--resume"],  # no -o
        ["--resume", "-o", "x.csv", "--format", "csv"],
    ],
)
def test_resume_needs_a_jsonl_output_file(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(command(str(FIXTURES), *args), capture_output=True, cwd=tmp_path)
    assert result.returncode == 2


def repeated_corpus(path: Path, copies: int) -> Path:
    """The same few articles, same ids and texts, each `copies` times: a feed re-sent in full."""
    texts = [a for a in iter_articles([str(FIXTURES)]) if isinstance(a, Article)][:3]
    with path.open("w", encoding="utf-8") as out:
        for i in range(copies * len(texts)):
            a = texts[i % len(texts)]
            record = {"id": a.id, "url": f"https://example.org/{a.id}", "text": a.text}
            out.write(json.dumps({**record, "published": str(a.published) if a.published else None}) + "\n")
    return path


def extract_here(*args: str) -> bytes:
    """The command in this process (no interpreter start-up, the pipeline built once): its stdout."""
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.slow  # whole runs in subprocesses
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_file_keeps_repeated_articles_as_stdout_does(tmp_path: Path, jobs: str) -> None:
    """Only articles written before this run are skipped, never a repeat of one written by it."""
    feed = repeated_corpus(tmp_path / "feed.jsonl", 40)
    stdout = extract_here(str(feed), "-j", jobs)
    out = tmp_path / "events.jsonl"
    extract_here(str(feed), "-j", jobs, "-o", str(out))
    assert stdout.count(b"\n") >= 120
    assert out.read_bytes() == stdout
    manifest = (tmp_path / "events.jsonl.done").read_text(encoding="utf-8").splitlines()
    assert manifest[0].startswith("#settings {")
    assert len(manifest[1:]) == 120


@pytest.mark.slow
def test_resume_skips_each_repeat_once(tmp_path: Path) -> None:
    """A finished run resumed with the same input adds nothing; with more copies, only the extra ones."""
    out = tmp_path / "events.jsonl"
    two = repeated_corpus(tmp_path / "two.jsonl", 2)
    extract_here(str(two), "-o", str(out))
    written = out.read_bytes()
    extract_here(str(two), "-o", str(out), "--resume")
    assert out.read_bytes() == written
    three = repeated_corpus(tmp_path / "three.jsonl", 3)
    extract_here(str(three), "-o", str(out), "--resume")
    assert out.read_bytes() == extract_here(str(three))  # the third copies were added, and only they


# --- the manifest catches up in batches -------------------------------------------------------------


def manifest_keys(path: Path) -> list[str]:
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]


def test_the_manifest_records_finished_articles_in_batches_never_ahead_of_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahel_extract import resume

    syncs: list[int] = []
    real_fsync = resume.os.fsync
    monkeypatch.setattr(resume.os, "fsync", lambda fd: (syncs.append(fd), real_fsync(fd))[1])
    monkeypatch.setattr(resume, "COMMIT_SECONDS", 3600.0)
    store = resume.ResumableOutput(tmp_path / "events.jsonl")
    out = store.open(resume=False)
    for i in range(5):
        out.write(f'{{"doc_id": "a{i}"}}\n')
        store.mark_done(f"a{i}:hash")
    # the first article is recorded at once; the next four wait for the next catch-up, one fsync for all
    assert manifest_keys(store.partial_manifest) == ["a0:hash"]
    assert len(syncs) == 1
    store.abandon()  # a stop (Ctrl-C, an error) records what is finished
    assert manifest_keys(store.partial_manifest) == [f"a{i}:hash" for i in range(5)]
    assert len(syncs) == 2
    lengths = [int(line.rsplit("\t", 1)[1]) for line in store.partial_manifest.read_text().splitlines() if "\t" in line]
    assert lengths[-1] == store.partial.stat().st_size  # never ahead of the data

    again = resume.ResumableOutput(tmp_path / "events.jsonl")
    more = again.open(resume=True)
    assert sum(again.written.values()) == 5
    more.write('{"doc_id": "a5"}\n')
    again.mark_done("a5:hash")
    again.finish()
    assert manifest_keys(again.manifest) == [f"a{i}:hash" for i in range(6)]
    assert (tmp_path / "events.jsonl").read_text().count("doc_id") == 6


def test_a_crash_between_catch_ups_costs_only_a_repeat_of_the_unrecorded_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahel_extract import resume

    monkeypatch.setattr(resume, "COMMIT_SECONDS", 3600.0)
    store = resume.ResumableOutput(tmp_path / "events.jsonl")
    out = store.open(resume=False)
    for i in range(3):
        out.write(f'{{"doc_id": "a{i}"}}\n')
        store.mark_done(f"a{i}:hash")
    out.flush()  # a crash now: the process dies with a1 and a2 written but not recorded
    again = resume.ResumableOutput(tmp_path / "events.jsonl")
    again.open(resume=True)
    assert dict(again.written) == {"a0:hash": 1}
    assert again.partial.read_text() == '{"doc_id": "a0"}\n'  # cut back to the last recorded article
