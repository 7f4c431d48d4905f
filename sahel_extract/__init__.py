"""sahel-extract: ACLED-style event records from news about armed conflict in the Sahel."""

from __future__ import annotations

__version__ = "0.1.0"

from sahel_extract.extractor import Extractor, extract_partition
from sahel_extract.models import Article, Event

__all__ = ["Article", "Event", "Extractor", "__version__", "extract_partition"]
