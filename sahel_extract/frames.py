"""Events as tables for notebooks and archives: `to_dataframe` (pandas) and `--format parquet` (pyarrow).

Both give the flat CSV's columns (`writers.CSV_COLUMNS`: every field of the record, one row per
event) with real types, so that an analyst filters by date and sums fatalities without parsing
strings: dates are dates (`event_date` the day ACLED would write, a month's 15th for a month,
with `time_precision` beside it; `published` likewise), counts are nullable integers (unknown
stays missing, never 0), coordinates and confidence floats, the rest text. pandas and pyarrow
are optional extras (`pip install "sahel-extract[pandas]"` / `"[parquet]"`): the extractor
itself never imports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, TextIO

from sahel_extract.acled import day_of
from sahel_extract.errors import MissingExtraError, OutputError
from sahel_extract.models import Event
from sahel_extract.writers import CSV_COLUMNS, flat_fields

if TYPE_CHECKING:
    import pandas

Kind = Literal["date", "int", "float", "text"]

COLUMN_KINDS: Final[dict[str, Kind]] = {
    column: (
        "date" if column in ("event_date", "published")
        else "int" if column in (
            "time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities", "injured", "abducted",
        )
        else "float" if column in ("latitude", "longitude", "confidence")
        else "text"
    )
    for column in CSV_COLUMNS
}
"""The type of every flat column; the one definition both tables follow."""

PARQUET_BATCH = 10_000
"""Rows per parquet row group: memory stays flat however many events stream through."""


def typed_row(event: Event | Mapping[str, Any]) -> dict[str, Any]:
    """One event's flat columns with Python types (a dict, as `extract_partition` yields, is validated)."""
    record = event if isinstance(event, Event) else Event.model_validate(event)
    row: dict[str, Any] = dict(flat_fields(record))
    for column, kind in COLUMN_KINDS.items():
        if kind == "date" and row[column] is not None:
            row[column] = day_of(str(row[column]))
    return row


def to_dataframe(events: Iterable[Event | Mapping[str, Any]]) -> pandas.DataFrame:
    """A DataFrame of events: the flat CSV's columns, one row per event, typed.

    `event_date` and `published` are `datetime64`, counts `Int64` (missing when the article
    gives none), coordinates and confidence `float64`, the rest `string`. Takes `Event`s or the
    dicts of `extract_partition`. Needs pandas: `pip install "sahel-extract[pandas]"`.
    """
    pandas = _pandas("to_dataframe")
    return _typed(pandas, pandas.DataFrame([typed_row(event) for event in events], columns=list(CSV_COLUMNS)))


def read_parquet(path: str | Path) -> pandas.DataFrame:
    """A file of `--format parquet` as a DataFrame with `to_dataframe`'s types (needs pandas and pyarrow)."""
    pandas = _pandas("read_parquet")
    try:
        import pyarrow.parquet
    except ImportError:
        raise MissingExtraError("read_parquet", "pyarrow", "parquet") from None
    return _typed(pandas, pyarrow.parquet.read_table(path).to_pandas())


def _pandas(feature: str) -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingExtraError(feature, "pandas", "pandas") from None
    return pandas


def _typed(pandas: Any, frame: pandas.DataFrame) -> pandas.DataFrame:
    """Give every column its kind's dtype: one place, so a DataFrame built or read back agrees."""
    for column, kind in COLUMN_KINDS.items():
        values: Any = frame[column]
        frame[column] = pandas.to_datetime(values).astype("datetime64[s]") if kind == "date" else values.astype(_DTYPES[kind])
    return frame


_DTYPES: Final[dict[Kind, str]] = {"int": "Int64", "float": "float64", "text": "string", "date": "datetime64[s]"}


class ParquetWriter:
    """Events as a parquet file, written in row groups of `PARQUET_BATCH` as they come.

    Parquet is binary: it goes to the bytes under the text stream the CLI opens (`-o FILE`, or a
    redirected standard output), never to a terminal. Dates are `date32`, counts `int64` with
    nulls, so the file reads back into the same types in pandas, Spark or DuckDB.
    """

    def __init__(self, out: TextIO) -> None:
        try:
            import pyarrow
            import pyarrow.parquet
        except ImportError:
            raise MissingExtraError("--format parquet", "pyarrow", "parquet") from None
        if out.isatty():
            raise OutputError("-", "parquet is binary: write it with -o FILE or redirect standard output")
        sink: IO[bytes] | None = getattr(out, "buffer", None)
        if sink is None:
            raise OutputError("-", "parquet needs a binary stream under the text one")
        out.flush()
        self._out = out
        self._pa = pyarrow
        types = {"date": pyarrow.date32(), "int": pyarrow.int64(), "float": pyarrow.float64(), "text": pyarrow.string()}
        self._schema = pyarrow.schema([(column, types[kind]) for column, kind in COLUMN_KINDS.items()])
        self._writer = pyarrow.parquet.ParquetWriter(sink, self._schema)
        self._rows: list[dict[str, Any]] = []
        self._closed = False

    def write(self, event: Event) -> None:
        self._rows.append(typed_row(event))
        if len(self._rows) >= PARQUET_BATCH:
            self._flush_rows()

    def _flush_rows(self) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._rows:
            self._flush_rows()
        self._writer.close()  # a run without events still leaves a readable file: the schema, no rows
        self._out.flush()

