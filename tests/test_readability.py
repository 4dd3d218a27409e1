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


# ----------------------------------------------------------------- pages stay as readable as they are, or better

FLOORS = Path(__file__).parent / "readability-floors.txt"
DOCS = Path(__file__).resolve().parent.parent / "docs"


def floors() -> dict[str, int]:
    out = {}
    for line in FLOORS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            page, score = line.split()
            out[page] = int(score)
    return out


def below_floor(scores: dict[str, float | None], floor: dict[str, int]) -> list[str]:
    """Pages that read harder than their floor (or, when new, than the plain-language threshold)."""
    out = []
    for page, score in sorted(scores.items()):
        if score is None:
            continue
        need = floor.get(page, readability.THRESHOLD[readability.language_of(Path(page))])
        if score < need:
            out.append(f"{page}: {score:.1f}, was at least {need}")
    return out


def test_ratchet_catches_a_page_that_got_harder(tmp_path):
    easy = FIXTURES / "docs" / "makkelijk.md"
    page = tmp_path / "docs" / "makkelijk.md"
    page.parent.mkdir()
    page.write_text(easy.read_text(encoding="utf-8"), encoding="utf-8")
    before = readability.measure(page).score
    floor = {"makkelijk.md": int(before)}
    assert below_floor({"makkelijk.md": before}, floor) == []
    page.write_text(page.read_text(encoding="utf-8") + "\nOvereenkomstig de toepasselijke wettelijke bepalingen "
                    "dient de werkgever een samenhangend integriteitsbeleid te formuleren en te implementeren.\n",
                    encoding="utf-8")
    after = readability.measure(page).score
    assert below_floor({"makkelijk.md": after}, floor) == [f"makkelijk.md: {after:.1f}, was at least {int(before)}"]
    assert below_floor({"nieuw.md": 59.0}, {}) == ["nieuw.md: 59.0, was at least 60"]


def test_every_page_reads_as_easily_as_its_floor_or_better():
    scores = {str(page.relative_to(DOCS)): readability.measure(page).score for page in sorted(DOCS.rglob("*.md"))}
    assert below_floor(scores, floors()) == []


def test_embedded_facts_are_measured_and_dutch_names_in_english_are_not(tmp_path):
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True)
    (data / "facts.yml").write_text(
        "sources:\n  - {id: s, title: T, publisher: P, date: 2025}\nfacts:\n  - id: lang\n    text:\n"
        "      nl: Overeenkomstig de toepasselijke wettelijke bepalingen dient de werkgever te handelen.\n"
        "      en: Notwithstanding the aforementioned considerations, organisational responsibilities apply.\n"
        "    sources: [s]\n    confidence: high\n    stand_van: 2025\n", encoding="utf-8")
    page = tmp_path / "docs" / "p.en.md"
    page.write_text("# Title\n\n<!-- fact: lang -->\n", encoding="utf-8")
    assert "Notwithstanding" in readability.with_facts(page.read_text(), "en", page)
    dutch = readability.measure_text("You can call the centre (*Centrum Seksueel Geweld*{: lang=nl }) now. " * 10, "en")
    plain = readability.measure_text("You can call the centre now. " * 10, "en")
    assert dutch.words == plain.words and dutch.score == plain.score
