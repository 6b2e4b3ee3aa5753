"""The command line: commands, input collection and views."""

import os

# pydantic looks for plugins in every installed distribution's entry points when the first
# model class is built: 0.05 s CPU in a virtual environment of ~100 packages. Only the rule
# tests use pydantic now (fixture rows), and no pydantic plugin; a user who wants one sets
# PYDANTIC_DISABLE_PLUGINS themselves (kept as given). Set here, not in
# ``checker/__init__``: a program that imports the library keeps its plugins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
