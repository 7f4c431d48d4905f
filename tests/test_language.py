"""`--lang auto`: the function-word heuristic, measured on every fixture article and on short lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_extract.extractor import detect_lang
from sahel_extract.models import Article
from sahel_extract.readers import iter_articles

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_fixture_language_is_detected(path: Path) -> None:
    (article,) = [a for a in iter_articles([str(path)]) if isinstance(a, Article)]
    assert detect_lang(article.text) == ("fr" if path.name.startswith("fr") else "en")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # short wire lines, the hardest case for a word-count heuristic
        ("Gunmen killed 12 villagers in the Mopti region on Sunday.", "en"),
        ("On 3 March, JNIM militants attacked an army post in Boni.", "en"),
        ("Des hommes armés ont tué 12 villageois dans la région de Mopti dimanche.", "fr"),
        ("Le 3 mars, des éléments du GSIM ont attaqué un poste de l'armée à Boni.", "fr"),
        ("Bilan provisoire : 6 morts et 12 blessés selon une source sécuritaire.", "fr"),
        ("The army said nine soldiers were killed and 11 wounded.", "en"),
    ],
)
def test_short_lines(text: str, lang: str) -> None:
    assert detect_lang(text) == lang
