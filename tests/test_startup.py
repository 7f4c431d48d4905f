"""Start-up: what a short run skips (a worker pool for one article) and how the command leaves the
garbage collector once its pipeline is built. The time itself is measured by `bench/startup.py`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sahel_extract import Extractor
from sahel_extract import extractor as extractor_code
from sahel_extract.cli import app
from sahel_extract.models import Article

TEXT = "Gunmen killed 12 soldiers in an attack on an army post near Djibo on Sunday, the army said."


@pytest.mark.parametrize(
    ("articles", "jobs", "pool"),
    [
        (1, 2, False),  # one article: nothing to share out, no process started
        (1, 8, False),
        (0, 2, False),
        (2, 2, True),  # two or more: the pool, as before
        (5, 2, True),
        (5, 1, False),
    ],
)
def test_a_pool_only_for_more_than_one_article(
    extractor_with_fake_pool: tuple[Extractor, list[int]], articles: int, jobs: int, pool: bool
) -> None:
    engine, pools = extractor_with_fake_pool
    items = [Article(id=f"a{i}", text=TEXT) for i in range(articles)]
    results = list(engine.results(items, jobs=jobs))
    assert [r.doc_id for r in results] == [f"a{i}" for i in range(articles)]
    assert all(r.error is None and r.events for r in results)
    assert pools == ([articles] if pool else [])


@pytest.fixture
def extractor_with_fake_pool(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Extractor, list[int]]]:
    """The session's extractor, with `ordered_map` recording how many items it was given and
    working in this process (the pool itself is tested in test_workers.py)."""
    pools: list[int] = []

    def fake_pool(func: Any, items: Any, **_: Any) -> Iterator[Any]:
        items = list(items)
        pools.append(len(items))
        return iter([extractor.safe_result(item) for item in items])

    monkeypatch.setattr(extractor_code, "ordered_map", fake_pool)
    yield extractor, pools


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["extract", "-", "-f", "jsonl", "-j", "1"], 0),
        (["extract", "-", "-f", "jsonl", "--gazetteer", "{tmp}/missing-folder"], 2),  # the build fails
    ],
)
def test_the_collector_runs_again_after_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int
) -> None:
    """`extract` pauses the collector while it builds the pipeline, freezes what it built and
    turns the collector back on, whether the build worked or not; the command's end unfreezes
    it (here, in the test's process, the pipeline then becomes garbage like any other)."""
    seen: list[tuple[bool, int]] = []
    unfreeze = gc.unfreeze

    def watched_unfreeze() -> None:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        unfreeze()

    monkeypatch.setattr(gc, "unfreeze", watched_unfreeze)
    try:
        result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args], input=TEXT)
    finally:
        gc.enable()
    assert result.exit_code == code, result.stderr
    assert len(seen) == 1 and seen[0][0] and seen[0][1] > 0  # enabled, and something was frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0
