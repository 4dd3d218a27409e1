"""Spelling in Dutch and English pages with Hunspell plus the project word list.

Only prose is checked (see mdtext.prose_lines): not code, URLs, HTML tags or front matter keys.
Abbreviations and names written with capitals inside the word (LVV, WhatsApp) are skipped:
dictionaries do not know them and they are rarely misspelt. Every other word the dictionary
does not know must be fixed or added to the word list, one word per line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .mdtext import prose_lines
from . import yamlfile
from .problems import Problem, ValidationError, display_path

DICTIONARY = {"nl": "nl", "en": "en_GB"}
OTHER = {"nl": "en", "en": "nl"}
LANGUAGE_NAME = {"nl": "Dutch", "en": "British English"}
WORDLIST = Path("docs/_data/woordenlijst.txt")
# Letters with inner apostrophes (auto's, don't); hyphenated words are checked part by part.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:", re.M)


class SpellingUnavailable(Exception):
    """Hunspell or one of its dictionaries is not installed."""


@dataclass
class WordList:
    words: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> "WordList":
        if not path.exists():
            return cls()
        words = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line.replace("’", "'"))
        return cls(words)

    def __contains__(self, word: str) -> bool:
        # A lower-case entry also allows the word at the start of a sentence (Bedrijfsarts);
        # an entry with capitals (Arbowet) must be written that way.
        return (word in self.words
                or (word[:1].isupper() and word[:1].lower() + word[1:] in self.words)
                or (word.lower() in self.words and word.lower() == word))


def candidate_words(text: str) -> list[tuple[int, str]]:
    """(line, word) for every word the dictionary should know. A word written with a full stop
    right after it is returned with the stop ("nr."), so abbreviations the dictionary knows
    only with their stop are accepted; the check tries it without the stop first."""
    abbreviations = set(ABBREVIATION.findall(text))
    found = []
    for line in prose_lines(text):
        for match in WORD.finditer(line.text):
            word = match.group(0).replace("’", "'")
            word = re.sub(r"'s?$", "", word) if word.endswith(("'", "'s")) and word[0].isupper() else word
            if len(word) < 2 or word in abbreviations:
                continue
            if any(c.isupper() for c in word[1:]):  # LVV, WhatsApp, ArboNed: abbreviations and names
                continue
            dot = "." if line.text[match.end():match.end() + 1] == "." else ""
            found.append((line.number, word + dot))
    return found


def available(language: str) -> None:
    """Raise SpellingUnavailable with an install hint if Hunspell cannot check this language."""
    if not shutil.which("hunspell"):
        raise SpellingUnavailable("hunspell is not installed (Debian/Ubuntu: apt-get install hunspell "
                                  "hunspell-nl hunspell-en-gb)")
    listing = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    names = {Path(line.strip()).name for line in listing.stderr.splitlines() + listing.stdout.splitlines()}
    if DICTIONARY[language] not in names:
        package = "hunspell-nl" if language == "nl" else "hunspell-en-gb"
        raise SpellingUnavailable(f"the Hunspell dictionary '{DICTIONARY[language]}' is not installed "
                                  f"(Debian/Ubuntu: apt-get install {package})")


def misspelt(words: list[str], dictionary: str) -> set[str]:
    """The words this Hunspell dictionary does not know (fast: no suggestions)."""
    if not words:
        return set()
    # One word per line; -L prints the lines that contain a misspelt word, i.e. the word itself.
    proc = subprocess.run(["hunspell", "-d", dictionary, "-i", "utf-8", "-L"], input="\n".join(words) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    return set(proc.stdout.splitlines()) & set(words)


def suggestions(words_by_language: dict[str, list[str]], limit: int = 25, max_length: int = 20,
                timeout: float = 8.0) -> dict[tuple[str, str], list[str]]:
    """Up to three suggestions per word. Hunspell's suggestion search is slow for long words and
    compounds, so it runs for a limited number of shorter words, per language in parallel, within
    a time limit; without it the message simply has no "did you mean"."""
    started = []
    for language, words in words_by_language.items():
        chosen = [w for w in words if len(w) <= max_length][:limit]
        if not chosen:
            continue
        # Pipe mode (-a): per input line, result lines and an empty line; "^" = text, never a command.
        proc = subprocess.Popen(["hunspell", "-d", DICTIONARY[language], "-i", "utf-8", "-a"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, encoding="utf-8")
        started.append((language, proc, chosen, "".join(f"^{w}\n" for w in chosen)))
    found: dict[tuple[str, str], list[str]] = {}
    deadline = time.monotonic() + timeout
    for language, proc, chosen, text in started:
        try:
            out, _ = proc.communicate(text, timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            continue
        groups = out.split("\n", 1)[1].split("\n\n") if "\n" in out else []
        for word, group in zip(chosen, groups):
            for line in group.splitlines():
                if line.startswith("&"):
                    found[(language, word)] = [s.strip() for s in line.split(":", 1)[1].split(",") if s.strip()][:3]
    return found


def data_texts(path: Path) -> list[tuple[str, int, str]]:
    """(language, first line, text) for every `nl:`/`en:` text in a YAML data file (the routing tree,
    helplines, glossary, organisation file). Raises ValidationError if the file cannot be read;
    its own validator reports that."""
    raw = path.read_text(encoding="utf-8").split("\n")
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in DICTIONARY and isinstance(value, str):
                    line = node.lines[key]
                    if re.search(r":\s*[|>][+-]?\d*\s*(#.*)?$", raw[line - 1]):
                        # A block text (`nl: |` or `nl: >`) starts below its key. Take its lines as
                        # written, so folded text (>) still maps word by word to file lines.
                        indent = len(raw[line - 1]) - len(raw[line - 1].lstrip())
                        end = line
                        while end < len(raw) and (not raw[end].strip()
                                                  or len(raw[end]) - len(raw[end].lstrip()) > indent):
                            end += 1
                        found.append((key, line + 1, textwrap.dedent("\n".join(raw[line:end]))))
                    else:
                        found.append((key, line, value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yamlfile.load(path))
    return found


def check(pages: list[Path], wordlist: WordList, root: Path | None = None,
          wordlist_shown: str = str(WORDLIST), data_files: list[Path] = ()) -> list[Problem]:
    """One problem per unknown word per page or data file, at its first line, naming the other lines."""
    occurrences: dict[str, dict[tuple[str, str], list[int]]] = {"nl": defaultdict(list), "en": defaultdict(list)}
    dotted: set[str] = set()  # words seen with a full stop right after them
    texts = [(display_path(page, root), "en" if page.name.endswith(".en.md") else "nl", 1,
              page.read_text(encoding="utf-8")) for page in pages]
    for path in data_files:
        try:
            texts += [(display_path(path, root), language, line, text) for language, line, text in data_texts(path)]
        except ValidationError:
            continue  # a broken data file is reported by its own validator
    for shown, language, first_line, text in texts:
        for line, word in candidate_words(text):
            line += first_line - 1
            if word.endswith("."):
                word = word[:-1]
                dotted.add(word.rsplit("-", 1)[-1])
            for part in word.split("-"):
                if len(part) > 1 and part not in wordlist:
                    occurrences[language][(shown, part)].append(line)
    unknown: dict[str, set[str]] = {}
    for language, found in occurrences.items():
        available(language)
        words = sorted({word for _, word in found})
        # Dutch pages name English things and English pages Dutch laws and bodies (Wet bescherming
        # klokkenluiders, Het Juridisch Loket): a word either dictionary knows is accepted.
        unknown[language] = misspelt(sorted(misspelt(words, DICTIONARY[language])), DICTIONARY[OTHER[language]])
        # "nr." and "blz." are in the dictionary only with their full stop.
        with_stop = sorted(w + "." for w in unknown[language] & dotted)
        still = misspelt(sorted(misspelt(with_stop, DICTIONARY[language])), DICTIONARY[OTHER[language]])
        unknown[language] -= {w[:-1] for w in with_stop if w not in still}
    hints = suggestions({language: sorted(words) for language, words in unknown.items()})
    problems = []
    for language, found in occurrences.items():
        for (shown, word), lines in found.items():
            if word not in unknown[language]:
                continue
            hint = hints.get((language, word), [])
            also = sorted(set(lines[1:]) - {lines[0]})
            message = f'"{word}" is not in the {LANGUAGE_NAME[language]} dictionary'
            if hint:
                message += " (did you mean " + " or ".join(f'"{s}"' for s in hint) + "?)"
            if also:
                message += f"; also on line{'s' if len(also) > 1 else ''} {', '.join(map(str, also))}"
            problems.append(Problem(
                shown, lines[0], message,
                f"correct the spelling; if the word is right (a name or a term), add it on its own line "
                f"to {wordlist_shown}"))
    return problems
