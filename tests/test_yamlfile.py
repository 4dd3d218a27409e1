"""vpgids/yamlfile.py reads data files with libyaml when it can, but editors must see exactly what the
pure-Python loader gives: the same values and lines, and the same error message for a broken file."""

from __future__ import annotations

import random

import pytest
import yaml

from support import ROOT
from vpgids import orgfolder, yamlfile
from vpgids.problems import ValidationError

# The example organisation and the one in use (an organisation's repository has its own).
DATA_FILES = sorted({ROOT / "examples" / "organisation" / "organisation.yml", orgfolder.settings_file(),
                     *(ROOT / "docs" / "_data").glob("*.yml")})


def _tree(value):
    """Values with the lines they came from, for comparing two loads."""
    if isinstance(value, dict):
        return ("map", value.line, dict(value.lines), {k: _tree(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("list", value.line, list(value.lines), [_tree(v) for v in value])
    return (type(value).__name__, getattr(value, "line", None), value)


def _load(path, fast: bool, monkeypatch):
    monkeypatch.setattr(yamlfile, "_FAST_LOADER", yaml.CSafeLoader if fast else None)
    try:
        return _tree(yamlfile.load(path))
    except Exception as exc:  # noqa: BLE001 - ValidationError, and the few the loader lets through
        return ("error", type(exc).__name__, str(exc))


needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")


@needs_libyaml
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_files_load_the_same_with_libyaml(path, monkeypatch):
    assert _load(path, True, monkeypatch) == _load(path, False, monkeypatch)


@needs_libyaml
@pytest.mark.parametrize("text", [
    "a:\n  nl: een\ttab in de tekst\n",  # libyaml accepts a tab here; the pure-Python parser does not
    "cases:\n  - {answers: [we?et-niet], outcome: x}\n",  # '?' inside a flow list
    "a: b\nc: d\ufeff\n",  # a byte-order mark inside the text
    "a: ? b\n",  # '?' as an indicator
    "a: b\n  c: d\n",  # an error both report, in different words
], ids=["tab", "flow-question", "bom", "question-indicator", "plain-error"])
def test_where_the_parsers_disagree_the_pure_python_one_decides(tmp_path, monkeypatch, text):
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    assert _load(path, True, monkeypatch) == _load(path, False, monkeypatch)


@needs_libyaml
def test_mutated_data_files_load_the_same_with_libyaml(tmp_path, monkeypatch):
    # Editors' typos, simulated: random small edits of the real data files. 12,000 of these found no
    # difference while the loader was written; a hundred (~5 s) keep it that way.
    rng = random.Random(8)
    sources = [p.read_text(encoding="utf-8").split("\n") for p in DATA_FILES]
    snippets = ["\t", ":", ": ", "- ", "  ", "'", '"', "#", "{", "}", "[", "]", "&a ", "*a", "!!str ", "?", "? ",
                "|", ">", "%", "@", "`", "\x07", "\u0085", "\u2028", "\ufeff", "---\n", "\n", "\r", ",", "-", "é"]
    path = tmp_path / "f.yml"
    for _ in range(100):
        lines = list(rng.choice(sources))
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(lines))
            at = rng.randint(0, len(lines[k]))
            lines[k] = lines[k][:at] + rng.choice(snippets) + lines[k][at:]
        path.write_text("\n".join(lines), encoding="utf-8")
        assert _load(path, True, monkeypatch) == _load(path, False, monkeypatch), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fast", [False, True], ids=["pure-python", "libyaml"])
@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: x\x07y\n", "x.yml:2: YAML syntax error: the file contains a character YAML does not allow (#x0007)"
                          " — delete it: it is usually invisible, pasted along from another program"),
    ("a: 1\n[x, y]: 2\n", "x.yml:2: YAML syntax error: a name before ':' must be a word or text, not a list or a "
                          "mapping — write a plain name before ':' and put the list or mapping after it"),
    ("{a: 1}: 2\n", "x.yml:1: YAML syntax error: a name before ':' must be a word or text, not a list or a "
                    "mapping — write a plain name before ':' and put the list or mapping after it"),
], ids=["control-character", "list-as-name", "mapping-as-name"])
def test_odd_files_give_a_message_not_a_traceback(tmp_path, monkeypatch, text, expected, fast):
    if fast and not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlfile, "_FAST_LOADER", yaml.CSafeLoader if fast else None)
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        yamlfile.load(path)
    assert str(caught.value) == str(tmp_path / expected)
