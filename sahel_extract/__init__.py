"""sahel-extract: ACLED-style event records from news about armed conflict in the Sahel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sahel_extract.extractor import Extractor, ExtractorConfig, extract_partition
    from sahel_extract.frames import to_dataframe
    from sahel_extract.models import Article, Event

__all__ = ["Article", "Event", "Extractor", "ExtractorConfig", "__version__", "extract_partition", "to_dataframe"]


def __getattr__(name: str) -> Any:
    """Import lazily: `diff`, `evaluate` and `schema` should not pay for loading spaCy."""
    if name in ("Extractor", "ExtractorConfig", "extract_partition"):
        from sahel_extract import extractor

        return getattr(extractor, name)
    if name == "to_dataframe":
        from sahel_extract.frames import to_dataframe

        return to_dataframe
    if name in ("Article", "Event"):
        from sahel_extract import models

        return getattr(models, name)
    raise AttributeError(f"module 'sahel_extract' has no attribute {name!r}")
