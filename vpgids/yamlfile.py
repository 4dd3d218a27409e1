"""Load YAML and remember the line of every mapping, list and value, for `file:line` messages.

PyYAML's safe loader forgets where things came from. We compose the node tree ourselves and
convert it into plain dicts/lists whose subclasses carry `.line` (1-based) and `.lines[key]`.
"""

from __future__ import annotations

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


def _convert(node: yaml.Node, constructor: yaml.SafeLoader):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if key in out:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice", problem_mark=key_node.start_mark
                )
            out[key] = _convert(value_node, constructor)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_convert(item, constructor) for item in node.value)
        out.line = line
        out.lines = [item.start_mark.line + 1 for item in node.value]
        return out
    value = constructor.construct_object(node, deep=True)
    if isinstance(value, str):
        value = LineStr(value)
        value.line = line
    return value


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
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = (exc.problem or "the YAML cannot be read").strip()
        fix = ("keep one of the two, or rename one" if "appears twice" in what else
               "check indentation (spaces, not tabs), colons after keys, and quotes around text with a colon")
        raise ValidationError([Problem(shown, line, f"YAML syntax error: {what}", fix)]) from None
    finally:
        loader.dispose()
