"""Importers: from a user's file to :class:`~checker.model.plan.Document` objects.

Each layout lives in its own module and is listed in :mod:`checker.importers.registry`;
``load`` asks each in turn whether it recognises the file.
"""
