"""The library API: build the pipeline once, then articles in, events out."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from sahel_extract.components.actors import ActorFinder
from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.components.common import ACTORS, DATES, PLACES, keep_text
from sahel_extract.components.dates import DATELINE_DAY_KEY, PUBLISHED_KEY, PUBLISHED_PRECISION_KEY
from sahel_extract.components.places import PlaceFinder
from sahel_extract.errors import InputError
from sahel_extract.ids import identify
from sahel_extract.limits import (
    DEFAULT_MAX_CHARS,
    DEFAULT_TIMEOUT,
    MAX_TIMEOUT,
    ArticleTimeoutError,
    install_alarm_handler,
    kept_alarm_handler,
    make_doc,
    time_limit,
)
from sahel_extract.models import Article, Event
from sahel_extract.pipeline import build_nlp
from sahel_extract.readers import Located, article_of_text
from sahel_extract.resources.languages import Languages, load_languages
from sahel_extract.resume import article_key
from sahel_extract.workers import InterruptBetweenItems, ordered_map

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_TIMEOUT",
    "ArticleTimeoutError",
    "Extractor",
    "ExtractorConfig",
    "Result",
    "extract_partition",
]

EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)  # plausible publication dates
DETECT_CHARS = 4000  # the sample a language is detected on


class LanguageDetector:
    """The declared language whose function words (`languages.yaml`) are most frequent in an
    article's first few thousand characters; on a tie, the first declared.

    Measured on the project's fixtures this never errs between English and French; a full
    detector would add a dependency for a handful of languages. A language that declares no
    function words is never detected: its articles must say their `lang`.
    """

    def __init__(self, languages: Languages) -> None:
        self.default = languages.codes[0]
        self.words = [
            (record.code, CaselessPattern(rf"\b(?:{'|'.join(re.escape(w) for w in record.function_words)})\b"))
            for record in languages.records
            if record.function_words
        ]

    def __call__(self, text: str) -> str:
        sample = text[:DETECT_CHARS]
        best, most = self.default, -1
        for code, words in self.words:
            count = words.count(sample)
            if count > most:
                best, most = code, count
        return best


def detect_lang(text: str, languages: Languages | None = None) -> str:
    """`LanguageDetector` of the declared languages, for one text."""
    return LanguageDetector(languages or load_languages())(text)


@dataclass(frozen=True)
class ExtractorConfig:
    """Everything needed to rebuild an Extractor in another process."""

    data_dir: Path | None = None
    actors_file: Path | None = None
    lang: str = "auto"
    include_aggregates: bool = False
    max_chars: int = DEFAULT_MAX_CHARS
    timeout: float = DEFAULT_TIMEOUT  # seconds per article; 0 = no limit
    # whose first-level divisions admin1 names: "acled" (Mali's Menaka and Taoudeni regions, as ACLED
    # and OCHA code them) or "geonames" (the regions GeoNames' place rows give: Menaka under Gao)
    regions: Literal["acled", "geonames"] = "acled"
    explain: bool = False  # each event names the rules and spans behind its fields (`explain.py`)

    def __post_init__(self) -> None:
        if self.regions not in ("acled", "geonames"):
            raise ValueError(f"regions must be acled or geonames, got {self.regions!r}")
        if self.max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, got {self.max_chars}")
        if not 0 <= self.timeout <= MAX_TIMEOUT:  # also refuses nan
            raise ValueError(f"timeout must be between 0 and {MAX_TIMEOUT:g} seconds, got {self.timeout}")


@dataclass
class Result:
    """One article's outcome: its events, or the reason it failed, plus any warning.

    `source` is where the article was read (`file`, `file:line`) when the reader said so, else
    the article's own source; `error` and `warning` are reasons, without the source.
    """

    source: str
    doc_id: str | None
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None
    key: str | None = None  # doc_id + text hash, for --resume

    def messages(self) -> list[str]:
        """The stderr lines this article earns, in order: `Warning: <source>: …`, `Error: <source>: …`."""
        found = []
        if self.warning:
            found.append(f"Warning: {self.source}: {self.warning}")
        if self.error:
            found.append(f"Error: {self.source}: {self.error}")
        return found


def redate_by_dateline(nlp: Language, doc: Doc, article: Article) -> tuple[Doc, Article]:
    """An article without a publication day whose dateline gives one ("NIAMEY, March 21, 2025
    (Reuters) -", or "March 21" under a `date 2025-03` marker) was published that day: its relative
    dates are read again against it, and the article records where its date came from."""
    day: dt.date | None = doc.user_data.get(DATELINE_DAY_KEY)
    if day is None:
        return doc, article
    known = article.published
    if known is not None and (known.year, known.month) != (day.year, day.month):
        return doc, article  # a dateline of another month than the marker's is not the publication's
    article = article.model_copy(update={"published": day, "published_precision": "day", "published_from": "dateline"})
    doc.user_data[PUBLISHED_KEY] = day
    doc.user_data[PUBLISHED_PRECISION_KEY] = "day"
    return nlp.get_pipe(DATES)(doc), article


def doc_id_of(article: Article) -> str:
    return article.id or hashlib.sha1(article.text.encode("utf-8")).hexdigest()


class Extractor:
    """Holds one pipeline per language, built on first use and reused for every article.

    The languages are those `languages.yaml` declares; a language's data files are read and its
    rules compiled when the first article in it arrives.
    """

    def __init__(self, config: ExtractorConfig | None = None, **options: Any) -> None:
        self.config = config or ExtractorConfig(**options)
        self._languages: Languages | None = None
        self._detector: LanguageDetector | None = None
        self._nlps: dict[str, Language] = {}
        self._assemblers: dict[str, Any] = {}
        self._stages: dict[str, tuple[Callable[[Doc], Doc], ...]] = {}

    @property
    def languages(self) -> Languages:
        if self._languages is None:
            self._languages = load_languages(self.config.data_dir)
        return self._languages

    def nlp(self, lang: str) -> Language:
        if lang not in self._nlps:
            self._nlps[lang] = build_nlp(lang, self.config.data_dir, self.config.actors_file, self.languages)
        return self._nlps[lang]

    def _assembler(self, lang: str) -> Any:
        assembler = self._assemblers.get(lang)
        if assembler is None:
            from sahel_extract.assemble import Assembler
            from sahel_extract.resources.assembly_rules import assembly_rules

            nlp = self.nlp(lang)
            places: PlaceFinder = nlp.get_pipe(PLACES)  # type: ignore[assignment]
            actors: ActorFinder = nlp.get_pipe(ACTORS)  # type: ignore[assignment]
            rules = assembly_rules(self.config.data_dir, lang)
            assembler = self._assemblers[lang] = Assembler(places.gazetteer, actors.table, rules)
        return assembler

    def _stages_of(self, lang: str) -> tuple[Callable[[Doc], Doc], ...]:
        """The language's pipeline components in order, read once (`nlp.pipeline` builds a new
        list of pairs at every access)."""
        stages = self._stages.get(lang)
        if stages is None:
            stages = self._stages[lang] = tuple(pipe for _name, pipe in self.nlp(lang).pipeline)
        return stages

    def language_of(self, article: Article) -> str:
        if self.config.lang != "auto":
            return self.config.lang
        if article.lang is not None and article.lang in self.languages:
            return article.lang
        if self._detector is None:
            self._detector = LanguageDetector(self.languages)
        return self._detector(article.text)

    def extract(self, article: Article | str) -> list[Event]:
        """Events of one article, in document order; a plain string is an article's text.

        A string is read as the files are (a `date 2024-03-08` marker, front matter or HTML
        included), so that a notebook user gets what the command line would give for it.
        """
        if isinstance(article, str):
            article = article_of_text(article)
        return self.process(article).events

    def process(self, article: Article, lang: str | None = None) -> Result:
        """One article's result; `lang` is its language when the caller has already detected it."""
        doc_id = doc_id_of(article)
        source = article.source or "-"
        text = article.text
        warning = None
        truncated = len(text) > self.config.max_chars
        if truncated:
            warning = f"article truncated to its first {self.config.max_chars:,} characters (of {len(text):,})"
            text = text[: self.config.max_chars]
            article = article.model_copy(update={"text": text})
        if article.published is not None and not (EARLIEST <= article.published <= LATEST):
            # "published": "0001-01-01" is a placeholder, not a date; relative dates cannot rest on it
            message = f"publication date {article.published} ignored (outside {EARLIEST.year}-{LATEST.year})"
            warning = f"{warning}; {message}" if warning else message
            article = article.model_copy(update={"published": None})
        if lang is None or truncated:  # a limit shorter than the detection sample changes what it reads
            lang = self.language_of(article)
        nlp = self.nlp(lang)
        doc = make_doc(nlp, text)  # linear in the text whatever its characters (see limits.py)
        keep_text(doc, text)
        doc.user_data[PUBLISHED_KEY] = article.published
        doc.user_data[PUBLISHED_PRECISION_KEY] = article.published_precision
        for pipe in self._stages_of(lang):
            doc = pipe(doc)
        if article.published is None or article.published_precision == "month":
            doc, article = redate_by_dateline(nlp, doc, article)
        events = self._assembler(lang)(doc, article, doc_id, include_aggregates=self.config.include_aggregates)
        if self.config.regions == "geonames":
            events = self._geonames_regions(lang, events)
        if truncated:
            events = [e.model_copy(update={"flags": sorted({*e.flags, "truncated"})}) for e in events]
        events = identify(article, doc_id, events)  # stable ids from content, the article's url and title
        if self.config.explain:
            from sahel_extract.explain import explained

            events = explained(doc, events)
        return Result(source=source, doc_id=doc_id, events=events, warning=warning, key=article_key(article, doc_id))

    def _geonames_regions(self, lang: str, events: list[Event]) -> list[Event]:
        """Regions as GeoNames' place rows code them: a region carved out of an older one after
        their vintage (Menaka out of Gao) is written as that older one."""
        places: PlaceFinder = self.nlp(lang).get_pipe(PLACES)  # type: ignore[assignment]
        out = []
        for event in events:
            loc = event.location
            if loc is not None and loc.country_code and loc.admin1:
                older = places.gazetteer.older_region(loc.country_code, loc.admin1)
                if older != loc.admin1:
                    event = event.model_copy(update={"location": loc.model_copy(update={"admin1": older})})
            out.append(event)
        return out

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Event]:
        """Stream events article by article; memory stays flat however many articles come."""
        for article in articles:
            yield from self.extract(article)

    def results(self, items: Iterable[Article | Located | InputError], jobs: int = 1) -> Iterator[Result]:
        """Per-article results in input order; an unreadable input becomes an error result.

        Each result's `source` is the item's location when it is a `Located` (as the readers
        give it), so that error lines lead back to a file and line. A Ctrl-C while the caller
        handles a result is raised when it asks for the next (see `InterruptBetweenItems`).
        """
        return InterruptBetweenItems(self._results(items, jobs))

    def _results(self, items: Iterable[Article | Located | InputError], jobs: int) -> Iterator[Result]:
        if jobs > 1:
            # one article has nothing to share out: starting workers would only delay its events
            ahead = iter(items)
            first = list(islice(ahead, 2))
            items = chain(first, ahead)
            jobs = jobs if len(first) > 1 else 1
        if jobs <= 1:
            with kept_alarm_handler():
                for item in items:
                    yield self.safe_result(item)
            return
        spawn = _needs_spawn()
        context = multiprocessing.get_context("spawn" if spawn else "fork")
        # A forked worker inherits this extractor, pipelines already built, without pickling it;
        # a spawned one starts empty and builds its own from the config.
        source: Extractor | ExtractorConfig = self.config if spawn else self
        yield from ordered_map(
            _work, items, jobs=jobs, lost=_lost, initializer=_init_worker, initargs=(source,), context=context
        )

    def safe_result(self, item: Article | Located | InputError) -> Result:
        """One item's result, never an exception: the time limit and any failure become its error."""
        if isinstance(item, InputError):
            return Result(source=item.source, doc_id=None, error=item.reason)
        article, where = (item.article, item.where) if isinstance(item, Located) else (item, item.source or "-")
        try:
            lang = self.language_of(article)
            self._assembler(lang)  # a pipeline's first build (and the assembler's) is not the article's time
            with time_limit(self.config.timeout):
                result = self.process(article, lang)
        except ArticleTimeoutError:
            result = Result(source=where, doc_id=article.id, error=f"skipped: took longer than {self.config.timeout:g} s")
        except Exception as exc:  # one article must never cost the batch its other events
            result = Result(source=where, doc_id=article.id, error=f"extraction failed: {describe(exc)}")
        result.source = where
        return result


