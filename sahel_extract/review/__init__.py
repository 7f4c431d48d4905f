"""Review tools: score events against gold, diff two outputs, summarise one.

These read event files the extractor wrote (or gold files people wrote) and never run the
pipeline, so they import nothing from spaCy and start fast.
"""

from sahel_extract.review.diff import Difference, FieldChange, diff_events
from sahel_extract.review.evaluate import ErrorExample, EvaluationReport, evaluate
from sahel_extract.review.summary import Bucket, Summary, summarise

__all__ = [
    "Bucket",
    "Difference",
    "ErrorExample",
    "EvaluationReport",
    "FieldChange",
    "Summary",
    "diff_events",
    "evaluate",
    "summarise",
]
