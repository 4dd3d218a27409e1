"""vpgids.readability: Flesch-Douma (Dutch, textstat) and Flesch reading ease (English, Pyphen), on prose only."""

from pathlib import Path

import pytest

from vpgids import readability
from vpgids.mdtext import blocks

FIXTURES = Path(__file__).parent / "fixtures" / "check" / "unreadable"


@pytest.mark.parametrize("name,ok", [("index.md", False), ("index.en.md", False),
                                     ("makkelijk.md", True), ("makkelijk.en.md", True)])
def test_fixture_pages_score_on_the_right_side_of_60(name, ok):
    score = readability.measure(FIXTURES / "docs" / name, FIXTURES)
    assert score.score is not None and score.ok is ok, score
    assert (score.score >= 60) is ok


def test_english_works_offline_with_pyphen_syllables():
    # 16 words, 2 sentences, 22 syllables by Pyphen's en_GB patterns (they do not split "listens").
    text = "You can always talk to the confidential adviser. She listens to you and helps you further."
    assert readability.english_score(text) == pytest.approx(206.835 - 1.015 * 8 - 84.6 * 22 / 16, abs=0.01)


def test_dutch_uses_flesch_douma():
    assert readability.dutch_score("Je kunt altijd met ons praten. We luisteren naar je.") > 80
    assert readability.dutch_score(
        "De werkgever draagt zorg voor de totstandkoming van een organisatiebreed integriteitsbeleid "
        "inzake ongewenste omgangsvormen en maatschappelijke misstanden.") < 30


def test_non_prose_is_not_measured():
    text = (
        "---\ndescription: Een heel lange beschrijving die niet meetelt.\nreviewed: 2026-11-01\n---\n\n"
        "# Kop\n\n```\nlange_code_regel = zeer_ingewikkeld(parameterisatie)\n```\n\n"
        "<!-- verborgen opmerking -->\n\n!!! note \"Let op\"\n    Bel [ons](https://example.org/heel/lang/pad).\n\n"
        "| Wie | Wat |\n|---|---|\n| tabel | tekst |\n\n[^1]: Een voetnoot.\n\n*[VP]: vertrouwenspersoon\n\n"
        "- een punt\n"
    )
    assert [(b.line, b.text) for b in blocks(text)] == [
        (6, "Kop."), (14, "Let op."), (15, "Bel ons."), (25, "een punt.")]


def test_short_pages_are_not_scored():
    score = readability.measure_text("# Kop\n\nKort.\n", "nl", "docs/x.md")
    assert score.score is None and score.ok
    assert readability.problems([score]) == []
