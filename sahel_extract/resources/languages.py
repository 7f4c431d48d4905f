"""`languages.yaml`: the languages the extractor reads, declared as data.

A language is a code (the primary subtag an article's `lang` gives), a name, and the spaCy
language whose tokenizer splits its text. Its words live in the per-language files
(`triggers/<code>.yaml`, `dates/<code>.yaml`, `layout/<code>.yaml`, `tolls/<code>.yaml` …), read
only when the first article in that language arrives: declaring a language costs nothing until
it is used. Adding one is a data change; `spacy.blank("xx")`, spaCy's multi-language tokenizer,
serves a language spaCy has no module for.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from sahel_extract.errors import DataFileError
from sahel_extract.resources.loader import data_file, default_data_dir, yaml_rows

FILE = "languages.yaml"

Code = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Word = Annotated[str, StringConstraints(pattern=r"^\w+$")]


class LanguageRecord(BaseModel):
    """One entry of `languages.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Code
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    spacy: Code  # the spaCy language whose tokenizer (and stop words) this language uses
    # counted in an article that does not say its language: the one with the most is detected
    function_words: list[Word] = []

    @field_validator("spacy")
    @classmethod
    def _known_to_spacy(cls, value: str) -> str:
        # finds the module without importing it: importing spaCy's French one alone takes ~2 s
        if importlib.util.find_spec(f"spacy.lang.{value}") is None:
            raise ValueError(f"spaCy has no language '{value}' ('xx' is its multi-language tokenizer)")
        return value


@dataclass(frozen=True)
class Languages:
    """The declared languages, in file order; looked up by code."""

    path: Path
    records: tuple[LanguageRecord, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(record.code for record in self.records)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def get(self, code: str) -> LanguageRecord:
        """The language `code`; an undeclared one is a ValueError that lists the declared codes."""
        for record in self.records:
            if record.code == code:
                return record
        raise ValueError(f"unsupported language {code!r} (supported: {', '.join(self.codes)})")


def load_languages(data_dir: Path | None = None) -> Languages:
    """`languages.yaml` of a gazetteer folder, or the installed one when the folder has none."""
    path = data_file(Path(data_dir) if data_dir else default_data_dir(), FILE)
    rows = yaml_rows(path, "languages", LanguageRecord)
    first: dict[str, int] = {}
    for row in rows:
        if row.record.code in first:
            raise DataFileError(path, row.line, "code", f"language {row.record.code} given twice (first on line {first[row.record.code]})")
        first[row.record.code] = row.line
    if not rows:
        raise DataFileError(path, None, "languages", "no language declared")
    return Languages(path, tuple(row.record for row in rows))
