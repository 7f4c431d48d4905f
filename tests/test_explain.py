"""`extract --explain`: each field names the rules and text spans behind it (issue 24)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_extract import Extractor
from sahel_extract.cli import app
from sahel_extract.models import Article

EN = (
    "Gunmen killed 12 soldiers in an ambush near Djibo on Sunday, the army said. "
    "Two attackers were also killed, a security source added."
)
FR = "Des hommes armés ont tué sept civils mardi à Djibo, selon des sources locales."
COUNTRY_ONLY = "Protesters marched in Mali against the rising cost of living, organisers said."


def explained(text: str, lang: str) -> list[dict[str, object]]:
    article = Article(id="t", text=text, lang=lang, published="2024-03-12")  # type: ignore[arg-type]
    return [json.loads(event.to_json()) for event in Extractor(explain=True).process(article).events]


def test_each_field_names_its_rule_and_span_english() -> None:
    (event,) = explained(EN, "en")
    why = event["explain"]
    assert why["event_type"] == ["trigger:ambush 'ambush'@32"]  # the trigger's id in triggers/en.yaml
    assert why["location"] == ["place:gazetteer 'Djibo'@44"]
    assert why["event_date"] == ["date:weekday 'on Sunday'@50"]
    assert [w.split(" ")[0] for w in why["casualties"]] == ["casualty:verb_count_victims", "casualty:count_victims_kind"]
    assert why["fatalities"] == why["casualties"]  # both tolls are dead: 12 + 2
    assert event["fatalities"] == 14
    assert [w.split(" ", 1)[1] for w in why["actors"]] == ["'Gunmen'@0", "'soldiers'@17"]


def test_each_field_names_its_rule_and_span_french() -> None:
    (event,) = explained(FR, "fr")
    why = event["explain"]
    assert why["event_type"] == ["trigger:massacre 'ont tué'@17"]  # the trigger's id in triggers/fr.yaml
    assert why["event_date"] == ["date:weekday 'mardi'@37"]
    assert why["location"] == ["place:gazetteer 'Djibo'@45"]
    assert why["fatalities"] == ["casualty:verb_count_victims 'tué sept civils'@21"]
    assert "actor:generic 'hommes armés'@4" in why["actors"]


def test_what_no_span_gave_says_so() -> None:
    """A country-only story is placed at the capital; an undated one takes the publication week."""
    (event,) = explained(COUNTRY_ONLY, "en")
    assert event["location"]["name"] == "Bamako"  # type: ignore[index]
    assert event["explain"]["location"] == ["place:gazetteer 'Mali'@22", "default:capital"]
    assert event["explain"]["event_date"] == ["default:publication"]
    assert "casualties" not in event["explain"] and "fatalities" not in event["explain"]  # nothing to explain


@pytest.mark.parametrize(("text", "lang"), [(EN, "en"), (FR, "fr"), (COUNTRY_ONLY, "en")])
def test_explain_only_adds_its_field(text: str, lang: str) -> None:
    """Records are the same with and without --explain but for the added object, event ids included."""
    article = Article(id="t", text=text, lang=lang, published="2024-03-12")  # type: ignore[arg-type]
    plain = [json.loads(e.to_json()) for e in Extractor().process(article).events]
    with_why = explained(text, lang)
    assert all("explain" not in record for record in plain)
    assert [{k: v for k, v in record.items() if k != "explain"} for record in with_why] == plain


def test_the_command_line_writes_it_in_jsonl_and_refuses_other_formats(tmp_path: Path) -> None:
    article = tmp_path / "ambush.txt"
    article.write_text("date 2024-03-12\n" + EN + "\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["extract", str(article), "--explain", "--no-progress"])
    assert done.exit_code == 0, done.output
    (record,) = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert record["explain"]["event_type"] == ["trigger:ambush 'ambush'@32"]
    refused = runner.invoke(app, ["extract", str(article), "--explain", "--format", "csv"])
    assert refused.exit_code == 2
    assert "--explain needs the jsonl format" in refused.output
    plain = runner.invoke(app, ["extract", str(article), "--no-progress"])
    assert '"explain"' not in plain.stdout
