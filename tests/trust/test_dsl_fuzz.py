"""Hostile rule files: every input parses and checks, or fails with ``file:line:col``.

Fuzzed text and mutated copies of the built-in rule files (tokens and lines deleted,
duplicated, swapped) must either load or raise :class:`DslError`, never another
exception; rules that load must run on a plan without failing. Deep nesting and huge
files are refused quickly. And nothing a rule file says can reach a file, a module or the
network: parsing, checking and evaluating fuzzed rules runs with ``open``, imports,
sockets and processes made to fail.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import io
import os
import random
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checker.dsl import ast
from checker.dsl.parser import MAX_RULE_FILE_BYTES, DslError, parse_rules
from checker.dsl.registry import load_registry
from checker.dsl.resources import builtin_rules_dir, grammar_path
from checker.dsl.typecheck import FUNCTIONS, check_rule
from checker.engine.run import Engine
from tests.trust.strategies import RandomChooser, build_plan

RULE_FILES = sorted(builtin_rules_dir().glob("*.rules"))
RULE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in RULE_FILES}
LOCATED = re.compile(r"^fuzz\.rules:(\d+):(\d+): \S")
FUZZ = settings(derandomize=True, deadline=None, max_examples=100, print_blob=False,
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def load_text(text: str) -> list[ast.Rule]:
    """Parse and check like the registry does; only DslError may escape."""
    rules = parse_rules(text, "fuzz.rules")
    for rule in rules:
        check_rule(rule)
    return rules


def outcome(text: str) -> list[ast.Rule] | DslError:
    try:
        return load_text(text)
    except DslError as exc:
        rendered = exc.render("en")
        assert LOCATED.match(rendered), rendered
        line, column = map(int, LOCATED.match(rendered).groups())
        assert 1 <= line <= max(text.count("\n") + 1, 1) and column >= 1, rendered
        exc.render("id")  # both languages have the message and its placeholders
        return exc


@pytest.fixture(scope="module")
def plan_docs():
    c = RandomChooser(random.Random(9))
    return [build_plan(c, f"D{i}", jenis).document()
            for i, jenis in enumerate(("rencana_aksi", "lkjip", "pk"))]


def run_rules(registry, rules: list[ast.Rule], docs) -> None:
    """Loaded rules run over a small plan without any rule failing at run time."""
    if not rules or any(r.code in registry.rules for r in rules):
        return
    result = Engine(registry, [r for r in rules if r.source == "dsl"]).run(docs)
    assert result.failures == [], result.failures


# --------------------------------------------------------------------------- fuzzed text
TOKENS = ["rule", "ABC-001", "{", "}", "title:", '"t"', "category:", "kode", "severity:",
          "error", "for", "item", "indicator", "total", "where", "check", "at", "message:",
          '"m {anggaran}"', "and", "or", "not", "(", ")", "=", "<=", "!=", "within", "1",
          "0.5", "%", "sum(", "count(", "anggaran", "anggaran_tw", "children.anggaran",
          "parent.kode", "target", "..", ",", "in", "[", "]", '"""', "#", "\n", "-", "+",
          "*", "/", "starts_with(", "lower(", "blank(", "present(", "actual:", "expected:",
          "{", "}", '"', "\\", "\t"]


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=60))
def test_fuzzed_rule_text_parses_or_fails_with_a_location(pieces):
    outcome(" ".join(pieces))


SKELETON = ('rule ABC-001 {{\n  title: "t"\n  category: kode\n  severity: error\n'
            '  for {entity} where {where}\n  check {check}\n  message: "{{{value}}}"\n}}\n')
ATOMS = ["anggaran", "target", "kode", "nama", "satuan", "level", "1", "0.5", '"x"',
         "anggaran_tw", "target_tw", "children.anggaran", "parent.kode", "item.level",
         "document.jenis", "rows.anggaran", "indicators", "children", "capaian", "sisa"]


