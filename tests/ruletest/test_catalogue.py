"""Every ``ruletest`` message exists in both languages, and every key the code uses exists."""

from __future__ import annotations

import re

from checker.i18n import catalog
from checker.ruletest.fixture import _KINDS
from tests.conftest import REPO


def test_both_languages_have_the_same_ruletest_keys():
    ids = {k for k in catalog("id") if k.startswith("ruletest.")}
    ens = {k for k in catalog("en") if k.startswith("ruletest.")}
    assert ids == ens
    assert len(ids) > 40


def test_every_key_the_code_names_is_in_the_catalogue():
    used: set[str] = set()
    for folder in ("ruletest", "cli"):
        for path in (REPO / "checker" / folder).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            used |= set(re.findall(r"[\"'](ruletest\.[a-z_]+)[\"']", text))
    used |= {f"ruletest.bad_value_{kind}" for kind in {*_KINDS.values(), "other"}}
    used |= {f"ruletest.missing_{m}" for m in ("fixture", "pass", "fail")}
    assert len(used) > 30
    assert used <= set(catalog("id"))
