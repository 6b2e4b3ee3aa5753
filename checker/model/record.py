"""The model's classes as dataclasses, with the few pydantic habits the code relies on.

The model was pydantic; importing pydantic and building its thirteen validators was
≈ 0.08 s of CPU at the start of every run (issue 14: a small document checked in at most
0.5 s over ``import pandas``), a third of what a small workbook costs over that floor.
The values put into these objects come from the readers, which already hold the right
types, so a run does not need a validator: it needs the same objects. :func:`record` makes
a class a keyword-only dataclass that behaves as the pydantic model did where the code
and its users can tell:

- construction converts as pydantic's lax mode did for the types the model uses: an enum
  field takes its value (``"program"`` → ``Level.PROGRAM``; an unknown value raises), a
  ``float`` field an ``int`` (``5`` → ``5.0``), an ``int`` field a whole ``float``
  (``5.0`` → ``5``; ``5.5`` raises), and a list or dict field keeps a copy of what it was
  given (a caller changing its own list later does not change the object);
- an unknown or missing field raises (``TypeError``), as ``extra="forbid"`` did;
- :meth:`Record.model_copy`, :meth:`Record.model_dump`, :meth:`Record.model_dump_json`
  and ``model_fields`` keep pydantic's names and meaning for what the code uses.

Text a user writes (a rule test's fixture rows) is still validated by pydantic, with its
error messages: the rule-test command runs these classes through pydantic's
``TypeAdapter``, which reads ``__pydantic_config__`` below. Only that command loads it.
``tests/test_model_record.py`` holds the conversions against pydantic's own.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import operator
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R", bound="Record")

#: What a field's value goes through at construction (see the module docstring).
_ENUM, _FLOAT, _INT, _LIST, _DICT = range(5)


class Record:
    """Base of the model's classes: pydantic's copy and dump methods, for dataclasses."""

    #: Read by pydantic when a rule test validates a fixture row through these classes.
    __pydantic_config__: typing.ClassVar[dict[str, Any]] = {"extra": "forbid"}
    #: Field name → dataclass field, in declaration order (pydantic's ``model_fields``).
    model_fields: typing.ClassVar[dict[str, dataclasses.Field]] = {}
    #: (field, conversion, enum class) of the fields converted at construction.
    _conversions: typing.ClassVar[tuple[tuple[str, int, Any], ...]] = ()

    def model_copy(self: R, *, update: dict[str, Any] | None = None,
                   deep: bool = False) -> R:
        """A copy (shallow unless ``deep``) with ``update``'s values set, unconverted."""
        new = copy.deepcopy(self) if deep else copy.copy(self)
        for name, value in (update or {}).items():
            object.__setattr__(new, name, value)
        return new

    def model_dump(self, *, include: set[str] | None = None, exclude: set[str] | None = None,
                   mode: str = "python") -> dict[str, Any]:
        """The fields as a dict, nested objects as dicts; ``mode="json"``: enums as values."""
        json_mode = mode == "json"
        return {name: _dumped(getattr(self, name), json_mode) for name in self.model_fields
                if (include is None or name in include)
                and (exclude is None or name not in exclude)}

    def model_dump_json(self) -> str:
        """:meth:`model_dump` in JSON mode, as compact JSON text."""
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"),
                          ensure_ascii=False, default=str)


def record(cls: type[T] | None = None, *, frozen: bool = False) -> Any:
    """Make ``cls`` (a :class:`Record` subclass) a keyword-only dataclass (see module)."""

    def wrap(cls: type[T]) -> type[T]:
        hints = typing.get_type_hints(cls)
        own = inspect.get_annotations(cls)
        conversions = [*getattr(cls, "_conversions", ())]
        for name in own:
            kind = _conversion(hints[name])
            if kind is not None:
                conversions.append((name, *kind))
        cls._conversions = tuple(conversions)  # type: ignore[attr-defined]
        if conversions and "__post_init__" not in cls.__dict__:
            cls.__post_init__ = _convert  # type: ignore[attr-defined]
        made = dataclasses.dataclass(cls, kw_only=True, frozen=frozen)
        made.model_fields = {f.name: f for f in dataclasses.fields(made)}  # type: ignore[attr-defined]
        return made

    return wrap if cls is None else wrap(cls)


def _conversion(hint: Any) -> tuple[int, Any] | None:
    """What a value of a field typed ``hint`` goes through at construction, if anything."""
    args = [a for a in typing.get_args(hint) if a is not type(None)] \
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union \
        else [hint]
    if len(args) != 1:
        return None
    (only,) = args
    origin = typing.get_origin(only)
    if origin is list:
        return _LIST, None
    if origin is dict:
        return _DICT, None
    if isinstance(only, type) and issubclass(only, Enum):
        return _ENUM, only
    if only is float:
        return _FLOAT, None
    if only is int:
        return _INT, None
    return None


def _convert(self: Record) -> None:
    """``__post_init__``: each listed field converted as pydantic's lax mode did."""
    for name, kind, enum in self._conversions:
        value = getattr(self, name)
        if value is None:
            continue
        if kind == _LIST:
            new = list(value)
        elif kind == _DICT:
            new = dict(value)
        elif kind == _ENUM:
            if type(value) is enum:
                continue
            new = enum(value)
        elif kind == _FLOAT:
            if type(value) is float:
                continue
            new = _float(name, value)
        else:
            if type(value) is int:
                continue
            new = _int(name, value)
        object.__setattr__(self, name, new)


def _float(name: str, value: Any) -> float:
    """A number as a plain ``float``: an ``int``, a numpy number, a ``Decimal``, a numeral."""
    if isinstance(value, str):
        value = value.strip()
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: {value!r} is not a number") from exc


def _int(name: str, value: Any) -> int:
    """A whole number as a plain ``int``: numpy integers, whole floats, numerals; else raise."""
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("+-").isdigit():
            raise ValueError(f"{name}: {value!r} is not a whole number")
        return int(value)
    if isinstance(value, float | Decimal):
        try:
            whole = int(value)
        except (ValueError, OverflowError):  # nan, inf
            whole = None
        if whole is None or whole != value:
            raise ValueError(f"{name}: {value!r} is not a whole number")
        return whole
    try:
        return operator.index(value)  # bool, numpy integers
    except TypeError as exc:
        raise ValueError(f"{name}: {value!r} is not a whole number") from exc


def _dumped(value: Any, json_mode: bool) -> Any:
    """One value as ``model_dump`` gives it."""
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json_mode else "python")
    if isinstance(value, Enum):
        return value.value if json_mode else value
    if isinstance(value, list | tuple):
        out = [_dumped(v, json_mode) for v in value]
        return out if json_mode or isinstance(value, list) else tuple(out)
    if isinstance(value, dict):
        return {k: _dumped(v, json_mode) for k, v in value.items()}
    return value