def describe(exc: BaseException) -> str:
    """An unexpected exception for an error line: its class and first line, not a Python repr."""
    message = str(exc).strip().split("\n", 1)[0].strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _needs_spawn() -> bool:
    return multiprocessing.get_start_method(allow_none=True) == "spawn"


_WORKER: dict[str, Extractor] = {}


def _init_worker(source: Extractor | ExtractorConfig) -> None:
    """Set up the worker's extractor once (the only per-process state), built unless inherited.

    Workers never see Ctrl-C (`workers.ordered_map` starts them with SIGINT ignored): the parent
    stops them and reports the interruption once.
    """
    _WORKER["extractor"] = source if isinstance(source, Extractor) else Extractor(source)
    install_alarm_handler()  # the worker only runs articles: their time limit's handler stays for its life


def _work(item: Article | Located | InputError) -> Result:
    return _WORKER["extractor"].safe_result(item)


def _lost(item: Article | Located | InputError, reason: str) -> Result:
    """The result of an item whose worker process died before answering (see `workers`)."""
    if isinstance(item, InputError):
        return Result(source=item.source, doc_id=None, error=item.reason)
    article, where = (item.article, item.where) if isinstance(item, Located) else (item, item.source or "-")
    return Result(source=where, doc_id=article.id, error=f"extraction failed: {reason}")


def extract_partition(
    articles: Iterable[Article | dict[str, Any]], config: ExtractorConfig | None = None
) -> Iterator[dict[str, Any]]:
    """Engine-agnostic entry point (Dask, Spark): a partition of articles to event dicts.

    The extractor is built once per worker process and reused for every partition it runs. It is a
    generator: Spark's mapPartitions takes it as is; a Dask task must return `list(...)` of it.
    """
    extractor = _WORKER.get("extractor")
    if extractor is None or (config is not None and extractor.config != config):
        extractor = Extractor(config)
        _WORKER["extractor"] = extractor
    for item in articles:
        try:
            article = item if isinstance(item, Article) else Article.model_validate(item)
        except ValidationError:
            continue  # one malformed record must not fail its partition
        for event in extractor.safe_result(article).events:
            yield event.model_dump(mode="json", by_alias=True)
