"""Run the extractor on distributed engines that users already operate (Dask; Spark by recipe).

Every engine maps partitions of articles through the same per-article code as the local run, so
the events are the same bytes whichever engine produced them. The engines are optional extras:
importing this package (or `sahel_extract`) never imports Dask; `run_dask` does, when called.
"""

from __future__ import annotations

from sahel_extract.engines.dask_engine import DaskRunSummary, EventFilter, run_dask

__all__ = ["DaskRunSummary", "EventFilter", "run_dask"]
