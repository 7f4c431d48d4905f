"""The per-article work around the extractor: the time limit's handler and the output's offsets.

Both were made cheaper (issue 24: a two-sentence note's reading, limit and writing were a tenth
of its cost); these tests hold what the cheaper forms must keep.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from sahel_extract.extractor import Extractor
from sahel_extract.limits import ArticleTimeoutError, kept_alarm_handler, time_limit
from sahel_extract.models import Article
from sahel_extract.resume import OutputStream, ResumableOutput

needs_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no SIGALRM timer on this platform")


@needs_alarm
def test_kept_handler_still_stops_an_article_and_is_given_back() -> None:
    before = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    try:
        _kept_handler_round()
    finally:
        signal.signal(signal.SIGALRM, before)


def _kept_handler_round() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with kept_alarm_handler():
        with kept_alarm_handler():  # nested: nothing more to install
            pass
        assert signal.getsignal(signal.SIGALRM) is not before
        with pytest.raises(ArticleTimeoutError), time_limit(0.05):
            time.sleep(2)
        with time_limit(5):  # a finished article leaves no timer running
            pass
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


@needs_alarm
def test_a_run_of_articles_gives_the_handler_back() -> None:
    def mine(signum: int, frame: object) -> None:
        raise AssertionError("not expected")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        results = list(
            Extractor().results([Article(id=f"a{i}", text="Gunmen killed 4 civilians in Djibo on Monday.") for i in range(3)])
        )
        assert [r.error for r in results] == [None, None, None]
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_output_offset_is_the_file_length(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"earlier line\n")
    fd = os.open(path, os.O_WRONLY)
    os.lseek(fd, 0, os.SEEK_END)
    with OutputStream(fd, path) as out:
        assert out.offset == 13
        for text in ('{"place": "Ségou"}\n', "plain ascii\n", "\U0001f600 emoji\n", ""):
            out.write(text)
            out.flush()
            assert out.offset == path.stat().st_size == out.tell()
        out.seek(0)
        assert out.offset == 0


def test_resume_manifest_records_byte_offsets_of_non_ascii_events(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    store = ResumableOutput(target, settings={"--lang": "auto"})
    out = store.open(resume=False)
    lengths = []
    for key, line in (("a", '{"place": "Kaya"}\n'), ("b", '{"place": "Ménaka — Tidermène"}\n')):
        out.write(line)
        store.mark_done(key)
        lengths.append(len(line.encode()))
    store.finish()
    recorded = [line.split("\t") for line in (tmp_path / "events.jsonl.done").read_text().splitlines()[1:]]
    assert recorded == [["a", str(lengths[0])], ["b", str(sum(lengths))]]
    assert target.stat().st_size == sum(lengths)


def test_tokenizer_cache_is_larger_and_changes_no_token() -> None:
    from sahel_extract.pipeline import TOKENIZER_CACHE_CHUNKS

    extractor = Extractor()
    nlp = extractor.nlp("en")
    assert nlp.tokenizer.max_cache_size == TOKENIZER_CACHE_CHUNKS  # type: ignore[attr-defined]
    text = "JNIM fighters attacked Boulkessi's camp (Soum) on 3 March; 12 soldiers were killed, the army said."
    cached = [[t.text for t in nlp.make_doc(text)] for _ in range(2)]
    nlp.tokenizer.max_cache_size = 0  # type: ignore[attr-defined]
    try:
        uncached = [t.text for t in nlp.make_doc(text)]
    finally:
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_CHUNKS  # type: ignore[attr-defined]
    assert cached[0] == cached[1] == uncached


def test_lang_fr_builds_only_the_french_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import sahel_extract.extractor as extractor_module
    from sahel_extract.cli import app

    built: list[str] = []
    original = extractor_module.build_nlp

    def spy(lang: str = "en", *args: object, **kwargs: object) -> object:
        built.append(lang)
        return original(lang, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extractor_module, "build_nlp", spy)
    article = tmp_path / "a.txt"
    article.write_text("Des hommes armés ont tué 4 civils à Djibo lundi.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--lang", "fr", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert built == ["fr"]
    assert '"event_type"' in result.stdout


def test_rule_gates_are_built_with_the_pipeline_not_in_an_articles_time() -> None:
    from sahel_extract.assemble.roles import WINDOW_GATE
    from sahel_extract.components.common import CASUALTIES, DATES

    extractor = Extractor()
    extractor._assembler("en")  # what safe_result builds before starting an article's clock
    nlp = extractor.nlp("en")
    for stage in (CASUALTIES, DATES):
        assert nlp.get_pipe(stage).gate._database is not False  # type: ignore[attr-defined]
    assert WINDOW_GATE._database is not False
