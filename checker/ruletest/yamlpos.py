"""YAML read with the line and column of every value, for ``file:line:col`` messages.

``yaml.safe_load`` forgets where a value was written, and a fixture mistake reported as
"case 7 is wrong" sends the user counting. These loaders keep, for each mapping key and
each list element, the position of the text it came from; duplicate keys, which PyYAML
silently lets the last one win, are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

from checker.dsl.errors import DslError

MAX_FIXTURE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a fixture file."""

    line: int = 1
    column: int = 1


def _pos(node: Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class Map(dict):
    """A YAML mapping that remembers where each key and each value was written."""

    pos: Pos
    key_pos: dict[Any, Pos]
    value_pos: dict[Any, Pos]


class Seq(list):
    """A YAML list that remembers where it and each element were written."""

    pos: Pos
    item_pos: list[Pos]


class FixtureError(DslError):
    """A malformed fixture file, at ``file:line:col`` with the offending line and a caret.

    It is a :class:`DslError` so that one ``except`` in the CLI reports a mistake in a rule
    file and in its fixture the same way (exit code 2).
    """


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings and lists carry their positions."""


def _construct_map(loader: _Loader, node: MappingNode) -> Map:
    loader.flatten_mapping(node)
    out = Map()
    out.pos, out.key_pos, out.value_pos = _pos(node), {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(None, None, "unhashable key", key_node.start_mark) from None
        if key in out:
            raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = _pos(key_node)
        out.value_pos[key] = _pos(value_node)
    return out


def _construct_seq(loader: _Loader, node: SequenceNode) -> Seq:
    out = Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.pos, out.item_pos = _pos(node), [_pos(child) for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def load_positioned(text: str, file: str) -> Any:
    """The YAML document in ``text``; a syntax error becomes a :class:`FixtureError`."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FIXTURE_BYTES:
        raise FixtureError(file, 1, 1, "ruletest.file_too_large", limit=MAX_FIXTURE_BYTES)
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "?"
        raise FixtureError(file, line, column, "ruletest.bad_yaml",
                           source_line=source_line(text, line), problem=problem) from None
    except yaml.YAMLError as exc:
        raise FixtureError(file, 1, 1, "ruletest.bad_yaml", problem=str(exc)) from None
    except RecursionError:
        raise FixtureError(file, 1, 1, "ruletest.bad_yaml", problem="nesting") from None


def source_line(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, for the caret under an error."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
