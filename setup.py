"""Packaging details that pyproject.toml cannot say statically.

The built-in rule files and the grammar are kept at the top of the repository, where
reviewers read them, and installed inside the package as ``checker/_builtin/rules`` and
``checker/_builtin/grammar`` so that a regular (non-editable) install finds them.
"""

from setuptools import find_namespace_packages, setup

DATA = ["*.toml", "*.csv", "*.lark", "*.rules", "*.json", "*.html", "*.j2", "*.md", "*.css",
        "*.js"]

setup(
    packages=[*find_namespace_packages(include=["checker", "checker.*"],
                                       exclude=["checker._builtin*"]),
              "checker._builtin", "checker._builtin.rules", "checker._builtin.grammar"],
    package_dir={"checker._builtin": "checker/_builtin",
                 "checker._builtin.rules": "rules",
                 "checker._builtin.grammar": "grammar"},
    package_data={"": DATA},
    include_package_data=False,
)
