"""The reliability battery (issue #23): bad and hostile inputs mixed into a folder of good articles.

One folder holds good articles (text, HTML, JSON, JSON Lines). It is extracted once alone, then
again after more than 100 bad inputs and a few hostile ones are added beside the good ones:
every kind of unreadable file, parser bombs, forged names and records, symbolic links, an
article that runs past the time limit. Whatever the engine or output, the second run must give

- the good articles' events byte for byte as the first run gave them (compared within this run,
  never with stored events, so that rule changes do not touch this test);
- for each bad input exactly one stderr line, the one in the table below, and no other line;
- no line at all for the hostile but readable inputs (punctuation runs, URL runs, `&amp;` soup);
- exit code 1.

It runs under `-j1`, `-j2`, `-j2 -o FILE` and `--engine dask` (skipped without Dask), each as
a user's shell runs it: `python -m sahel_extract` in a subprocess. The whole battery is marked
slow: `pytest -m "not slow"` leaves it out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sahel_extract.readers import LINK_REASON

pytestmark = pytest.mark.slow  # a dozen whole-folder runs as subprocesses

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
GOOD_FIXTURES = (
    "en_01_army_post_boulkessi.txt",
    "en_02_convoy_ambush_dori.txt",
    "en_15_protest_bamako.txt",
    "fr_04_massacre_dargol.txt",
)
TIMEOUT = "2"
"""Seconds per article in these runs: good articles take some 50 ms; the slow input minutes."""

DEEP = "[" * 10_000 + "]" * 10_000
BIG = "1" * 5_000
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SIGNATURES = {
    "pdf": (PDF, "a PDF document"),
    "zip": (b"PK\x03\x04" + b"word/document.xml " * 20, "a ZIP archive (or a Word or OpenDocument file)"),
    "rtf": (b"{\\rtf1\\ansi Gunmen attacked a village.}", "an RTF document"),
    "ps": (b"%!PS-Adobe-3.0\n%%Title: report\nshowpage\n", "a PostScript document"),
    "png": (b"\x89PNG\r\n\x1a\n" + b"IHDR image data " * 20, "a PNG image"),
    "gif": (b"GIF89a" + b"image data " * 20, "a GIF image"),
    "jpeg": (b"\xff\xd8\xff\xe0" + b"JFIF image data " * 20, "a JPEG image"),
    "gzip": (b"\x1f\x8b" + b"compressed data " * 20, "a gzip archive"),
}
NOT_TEXT = ", not text (convert it to text first)"


@dataclass(frozen=True)
class Bad:
    """One bad input: where it goes, what it holds, and the reason its one error line gives.

    `shown` is the file's name as the error line shows it (escaped), when it differs from `path`;
    `line` is the JSON Lines line an error names.
    """

    name: str
    path: str
    content: bytes
    reason: str
    shown: str | None = None
    line: int | None = None
    make: Callable[[Path, Path], None] | None = None

    def expected_line(self, root: Path) -> str:
        where = f"{root}/{self.shown or self.path}" + ("" if self.line is None else f":{self.line}")
        return f"Error: {where}: {self.reason}"


def text(name: str, content: str | bytes, reason: str, **extra: object) -> Bad:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Bad(name, f"bad/{name}", data, reason, **extra)  # type: ignore[arg-type]


def record(name: str, line: str, reason: str) -> Bad:
    """A JSON Lines file whose only line is bad: the error names `file:1`."""
    return Bad(name, f"bad/{name}.jsonl", (line + "\n").encode("utf-8"), reason, line=1)


def link(name: str, target: Callable[[Path, Path], Path]) -> Bad:
    def make(root: Path, outside: Path) -> None:
        (root / "bad" / name).symlink_to(target(root, outside))

    return Bad(name, f"bad/{name}", b"", LINK_REASON, make=make)


ATTACK = "Gunmen attacked the village of Djibo on 3 August 2024, killing 12 civilians."

BAD: list[Bad] = [
    # --- empty, blank, binary, in every suffix
    *(text(f"empty{suffix}", b"", "empty file") for suffix in (".txt", ".md", ".html", ".htm")),
    text("empty.json", b"", "invalid JSON: Expecting value (line 1, column 1)"),
    *(text(f"blank{suffix}", " \n\t\n\n", "empty file") for suffix in (".txt", ".md", ".html")),
    *(text(f"nul{suffix}", b"Gunmen\x00attacked", "binary file (not text)") for suffix in (".txt", ".md", ".html", ".htm", ".json")),
    text("controls.txt", bytes(range(1, 9)) * 40, "binary file (not text)"),
    text("nul.jsonl", b'{"text": "x"}\x00\x00\n', "binary file (not text)"),
    text("empty.jsonl", b"", "empty file"),
    text("blank.jsonl", b"\n \n\t\n", "empty file"),
    text("empty-list.json", b"[]", "no articles (an empty list)"),
    text("utf16-controls.txt", b"\xff\xfe" + b"\x01\x00" * 50, "binary file (not text)"),
    # --- documents and images that pass for text (all printable bytes)
    *(text(f"{kind}{suffix}", data, label + NOT_TEXT) for kind, (data, label) in SIGNATURES.items() for suffix in (".txt", ".md")),
    *(text(f"{kind}.html", data, label + NOT_TEXT) for kind, (data, label) in SIGNATURES.items() if kind in ("pdf", "zip")),
    text("pdf.jsonl", PDF, "a PDF document" + NOT_TEXT),
    # --- text that reduces to nothing
    text("marker-only.txt", "date 2024-03-08\n\n", "no article text"),
    text("front-only.md", "---\ntitle: Nothing else\n---\n", "no article text"),
    text("script-only.html", "<html><body><script>track()</script><nav>Home</nav></body></html>", "no article text"),
    # --- date markers and front matter
    text("bad-marker-day.txt", "date 2024-02-30 " + ATTACK, "invalid date marker 'date 2024-02-30': day is out of range for month"),
    text("bad-marker-month.txt", "date 2024-13 " + ATTACK, "invalid date marker 'date 2024-13': month must be in 1..12"),
    text("front-unclosed.md", "---\ntitle: T\n" + ATTACK, "front matter has no closing '---' line"),
    text("front-flow.md", "---\ntitle: [unclosed\n---\n" + ATTACK,
         "invalid front matter: expected ',' or ']', but got '<stream end>' (line 2 of the block)"),
    text("front-deep.md", f"---\ntitle: {DEEP}\n---\n{ATTACK}", "invalid front matter: nested too deeply"),
    text("front-big-id.md", f"---\nid: {BIG}\n---\n{ATTACK}", "invalid front matter: a number with more than 4300 digits"),
    text("front-bad-date.md", f"---\ndate: 2024-02-31\n---\n{ATTACK}", "invalid front matter: day is out of range for month"),
    text("front-date-list.md", f"---\ndate: [1, 2]\n---\n{ATTACK}", "invalid front matter: field 'date' must be YYYY-MM-DD, got array"),
    text("front-title-map.md", f"---\ntitle: {{a: 1}}\n---\n{ATTACK}", "invalid front matter: field 'title' must be text, got object"),
    text("front-python-tag.md", f"---\ntitle: !!python/object/apply:os.system [echo]\n---\n{ATTACK}",
         "invalid front matter: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system' (line 1 of the block)"),
    # --- HTML
    text("soup.html", "<div>" * 60_000 + ATTACK, "HTML nested too deeply to parse"),
    # --- whole JSON documents
    text("truncated.json", '{"text": ', "invalid JSON: Expecting value (line 1, column 10)"),
    text("string.json", '"just a string"', "expected a JSON object, got string"),
    text("number.json", "42", "expected a JSON object, got number"),
    text("null.json", "null", "expected a JSON object, got null"),
    text("deep.json", DEEP, "nested too deeply to read"),
    text("deep-field.json", f'{{"text": "{ATTACK}", "tags": {DEEP}}}', "nested too deeply to read"),
    text("big-id.json", f'{{"text": "{ATTACK}", "id": {BIG}}}', "a number with more than 4300 digits"),
    text("no-text.json", '{"id": "x"}', "missing 'text'"),
    text("bad-escape.json", '{"text": "\\x"}', "invalid JSON: Invalid \\escape (line 1, column 11)"),
    text("nan-text.json", '{"text": NaN}', "'text' must be a string, got number"),
    Bad("list-item", "bad/list-item.json", b'[{"id": "x"}]', "missing 'text'", shown="bad/list-item.json:item 1"),
    # --- JSON Lines: one bad line each (errors name file:line)
    record("broken", "not json", "invalid JSON: Expecting value (column 1)"),
    record("unfinished", '{"text": "x"', "invalid JSON: Expecting ',' delimiter (column 13)"),
    record("deep", DEEP, "nested too deeply to read"),
    record("deep-field", f'{{"text": "{ATTACK}", "x": {DEEP}}}', "nested too deeply to read"),
    record("big-id", f'{{"text": "{ATTACK}", "id": {BIG}}}', "a number with more than 4300 digits"),
    record("array", "[1, 2]", "expected a JSON object, got array"),
    record("no-text", '{"id": "no-text"}', "missing 'text'"),
    record("text-list", '{"text": ["a"]}', "'text' must be a string, got array"),
    record("text-blank", '{"text": " \\n "}', "'text' is empty"),
    record("published-bad", f'{{"text": "{ATTACK}", "published": "2024-13-45"}}', "'published' must be YYYY-MM-DD, got '2024-13-45'"),
    record("published-number", f'{{"text": "{ATTACK}", "published": 20240101}}', "'published' must be a string, got number"),
    *(
        record(f"{field}-{kind}", f'{{"text": "{ATTACK}", "{field}": {value}}}', f"'{field}' must be a string, got {kind}")
        for field in ("url", "title", "lang", "source")
        for kind, value in (("number", "7"), ("array", '["a"]'), ("object", '{"a": 1}'), ("boolean", "true"))
    ),
    record("id-boolean", f'{{"text": "{ATTACK}", "id": true}}', "'id' must be a string, got boolean"),
    record("id-array", f'{{"text": "{ATTACK}", "id": [1]}}', "'id' must be a string, got array"),
    # a record's own `source` would forge lines; the error names file:line instead
    record("forged-source", f'{{"text": "{ATTACK}", "published": "x", "source": "a.txt: ok\\nError: forged"}}',
           "'published' must be YYYY-MM-DD, got 'x'"),
    record("escape-source", f'{{"text": "{ATTACK}", "published": [], "source": "\\u001b[2J\\u001b[31mred"}}',
           "'published' must be a string, got array"),
    # --- names that could forge lines or repaint the terminal, names that are not UTF-8
    Bad("newline-name", "bad/new\nline.txt", b"", "empty file", shown="bad/new\\nline.txt"),
    Bad("forged-name", "bad/x.txt: ok\nError: forged.txt", b"", "empty file", shown="bad/x.txt: ok\\nError: forged.txt"),
    Bad("escape-name", "bad/\x1b[31mred.txt", b"\x00", "binary file (not text)", shown="bad/\\x1b[31mred.txt"),
    Bad("bidi-name", "bad/evil\u202etxt.md", b"", "empty file", shown="bad/evil\\u202etxt.md"),
    Bad("tab-name", "bad/tab\tname.txt", b"", "empty file", shown="bad/tab\\tname.txt"),
    Bad("latin1-name", "bad/caf\udce9.txt", b"", "empty file", shown="bad/caf\\xe9.txt"),
    # --- symbolic links inside the folder: never followed, never silent
    link("outside.txt", lambda root, outside: outside / "secret.txt"),
    link("outside-folder", lambda root, outside: outside),
    link("dangling.txt", lambda root, outside: outside / "nowhere.txt"),
    link("inside.txt", lambda root, outside: root / "good" / GOOD_FIXTURES[0]),
    # --- an article that runs past the time limit: one 197 KB run-on sentence of places and tolls,
    # ~6 s on this project's 2-core machine ("12 killed, " repeated, once superlinear in the casualty
    # rules, is now linear and done in about a second)
    text("slow.txt", "Gunmen killed 12 people in Djibo and 3 in Kaya on Monday, " * 3_400, f"skipped: took longer than {TIMEOUT} s"),
]

MIXED_BAD = {2: ('{"text": 1}', "'text' must be a string, got number"), 4: (DEEP, "nested too deeply to read")}
"""Bad lines between the good lines of good/feed.jsonl (blank in the reference run)."""

HOSTILE: dict[str, bytes] = {
    "dollars.txt": b"$" * 20_000,
    "quotes.txt": b"'" * 20_000,
    "parens.md": b"(" * 20_000,
    "amp.html": b"<html><body><p>" + b"&amp;" * 30_000 + b"</p></body></html>",
    "urls.txt": b"http://example.com/a/b?c=d" * 800,
    "brackets.txt": b"[Djibo] " * 1_000,
    "numbers.txt": b"12 34 567 " * 2_000,
    "long-line.txt": b"a" * 10_000,
    "newlines.txt": b"Gunmen attacked Djibo." + b"\n" * 20_000,
    "surrogate.jsonl": b'{"text": "Gunmen attacked Djibo \\ud800 on Sunday, killing 3 civilians."}\n',
    "cp1252.txt": b"Des hommes arm\xe9s ont attaqu\xe9 Djibo, tuant 3 civils.",
}
"""Readable inputs that must cost little and say nothing (their events, if any, are not compared)."""


def good_sources(root: Path) -> set[str]:
    return {str(root / "good" / name) for name in GOOD_FIXTURES} | {
        str(root / "good" / "page.html"),
        str(root / "good" / "doc.json"),
        *(f"{root}/good/feed.jsonl:{line}" for line in (1, 3, 5)),
    }


def write_good(root: Path) -> None:
    good = root / "good"
    good.mkdir(parents=True)
    for name in GOOD_FIXTURES:
        shutil.copy(ARTICLES / name, good / name)
    texts = [(ARTICLES / name).read_text(encoding="utf-8") for name in ("en_16_ied_tera.txt", "en_04_drone_strike_lere.txt")]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in texts[0].split("\n\n"))
    (good / "page.html").write_text(f"<html><head><title>T</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    (good / "doc.json").write_text(json.dumps({"id": "doc", "text": texts[1], "published": "2024-05-02"}), encoding="utf-8")
    write_feed(good / "feed.jsonl", with_bad=False)


def write_feed(path: Path, *, with_bad: bool) -> None:
    """Good records on lines 1, 3 and 5; bad ones (or blank lines) on 2 and 4."""
    names = ("en_05_abductions_gorom_djibo.txt", "fr_02_dozos_katiba_macina_diabaly.txt", "en_10_toll_revised_banibangou.txt")
    good = [json.dumps({"text": (ARTICLES / name).read_text(encoding="utf-8"), "published": "2024-06-01"}) for name in names]
    lines = [good[0], MIXED_BAD[2][0] if with_bad else "", good[1], MIXED_BAD[4][0] if with_bad else "", good[2]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_bad(root: Path, outside: Path) -> None:
    outside.mkdir()
    (outside / "secret.txt").write_text(ATTACK, encoding="utf-8")
    (root / "bad").mkdir()
    for case in BAD:
        if case.make is not None:
            case.make(root, outside)
        else:
            path = os.fsencode(str(root / case.path))
            with open(path, "wb") as handle:
                handle.write(case.content)
    (root / "hostile").mkdir()
    for name, content in HOSTILE.items():
        (root / "hostile" / name).write_bytes(content)
    write_feed(root / "good" / "feed.jsonl", with_bad=True)


def expected_errors(root: Path) -> list[str]:
    lines = [case.expected_line(root) for case in BAD]
    lines += [f"Error: {root}/good/feed.jsonl:{line}: {reason}" for line, (_, reason) in MIXED_BAD.items()]
    return lines


def extract(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sahel_extract", "extract", "--timeout", TIMEOUT, "--no-progress", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def good_lines(output: bytes, sources: set[str]) -> bytes:
    return b"".join(line for line in output.splitlines(keepends=True) if json.loads(line)["source"] in sources)


@dataclass(frozen=True)
class Battery:
    root: Path
    reference: bytes

    def run(self, *args: str) -> tuple[bytes, list[str], int]:
        """Good events, stderr lines and exit code of one run over the whole folder."""
        done = extract(str(self.root), *args)
        lines = done.stderr.decode("utf-8").splitlines()
        # the run's closing hint ("Note: N events without a date … give one with --published") is
        # about the run, not one input: at most one, and set apart from the inputs' lines
        notes = [line for line in lines if line.startswith("Note: ")]
        assert len(notes) <= 1, notes
        return good_lines(done.stdout, good_sources(self.root)), [line for line in lines if line not in notes], done.returncode


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Battery:
    root = tmp_path_factory.mktemp("battery") / "in"
    write_good(root)
    alone = extract(str(root), "-j1")
    assert (alone.returncode, alone.stderr) == (0, b""), alone.stderr
    assert good_lines(alone.stdout, good_sources(root)) == alone.stdout
    assert {json.loads(line)["source"] for line in alone.stdout.splitlines()} == good_sources(root), "every good article has events"
    write_bad(root, root.parent / "outside")
    return Battery(root, alone.stdout)


@pytest.fixture(scope="module")
def serial_run(battery: Battery) -> tuple[bytes, list[str], int]:
    return battery.run("-j1")


def test_the_battery_is_big_enough() -> None:
    assert len(BAD) + len(MIXED_BAD) >= 100
    assert len({case.name for case in BAD}) == len(BAD), "case names are test ids"


def check(battery: Battery, good: bytes, stderr: list[str], code: int) -> None:
    assert good == battery.reference, "the good articles' events changed"
    assert sorted(stderr) == sorted(expected_errors(battery.root))
    assert code == 1


def test_serial(battery: Battery, serial_run: tuple[bytes, list[str], int]) -> None:
    check(battery, *serial_run)


def test_two_workers(battery: Battery) -> None:
    check(battery, *battery.run("-j2"))


def test_output_file(battery: Battery, tmp_path: Path) -> None:
    output = tmp_path / "events.jsonl"
    stdout, stderr, code = battery.run("-j2", "-o", str(output))
    assert stdout == b""
    check(battery, good_lines(output.read_bytes(), good_sources(battery.root)), stderr, code)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["events.jsonl", "events.jsonl.done"]


def test_dask(battery: Battery) -> None:
    pytest.importorskip("dask.bag")
    pytest.importorskip("distributed")
    check(battery, *battery.run("--engine", "dask", "-j2"))


@pytest.mark.parametrize("case", BAD, ids=[case.name for case in BAD])
def test_each_bad_input_has_its_one_line(battery: Battery, serial_run: tuple[bytes, list[str], int], case: Bad) -> None:
    _, stderr, _ = serial_run
    assert stderr.count(case.expected_line(battery.root)) == 1
    shown = case.shown or case.path
    assert [line for line in stderr if f"/{shown}:" in line or line.endswith(f"/{shown}")] == [case.expected_line(battery.root)]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_say_nothing(battery: Battery, serial_run: tuple[bytes, list[str], int], name: str) -> None:
    _, stderr, _ = serial_run
    assert [line for line in stderr if f"/hostile/{name}" in line] == []
