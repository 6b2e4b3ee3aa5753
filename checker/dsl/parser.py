"""From rule-file text to :class:`~checker.dsl.ast.Rule` objects, with friendly errors.

The grammar lives in ``grammar/sakip.lark`` (LALR, positions propagated). A syntax error is
reported as ``file:line:col``, the offending line with a caret under the column, and a hint
for the mistakes people actually make (a misspelt clause name, a missing colon, an
unterminated string).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from checker.dsl import ast
from checker.dsl.errors import DslError
from checker.dsl.resources import grammar_path

__all__ = ["DslError", "parse_expression", "parse_file", "parse_rules", "parse_template"]

TEXT_KEYS = ("title", "title_en", "basis", "message", "message_en", "suggest", "suggest_en",
             "doc", "doc_en")
WORD_KEYS = ("category", "severity", "source", "polarity")
VALUE_KEYS = ("actual", "expected")
CLAUSE_WORDS = (*TEXT_KEYS, *WORD_KEYS, *VALUE_KEYS, "for", "check", "at")
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
MAX_NESTING = 64


@cache
def _parser() -> Lark:
    # cache=True keeps the built LALR tables in the temp folder: start-up drops by ~60 ms.
    return Lark.open(str(grammar_path()), parser="lalr", propagate_positions=True, cache=True,
                     start=["start", "expr"], maybe_placeholders=False)


def _pos(meta_or_token: object) -> ast.Pos:
    line = getattr(meta_or_token, "line", 0) or 0
    column = getattr(meta_or_token, "column", 0) or 0
    return ast.Pos(line, column)


def _unquote(token: str) -> str:
    if token.startswith('"""'):
        body = token[3:-3]
        lines = body.split("\n")
        indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
        cut = min(indents) if indents else 0
        return "\n".join([lines[0].strip(), *(x[cut:] for x in lines[1:])]).strip()
    return re.sub(r"\\(.)", r"\1", token[1:-1])


@v_args(meta=True)
class _ToAst(Transformer):
    """Turn Lark's parse tree into the typed AST, keeping positions."""

    def number(self, meta, children):
        return ast.Num(Decimal(str(children[0])), pos=_pos(meta))

    def string(self, meta, children):
        return ast.Str(_unquote(str(children[0])), pos=_pos(meta))

    def field_path(self, meta, children):
        return ast.FieldRef(tuple(str(c) for c in children), pos=_pos(meta))

    def series_range(self, meta, children):
        return ast.SeriesRange(children[0], children[1], pos=_pos(meta))

    def call(self, meta, children):
        return ast.Call(str(children[0]), tuple(children[1:]), pos=_pos(meta))

    def filtered_call(self, meta, children):
        return ast.Call(str(children[0]), (children[1],), where=children[2], pos=_pos(meta))

    def tolerance(self, meta, children):
        return ast.Tolerance(Decimal(str(children[0])), percent=len(children) > 1)

    def compare(self, meta, children):
        tol = children[3] if len(children) > 3 else None
        return ast.Compare(str(children[1]), children[0], children[2], tol, pos=_pos(meta))

    def member(self, meta, children):
        return ast.Member(children[0], tuple(children[1:]), pos=_pos(meta))

    def arith(self, meta, children):
        return ast.Arith(str(children[1]), children[0], children[2], pos=_pos(meta))

    def neg(self, meta, children):
        return ast.Neg(children[0], pos=_pos(meta))

    def not_expr(self, meta, children):
        return ast.Not(children[0], pos=_pos(meta))

    def and_expr(self, meta, children):
        return ast.And(tuple(children), pos=_pos(meta))

    def or_expr(self, meta, children):
        return ast.Or(tuple(children), pos=_pos(meta))

    def word(self, meta, children):
        return str(children[0])


