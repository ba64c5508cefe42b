"""True sources beyond the 2010 paper (issue 23, point 3): a shipped example or model that quotes
Husk, Berry and Burns (2020) or Peer Learning for London (2021) quotes words that are in the text it
cites. The texts are the team's reference copies beside the repository (../shared), as CI has them."""

import re

import pytest
import yaml

from tests.conftest import ROOT
from tests.examples.test_citations import texts_in

SEEDS = ROOT.parent / "shared" / "seeds"
SOURCES = {
    "Husk, Berry and Burns": SEEDS / "000_1a86a6faaae5f344.txt",
    "Peer Learning for London": SEEDS / "004_a1d6d04dbd0fc52e.txt",
}
"""A citation's words, and the text of what it cites."""


def _plain(text: str) -> str:
    """Quotes, emphasis and a number hyphenated across a line break ("3- month") as read."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("*", "")
    text = re.sub(r"(\d)- (\w)", r"\1-\2", " ".join(text.split()))
    return text.lower()


def _quotations() -> list[tuple[str, tuple[str, ...], str]]:
    """(file, the sources the text cites, the quoted words), for each text citing one of SOURCES."""
    files = sorted([*(ROOT / "examples").rglob("*.yaml"), *(ROOT / "models").glob("*.yaml")])
    found = []
    for path in files:
        for text in texts_in(yaml.safe_load(path.read_text(encoding="utf-8"))):
            cited = tuple(name for name in SOURCES if name in text)
            if cited:
                found += [(path.name, cited, q) for q in re.findall(r'"([^"]+)"', text)]
    return found


@pytest.mark.parametrize(("name", "cited", "quoted"), _quotations(), ids=lambda v: str(v)[:40])
def test_each_quotation_is_in_a_text_it_cites(name, cited, quoted):
    if not all(SOURCES[s].is_file() for s in cited):
        pytest.skip("the cited texts are not beside this checkout")
    texts = [_plain(SOURCES[s].read_text(encoding="utf-8")) for s in cited]
    assert any(_plain(quoted) in text for text in texts), (name, quoted, cited)


def test_the_check_reads_what_the_models_quote():
    """The pattern finds the quotations (one that found none would check nothing), and a words
    the texts do not hold is not found in them."""
    quoted = {q for _, _, q in _quotations()}
    assert "traffic light system" in quoted and len(quoted) >= 6
    if SOURCES["Husk, Berry and Burns"].is_file():
        text = _plain(SOURCES["Husk, Berry and Burns"].read_text(encoding="utf-8"))
        assert _plain("about 60") not in text  # the paraphrase once quoted as the source's words
        assert _plain("an average of a 3-month period of contact") in text