@st.composite
def expressions(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    kind = draw(st.sampled_from(("op", "call", "not", "paren", "in", "within")))
    a = draw(expressions(depth - 1))
    if kind == "op":
        op = draw(st.sampled_from(["+", "-", "*", "/", "=", "<", ">=", "!=", "and", "or"]))
        return f"{a} {op} {draw(expressions(depth - 1))}"
    if kind == "call":
        name = draw(st.sampled_from([*sorted(FUNCTIONS), "open", "eval", "__import__"]))
        return f"{name}({a})" if draw(st.booleans()) else f"{name}({a}, {draw(expressions(0))})"
    if kind == "in":
        return f'{a} in ["a", 1]'
    if kind == "within":
        return f"{a} = {draw(expressions(0))} within {draw(st.sampled_from(['1', '5%']))}"
    return f"not {a}" if kind == "not" else f"({a})"


@FUZZ
@given(entity=st.sampled_from(["item", "indicator", "total", "document"]),
       where=expressions(), check=expressions(), value=expressions(1))
def test_well_formed_rules_with_random_expressions_load_or_say_where(registry, plan_docs,
                                                                     entity, where, check,
                                                                     value):
    text = SKELETON.format(entity=entity, where=where, check=check, value=value)
    result = outcome(text)
    if not isinstance(result, DslError):
        run_rules(registry, result, plan_docs)


# --------------------------------------------------------------------------- mutations
def mutate(text: str, rng: random.Random, n: int) -> str:
    """Delete, duplicate or swap tokens and lines, ``n`` times."""
    for _ in range(n):
        if rng.random() < 0.5:
            parts = re.split(r"(\s+)", text)
            words = [i for i, p in enumerate(parts) if p and not p.isspace()]
            if len(words) < 2:
                continue
            i, j = rng.sample(words, 2)
            how = rng.choice(("delete", "duplicate", "swap", "truncate"))
            if how == "delete":
                parts[i] = ""
            elif how == "duplicate":
                parts[i] = parts[i] + " " + parts[i]
            elif how == "swap":
                parts[i], parts[j] = parts[j], parts[i]
            else:
                parts[i] = parts[i][: rng.randrange(len(parts[i]))]
            text = "".join(parts)
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            how = rng.choice(("delete", "duplicate", "swap"))
            if how == "delete":
                del lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_mutated_builtin_rule_files(registry, plan_docs, path):
    text = RULE_TEXTS[path.name]
    rng = random.Random(path.name)
    errors = loaded = 0
    for _ in range(40):
        result = outcome(mutate(text, rng, rng.randint(1, 3)))
        if isinstance(result, DslError):
            errors += 1
        else:
            loaded += 1
            renamed = [r for r in result]
            for r in renamed:
                r.code = "ZZ" + r.code[2:] if not r.code.startswith("ZZ") else r.code
            run_rules(registry, renamed, plan_docs)
    assert errors and errors + loaded == 40


# --------------------------------------------------------------------------- limits
def rule_with(check: str) -> str:
    return (f'rule ABC-001 {{\n  title: "t"\n  category: kode\n  severity: error\n'
            f'  for item\n  check {check}\n  message: "m"\n}}\n')


@pytest.mark.parametrize("check", [
    "(" * 10_000 + "anggaran" + ")" * 10_000 + " > 0",
    "not " * 10_000 + "present(anggaran)",
    "- " * 10_000 + "anggaran > 0",
    " + ".join(["anggaran"] * 20_000) + " > 0",
    "present(anggaran)" + " and present(anggaran)" * 5_000,
    "abs(" * 5_000 + "anggaran" + ")" * 5_000 + " > 0",
])
def test_deep_or_long_expressions_are_refused_or_run_quickly(registry, plan_docs, check):
    """Real depth is refused; redundant parentheses (no trace in the tree) and a long flat
    ``and`` (one node with many operands) load and run."""
    start = time.perf_counter()
    result = outcome(rule_with(check))
    assert time.perf_counter() - start < 20
    if isinstance(result, DslError):
        assert result.key == "dsl.too_deep", result.render("en")
    else:
        assert check.startswith(("(", "present"))
        run_rules(registry, result, plan_docs)


def test_a_huge_rule_file_is_refused_before_parsing():
    text = "# " + "x" * MAX_RULE_FILE_BYTES + "\n"
    start = time.perf_counter()
    result = outcome(text)
    assert time.perf_counter() - start < 2
    assert isinstance(result, DslError) and result.key == "dsl.file_too_large"


def test_many_rules_load_in_bounded_time():
    """A fifth of the size limit (2 MiB takes about five times as long, linearly)."""
    one = rule_with("present(anggaran)")
    count = MAX_RULE_FILE_BYTES // len(one) // 5
    text = "".join(one.replace("ABC-001", f"R{chr(65 + i // 1000 % 26)}{chr(65 + i // 26000)}"
                               f"-{i % 1000:03d}") for i in range(count))
    start = time.perf_counter()
    result = outcome(text)
    assert time.perf_counter() - start < 20
    assert not isinstance(result, DslError) and len(result) == count


def test_unreadable_rule_file_is_a_located_error(tmp_path):
    path = tmp_path / "latin1.rules"
    path.write_bytes(rule_with("present(anggaran)").encode() + b"# caf\xe9\n")
    with pytest.raises(DslError) as info:
        load_registry([path], builtin=False)
    assert info.value.render("en").startswith(f"{path}:1:1: ")


# --------------------------------------------------------------------------- no way out
ESCAPES = [
    'open("/etc/passwd") = "x"', '__import__("os") = 1', 'eval("1") = 1', "exec(nama) = 1",
    'import("os") = 1', "os.system = 1", "document.path = 1", "item.__class__ = 1",
    "anggaran.__dict__ = 1", "rule.__init__ = 1", 'getattr(nama, "x") = 1',
]


@pytest.mark.parametrize("check", ESCAPES)
def test_no_function_or_name_reaches_outside_the_plan(check):
    result = outcome(rule_with(check))
    assert isinstance(result, DslError), check


@pytest.mark.parametrize("text", [
    '%import common.WS\n', '%include "/etc/passwd"\n', 'import os\n',
    'rule ABC-001 { %import common.WS }\n', '#!/bin/sh\nrm -rf /\n' + rule_with("1 = 1"),
])
def test_no_directive_in_a_rule_file(text):
    result = outcome(text)
    if not isinstance(result, DslError):  # comments only: nothing to run
        assert all(r.code == "ABC-001" for r in result)


def test_grammar_has_no_way_to_name_a_file_or_module():
    grammar = grammar_path().read_text(encoding="utf-8")
    user_rules = [line for line in grammar.splitlines()
                  if line and not line.lstrip().startswith(("//", "%import", "%ignore"))]
    assert not any(word in " ".join(user_rules) for word in
                   ('"import"', '"include"', '"open"', '"file"', '"exec"'))


@contextlib.contextmanager
def sealed() -> Iterator[list[str]]:
    """Every way out of the process fails loudly (and is recorded) while the block runs."""
    # Warm what the tool itself loads lazily: grammar tables, nomenclature, messages.
    outcome(rule_with("present(anggaran)"))
    from checker.i18n import catalog
    from checker.reference import nomenclature

    nomenclature()
    catalog("id")
    catalog("en")
    attempts: list[str] = []

    def deny(name: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[:1]}")
            raise PermissionError(f"{name} called while rules ran")
        return blocked

    targets = [(builtins, "open"), (io, "open"), (os, "open"), (importlib, "import_module"),
               (builtins, "__import__"), (socket, "socket"), (socket, "create_connection"),
               (subprocess, "Popen"), (os, "system"), (os, "remove"), (os, "unlink")]
    saved = [(obj, name, getattr(obj, name)) for obj, name in targets]
    real_import = builtins.__import__

    def guarded_import(name, *args, **kwargs):
        if name in sys.modules:  # already loaded: a lookup, not a load
            return real_import(name, *args, **kwargs)
        return deny("__import__")(name)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a warning would read source lines to show them
        try:
            for obj, name in targets:
                setattr(obj, name, guarded_import if name == "__import__" else deny(name))
            yield attempts
        finally:
            for obj, name, value in saved:
                setattr(obj, name, value)
    assert attempts == []


@settings(FUZZ, max_examples=40, database=None)
@given(entity=st.sampled_from(["item", "indicator", "total"]), where=expressions(),
       check=expressions(), value=expressions(1))
def test_rules_cannot_reach_files_modules_or_the_network(registry, plan_docs, entity, where,
                                                         check, value):
    text = SKELETON.format(entity=entity, where=where, check=check, value=value)
    with sealed():
        result = outcome(text)
        if not isinstance(result, DslError):
            run_rules(registry, result, plan_docs)


def test_the_builtin_catalogue_runs_sealed(registry, plan_docs):
    # Once unsealed first: the engine loads its own function modules on first use, which
    # is the tool warming up (alone, this test would otherwise be the first use), not a
    # rule reaching out.
    Engine(registry, registry.select([], [])).run(plan_docs)
    with sealed():
        rules = [r for text in RULE_TEXTS.values() for r in load_text(text)
                 if r.source == "dsl"]
        for r in rules:
            r.code = "ZZ" + r.code[2:]
        result = Engine(registry, rules).run(plan_docs)
    assert result.failures == [] and len(rules) > 30
