"""Readability per page: Flesch-Douma for Dutch, Flesch reading ease for English.

Both scales run from about 0 (very hard) to 100 (very easy); 60 or more is plain language
(roughly B1) for the readers of this site. Scores are a report and a warning, never an error:
a formula cannot judge meaning, but a low score reliably points at long sentences and long words.

Dutch uses textstat (Flesch-Douma: 206.835 - 0.93 * words/sentence - 77 * syllables/word),
which works offline. textstat's English mode downloads the CMU dictionary at run time and
fails without internet, so English is computed here with the same formula constants textstat
uses (206.835 - 1.015 * words/sentence - 84.6 * syllables/word) and Pyphen syllables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .mdtext import blocks
from .problems import Problem, display_path

THRESHOLD = {"nl": 60, "en": 60}
# Below this many words a score says little (a stub page, a generated page's intro).
MIN_WORDS = 50
FORMULA = {"nl": "Flesch-Douma", "en": "Flesch reading ease"}


@dataclass
class Score:
    file: str
    language: str
    words: int
    sentences: int
    score: float | None            # None: too short to measure
    longest_line: int = 1          # where the longest sentence starts
    longest_words: int = 0

    @property
    def ok(self) -> bool:
        return self.score is None or self.score >= THRESHOLD[self.language]


@lru_cache(maxsize=1)
def _textstat_nl():
    import textstat

    textstat.set_lang("nl")
    return textstat


@lru_cache(maxsize=1)
def _pyphen_en():
    import pyphen

    # Default margins (2, 2), as textstat used before it switched English to the CMU dictionary:
    # margins of 1 give nonsense splits ("y-ou", "an-d") and overcount.
    return pyphen.Pyphen(lang="en_GB")


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text)


def _sentences(text: str) -> list[str]:
    # The rule textstat uses: split at . ! ?, ignore "sentences" of two words or fewer
    # (numbering, "Let op.") so they do not shorten the average.
    return [s for s in re.findall(r"\b[^.!?]+[.!?]*", text) if len(_words(s)) > 2]


def syllables_en(word: str) -> int:
    return len(_pyphen_en().positions(word.lower())) + 1


def dutch_score(text: str) -> float:
    textstat = _textstat_nl()
    textstat.set_lang("nl")  # the language is global in textstat; set it every time
    return float(textstat.flesch_reading_ease(text))


def english_score(text: str) -> float:
    words = _words(text)
    if not words:
        return 0.0
    sentences = max(1, len(_sentences(text)))
    syllables = sum(syllables_en(w) for w in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllables / len(words))


def language_of(path: Path) -> str:
    return "en" if path.name.endswith(".en.md") else "nl"


# A Dutch name kept in an English page, marked as Dutch (*Centrum Seksueel Geweld*{: lang=nl }), as
# terms-nl-en.md asks at first mention: English syllable rules cannot judge it, so it is not measured.
DUTCH_SPAN = re.compile(r"\*[^*\n]+\*\{:?\s*lang=nl\s*\}")


def measure_text(markdown: str, language: str, shown: str = "") -> Score:
    if language == "en":
        markdown = DUTCH_SPAN.sub("", markdown)
    found = blocks(markdown)
    text = " ".join(b.text for b in found)
    words = len(_words(text))
    longest_line, longest = 1, 0
    for block in found:
        for sentence in _sentences(block.text):
            count = len(_words(sentence))
            if count > longest:
                longest_line, longest = block.line, count
    if words < MIN_WORDS:
        return Score(shown, language, words, len(_sentences(text)), None, longest_line, longest)
    value = dutch_score(text) if language == "nl" else english_score(text)
    return Score(shown, language, words, len(_sentences(text)), round(value, 1), longest_line, longest)


def measure(path: Path, root: Path | None = None) -> Score:
    """A page as readers see it: a fact embedded by id (<!-- fact: ... -->) is measured with its text."""
    text = path.read_text(encoding="utf-8")
    return measure_text(with_facts(text, language_of(path), path), language_of(path), display_path(path, root))


def with_facts(text: str, language: str, path: Path) -> str:
    """The page with each fact marker replaced by the fact's text (same line, so messages keep their line).
    The source note after it is left out, as footnotes are: it is a citation, not running text.
    Without a valid facts file the markers stay: the facts check reports that."""
    from . import facts
    from .problems import ValidationError

    if "fact:" not in text:
        return text
    for folder in path.resolve().parents:
        data = folder / "_data" / "facts.yml"
        if data.exists():
            try:
                found = facts.load(data)
            except ValidationError:
                return text
            return facts.MARKER.sub(
                lambda m: found[m.group(1)].text[language] if m.group(1) in found else m.group(0),
                text)
    return text


def problems(scores: list[Score]) -> list[Problem]:
    """A warning for each page below the threshold, pointing at its longest sentence."""
    out = []
    for s in scores:
        if s.ok:
            continue
        out.append(Problem(
            s.file, s.longest_line,
            f"this page is hard to read ({FORMULA[s.language]} score {s.score:.0f}, aim for "
            f"{THRESHOLD[s.language]} or more); its longest sentence ({s.longest_words} words) starts here",
            "split long sentences in two (aim for 15 words or fewer), and use short everyday words "
            "instead of long or official ones",
            "warning"))
    return out


def report(scores: list[Score]) -> str:
    """A plain-text table, one row per page, easiest first fails last."""
    width = max([len(s.file) for s in scores] + [4])
    rows = [f"{'page'.ljust(width)}  lang  words  score  aim  result",
            f"{'-' * width}  ----  -----  -----  ---  ------"]
    for s in sorted(scores, key=lambda s: s.file):
        if s.score is None:
            score, result = "    -", "too short to measure"
        else:
            score, result = f"{s.score:5.0f}", "ok" if s.ok else "HARD TO READ"
        rows.append(f"{s.file.ljust(width)}  {s.language:<4}  {s.words:5d}  {score}  "
                    f"{THRESHOLD[s.language]:3d}  {result}")
    return "\n".join(rows)


LONG_SENTENCE = 20  # words; plain-language guides (B1) aim for 15 and treat more than 20 as too long


def _start_line(lines: list[str], block_line: int, sentence: str) -> int:
    """The line a sentence starts on: blocks know only where their paragraph starts."""
    head = _words(sentence)[:3]
    for number in range(block_line, len(lines) + 1):
        if head and all(word in lines[number - 1] for word in head[:2]):
            return number
    return block_line


def long_sentences(markdown: str, shown: str, limit: int = LONG_SENTENCE) -> list[Problem]:
    """A warning at every sentence of body text with more than `limit` words."""
    lines = markdown.split("\n")
    out = []
    for block in blocks(markdown):
        for sentence in _sentences(block.text):
            count = len(_words(sentence))
            if count > limit:
                start = " ".join(_words(sentence)[:6])
                out.append(Problem(
                    shown, _start_line(lines, block.line, sentence),
                    f"this sentence has {count} words (\"{start} …\"); more than {limit} is hard to follow",
                    "split it into two or more sentences of about 15 words", "warning"))
    return out
