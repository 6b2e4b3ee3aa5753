"""Installed copies of the top-level ``rules/`` and ``grammar/`` folders (see setup.py)."""