def _nesting(tree: Tree | Token, limit: int = MAX_NESTING * 4) -> int:
    """Depth of a parse tree, counted without recursion and no further than past ``limit``.

    It is the guard against trees too deep to transform, so it must not recurse itself:
    ``not not … not x`` ten thousand times deep would exhaust Python's stack here.
    """
    deepest = 0
    stack: list[tuple[Tree | Token, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children)
    return deepest


def parse_expression(text: str, file: str, line: int, column: int) -> ast.Expr:
    """Parse one expression (a message placeholder), reporting errors at its position."""
    try:
        tree = _parser().parse(text, start="expr")
        if _nesting(tree) > MAX_NESTING * 4:
            raise RecursionError
        return _ToAst().transform(tree)
    except UnexpectedInput as exc:
        raise DslError(file, line, column + max(getattr(exc, "column", 1) - 1, 0),
                       "dsl.bad_placeholder", text, expr=text) from None
    except RecursionError:
        raise DslError(file, line, column, "dsl.too_deep", limit=MAX_NESTING) from None


def parse_template(text: str, file: str, pos: ast.Pos) -> ast.Template:
    """Split a message into literal text and ``{expression}`` placeholders."""
    parts: list[str | ast.Expr] = []
    i = 0
    while i < len(text):
        start = text.find("{", i)
        if start < 0:
            parts.append(text[i:])
            break
        end = text.find("}", start)
        if end < 0:
            raise DslError(file, pos.line, pos.column, "dsl.unclosed_placeholder", text)
        if start > i:
            parts.append(text[i:start])
        parts.append(parse_expression(text[start + 1:end].strip(), file, pos.line,
                                      pos.column + start + 1))
        i = end + 1
    return ast.Template(tuple(parts), text)


def _hint_for(exc: UnexpectedInput, text: str) -> tuple[str, dict[str, object]]:
    if isinstance(exc, UnexpectedEOF):
        return "dsl.unexpected_end", {}
    if isinstance(exc, UnexpectedCharacters):
        rest = text[exc.pos_in_stream:exc.pos_in_stream + 40]
        if rest.startswith('"'):
            return "dsl.unterminated_string", {}
        return "dsl.unexpected_char", {"char": rest[:1]}
    token = exc.token
    value = str(token)
    if token.type == "$END":
        return "dsl.unexpected_end", {}
    if isinstance(exc, UnexpectedToken) and token.type == "NAME":
        from checker.reference.matching import close_matches

        close = close_matches(value, CLAUSE_WORDS, n=1, cutoff=0.6)
        expected = exc.expected or set()
        if close and ("TEXT_KEY" in expected or "WORD_KEY" in expected or "FOR" in expected):
            return "dsl.unknown_clause_hint", {"word": value, "hint": close[0]}
        if "TEXT_KEY" in expected or "WORD_KEY" in expected:
            return "dsl.unknown_clause", {"word": value,
                                          "known": ", ".join(sorted(CLAUSE_WORDS))}
    if isinstance(exc, UnexpectedToken) and token.type in {"STRING", "LONG_STRING", "NAME",
                                                           "CODE_WORD"}:
        expected = exc.expected or set()
        if "COLON" in expected:
            return "dsl.missing_colon", {"word": value}
    return "dsl.unexpected_token", {"token": value or token.type}


def parse_rules(text: str, file: str) -> list[ast.Rule]:
    """Parse a whole rule file into rules (not yet checked for names and types)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_RULE_FILE_BYTES:
        raise DslError(file, 1, 1, "dsl.file_too_large", limit=MAX_RULE_FILE_BYTES)
    try:
        tree = _parser().parse(text, start="start")
    except UnexpectedInput as exc:
        line = getattr(exc, "line", 1) or 1
        column = getattr(exc, "column", 1) or 1
        lines = text.splitlines()
        at_end = isinstance(exc, UnexpectedEOF) or getattr(
            getattr(exc, "token", None), "type", "") == "$END"
        if at_end or line > len(lines):
            line = max(len(lines), 1)
            column = len(lines[-1]) + 1 if lines else 1
        key, params = _hint_for(exc, text)
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        raise DslError(file, line, column, key, source_line, **params) from None
    except RecursionError:
        raise DslError(file, 1, 1, "dsl.too_deep", limit=MAX_NESTING) from None
    if _nesting(tree) > MAX_NESTING * 4:
        raise DslError(file, 1, 1, "dsl.too_deep", limit=MAX_NESTING)
    try:
        transformed = _ToAst().transform(tree)
    except RecursionError:
        raise DslError(file, 1, 1, "dsl.too_deep", limit=MAX_NESTING) from None
    return [_build_rule(r, file) for r in transformed.children]


def _build_rule(tree: Tree, file: str) -> ast.Rule:
    code_token = tree.children[0]
    rule = ast.Rule(code=str(code_token), file=file, pos=_pos(code_token))
    for clause in tree.children[1:]:
        kind = clause.data
        pos = _pos(clause.meta)
        if kind == "text_clause":
            key, value = str(clause.children[0]), clause.children[1]
            _once(rule, key, pos, file)
            base, _, lang = key.partition("_")
            lang = lang or "id"
            if base == "title":
                rule.title[lang] = value.value
            elif base == "basis":
                rule.basis = value.value
            elif base == "doc":
                rule.doc[lang] = value.value
            else:
                target = rule.message if base == "message" else rule.suggest
                target[lang] = parse_template(value.value, file, value.pos)
        elif kind == "word_clause":
            key, value = str(clause.children[0]), clause.children[1]
            _once(rule, key, pos, file)
            setattr(rule, key, value)
        elif kind == "scope_clause":
            _once(rule, "for", pos, file)
            rule.entity = str(clause.children[0])
            rule.where = clause.children[1] if len(clause.children) > 1 else None
        elif kind == "check_clause":
            _once(rule, "check", pos, file)
            rule.check = clause.children[0]
        elif kind == "value_clause":
            key = str(clause.children[0])
            _once(rule, key, pos, file)
            setattr(rule, key, clause.children[1])
        elif kind == "at_clause":
            _once(rule, "at", pos, file)
            rule.at = clause.children[0]
    return rule


def _once(rule: ast.Rule, key: str, pos: ast.Pos, file: str) -> None:
    if key in rule.clause_pos:
        raise DslError(file, pos.line, pos.column, "dsl.duplicate_clause", clause=key,
                       code=rule.code)
    rule.clause_pos[key] = pos


def parse_file(path: str | Path) -> list[ast.Rule]:
    """Read and parse one rule file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DslError(str(path), 1, 1, "dsl.not_utf8") from None
    except OSError as exc:
        raise DslError(str(path), 1, 1, "dsl.unreadable", reason=exc.strerror or str(exc)) from None
    return parse_rules(text, str(path))
