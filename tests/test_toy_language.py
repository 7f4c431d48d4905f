"""A language added with data files only (issue 24): a copy of the gazetteer folder declares a
toy language, tokenised by spaCy's multi-language "xx", with its own trigger words and date cues
and a village of its own, and an article in it gives an event read from those files.

The toy language is `qaa` (ISO 639's first code reserved for local use); its words, the village
and the article are invented. Its casualty rules (`casualties/qaa.yaml`) read a figure in digits.
Where a stage still keeps English and French words in Python (month names, the generic actor
phrases), the toy language gets nothing from it: its actors are the ones the event type implies,
without a mention. It has no `assembly/qaa.yaml`: the assembly step reads it with the English words.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from sahel_extract.errors import DataFileError
from sahel_extract.extractor import Extractor
from sahel_extract.models import Article
from sahel_extract.pipeline import build_nlp
from sahel_extract.resources import Resources
from sahel_extract.resources.casualty_rules import KINDS, REQUIRED
from sahel_extract.resources.languages import load_languages

TOY_LANGUAGE = """\
  - code: qaa
    name: Toy
    spacy: xx
    function_words: [la, kaj, estas, en, de]
"""

TOY_TRIGGERS = """\
source: written for tests/test_toy_language.py
licence: CC BY 4.0
triggers:
  - id: toy_raid
    terms: [rabaskis, rabaskos]
    event_type: Violence against civilians
    sub_event_type: Attack
"""

TOY_DATES = """\
source: written for tests/test_toy_language.py
licence: CC BY 4.0
cues:
  statement_before: [diraskis]
  relative_days:
    heriu: 1
    antaheriu: 2
"""

TOY_FATES = {"killed": "mortis", "injured": "vunditaj", "abducted": "forkaptitaj", "missing": "malaperintaj", "arrested": "arestitaj"}

# One rule, "5 homoj mortis" (a figure, one word of victims, their fate); the patterns the stage
# requires and the toy language has no words for never match.
TOY_CASUALTIES = "source: written for tests/test_toy_language.py\nlicence: CC BY 4.0\npatterns:\n" + "".join(
    f"  - id: kind_{kind}\n    terms: [{TOY_FATES[kind]}]\n" for kind in KINDS
) + "".join(
    f"  - id: {name}\n    regex: (?!)\n" for name in REQUIRED if not name.startswith("kind_")
) + """\
rules:
  - id: count_victims_kind
    regex: '\\b(?P<count>\\d+)\\s+(?P<victims>[^\\W\\d]+)\\s+(?P<kind>{any_kind})\\b'
"""

# an invented village: id, name, aliases, country, admin1, admin2, latitude, longitude, kind
TOY_PLACE = "c:vorlenta-toy\tVorlenta\t\tML\tMopti\tDjenne\t13.91\t-4.52\tvillage\t\t\n"

PUBLISHED = dt.date(2024, 3, 8)


def toy_folder(root: Path) -> Path:
    """A copy of the shipped gazetteer with the toy language written into it, files only."""
    folder = root / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", folder)
    with (folder / "languages.yaml").open("a", encoding="utf-8") as out:
        out.write(TOY_LANGUAGE)
    (folder / "triggers" / "qaa.yaml").write_text(TOY_TRIGGERS, encoding="utf-8")
    (folder / "dates" / "qaa.yaml").write_text(TOY_DATES, encoding="utf-8")
    (folder / "casualties" / "qaa.yaml").write_text(TOY_CASUALTIES, encoding="utf-8")
    with (folder / "places.tsv").open("a", encoding="utf-8") as out:
        out.write(TOY_PLACE)
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return toy_folder(tmp_path_factory.mktemp("toy"))


@pytest.fixture(scope="module")
def toy(folder: Path) -> Extractor:
    return Extractor(data_dir=folder)


def toy_article(text: str) -> Article:
    return Article(id="toy-1", text=text, published=PUBLISHED, lang="qaa")


# ---------------------------------------------------------------------------------------------
# An article in the toy language


@pytest.mark.parametrize(
    ("text", "date", "date_text", "fatalities"),
    [
        ("Heriu banditoj rabaskis la vilaĝon Vorlenta. 5 homoj mortis.", "2024-03-07", "Heriu", 5),
        ("Antaheriu armitaj viroj rabaskis Vorlenta, diraskis la urbestro. 12 homoj mortis kaj 3 homoj vunditaj.", "2024-03-06", "Antaheriu", 12),
        ("Heriu banditoj rabaskis Vorlenta.", "2024-03-07", "Heriu", None),
    ],
)
def test_toy_article_gives_its_event(toy: Extractor, text: str, date: str, date_text: str, fatalities: int | None) -> None:
    [event] = toy.extract(toy_article(text))
    # the type from triggers/qaa.yaml
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    # the place from the row added to places.tsv
    assert event.location is not None
    loc = event.location
    assert (loc.name, loc.country_code, loc.admin1, loc.admin2, loc.mention) == ("Vorlenta", "ML", "Mopti", "Djenne", "Vorlenta")
    assert text[loc.start : loc.end] == "Vorlenta"
    # the day from dates/qaa.yaml's relative days
    assert (event.event_date, event.date_precision, event.date_text) == (date, "day", date_text)
    # the toll from casualties/qaa.yaml
    assert event.fatalities == fatalities


def test_toy_toll_names_its_figures(toy: Extractor) -> None:
    text = "Heriu banditoj rabaskis Vorlenta. 12 homoj mortis kaj 3 homoj vunditaj."
    [event] = toy.extract(toy_article(text))
    assert [(c.kind, c.count, c.victims, c.text) for c in event.casualties] == [
        ("killed", 12, "homoj", "12 homoj mortis"),
        ("injured", 3, "homoj", "3 homoj vunditaj"),
    ]


def test_toy_actors_come_from_no_words_of_its_own(toy: Extractor) -> None:
    """The generic actor phrases are read for English and French only (`components/actors.py`):
    the toy event's actors are those its type implies, found in no words of the text."""
    [event] = toy.extract(toy_article("Heriu banditoj rabaskis Vorlenta."))
    assert [(a.name, a.role, a.mention) for a in event.actors] == [
        ("Unidentified armed group", "initiator", ""),
        ("Civilians", "target", ""),
    ]


