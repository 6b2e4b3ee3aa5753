"""Exporters: from documents back to files a planner edits, such as the Excel template.

An exporter writes what the importers read, so that a plan taken from a PDF extract can be
corrected in Excel and checked again; it never changes a value on the way.
"""
