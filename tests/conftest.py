"""Shared fixtures: one extractor per test session (never built at import time)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from spacy.tokens import Doc

from sahel_extract import Extractor
from sahel_extract.components.common import keep_text
from sahel_extract.limits import make_doc

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite fixtures/golden/*.jsonl from the current output")


_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Compiled rules and phrase tables go to a cache of the run's own, which the commands the
    tests start inherit: a test run neither reads a stale user cache nor fills it (hypothesis
    compiles hundreds of throw-away rules). One set by hand (`SAHEL_EXTRACT_CACHE`) is kept."""
    if "SAHEL_EXTRACT_CACHE" not in os.environ:
        _CACHE.append(tempfile.mkdtemp(prefix="sahel-extract-test-cache-"))
        os.environ["SAHEL_EXTRACT_CACHE"] = _CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _CACHE:
        os.environ.pop("SAHEL_EXTRACT_CACHE", None)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/ is not present on this machine")
    return SHARED


def staged(extractor: Extractor, text: str, lang: str = "en") -> Doc:
    """`text` through every stage of the language's pipeline, as `Extractor.process` runs them
    before assembly (no publication date)."""
    nlp = extractor.nlp(lang)
    doc = make_doc(nlp, text)
    keep_text(doc, text)
    for _name, pipe in nlp.pipeline:
        doc = pipe(doc)
    return doc


TOY_LANGUAGE = "  - code: qaa\n    name: Toy\n    spacy: xx\n    function_words: [kaj]\n"
"""A toy language's entry of `languages.yaml` (code `qaa`, a code reserved for local use)."""


def gazetteer_with_toy(tmp_path: Path, stage: str, toy: str | None) -> Path:
    """A copy of the installed gazetteer with the toy language declared and, if given, its file
    `<stage>/qaa.yaml` (`toy`)."""
    folder = tmp_path / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", folder)
    with (folder / "languages.yaml").open("a", encoding="utf-8") as out:
        out.write(TOY_LANGUAGE)
    if toy is not None:
        (folder / stage / "qaa.yaml").write_text(toy, encoding="utf-8")
    return folder
