"""Shared fixtures: one extractor per test session (never built at import time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite fixtures/golden/*.jsonl from the current output")


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/ is not present on this machine")
    return SHARED
