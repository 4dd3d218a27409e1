"""Load YAML and remember the line of every mapping, list and value, for `file:line` messages.

PyYAML's safe loader forgets where things came from. We compose the node tree ourselves and
convert it into plain dicts/lists whose subclasses carry `.line` (1-based) and `.lines[key]`.

The node tree comes from libyaml (CSafeLoader) when PyYAML has it: the pure-Python parser was
most of the time our hooks spent loading data in a build. The pure-Python loader still decides
whenever the two could disagree, so editors see the same errors as before: libyaml words its
errors differently (a file it rejects is read again), and it accepts a few things the pure-Python
parser rejects (tabs, a byte-order mark inside the text, '?' as an indicator or inside a flow
[list] or {mapping}; found by fuzzing our data files, see tests/test_yamlfile.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .problems import Problem, ValidationError, display_path


class LineDict(dict):
    line: int = 0
    lines: dict  # key -> line of that key's value


class LineList(list):
    line: int = 0
    lines: list  # index -> line of that item


class LineStr(str):
    line: int = 0
    first: int = 0  # a block scalar (`nl: |`): the line of its first content line, else 0


def line_at(value, offset: int, default: int = 1) -> int:
    """The file line of character `offset` in a text from a YAML file: inside a `|` block the line
    it is really on, not the block's first line (a `>` block folds lines, so this is the nearest)."""
    first = getattr(value, "first", 0)
    if first and isinstance(value, str):
        return first + value.count("\n", 0, max(0, offset))
    return line_of(value, default)


class BadValue(yaml.MarkedYAMLError):
    """A value YAML reads but cannot be one (a date that does not exist), with its own fix."""

    def __init__(self, problem: str, fix: str, mark):
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


def _convert(node: yaml.Node, constructor: yaml.SafeLoader, offset: int = 0):
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):  # '? [a, b]' or '[a]: x': unhashable, so not a name
                raise yaml.MarkedYAMLError(
                    problem="a name before ':' must be a word or text, not a list or a mapping",
                    problem_mark=key_node.start_mark)
            if key in out:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice", problem_mark=key_node.start_mark
                )
            out[key] = _convert(value_node, constructor, offset)
            out.lines[key] = key_node.start_mark.line + 1 + offset
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_convert(item, constructor, offset) for item in node.value)
        out.line = line
        out.lines = [item.start_mark.line + 1 + offset for item in node.value]
        return out
    try:
        value = constructor.construct_object(node, deep=True)
    except ValueError:  # 2026-02-30 looks like a date to YAML, and datetime refuses it
        raise BadValue(f"'{node.value}' is not a date that exists",
                       "write a real date as YYYY-MM-DD, for example 2026-02-28", node.start_mark) from None
    if isinstance(value, str):
        value = LineStr(value)
        value.line = line
        if getattr(node, "style", None) in ("|", ">"):
            value.first = line + 1
    return value


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # None when PyYAML was built without libyaml
_PARSERS_DISAGREE = re.compile(r"[\t\ufeff]|(?:^|[\s\[\]{},])\?(?=[\s\[\]{},]|$)", re.M)


def line_of(value, default: int = 1) -> int:
    return getattr(value, "line", 0) or default


def load(path: Path | str):
    """Load a YAML file, or raise ValidationError naming the file and line of a syntax error."""
    path = Path(path)
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError([Problem(shown, 0, "the file does not exist", "create it or fix the path")])
    return loads(text, shown)


# A build reads the same data files many times: each language is built in turn (static-i18n) and
# several hooks read the same file. Parsing is most of that cost, so a parse is kept per text (and
# loader): the same text always gives the same values, and nothing goes stale when a file changes.
_PARSED: dict[tuple, object] = {}
_PARSED_MAX = 64  # data files and front matters of one site; a long `mkdocs serve` session stays small


def _copy(value):
    """A fresh copy of the mappings and lists, so that a caller changing its data cannot change what
    the next caller gets. The values inside are immutable (str, numbers, dates, None)."""
    if isinstance(value, LineDict):
        out = LineDict((key, _copy(item)) for key, item in value.items())
        out.line, out.lines = value.line, dict(value.lines)
        return out
    if isinstance(value, LineList):
        out = LineList(_copy(item) for item in value)
        out.line, out.lines = value.line, list(value.lines)
        return out
    return value


def loads(text: str, shown: str, offset: int = 0):
    """Load YAML text that starts on line `offset + 1` of the file `shown` (front matter starts on 2)."""
    key = (text, shown, offset, _FAST_LOADER)
    if key not in _PARSED:
        value = _loads(text, shown, offset)  # a ValidationError is raised, and not kept
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = value
    return _copy(_PARSED[key])


def _loads(text: str, shown: str, offset: int = 0):
    try:
        if _FAST_LOADER is not None and not _PARSERS_DISAGREE.search(text):
            try:
                return _compose(text, _FAST_LOADER, offset)
            except (yaml.YAMLError, _Disagree):
                pass  # the pure-Python loader below decides, in its own words
        return _compose(text, yaml.SafeLoader, offset)
    except BadValue as exc:
        raise ValidationError([Problem(shown, exc.problem_mark.line + 1 + offset, exc.problem, exc.fix)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 0
        what = (exc.problem or "the YAML cannot be read").strip()
        fix = ("keep one of the two, or rename one" if "appears twice" in what else
               "write a plain name before ':' and put the list or mapping after it" if "a name before" in what else
               "check indentation (spaces, not tabs), colons after keys, and quotes around text with a colon")
        raise ValidationError([Problem(shown, line, f"YAML syntax error: {what}", fix)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (it has no line, only a position)
        line = text.count("\n", 0, exc.position) + 1 + offset
        raise ValidationError([Problem(
            shown, line, f"YAML syntax error: the file contains a character YAML does not allow (#x{exc.character:04x})",
            "delete it: it is usually invisible, pasted along from another program")]) from None


class _Disagree(Exception):
    """The text has something on which libyaml and the pure-Python parser may disagree."""


def _flow_questions(node: yaml.Node, lines: list[str]) -> bool:
    """A '?' on the lines of a flow [list] or {mapping}."""
    if getattr(node, "flow_style", False):
        return any("?" in line for line in lines[node.start_mark.line:node.end_mark.line + 1])
    if isinstance(node, yaml.MappingNode):
        return any(_flow_questions(k, lines) or _flow_questions(v, lines) for k, v in node.value)
    if isinstance(node, yaml.SequenceNode):
        return any(_flow_questions(item, lines) for item in node.value)
    return False


def _compose(text: str, loader_class, offset: int = 0):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if loader_class is _FAST_LOADER and _flow_questions(node, text.splitlines()):
            raise _Disagree()
        return _convert(node, loader, offset)
    finally:
        loader.dispose()