def test_toy_pipeline_uses_the_borrowed_tokenizer_under_its_own_code(toy: Extractor) -> None:
    nlp = toy.nlp("qaa")
    assert nlp.lang == "qaa"  # the stages find their files by it
    assert [t.text for t in nlp.make_doc("Heriu, banditoj rabaskis.")] == ["Heriu", ",", "banditoj", "rabaskis", "."]


def test_toy_words_mean_nothing_in_english(toy: Extractor) -> None:
    article = Article(id="en-1", text="Heriu banditoj rabaskis Vorlenta.", published=PUBLISHED, lang="en")
    assert toy.extract(article) == []


# ---------------------------------------------------------------------------------------------
# Declared languages, loaded lazily


def test_declared_languages(folder: Path) -> None:
    assert load_languages().codes == ("en", "fr")
    assert load_languages(folder).codes == ("en", "fr", "qaa")
    resources = Resources.load(folder)  # what `gazetteer validate` reads: every declared language's files
    assert sorted(resources.triggers) == ["en", "fr", "qaa"]


def test_a_language_is_read_when_its_first_article_arrives(tmp_path: Path) -> None:
    """A broken toy trigger file costs English articles nothing: it is read with the first toy one."""
    folder = toy_folder(tmp_path)
    (folder / "triggers" / "qaa.yaml").write_text(TOY_TRIGGERS.replace("id: toy_raid", "id: ''"), encoding="utf-8")
    extractor = Extractor(data_dir=folder)
    english = Article(id="en-1", text="Gunmen attacked Vorlenta on Monday.", published=PUBLISHED, lang="en")
    assert len(extractor.extract(english)) == 1
    assert list(extractor._nlps) == ["en"]
    with pytest.raises(DataFileError, match=r"triggers/qaa\.yaml:\d+: field 'id'"):
        extractor.extract(toy_article("Heriu banditoj rabaskis Vorlenta."))


# ---------------------------------------------------------------------------------------------
# Undeclared languages: as before the registry


def test_undeclared_language_is_refused_with_the_declared_ones(folder: Path) -> None:
    with pytest.raises(ValueError, match=r"^unsupported language 'de' \(supported: en, fr, qaa\)$"):
        build_nlp("de", folder)
    with pytest.raises(ValueError, match=r"^unsupported language 'qaa' \(supported: en, fr\)$"):
        build_nlp("qaa")


ENGLISH = "Gunmen attacked the village and the market on Monday, the army said."
FRENCH = "Des hommes armés ont attaqué le village et le marché selon l'armée."
TOY = "Heriu la banditoj rabaskis la vilaĝon kaj la merkaton de Vorlenta."


@pytest.mark.parametrize(
    ("gazetteer", "lang", "text", "read_as"),
    [
        # the shipped languages: an undeclared or missing lang is English or French
        ("shipped", "de", ENGLISH, "en"),
        ("shipped", "de", FRENCH, "fr"),
        ("shipped", None, FRENCH, "fr"),
        ("shipped", "qaa", ENGLISH, "en"),
        ("shipped", None, TOY, "fr"),  # 'la', 'de': the French words it holds
        # with the toy language declared, its function words detect it too
        ("toy", None, TOY, "qaa"),
        ("toy", "de", TOY, "qaa"),
        ("toy", None, ENGLISH, "en"),
        ("toy", None, FRENCH, "fr"),
    ],
)
def test_undeclared_article_language_is_detected(
    folder: Path, gazetteer: str, lang: str | None, text: str, read_as: str
) -> None:
    extractor = Extractor(data_dir=folder) if gazetteer == "toy" else Extractor()
    assert extractor.language_of(Article(id="x", text=text, lang=lang)) == read_as


# ---------------------------------------------------------------------------------------------
# languages.yaml errors: file, line and field


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ("  - code: en\n    name: English\n    spacy: zz\n", r"languages\.yaml:12: field 'spacy': Value error, spaCy has no language 'zz'"),
        ("  - code: EN\n    name: English\n    spacy: en\n", r"languages\.yaml:10: field 'code': String should match pattern"),
        ("  - code: en\n    spacy: en\n", r"languages\.yaml:10: field 'name': Field required"),
        ("  - code: en\n    name: English\n    spacy: en\n    script: latn\n", r"languages\.yaml:13: field 'script': Extra inputs are not permitted"),
        (
            "  - code: en\n    name: English\n    spacy: en\n  - code: en\n    name: Again\n    spacy: en\n",
            r"languages\.yaml:13: field 'code': language en given twice \(first on line 10\)",
        ),
        ("  []\n", r"languages\.yaml: field 'languages': no language declared"),
        (
            "  - code: en\n    name: English\n    spacy: en\n    function_words: [the, of the]\n",
            r"languages\.yaml:13: field 'function_words\.1': String should match pattern",
        ),
    ],
)
def test_broken_languages_file(tmp_path: Path, entries: str, expected: str) -> None:
    header = "".join(f"# comment {i}\n" for i in range(6)) + "source: a test\nlicence: CC BY 4.0\nlanguages:\n"
    (tmp_path / "languages.yaml").write_text(header + entries, encoding="utf-8")
    with pytest.raises(DataFileError, match=expected):
        load_languages(tmp_path)
